// Sequencer: the single writer. Every mutating command is posted here, runs
// against the engine in arrival order on one thread, and is group-committed.
//
// Model (ARCHITECTURE.md "The write path"):
//   - Commands queue up while a commit is in flight. The worker takes
//     everything queued (up to max_batch), runs each through the engine
//     against the store plus what this batch already staged, and writes all
//     results in ONE DossierStore::Commit (one WriteBatch, one WAL fsync).
//     Only then does it call the replies. So throughput scales with
//     concurrency while every acknowledged write is on disk.
//   - Gap-free codes: the counter for (agency, day) is read, incremented and
//     written in the same batch as the dossier it numbers. A failed commit
//     publishes nothing: the in-memory counter cache is updated only after
//     the commit succeeds, so the next attempt reuses the same numbers.
//   - Idempotency: (client_id, request_id) is looked up in the batch, then in
//     the store. Same fingerprint: the first reply again, replayed = true.
//     Different fingerprint: InvalidArgument naming request_id.
//   - Overload: at most max_queue commands wait; beyond that Receive() answers
//     ResourceExhausted at once and nothing is queued.
//
// Thread safety: Receive() may be called from any thread. Replies run on the
// sequencer's thread and must not block.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "engine/dossier/receipt.h"
#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"

namespace motcua::services {

struct SequencerOptions {
  // Commands allowed to wait for the writer; more are refused with
  // ResourceExhausted.
  size_t max_queue = 20000;
  // Most commands in one commit.
  size_t max_batch = 2048;
};

struct ReceiveReply {
  engine::Dossier dossier;
  // True when this answers a retry of an earlier request.
  bool replayed = false;
};

class Sequencer {
 public:
  using ReceiveDone = std::function<void(engine::Result<ReceiveReply>)>;

  Sequencer(engine::DossierStore& store, const engine::Clock& clock,
            SequencerOptions options = {});
  // Stops the worker; commands still queued are answered Unavailable.
  ~Sequencer();
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Queues a receipt. `done` is called exactly once: with the stored dossier
  // after its commit is durable, or with the reason nothing was stored.
  void Receive(engine::ReceiveCommand command, ReceiveDone done);

  // Stops accepting work, answers what is queued with Unavailable, joins.
  void Stop();

  // Batches committed so far (for tests and metrics).
  uint64_t commits() const;

 private:
  struct Job {
    engine::ReceiveCommand command;
    ReceiveDone done;
  };

  void Run();
  void Process(std::deque<Job>& jobs);

  engine::DossierStore& store_;
  const engine::Clock& clock_;
  const SequencerOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  uint64_t commits_ = 0;

  // Owned by the worker thread: last committed sequence per (agency, day).
  std::map<std::pair<std::string, int64_t>, uint32_t> counters_;

  std::thread worker_;
};

}  // namespace motcua::services

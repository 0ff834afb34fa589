// Sequencer: the single writer. Every mutating command is posted here, runs
// against the engine in arrival order on one thread, and is group-committed.
//
// Shape of a commit (one batch, in this order; Process() in sequencer.cc):
//   1. validate: each command's own checks (receipt rules, idempotency key,
//      expected_version);
//   2. decide: the engine turns the command into events (`admit` /
//      `decide`), against the dossier as this batch left it;
//   3. stage, per command: its events, the dossier's new state, the
//      idempotency record, the (agency, day) counter, postal tracking
//      numbers, the global log entries;
//   4. each projection stages its rows for the dossiers the batch changed
//      (SequencerOptions::projections: the deadline index, the report
//      index; projection.h);
//   5. ONE DossierStore::Commit: one WriteBatch, one WAL fsync;
//   6. each projection is told the outcome (publish or drop);
//   7. the replies of the commands the batch staged (Unavailable for all
//      of them on a failure). A command refused in 1-2, or a retry of one
//      committed earlier, was answered at once and waits for nothing;
//      a batch where every command was answered so stops here (no
//      projection, no commit);
//   8. on success, on_commit (the event hub wakes WatchEvents streams, the
//      sweeper is woken).
//
// Model (ARCHITECTURE.md "The write path"):
//   - Commands queue up while a commit is in flight. The worker takes
//     everything queued (up to max_batch), runs each through the engine
//     against the store plus what this batch already staged (two commands on
//     one dossier in one batch see each other), and writes all results in ONE
//     DossierStore::Commit (one WriteBatch, one WAL fsync). Only then does it
//     call the replies. Throughput scales with concurrency while every
//     acknowledged write is on disk.
//   - Two kinds of command: Receive (a new dossier: the engine's receipt
//     rules plus the agency's daily counter) and Execute (any command on an
//     existing dossier: the engine command, and a `decide` function from the
//     current state and that command to new events, supplied by the service
//     layer, typically the lifecycle engine).
//   - Gap-free codes: the counter for (agency, day) is read, incremented and
//     written in the same batch as the dossier it numbers.
//   - Global log: every event gets the next global sequence number, written
//     in the same batch; WatchEvents and exporters read the log in order.
//   - A failed commit publishes nothing: in-memory counters and the next
//     global sequence are only advanced after the commit succeeds, so the
//     next attempt reuses the same numbers.
//   - Idempotency, one rule for every write (receipts, lifecycle actions,
//     postal reports, the sweeper's deadline notices, citizens' ratings,
//     calendar publications): the key is (client_id, request_id); the
//     sequencer itself computes the engine's fingerprint of the command
//     (engine::Fingerprint, engine/idempotency/fingerprint.h: FNV-1a over
//     listed fields, prefixed with the command kind) and stores it with
//     engine::kFingerprintScheme in the key's record, in the same batch as
//     the events. Services never compute one. A key is looked up in the
//     batch, then in the store. A replay, answered with the first reply
//     (the dossier as of the version the first request produced, its
//     events), replayed = true, when the record
//       - is of the current scheme: same fingerprint, and for Execute the
//         same dossier (a receipt's record is the one that created
//         version 1);
//       - is a legacy record (kLegacyFingerprintScheme: written before
//         schemes were stored, by digests this build no longer computes;
//         only the RocksDB adapter knows that format): it matches on what it
//         can. Receive: the record created a dossier (first_version 1).
//         Execute: the same dossier, and the record is not a receipt's
//         (first_version > 1). The content is not compared: a retry of a
//         request sent before the upgrade is answered with its first reply,
//         and a key reused for other content on the same dossier is (for
//         these old keys only) answered as a replay too, which changes
//         nothing stored.
//     Anything else is InvalidArgument naming the key field ("request_id",
//     "carrier_event_id"): the key was reused for another request. A record
//     of a scheme newer than this build is FailedPrecondition.
//   - Optimistic concurrency: Execute with expected_version set is Aborted
//     when the dossier is at another version; nothing changes.
//   - History is append-only, with one exception: a command with `rewrite`
//     (the personal-data purge) rewrites the dossier's earlier events in the
//     same batch as its own event, so no stored copy keeps what it erased.
//     A replay of an earlier request then answers with the rewritten events.
//   - Postal tracking numbers the events introduce are tied to their dossier
//     in the same batch; a number already tied to another dossier is
//     AlreadyExists and nothing is stored.
//   - Overload: at most max_queue commands wait; beyond that the command is
//     answered ResourceExhausted at once and nothing is queued.
//
// Thread safety: Receive/Execute may be called from any thread. Replies (and
// `decide` functions) run on the sequencer's thread and must not block.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "engine/dossier/receipt.h"
#include "engine/idempotency/fingerprint.h"
#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "runtime/metrics.h"
#include "runtime/projection.h"

namespace motcua::runtime {

struct SequencerOptions {
  // Commands allowed to wait for the writer; more are refused with
  // ResourceExhausted.
  size_t max_queue = 20000;
  // Most commands in one commit.
  size_t max_batch = 2048;
  // The derived indexes written in each batch (projection.h), called in
  // this order; not owned, and must outlive the sequencer. Registered in
  // server/server.cc: the deadline index, then the report index.
  std::vector<Projection*> projections;
  // Called on the sequencer's thread after each successful commit with the
  // last global sequence written (EventHub::Published). Must not block.
  std::function<void(uint64_t last_global_seq)> on_commit;
  // Batch sizes and commit latencies are recorded here when set (not
  // owned; must outlive the sequencer).
  SequencerMetrics* metrics = nullptr;
};

struct ReceiveReply {
  engine::Dossier dossier;
  // True when this answers a retry of an earlier request.
  bool replayed = false;
};

struct CommandReply {
  // The dossier after the command (for a replay: as of the version the first
  // request produced).
  engine::Dossier dossier;
  // The events the command appended.
  std::vector<engine::DossierEvent> events;
  bool replayed = false;
};

// The receipt rules to apply: from the command, `now` and the last sequence
// of its (agency, day) to the DossierReceived event. The service passes the
// lifecycle's admission (catalogue + calendars); unset = the receipt rules
// alone (engine/dossier/receipt.h).
using Admit = std::function<engine::Result<engine::DossierEvent>(
    const engine::ReceiveCommand& command, engine::Instant now,
    uint32_t last_sequence)>;

// From the dossier's current state, the command (DossierCommand::command,
// the one the sequencer fingerprinted) and the sequencer's `now` to the
// events to append (versions current.version + 1, ...), or why not. No
// events means nothing to do (a repeat the engine recognised): the caller
// gets the dossier as it is, marked replayed.
using Decide = std::function<engine::Result<std::vector<engine::DossierEvent>>(
    const engine::Dossier& current, const engine::WriteCommand& command,
    engine::Instant now)>;

struct DossierCommand {
  std::string client_id;
  std::string request_id;
  // The engine command: what the sequencer fingerprints for idempotency
  // and passes to `decide`.
  engine::WriteCommand command;
  std::string dossier_code;
  std::optional<uint64_t> expected_version;
  Decide decide;
  // The request field the idempotency key comes from, for messages
  // ("request_id", or "carrier_event_id" for carriers' reports).
  std::string key_field = "request_id";
  // When `decide` appends nothing, still recompute the dossier's deadline
  // entries (the sweeper: an entry that no longer applies is dropped).
  bool refresh_watch = false;
  // Erasure (the personal-data purge, engine/lifecycle/retention.h): when
  // set and `decide` appended events, every earlier event of the dossier
  // (stored, or staged by an earlier command of this batch) is passed
  // through it, and each one it changes (returns true) is rewritten in
  // place in the same commit (CommitBatch::rewritten); the dossier's
  // history_bytes is recomputed from the rewritten log.
  std::function<bool(engine::DossierEvent&)> rewrite;
};

class Sequencer {
 public:
  using ReceiveDone = std::function<void(engine::Result<ReceiveReply>)>;
  using CommandDone = std::function<void(engine::Result<CommandReply>)>;

  // Reads the last global sequence from the store; fails on a store error.
  static engine::Result<std::unique_ptr<Sequencer>> Start(
      engine::DossierStore& store, const engine::Clock& clock,
      SequencerOptions options = {});
  // Stops the worker; commands still queued are answered Unavailable.
  ~Sequencer();
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Queues a receipt. `done` is called exactly once: with the stored dossier
  // after its commit is durable, or with the reason nothing was stored.
  void Receive(engine::ReceiveCommand command, ReceiveDone done);
  void Receive(engine::ReceiveCommand command, Admit admit, ReceiveDone done);
  // Queues a command on an existing dossier; same contract.
  void Execute(DossierCommand command, CommandDone done);

  // Stops accepting work, answers what is queued with Unavailable, joins.
  void Stop();

  // Batches committed so far (for tests and metrics).
  uint64_t commits() const;
  // Commands waiting for the writer now (not counting the batch in flight).
  size_t queue_depth() const;

 private:
  struct ReceiveJob {
    // Holds an engine::ReceiveCommand.
    engine::WriteCommand command;
    Admit admit;
    ReceiveDone done;
  };
  struct ExecuteJob {
    DossierCommand command;
    CommandDone done;
  };
  using Job = std::variant<ReceiveJob, ExecuteJob>;
  class Batch;

  Sequencer(engine::DossierStore& store, const engine::Clock& clock,
            SequencerOptions options, uint64_t last_global_seq);
  void Enqueue(Job job);
  static void FailJob(Job& job, engine::Error error);
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

  // Owned by the worker thread: committed state it caches.
  std::map<std::pair<std::string, int64_t>, uint32_t> counters_;
  uint64_t last_global_seq_ = 0;

  std::thread worker_;
};

}  // namespace motcua::runtime

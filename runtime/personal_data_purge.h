// PersonalDataPurger: erases the personal data of dossiers closed longer
// ago than the retention period (the rule: engine/lifecycle/retention.h;
// what is erased: engine/dossier/personal_data.h).
//
// A pass (PurgeOnce) reads every dossier snapshot in code order, in pages,
// and sends each one PurgeDue says is due through the sequencer as a
// PurgeCommand with `rewrite` = ScrubPersonalData: one commit appends the
// PersonalDataPurged event and rewrites the dossier's earlier events
// without the data, so neither the snapshot, nor the event log, nor the
// global log (it points at the events) keeps it, and a crash leaves either
// all of it or none. Idempotency key "purge:<code>" (client "retention").
// Then, when it purged any, `after_purge` runs with their codes: the server
// redacts their lines in the notifications outbox and compacts the RocksDB
// dossiers and events, so the overwritten values leave the files too (the
// law asks that deleted data cannot be recovered).
//
// A dossier that became active again (a late rating) or a command refused
// by the engine is skipped, the pass goes on; Unavailable or
// ResourceExhausted from the sequencer ends the pass (retried next time).
// The background loop (Start) runs a pass at start and then every
// `interval` (a day): the cutoff moves a day at a time. Stop ends a pass at
// its next page.
//
// Cost: one read of every snapshot a day, off the write path: about 3 µs a
// dossier with RocksDB (benchmarks/purge_benchmark.cc), some 3 s for a
// million; then one sequencer command per dossier purged.
//
// Thread safety: PurgeOnce from one thread at a time (the loop, or a
// test); Start/Stop from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "runtime/sequencer.h"
#include "runtime/worker_loop.h"

namespace motcua::runtime {

struct PurgeOptions {
  // Years after closure (engine::ValidateRetentionYears).
  uint32_t retention_years = 0;
  // Dossiers read per store scan, and commands in flight at once.
  size_t page = 512;
  std::chrono::hours interval{24};
  std::string client_id = "retention";
};

struct PurgeReport {
  size_t examined = 0;  // dossiers read
  size_t purged = 0;    // dossiers whose data this pass erased
  engine::Instant cutoff = 0;
};

class PersonalDataPurger {
 public:
  // Erasure outside the event log, given the codes a pass purged (the
  // server's: redact the notifications outbox, compact the store).
  using AfterPurge =
      std::function<engine::Status(const std::vector<std::string>& codes)>;
  // `after_purge` (may be empty) runs after a pass that purged something,
  // with its codes; when it fails, the next pass runs it again with those
  // codes too.
  PersonalDataPurger(Sequencer& sequencer, const engine::DossierStore& store,
                     const engine::Clock& clock, PurgeOptions options,
                     AfterPurge after_purge = {});
  ~PersonalDataPurger();

  engine::Result<PurgeReport> PurgeOnce();

  void Start();
  void Stop();

 private:
  std::chrono::microseconds Pass();

  Sequencer& sequencer_;
  const engine::DossierStore& store_;
  const engine::Clock& clock_;
  const PurgeOptions options_;
  const AfterPurge after_purge_;
  // Set by Stop: a pass ends at the next page (Unavailable).
  std::atomic<bool> stopping_ = false;
  // Purged dossiers after_purge has not yet handled (it failed, or the
  // pass stopped early): the next pass hands them over again.
  std::vector<std::string> pending_;
  WorkerLoop loop_;
};

// "purge:<code>": the purge's idempotency key.
std::string PurgeRequestId(std::string_view code);

}  // namespace motcua::runtime

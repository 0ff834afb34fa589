// Sweeper: enforces deadlines. It sleeps until the earliest entry of the
// deadline index (DossierStore::NextWatchDue), then fires every entry due
// at the clock's now, in bounded batches, each as a command through the
// sequencer — so a notice is written like any other event: in the dossier's
// log, in the global log, durably, in order with everything else.
//
// Exactly once per deadline version: the command's idempotency key is the
// entry itself ("watch:<code>:<kind>:<step>:<deadline>"), the engine's
// decision appends nothing for an entry already noticed or no longer
// applying, and the sequencer recomputes the dossier's entries in the same
// batch (refresh_watch), so a fired or stale entry leaves the index.
// Restart: the first pass fires everything that fell due while the server
// was down (catch-up), each once.
//
// Time: SweepOnce() uses the Clock port and never sleeps, so tests drive it
// with a manual clock. The background thread (Start; a WorkerLoop,
// worker_loop.h) sleeps until the next due instant, a Wake() (a commit may
// add an earlier deadline; wakes within 100 ms make one pass) or max_sleep,
// whichever comes first.
//
// Thread safety: SweepOnce from one thread at a time (the background
// thread, or a test); Wake/Stop from any thread.
#pragma once

#include <chrono>
#include <functional>

#include "engine/enforcement/watch_entry.h"
#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "runtime/sequencer.h"
#include "runtime/worker_loop.h"

namespace motcua::runtime {

// The engine's decision for a due entry (DecideDeadline): the events to
// append, or none when the entry no longer applies.
using DecideWatch =
    std::function<engine::Result<std::vector<engine::DossierEvent>>(
        const engine::Dossier& dossier, const engine::WatchEntry& entry,
        engine::Instant now)>;

struct SweeperOptions {
  // Entries fired per round trip through the sequencer.
  size_t batch = 256;
  // Longest sleep between passes, also with nothing due (a safety net for a
  // clock jump).
  std::chrono::milliseconds max_sleep{std::chrono::seconds(60)};
};

class Sweeper {
 public:
  Sweeper(Sequencer& sequencer, const engine::DossierStore& store,
          const engine::Clock& clock, DecideWatch decide,
          SweeperOptions options = {});
  ~Sweeper();

  // Fires every entry due now; the number of events appended.
  engine::Result<size_t> SweepOnce();

  void Start();
  void Wake();
  void Stop();

  // How long the oldest entry due before now has been waiting to fire, in
  // microseconds; 0 when none is (metrics: sweeper lag). One bounded read
  // of the deadline index.
  engine::Result<engine::Instant> Lag() const;

 private:
  // A background pass: SweepOnce, then how long to sleep.
  std::chrono::microseconds Pass();

  Sequencer& sequencer_;
  const engine::DossierStore& store_;
  const engine::Clock& clock_;
  const DecideWatch decide_;
  const SweeperOptions options_;

  WorkerLoop loop_;
};

// "watch:<code>:<kind>:<step>:<deadline>": the entry's idempotency key.
std::string WatchRequestId(const engine::WatchEntry& entry);

}  // namespace motcua::runtime

// EventHub: wakes WatchEvents streams when new events are committed, and
// trims the global log to its retention window.
//
// The sequencer calls Published(last_seq) after each commit; that only
// records the number and wakes the hub's own thread (a WorkerLoop,
// worker_loop.h), so the write path never waits on a stream. The hub thread
// then calls Pump() on every stream waiting for an event beyond its cursor. A
// stream that is still writing (slow consumer) is not waiting and costs
// nothing.
//
// Retention: every `trim_interval`, log entries whose events were recorded
// more than `retention` ago are dropped from the global order index (the
// dossiers keep their events). A cursor older than the oldest retained entry
// gets OUT_OF_RANGE from WatchEvents.
//
// Thread safety: all public methods may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "runtime/worker_loop.h"

namespace motcua::runtime {

struct EventHubOptions {
  // How long events stay in the global log; 0 = forever.
  std::chrono::hours retention{24 * 365};
  std::chrono::minutes trim_interval{60};
};

class EventHub {
 public:
  // Something waiting for events after a cursor (a stream). Pump() is
  // called on the hub's thread.
  class Waiter {
   public:
    virtual ~Waiter() = default;
    virtual void Pump() = 0;
  };

  EventHub(engine::DossierStore& store, const engine::Clock& clock,
           uint64_t last_seq, EventHubOptions options = {});
  ~EventHub();

  // The sequencer committed events up to `last_seq`.
  void Published(uint64_t last_seq);
  uint64_t last_seq() const;

  // Calls waiter->Pump() once last_seq > cursor (soon, if already so). The
  // hub holds only a weak reference: a stream that ends is simply skipped.
  void WaitAfter(uint64_t cursor, std::weak_ptr<Waiter> waiter);

  // One retention pass (also run by the hub thread): returns the new first
  // retained sequence.
  engine::Result<uint64_t> TrimOnce();

  void Stop();

 private:
  struct Waiting {
    uint64_t cursor;
    std::weak_ptr<Waiter> waiter;
  };
  // A loop pass: pumps the ready waiters, trims when due; the time to the
  // next trim.
  std::chrono::microseconds Pass();

  engine::DossierStore& store_;
  const engine::Clock& clock_;
  const EventHubOptions options_;

  mutable std::mutex mu_;
  uint64_t last_seq_;
  std::vector<Waiting> waiting_;
  // The loop's thread only.
  std::chrono::steady_clock::time_point next_trim_ =
      std::chrono::steady_clock::now();
  // The first sequence the last trim kept (0 before the first): a pass
  // that moves it is logged.
  uint64_t first_retained_ = 0;
  WorkerLoop loop_;
};

}  // namespace motcua::runtime

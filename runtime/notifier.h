// Notifier: turns the event log into notifications for applicants
// (engine/notify) and hands them to a NotificationSender, exactly once and
// in order, resuming after the sender's LastDelivered() on every start.
//
// It follows the global log like any WatchEvents consumer (woken by the
// EventHub; its thread is a WorkerLoop, worker_loop.h, that makes one pass
// per 20 ms of wakes), so it never slows the write path. A failed delivery is
// retried with exponential backoff (1 s doubling to 60 s) from the same event;
// later events wait, so order is kept.
//
// Thread safety: DispatchOnce from one thread at a time (the background
// thread, or a test); Start/Stop from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "engine/ports/dossier_store.h"
#include "engine/ports/notification_sender.h"
#include "runtime/event_hub.h"
#include "runtime/worker_loop.h"

namespace motcua::runtime {

class Notifier {
 public:
  Notifier(const engine::DossierStore& store, EventHub& hub,
           engine::NotificationSender& sender);
  ~Notifier();

  // Delivers every notification of the events committed so far; the number
  // delivered, or the error of the delivery that failed (nothing after it
  // was attempted).
  engine::Result<size_t> DispatchOnce();

  void Start();
  void Stop();

  // The last global sequence handled (its notification delivered, or none
  // due): the log beyond it is the backlog (metrics).
  uint64_t position() const { return position_.load(); }
  // Background passes whose delivery failed (each retried with backoff).
  uint64_t failed_passes() const { return failed_passes_.load(); }

 private:
  class Wakeup;
  // A background pass: DispatchOnce, then how long to sleep.
  std::chrono::microseconds Pass();

  const engine::DossierStore& store_;
  EventHub& hub_;
  engine::NotificationSender& sender_;
  uint64_t scanned_ = 0;  // events after LastDelivered already looked at
  std::atomic<uint64_t> position_{0};
  std::atomic<uint64_t> failed_passes_{0};

  std::chrono::seconds backoff_{1};  // the loop's thread only
  std::shared_ptr<Wakeup> wakeup_;
  WorkerLoop loop_;
};

}  // namespace motcua::runtime

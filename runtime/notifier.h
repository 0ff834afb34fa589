// Notifier: turns the event log into notifications for applicants
// (engine/notify) and hands them to a NotificationSender, exactly once and
// in order, resuming after the sender's LastDelivered() on every start.
//
// It follows the global log like any WatchEvents consumer (woken by the
// EventHub), so it never slows the write path. A failed delivery is retried
// with exponential backoff (1 s doubling to 60 s) from the same event; later
// events wait, so order is kept.
//
// Thread safety: DispatchOnce from one thread at a time (the background
// thread, or a test); Start/Stop from the owner.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/ports/dossier_store.h"
#include "engine/ports/notification_sender.h"
#include "runtime/event_hub.h"

namespace motcua::services {

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

 private:
  class Wakeup;
  void Run();

  const engine::DossierStore& store_;
  EventHub& hub_;
  engine::NotificationSender& sender_;
  uint64_t scanned_ = 0;  // events after LastDelivered already looked at

  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::shared_ptr<Wakeup> wakeup_;
  std::thread thread_;
};

}  // namespace motcua::services

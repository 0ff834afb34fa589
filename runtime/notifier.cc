#include "runtime/notifier.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "engine/notify/notification.h"
#include "runtime/log.h"

namespace motcua::runtime {
namespace {

WorkerLoopOptions LoopOptions() {
  WorkerLoopOptions options;
  options.name = "notifier";
  // Under load, commits wake us hundreds of times a second; one pass every
  // few milliseconds serves them all.
  options.coalesce = std::chrono::milliseconds(20);
  return options;
}

}  // namespace

// The hub holds this weakly and may pump it from its own thread at any
// time, even while the notifier is being destroyed (the hub can have
// locked the weak pointer just before): Detach, under the same mutex as
// Pump, makes a late pump a no-op and waits for one in progress.
class Notifier::Wakeup final : public EventHub::Waiter {
 public:
  explicit Wakeup(Notifier* n) : n_(n) {}
  void Pump() override {
    std::lock_guard lock(mu_);
    if (n_ != nullptr) n_->loop_.Wake();
  }
  void Detach() {
    std::lock_guard lock(mu_);
    n_ = nullptr;
  }

 private:
  std::mutex mu_;
  Notifier* n_;
};

Notifier::Notifier(const engine::DossierStore& store, EventHub& hub,
                   engine::NotificationSender& sender)
    : store_(store),
      hub_(hub),
      sender_(sender),
      wakeup_(std::make_shared<Wakeup>(this)),
      loop_(LoopOptions(), [this] { return Pass(); }) {}

Notifier::~Notifier() {
  wakeup_->Detach();
  Stop();
}

engine::Result<size_t> Notifier::DispatchOnce() {
  auto delivered = sender_.LastDelivered();
  if (!delivered.ok()) return delivered.error();
  uint64_t cursor = std::max(*delivered, scanned_);
  position_.store(cursor);
  size_t sent = 0;
  for (;;) {
    auto page = store_.ReadLog(cursor, 256);
    if (!page.ok()) return page.error();
    if (page->empty()) {
      if (engine::Status s = sender_.Flush(); !s.ok()) return s.error();
      return sent;
    }
    // Each dossier's log is read once per page and folded incrementally.
    std::map<std::string, std::vector<engine::DossierEvent>> logs;
    for (const engine::LogEntry& entry : *page) {
      if (entry.event.version == 1) {
        // A receipt: the dossier after it is the fold of that one event, so
        // the common case reads nothing more from the store.
        const engine::Dossier after = engine::Fold({entry.event});
        if (auto n = engine::NotificationFor(after, entry.event)) {
          if (engine::Status s = sender_.Deliver(entry.global_seq, *n);
              !s.ok()) {
            return s.error();
          }
          ++sent;
        }
        cursor = entry.global_seq;
        continue;
      }
      auto it = logs.find(entry.code);
      if (it == logs.end()) {
        auto events = store_.ListEvents(entry.code);
        if (!events.ok()) return events.error();
        it = logs.emplace(entry.code, std::move(*events)).first;
      }
      const auto& log = it->second;
      if (log.size() < entry.event.version) {
        return engine::Internal("log entry " +
                                std::to_string(entry.global_seq) +
                                " is past dossier " + entry.code + "'s events");
      }
      const engine::Dossier after =
          engine::Fold(std::vector<engine::DossierEvent>(
              log.begin(),
              log.begin() + static_cast<long>(entry.event.version)));
      if (auto n = engine::NotificationFor(after, entry.event)) {
        if (engine::Status s = sender_.Deliver(entry.global_seq, *n); !s.ok()) {
          return s.error();
        }
        ++sent;
      }
      cursor = entry.global_seq;
    }
    // One fsync per page; only then are its events behind us.
    if (engine::Status s = sender_.Flush(); !s.ok()) return s.error();
    scanned_ = cursor;
    position_.store(cursor);
  }
}

void Notifier::Start() { loop_.Start(); }

void Notifier::Stop() { loop_.Stop(); }

std::chrono::microseconds Notifier::Pass() {
  auto result = DispatchOnce();
  if (!result.ok()) {
    failed_passes_.fetch_add(1);
    Log(LogLevel::kWarn, "notifier_pass_failed",
        {{"error", result.error().message},
         {"retry_seconds", static_cast<int64_t>(backoff_.count())}});
    // Retried from the same event, later and later.
    const std::chrono::seconds wait = backoff_;
    backoff_ = std::min(backoff_ * 2, std::chrono::seconds(60));
    return wait;
  }
  if (*result > 0) {
    Log(LogLevel::kInfo, "notifier_pass", {{"notifications", *result}});
  }
  backoff_ = std::chrono::seconds(1);
  hub_.WaitAfter(scanned_, wakeup_);
  return std::chrono::seconds(30);
}

}  // namespace motcua::runtime

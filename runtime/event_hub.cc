#include "runtime/event_hub.h"

#include <algorithm>

#include "runtime/log.h"

namespace motcua::runtime {
namespace {

WorkerLoopOptions LoopOptions() {
  WorkerLoopOptions options;
  options.name = "event hub";
  return options;
}

}  // namespace

EventHub::EventHub(engine::DossierStore& store, const engine::Clock& clock,
                   uint64_t last_seq, EventHubOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      last_seq_(last_seq),
      loop_(LoopOptions(), [this] { return Pass(); }) {
  loop_.Start();
}

EventHub::~EventHub() { Stop(); }

void EventHub::Stop() { loop_.Stop(); }

void EventHub::Published(uint64_t last_seq) {
  {
    std::lock_guard lock(mu_);
    last_seq_ = std::max(last_seq_, last_seq);
  }
  loop_.Wake();
}

uint64_t EventHub::last_seq() const {
  std::lock_guard lock(mu_);
  return last_seq_;
}

void EventHub::WaitAfter(uint64_t cursor, std::weak_ptr<Waiter> waiter) {
  {
    std::lock_guard lock(mu_);
    waiting_.push_back({cursor, std::move(waiter)});
  }
  loop_.Wake();
}

engine::Result<uint64_t> EventHub::TrimOnce() {
  auto first = store_.FirstGlobalSequence();
  if (!first.ok() || options_.retention.count() == 0) return first;
  const engine::Instant cutoff =
      clock_.Now() -
      std::chrono::duration_cast<std::chrono::microseconds>(options_.retention)
          .count();
  // Events are recorded in sequence order, so the cutoff is the first entry
  // recorded at or after it. Bounded work per pass.
  uint64_t keep_from = *first;
  for (int pass = 0; pass < 100; ++pass) {
    auto entries = store_.ReadLog(keep_from == 0 ? 0 : keep_from - 1, 1000);
    if (!entries.ok()) return entries.error();
    if (entries->empty()) break;
    auto young = std::find_if(entries->begin(), entries->end(),
                              [&](const engine::LogEntry& e) {
                                return e.event.recorded_at >= cutoff;
                              });
    if (young != entries->end()) {
      keep_from = young->global_seq;
      break;
    }
    keep_from = entries->back().global_seq + 1;
  }
  if (keep_from > *first) {
    // Never trim the newest entry: last_seq must stay readable after restart.
    keep_from = std::min(keep_from, last_seq());
    if (engine::Status s = store_.TrimLog(keep_from); !s.ok()) return s.error();
  }
  return keep_from;
}

std::chrono::microseconds EventHub::Pass() {
  std::vector<std::shared_ptr<Waiter>> ready;
  {
    std::lock_guard lock(mu_);
    std::erase_if(waiting_, [&](const Waiting& w) {
      if (w.waiter.expired()) return true;
      if (w.cursor >= last_seq_) return false;
      if (auto p = w.waiter.lock()) ready.push_back(std::move(p));
      return true;
    });
  }
  // Outside the lock: a stream's Pump may call WaitAfter again.
  for (auto& w : ready) w->Pump();
  ready.clear();
  if (std::chrono::steady_clock::now() >= next_trim_) {
    // A failed pass is retried next interval.
    const engine::Result<uint64_t> trimmed = TrimOnce();
    if (!trimmed.ok()) {
      Log(LogLevel::kWarn, "event_trim_failed",
          {{"error", trimmed.error().message}});
    } else if (*trimmed > first_retained_) {
      // A pass that dropped events: the first one still retained.
      if (first_retained_ != 0) {
        Log(LogLevel::kInfo, "event_trim", {{"first_retained", *trimmed}});
      }
      first_retained_ = *trimmed;
    }
    next_trim_ = std::chrono::steady_clock::now() + options_.trim_interval;
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(
      next_trim_ - std::chrono::steady_clock::now());
}

}  // namespace motcua::runtime

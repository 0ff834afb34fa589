#include "runtime/sweeper.h"

#include <chrono>
#include <future>
#include <set>

#include "runtime/log.h"

namespace motcua::runtime {
namespace {

WorkerLoopOptions LoopOptions() {
  WorkerLoopOptions options;
  options.name = "sweeper";
  // Deadlines are in minutes: a pass at most every 100 ms under a busy
  // write path (a wake per commit) loses nothing.
  options.coalesce = std::chrono::milliseconds(100);
  return options;
}

}  // namespace

std::string WatchRequestId(const engine::WatchEntry& e) {
  return "watch:" + e.code + ":" + std::to_string(static_cast<int>(e.kind)) +
         ":" + std::to_string(e.step) + ":" + std::to_string(e.deadline);
}

Sweeper::Sweeper(Sequencer& sequencer, const engine::DossierStore& store,
                 const engine::Clock& clock, DecideWatch decide,
                 SweeperOptions options)
    : sequencer_(sequencer),
      store_(store),
      clock_(clock),
      decide_(std::move(decide)),
      options_(options),
      loop_(LoopOptions(), [this] { return Pass(); }) {}

Sweeper::~Sweeper() { Stop(); }

engine::Result<size_t> Sweeper::SweepOnce() {
  const engine::Instant now = clock_.Now();
  size_t appended = 0;
  // Entries already sent this pass: if one survives in the index (the
  // engine keeps asking for it), the pass still ends.
  std::set<engine::WatchEntry> sent;
  for (;;) {
    auto due = store_.DueWatches(now, options_.batch + sent.size());
    if (!due.ok()) return due.error();
    std::vector<engine::WatchEntry> fresh;
    for (engine::WatchEntry& e : *due) {
      if (!sent.contains(e) && fresh.size() < options_.batch) {
        fresh.push_back(std::move(e));
      }
    }
    if (fresh.empty()) return appended;
    std::vector<std::future<engine::Result<CommandReply>>> replies;
    for (const engine::WatchEntry& e : fresh) {
      sent.insert(e);
      auto promise =
          std::make_shared<std::promise<engine::Result<CommandReply>>>();
      replies.push_back(promise->get_future());
      DossierCommand cmd;
      cmd.client_id = "sweeper";
      cmd.request_id = WatchRequestId(e);
      cmd.command = e;
      cmd.dossier_code = e.code;
      cmd.refresh_watch = true;
      cmd.decide = [decide = decide_](const engine::Dossier& d,
                                      const engine::WriteCommand& c,
                                      engine::Instant at) {
        return decide(d, std::get<engine::WatchEntry>(c), at);
      };
      sequencer_.Execute(std::move(cmd),
                         [promise](engine::Result<CommandReply> r) {
                           promise->set_value(std::move(r));
                         });
    }
    for (auto& f : replies) {
      auto r = f.get();
      if (r.ok()) {
        if (!r->replayed) appended += r->events.size();
      } else if (r.error().code == engine::ErrorCode::kUnavailable ||
                 r.error().code == engine::ErrorCode::kResourceExhausted) {
        return r.error();  // the store or queue is struggling: next pass
      }
      // Other errors (the dossier vanished, a decision refused) concern one
      // entry; the rest of the pass goes on.
    }
  }
}

engine::Result<engine::Instant> Sweeper::Lag() const {
  const engine::Instant now = clock_.Now();
  auto oldest = store_.NextWatchDue(now);
  if (!oldest.ok()) return oldest.error();
  return oldest->has_value() ? now - **oldest : 0;
}

void Sweeper::Start() { loop_.Start(); }

void Sweeper::Wake() { loop_.Wake(); }

void Sweeper::Stop() { loop_.Stop(); }

std::chrono::microseconds Sweeper::Pass() {
  // A failed pass is retried after the next wait.
  const auto started = std::chrono::steady_clock::now();
  const engine::Result<size_t> swept = SweepOnce();
  if (!swept.ok()) {
    Log(LogLevel::kWarn, "sweeper_pass_failed",
        {{"error", swept.error().message}});
  } else if (*swept > 0) {
    Log(LogLevel::kInfo, "sweeper_pass",
        {{"events", *swept},
         {"millis", std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count()}});
  }
  const engine::Instant now = clock_.Now();
  const auto max_sleep =
      std::chrono::duration_cast<std::chrono::microseconds>(options_.max_sleep);
  std::chrono::microseconds wait = max_sleep;
  // Bounded at the latest wake-up anyway: entries due later are not read.
  if (auto next = store_.NextWatchDue(now + max_sleep.count());
      next.ok() && next->has_value()) {
    // An entry still due after a pass is one the engine keeps refusing:
    // retry it after a second, not in a tight loop.
    const engine::Instant until_due = **next - now;
    wait = std::min<std::chrono::microseconds>(
        wait, until_due > 0 ? std::chrono::microseconds(until_due)
                            : std::chrono::seconds(1));
  }
  return wait;
}

}  // namespace motcua::runtime

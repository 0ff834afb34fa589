// WorkerLoop: one background thread that runs a pass, then sleeps until it
// is woken, the pass's own timeout passes, or it is stopped — the loop the
// sweeper, the notifier and the event hub share instead of each hand-rolling
// a thread, a mutex and a condition variable.
//
// Model:
//   - The pass does one round of work and returns the longest it may sleep
//     before the next round (clamped to [0, 24 h]).
//   - Wake() asks for another pass soon. Wakes coalesce: any number of
//     Wake() calls during a pass or a sleep give ONE more pass; with
//     `coalesce` set, the loop then waits that long for more wakes before
//     it runs (a busy write path wakes the sweeper on every commit; one
//     pass per 100 ms serves them all). A timeout that ends a sleep does
//     not wait for more: the pass is due.
//   - Stop() ends the loop: a sleep (or coalescing wait) ends at once; a
//     pass already running is finished, not interrupted; then the thread is
//     joined. No pass starts after Stop() returns.
//   - No exception escapes the thread (that would terminate the process):
//     a pass that throws is reported on stderr ("motcuad: <name>: ...") and
//     retried after `after_failure`; the loop keeps running.
//
// Ambiguous cases: a Wake() before Start() is kept (the first pass runs at
// Start anyway); Start() after Stop() does nothing; Stop() without Start()
// is fine; both are idempotent.
//
// Thread safety: Wake/Stop from any thread (not from the pass itself: Stop
// would join its own thread); Start from the owner, once.
//
// Example:
//   WorkerLoop loop({.name = "sweeper", .coalesce = 100ms}, [&] {
//     (void)sweeper.SweepOnce();
//     return std::chrono::microseconds(60s);
//   });
//   loop.Start();  ...  loop.Wake();  ...  loop.Stop();
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace motcua::runtime {

struct WorkerLoopOptions {
  // Names the loop in messages.
  std::string name = "worker";
  // After a wake, how long to gather further wakes before the next pass.
  std::chrono::milliseconds coalesce{0};
  // The sleep after a pass that threw.
  std::chrono::milliseconds after_failure{std::chrono::seconds(1)};
};

class WorkerLoop {
 public:
  // One round of work; returns the longest sleep before the next round.
  using Pass = std::function<std::chrono::microseconds()>;

  WorkerLoop(WorkerLoopOptions options, Pass pass);
  // Stops and joins.
  ~WorkerLoop();
  WorkerLoop(const WorkerLoop&) = delete;
  WorkerLoop& operator=(const WorkerLoop&) = delete;

  // Starts the thread; its first pass runs at once.
  void Start();
  void Wake();
  void Stop();

  // Passes that threw so far (tests, metrics).
  uint64_t failures() const;

 private:
  void Run();
  std::chrono::microseconds RunPass();

  const WorkerLoopOptions options_;
  const Pass pass_;

  // Held by Start and Stop around thread_ (Stop joins outside mu_).
  std::mutex join_mu_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  uint64_t failures_ = 0;
  std::thread thread_;
};

}  // namespace motcua::runtime

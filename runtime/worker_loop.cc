#include "runtime/worker_loop.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "runtime/log.h"

namespace motcua::runtime {

WorkerLoop::WorkerLoop(WorkerLoopOptions options, Pass pass)
    : options_(std::move(options)), pass_(std::move(pass)) {}

WorkerLoop::~WorkerLoop() { Stop(); }

void WorkerLoop::Start() {
  std::lock_guard join(join_mu_);
  std::lock_guard lock(mu_);
  if (stopping_ || thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void WorkerLoop::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void WorkerLoop::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  // Every Stop() returns only once the thread is gone.
  std::lock_guard join(join_mu_);
  if (thread_.joinable()) thread_.join();
}

uint64_t WorkerLoop::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

std::chrono::microseconds WorkerLoop::RunPass() {
  try {
    return pass_();
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "worker_pass_threw",
        {{"worker", options_.name},
         {"error", e.what()},
         {"retry_millis", options_.after_failure.count()}});
  } catch (...) {
    Log(LogLevel::kError, "worker_pass_threw",
        {{"worker", options_.name},
         {"error", "unknown exception"},
         {"retry_millis", options_.after_failure.count()}});
  }
  {
    std::lock_guard lock(mu_);
    ++failures_;
  }
  return options_.after_failure;
}

void WorkerLoop::Run() {
  // Longer sleeps are capped: wait_for with a huge duration overflows the
  // clock, and a day is as good as forever for every user.
  constexpr std::chrono::microseconds kLongest = std::chrono::hours(24);
  for (;;) {
    const std::chrono::microseconds wait =
        std::clamp(RunPass(), std::chrono::microseconds(0), kLongest);
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [&] { return stopping_ || woken_; });
    if (stopping_) return;
    if (woken_ && options_.coalesce.count() > 0) {
      cv_.wait_for(lock, options_.coalesce, [&] { return stopping_; });
      if (stopping_) return;
    }
    woken_ = false;
  }
}

}  // namespace motcua::runtime

#include "runtime/worker_loop.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <stdexcept>

namespace motcua::runtime {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// Counts passes; lets the test wait for the n-th without sleeping.
class Passes {
 public:
  int Add() {
    std::lock_guard lock(mu_);
    ++n_;
    cv_.notify_all();
    return n_;
  }
  // False when the n-th pass did not come within a generous bound (a hang,
  // not a timing assumption).
  bool WaitFor(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30),
                        [&] { return n_ >= n; });
  }
  int count() {
    std::lock_guard lock(mu_);
    return n_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int n_ = 0;
};

WorkerLoopOptions Named(std::string name) {
  WorkerLoopOptions options;
  options.name = std::move(name);
  return options;
}

TEST(WorkerLoopTest, RunsAtStartThenSleepsUntilWoken) {
  Passes passes;
  WorkerLoop loop(Named("test"), [&] {
    passes.Add();
    return microseconds(hours(1));
  });
  loop.Start();
  ASSERT_TRUE(passes.WaitFor(1));
  loop.Wake();
  ASSERT_TRUE(passes.WaitFor(2));
  loop.Wake();
  ASSERT_TRUE(passes.WaitFor(3));
  loop.Stop();
  EXPECT_EQ(passes.count(), 3);
}

TEST(WorkerLoopTest, WakesDuringAPassCoalesceIntoOneMorePass) {
  Passes passes;
  std::promise<void> in_first, release_first;
  std::shared_future<void> released = release_first.get_future().share();
  WorkerLoop loop(Named("test"), [&] {
    if (passes.Add() == 1) {
      in_first.set_value();
      released.wait();
    }
    return microseconds(hours(1));
  });
  loop.Start();
  in_first.get_future().wait();
  for (int i = 0; i < 5; ++i) loop.Wake();
  release_first.set_value();
  ASSERT_TRUE(passes.WaitFor(2));
  loop.Stop();
  // Five wakes, one more pass (a loop that queued them would have run a
  // third pass straight after the second).
  EXPECT_EQ(passes.count(), 2);
}

TEST(WorkerLoopTest, TheTimeoutAPassReturnsRunsTheNext) {
  Passes passes;
  WorkerLoop loop(Named("test"), [&] {
    passes.Add();
    return microseconds(milliseconds(1));
  });
  loop.Start();
  EXPECT_TRUE(passes.WaitFor(3));  // never woken
}

TEST(WorkerLoopTest, StopWaitsForTheRunningPassAndNoPassFollows) {
  Passes passes;
  std::promise<void> in_pass, release;
  std::shared_future<void> released = release.get_future().share();
  bool finished = false;
  WorkerLoop loop(Named("test"), [&] {
    passes.Add();
    in_pass.set_value();
    released.wait();
    finished = true;
    return microseconds(hours(1));
  });
  loop.Start();
  in_pass.get_future().wait();
  auto stopped = std::async(std::launch::async, [&] { loop.Stop(); });
  EXPECT_EQ(stopped.wait_for(milliseconds(20)), std::future_status::timeout);
  release.set_value();
  stopped.get();
  EXPECT_TRUE(finished);
  EXPECT_EQ(passes.count(), 1);
  // After Stop: Wake and Start run nothing; Stop again is fine.
  loop.Wake();
  loop.Start();
  loop.Stop();
  EXPECT_EQ(passes.count(), 1);
}

TEST(WorkerLoopTest, APassThatThrowsIsReportedAndTheLoopGoesOn) {
  Passes passes;
  WorkerLoopOptions options = Named("throwing test");
  options.after_failure = milliseconds(1);
  WorkerLoop loop(options, [&]() -> microseconds {
    const int n = passes.Add();
    if (n == 1) throw std::runtime_error("the store went away");
    if (n == 2) throw 42;  // not even a std::exception
    return hours(1);
  });
  loop.Start();
  ASSERT_TRUE(passes.WaitFor(3));
  loop.Stop();
  EXPECT_EQ(loop.failures(), 2u);
  EXPECT_EQ(passes.count(), 3);
}

TEST(WorkerLoopTest, StopWithoutStartIsFine) {
  Passes passes;
  WorkerLoop loop(Named("test"), [&] {
    passes.Add();
    return microseconds(0);
  });
  loop.Wake();
  loop.Stop();
  loop.Stop();
  EXPECT_EQ(passes.count(), 0);
}

}  // namespace
}  // namespace motcua::runtime

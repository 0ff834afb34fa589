#include "runtime/event_hub.h"

#include <gtest/gtest.h>

#include "adapters/memory/memory_store.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::runtime {
namespace {

using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;

// Commits one receipt per hour from kMonday0930, global seqs 1..n.
void FillLog(adapters::MemoryStore& store, int n) {
  for (int i = 0; i < n; ++i) {
    auto cmd = motcua::testing::SampleCommand("r" + std::to_string(i));
    const engine::Instant at = kMonday0930 + i * engine::kMicrosPerHour;
    auto event = engine::Receive(cmd, at, static_cast<uint32_t>(i));
    ASSERT_TRUE(event.ok());
    engine::CommitBatch b;
    b.events.push_back({std::get<engine::DossierReceived>(event->body).code,
                        *event, static_cast<uint64_t>(i + 1)});
    ASSERT_TRUE(store.Commit(b).ok());
  }
}

TEST(EventHubTest, TrimKeepsTheRetentionWindow) {
  adapters::MemoryStore store;
  FillLog(store, 10);
  // Now = the 10th event + 30 min; keep 3 hours: events 8, 9, 10 stay.
  ManualClock clock(kMonday0930 + 9 * engine::kMicrosPerHour +
                    30 * engine::kMicrosPerMinute);
  EventHubOptions options;
  options.retention = std::chrono::hours(3);
  options.trim_interval = std::chrono::minutes(100000);
  EventHub hub(store, clock, 10, options);
  auto first = hub.TrimOnce();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 8u);
  EXPECT_EQ(*store.FirstGlobalSequence(), 8u);
  EXPECT_EQ(store.ReadLog(0, 100)->size(), 3u);
  // Far in the future: everything is old, but the newest entry stays so the
  // sequence survives a restart.
  clock.Advance(1000 * engine::kMicrosPerHour);
  ASSERT_TRUE(hub.TrimOnce().ok());
  EXPECT_EQ(*store.FirstGlobalSequence(), 10u);
  EXPECT_EQ(*store.LastGlobalSequence(), 10u);
}

class CountingWaiter : public EventHub::Waiter {
 public:
  void Pump() override {
    std::lock_guard lock(mu);
    ++pumps;
    cv.notify_all();
  }
  std::mutex mu;
  std::condition_variable cv;
  int pumps = 0;
};

TEST(EventHubTest, WakesWaitersOnlyPastTheirCursor) {
  adapters::MemoryStore store;
  ManualClock clock(kMonday0930);
  EventHub hub(store, clock, 5);
  auto behind = std::make_shared<CountingWaiter>();
  auto caught_up = std::make_shared<CountingWaiter>();
  hub.WaitAfter(3, behind);     // 5 > 3: woken at once
  hub.WaitAfter(5, caught_up);  // woken by the next publication
  {
    std::unique_lock lock(behind->mu);
    ASSERT_TRUE(behind->cv.wait_for(lock, std::chrono::seconds(10),
                                    [&] { return behind->pumps == 1; }));
  }
  {
    std::lock_guard lock(caught_up->mu);
    EXPECT_EQ(caught_up->pumps, 0);
  }
  hub.Published(6);
  std::unique_lock lock(caught_up->mu);
  ASSERT_TRUE(caught_up->cv.wait_for(lock, std::chrono::seconds(10),
                                     [&] { return caught_up->pumps == 1; }));
}

}  // namespace
}  // namespace motcua::runtime

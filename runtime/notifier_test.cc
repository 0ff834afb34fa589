#include "runtime/notifier.h"

#include <gtest/gtest.h>

#include <future>

#include "adapters/memory/memory_store.h"
#include "runtime/sequencer.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::runtime {
namespace {

using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;
using motcua::testing::SampleCommand;

// Keeps what it is given; refuses deliveries and flushes while `fail` is
// set.
class RecordingSender final : public engine::NotificationSender {
 public:
  engine::Result<uint64_t> LastDelivered() override { return flushed_; }
  engine::Status Deliver(uint64_t global_seq,
                         const engine::Notification&) override {
    if (fail) return engine::Unavailable("gateway down");
    last_ = global_seq;
    return {};
  }
  engine::Status Flush() override {
    if (fail) return engine::Unavailable("gateway down");
    flushed_ = last_;
    return {};
  }
  bool fail = false;

 private:
  uint64_t last_ = 0;
  uint64_t flushed_ = 0;
};

TEST(NotifierTest, PositionFollowsTheLogAsNotificationsAreWritten) {
  adapters::MemoryStore store;
  ManualClock clock{kMonday0930};
  auto seq = Sequencer::Start(store, clock);
  ASSERT_TRUE(seq.ok());
  for (const char* id : {"a", "b", "c"}) {
    std::promise<engine::Result<ReceiveReply>> p;
    (*seq)->Receive(SampleCommand(id), [&](engine::Result<ReceiveReply> r) {
      p.set_value(std::move(r));
    });
    ASSERT_TRUE(p.get_future().get().ok());
  }
  EventHub hub(store, clock, *store.LastGlobalSequence());
  RecordingSender sender;
  Notifier notifier(store, hub, sender);
  EXPECT_EQ(notifier.position(), 0u);  // nothing handled yet: 3 pending

  sender.fail = true;
  EXPECT_FALSE(notifier.DispatchOnce().ok());
  EXPECT_EQ(notifier.position(), 0u);  // a failed page is not behind us

  sender.fail = false;
  ASSERT_TRUE(notifier.DispatchOnce().ok());
  EXPECT_EQ(notifier.position(), 3u);
  EXPECT_EQ(notifier.position(), hub.last_seq());
  hub.Stop();
}

}  // namespace
}  // namespace motcua::runtime

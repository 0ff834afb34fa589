#include "services/sequencer.h"

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>
#include <vector>

#include "adapters/memory/memory_store.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::services {
namespace {

using engine::ErrorCode;
using engine::Result;
using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;
using motcua::testing::SampleCommand;

// Submits and waits for the reply.
Result<ReceiveReply> ReceiveSync(Sequencer& seq, engine::ReceiveCommand cmd) {
  std::promise<Result<ReceiveReply>> promise;
  auto future = promise.get_future();
  seq.Receive(std::move(cmd), [&](Result<ReceiveReply> r) {
    promise.set_value(std::move(r));
  });
  return future.get();
}

class SequencerTest : public ::testing::Test {
 protected:
  adapters::MemoryStore store_;
  ManualClock clock_{kMonday0930};
};

TEST_F(SequencerTest, AssignsConsecutiveCodesAndStoresEverything) {
  Sequencer seq(store_, clock_);
  for (int i = 1; i <= 3; ++i) {
    auto r = ReceiveSync(seq, SampleCommand("req-" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->replayed);
    EXPECT_EQ(r->dossier.code,
              "000.00.31.H12-260105-000" + std::to_string(i));
    auto stored = store_.FindDossier(r->dossier.code);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ(**stored, r->dossier);
    auto events = store_.ListEvents(r->dossier.code);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(engine::Fold(*events), r->dossier);
  }
  auto last = store_.LastSequence("000.00.31.H12", {2026, 1, 5});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 3u);
}

TEST_F(SequencerTest, ContinuesFromTheStoredCounter) {
  engine::CommitBatch batch;
  batch.counters.push_back({"000.00.31.H12", {2026, 1, 5}, 9999});
  ASSERT_TRUE(store_.Commit(batch).ok());
  Sequencer seq(store_, clock_);
  auto r = ReceiveSync(seq, SampleCommand());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->dossier.code, "000.00.31.H12-260105-10000");
}

TEST_F(SequencerTest, RetryReturnsTheFirstReply) {
  Sequencer seq(store_, clock_);
  auto first = ReceiveSync(seq, SampleCommand("same"));
  ASSERT_TRUE(first.ok());
  clock_.Advance(engine::kMicrosPerHour);
  auto retry = ReceiveSync(seq, SampleCommand("same"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->dossier, first->dossier);
  auto next = ReceiveSync(seq, SampleCommand("other"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->dossier.sequence, 2u);  // the retry consumed no number
}

TEST_F(SequencerTest, ReusedRequestIdWithOtherContentIsRefused) {
  Sequencer seq(store_, clock_);
  ASSERT_TRUE(ReceiveSync(seq, SampleCommand("same")).ok());
  engine::ReceiveCommand other = SampleCommand("same");
  other.procedure_code = "2.000635";
  auto r = ReceiveSync(seq, other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message.rfind("request_id:", 0), 0u);
}

TEST_F(SequencerTest, InvalidCommandStoresNothing) {
  Sequencer seq(store_, clock_);
  engine::ReceiveCommand bad = SampleCommand();
  bad.applicant.personal_id = "123";
  auto r = ReceiveSync(seq, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*store_.LastSequence("000.00.31.H12", {2026, 1, 5}), 0u);
  EXPECT_FALSE(store_.FindRequest("desk-01", "req-1")->has_value());
  EXPECT_EQ(seq.commits(), 0u);
}

TEST_F(SequencerTest, FailedCommitPublishesNoNumber) {
  Sequencer seq(store_, clock_);
  ASSERT_TRUE(ReceiveSync(seq, SampleCommand("a")).ok());
  store_.SetFailCommits(true);
  auto failed = ReceiveSync(seq, SampleCommand("b"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(store_.FindDossier("000.00.31.H12-260105-0002")->has_value());
  store_.SetFailCommits(false);
  auto retried = ReceiveSync(seq, SampleCommand("b"));
  ASSERT_TRUE(retried.ok());
  EXPECT_FALSE(retried->replayed);
  EXPECT_EQ(retried->dossier.code, "000.00.31.H12-260105-0002");
}

TEST_F(SequencerTest, ConcurrentSubmissionsAreGroupCommittedGapFree) {
  Sequencer seq(store_, clock_);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<uint32_t> sequences;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = ReceiveSync(seq, SampleCommand("t" + std::to_string(t) + "-" +
                                                std::to_string(i)));
        ASSERT_TRUE(r.ok()) << r.error().message;
        std::lock_guard lock(mu);
        EXPECT_TRUE(sequences.insert(r->dossier.sequence).second);
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(sequences.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(*sequences.begin(), 1u);
  EXPECT_EQ(*sequences.rbegin(), uint32_t{kThreads * kPerThread});
  EXPECT_LE(seq.commits(), uint64_t{kThreads * kPerThread});
}

TEST_F(SequencerTest, DuplicateInsideOneBatchIsReplayed) {
  // Queue both before the worker can take either: hold the queue by
  // submitting from inside a reply, which runs on the worker thread.
  Sequencer seq(store_, clock_);
  std::promise<Result<ReceiveReply>> second;
  auto second_future = second.get_future();
  std::promise<Result<ReceiveReply>> third;
  auto third_future = third.get_future();
  auto first = ReceiveSync(seq, SampleCommand("warm"));
  ASSERT_TRUE(first.ok());
  seq.Receive(SampleCommand("x"), [&](Result<ReceiveReply> r) {
    // Runs on the worker: the next two are queued together.
    seq.Receive(SampleCommand("dup"), [&](Result<ReceiveReply> r2) {
      second.set_value(std::move(r2));
    });
    seq.Receive(SampleCommand("dup"), [&](Result<ReceiveReply> r3) {
      third.set_value(std::move(r3));
    });
  });
  auto a = second_future.get();
  auto b = third_future.get();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->replayed);
  EXPECT_TRUE(b->replayed);
  EXPECT_EQ(a->dossier.code, b->dossier.code);
}

TEST_F(SequencerTest, FullQueueIsResourceExhausted) {
  SequencerOptions options;
  options.max_queue = 1;
  Sequencer seq(store_, clock_, options);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<Result<ReceiveReply>> overflow;
  auto overflow_future = overflow.get_future();
  std::promise<void> queued_done;
  // The first reply blocks the worker so the queue can fill.
  seq.Receive(SampleCommand("block"), [&](Result<ReceiveReply>) {
    seq.Receive(SampleCommand("fills"),
                [&](Result<ReceiveReply>) { queued_done.set_value(); });
    seq.Receive(SampleCommand("overflows"), [&](Result<ReceiveReply> r) {
      overflow.set_value(std::move(r));
    });
    released.wait();
  });
  auto r = overflow_future.get();
  release.set_value();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  queued_done.get_future().wait();
  EXPECT_FALSE(store_.FindRequest("desk-01", "overflows")->has_value());
}

TEST_F(SequencerTest, StopAnswersEverythingAndRefusesMore) {
  Sequencer seq(store_, clock_);
  seq.Stop();
  auto r = ReceiveSync(seq, SampleCommand());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace motcua::services

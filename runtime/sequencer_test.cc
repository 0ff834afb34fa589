#include "runtime/sequencer.h"

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "adapters/memory/memory_store.h"
#include "runtime/sequencer_testing.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::runtime {
namespace {

// The state the write path stores: the fold plus the history's size.
engine::Dossier FoldAsStored(const std::vector<engine::DossierEvent>& events) {
  engine::Dossier d = engine::Fold(events);
  engine::AccountHistory(d, events);
  return d;
}

using engine::ErrorCode;
using engine::Result;
using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;
using motcua::testing::SampleCommand;

// A command that moves the dossier one state along a two-state cycle
// (received -> transferred -> in processing), enough to exercise the
// sequencer's generic path without the lifecycle rules.
DossierCommand Move(std::string code, std::string request_id,
                    std::optional<uint64_t> expected = std::nullopt) {
  DossierCommand c;
  c.client_id = "agency-app";
  c.request_id = std::move(request_id);
  engine::LifecycleCommand move;
  move.officer = "cb.tran";
  c.command = move;
  c.dossier_code = std::move(code);
  c.expected_version = expected;
  c.decide =
      [](const engine::Dossier& d, const engine::WriteCommand&,
         engine::Instant now) -> Result<std::vector<engine::DossierEvent>> {
    engine::DossierTransitioned t;
    if (d.state == engine::DossierState::kReceived) {
      t.transition = engine::Transition::kTransfer;
      t.from = engine::DossierState::kReceived;
      t.to = engine::DossierState::kTransferred;
      t.to_agency = "H55.242";
    } else if (d.state == engine::DossierState::kTransferred) {
      t.transition = engine::Transition::kStartProcessing;
      t.from = engine::DossierState::kTransferred;
      t.to = engine::DossierState::kInProcessing;
    } else {
      return engine::FailedPrecondition(
          "dossier " + d.code + " is " +
          std::string(engine::DossierStateName(d.state)));
    }
    t.at = now;
    return std::vector<engine::DossierEvent>{
        engine::DossierEvent{d.version + 1, now, "agency-app", t}};
  };
  return c;
}

class SequencerTest : public ::testing::Test {
 protected:
  std::unique_ptr<Sequencer> StartSequencer(SequencerOptions options = {}) {
    auto s = Sequencer::Start(store_, clock_, options);
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }

  adapters::MemoryStore store_;
  ManualClock clock_{kMonday0930};
};

TEST_F(SequencerTest, AssignsConsecutiveCodesAndStoresEverything) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  for (int i = 1; i <= 3; ++i) {
    auto r = ReceiveSync(seq, SampleCommand("req-" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->replayed);
    EXPECT_EQ(r->dossier.code, "000.00.31.H12-260105-000" + std::to_string(i));
    auto stored = store_.FindDossier(r->dossier.code);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ(**stored, r->dossier);
    auto events = store_.ListEvents(r->dossier.code);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(FoldAsStored(*events), r->dossier);
  }
  auto last = store_.LastSequence("000.00.31.H12", {2026, 1, 5});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 3u);
}

TEST_F(SequencerTest, ContinuesFromTheStoredCounter) {
  engine::CommitBatch batch;
  batch.counters.push_back({"000.00.31.H12", {2026, 1, 5}, 9999});
  ASSERT_TRUE(store_.Commit(batch).ok());
  auto started = StartSequencer();
  Sequencer& seq = *started;
  auto r = ReceiveSync(seq, SampleCommand());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->dossier.code, "000.00.31.H12-260105-10000");
}

TEST_F(SequencerTest, RetryReturnsTheFirstReply) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
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
  auto started = StartSequencer();
  Sequencer& seq = *started;
  ASSERT_TRUE(ReceiveSync(seq, SampleCommand("same")).ok());
  engine::ReceiveCommand other = SampleCommand("same");
  other.procedure_code = "2.000635";
  auto r = ReceiveSync(seq, other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message.rfind("request_id:", 0), 0u);
}

TEST_F(SequencerTest, InvalidCommandStoresNothing) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
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
  auto started = StartSequencer();
  Sequencer& seq = *started;
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
  auto started = StartSequencer();
  Sequencer& seq = *started;
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
  auto started = StartSequencer();
  Sequencer& seq = *started;
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
  auto started = StartSequencer(options);
  Sequencer& seq = *started;
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

TEST_F(SequencerTest, ExecuteAppendsEventsToTheDossierAndTheLog) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  auto received = ReceiveSync(seq, SampleCommand());
  ASSERT_TRUE(received.ok());
  const std::string code = received->dossier.code;
  auto moved = ExecuteSync(seq, Move(code, "m-1", 1));
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_FALSE(moved->replayed);
  EXPECT_EQ(moved->dossier.version, 2u);
  EXPECT_EQ(moved->dossier.state, engine::DossierState::kTransferred);
  ASSERT_EQ(moved->events.size(), 1u);
  EXPECT_EQ(**store_.FindDossier(code), moved->dossier);
  EXPECT_EQ(FoldAsStored(*store_.ListEvents(code)), moved->dossier);
  auto log = store_.ReadLog(0, 10);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].global_seq, 1u);
  EXPECT_EQ((*log)[1].global_seq, 2u);
  EXPECT_EQ((*log)[1].event.version, 2u);
}

TEST_F(SequencerTest, ExecuteRetryReturnsTheStateItProduced) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  const std::string code = ReceiveSync(seq, SampleCommand())->dossier.code;
  auto first = ExecuteSync(seq, Move(code, "m-1"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(ExecuteSync(seq, Move(code, "m-2")).ok());  // now version 3
  auto retry = ExecuteSync(seq, Move(code, "m-1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->dossier, first->dossier);
  EXPECT_EQ(retry->events, first->events);
  EXPECT_EQ(store_.ListEvents(code)->size(), 3u);

  DossierCommand other = Move(code, "m-1");
  std::get<engine::LifecycleCommand>(other.command).reason = "other content";
  auto reused = ExecuteSync(seq, other);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kInvalidArgument);
  // A receipt's request id cannot be reused for a command, nor the reverse.
  DossierCommand same_key_as_receipt = Move(code, "req-1");
  same_key_as_receipt.client_id = "desk-01";
  auto cross = ExecuteSync(seq, same_key_as_receipt);
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.error().code, ErrorCode::kInvalidArgument);
  engine::ReceiveCommand same_key_as_command = SampleCommand("m-2");
  same_key_as_command.client_id = "agency-app";
  auto cross2 = ReceiveSync(seq, same_key_as_command);
  ASSERT_FALSE(cross2.ok());
  EXPECT_EQ(cross2.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(SequencerTest, ExecuteRejectionsChangeNothing) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  const std::string code = ReceiveSync(seq, SampleCommand())->dossier.code;
  auto stale = ExecuteSync(seq, Move(code, "m-1", 7));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
  auto missing = ExecuteSync(seq, Move("H55.242-260105-0009", "m-2"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(ExecuteSync(seq, Move(code, "m-3")).ok());
  ASSERT_TRUE(ExecuteSync(seq, Move(code, "m-4")).ok());
  auto refused = ExecuteSync(seq, Move(code, "m-5"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ((*store_.FindDossier(code))->version, 3u);
  EXPECT_FALSE(store_.FindRequest("agency-app", "m-1")->has_value());
  EXPECT_FALSE(store_.FindRequest("agency-app", "m-5")->has_value());
  EXPECT_EQ(*store_.LastGlobalSequence(), 3u);
}

TEST_F(SequencerTest, CommandsInOneBatchSeeEachOther) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  const std::string code = ReceiveSync(seq, SampleCommand())->dossier.code;
  std::promise<Result<CommandReply>> a, b;
  // Queued from a reply, so both land in the same batch.
  seq.Receive(SampleCommand("warm"), [&](Result<ReceiveReply>) {
    seq.Execute(Move(code, "x-1"),
                [&](Result<CommandReply> r) { a.set_value(std::move(r)); });
    seq.Execute(Move(code, "x-2", 2),
                [&](Result<CommandReply> r) { b.set_value(std::move(r)); });
  });
  auto ra = a.get_future().get();
  auto rb = b.get_future().get();
  ASSERT_TRUE(ra.ok() && rb.ok())
      << (ra.ok() ? rb.error().message : ra.error().message);
  EXPECT_EQ(ra->dossier.version, 2u);
  EXPECT_EQ(rb->dossier.version, 3u);
  EXPECT_EQ(rb->dossier.state, engine::DossierState::kInProcessing);
  EXPECT_EQ(FoldAsStored(*store_.ListEvents(code)), rb->dossier);
}

TEST_F(SequencerTest, FailedCommitPublishesNoGlobalSequence) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  const std::string code = ReceiveSync(seq, SampleCommand())->dossier.code;
  store_.SetFailCommits(true);
  ASSERT_FALSE(ExecuteSync(seq, Move(code, "m-1")).ok());
  store_.SetFailCommits(false);
  ASSERT_TRUE(ExecuteSync(seq, Move(code, "m-1")).ok());
  auto log = store_.ReadLog(0, 10);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].global_seq, 2u);
}

TEST_F(SequencerTest, RestartContinuesTheGlobalLog) {
  {
    auto started = StartSequencer();
    ASSERT_TRUE(ReceiveSync(*started, SampleCommand("a")).ok());
  }
  auto started = StartSequencer();
  ASSERT_TRUE(ReceiveSync(*started, SampleCommand("b")).ok());
  EXPECT_EQ(*store_.LastGlobalSequence(), 2u);
}

TEST_F(SequencerTest, StopAnswersEverythingAndRefusesMore) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  seq.Stop();
  auto r = ReceiveSync(seq, SampleCommand());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

// Records its calls; stages one report row named after itself, or fails.
class RecordingProjection final : public Projection {
 public:
  RecordingProjection(std::string name, std::vector<std::string>& calls,
                      bool fail = false)
      : name_(std::move(name)), calls_(calls), fail_(fail) {}
  std::string_view name() const override { return name_; }
  engine::Status Stage(std::span<const ChangedDossier> changed,
                       engine::CommitBatch& batch) override {
    calls_.push_back(name_ + ".Stage(" + std::to_string(changed.size()) + ")");
    if (fail_) return engine::Internal("cannot compute its rows");
    batch.report_rows.emplace_back(name_, "row");
    return {};
  }
  void AfterCommit(bool committed) override {
    calls_.push_back(name_ + (committed ? ".Publish" : ".Drop"));
  }

 private:
  const std::string name_;
  std::vector<std::string>& calls_;
  const bool fail_;
};

std::vector<std::string> ReportRowKeys(const engine::DossierStore& store) {
  std::vector<std::string> keys;
  EXPECT_TRUE(store
                  .ForEachReportRow([&](std::string_view k, std::string_view) {
                    keys.emplace_back(k);
                  })
                  .ok());
  return keys;
}

TEST_F(SequencerTest, ProjectionsStageInOrderIntoTheCommitAndHearItsOutcome) {
  std::vector<std::string> calls;
  RecordingProjection first("first", calls), second("second", calls);
  SequencerOptions options;
  options.projections = {&first, &second};
  auto seq = StartSequencer(options);
  ASSERT_TRUE(ReceiveSync(*seq, SampleCommand("p-1")).ok());
  const std::vector<std::string> expected = {
      "first.Stage(1)", "second.Stage(1)", "first.Publish", "second.Publish"};
  EXPECT_EQ(calls, expected);
  EXPECT_EQ(ReportRowKeys(store_),
            (std::vector<std::string>{"first", "second"}));

  // A failed commit: both staged, both told to drop.
  calls.clear();
  store_.SetFailCommits(true);
  EXPECT_FALSE(ReceiveSync(*seq, SampleCommand("p-2")).ok());
  const std::vector<std::string> dropped = {"first.Stage(1)", "second.Stage(1)",
                                            "first.Drop", "second.Drop"};
  EXPECT_EQ(calls, dropped);
}

TEST_F(SequencerTest, AProjectionThatCannotStageStopsTheBatch) {
  std::vector<std::string> calls;
  RecordingProjection first("first", calls), broken("broken", calls, true),
      last("last", calls);
  SequencerOptions options;
  options.projections = {&first, &broken, &last};
  auto seq = StartSequencer(options);
  auto r = ReceiveSync(*seq, SampleCommand("p-1"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("broken"), std::string::npos)
      << r.error().message;
  // The one after it never staged, so it is not told anything.
  const std::vector<std::string> expected = {
      "first.Stage(1)", "broken.Stage(1)", "first.Drop", "broken.Drop"};
  EXPECT_EQ(calls, expected);
  EXPECT_TRUE(ReportRowKeys(store_).empty());
  EXPECT_FALSE(store_.FindRequest("desk-01", "p-1")->has_value());
  EXPECT_EQ(*store_.LastGlobalSequence(), 0u);
}

TEST_F(SequencerTest, RecordsBatchSizesCommitLatencyAndFailedCommits) {
  SequencerMetrics metrics;
  SequencerOptions options;
  options.metrics = &metrics;
  auto started = StartSequencer(options);
  Sequencer& seq = *started;
  ASSERT_TRUE(ReceiveSync(seq, SampleCommand("a")).ok());
  store_.SetFailCommits(true);
  ASSERT_FALSE(ReceiveSync(seq, SampleCommand("b")).ok());
  store_.SetFailCommits(false);
  // Refused before staging: a batch, but no commit.
  engine::ReceiveCommand bad = SampleCommand("c");
  bad.applicant.personal_id = "123";
  ASSERT_FALSE(ReceiveSync(seq, bad).ok());
  const Histogram::Reading batches = metrics.batch_size.Read();
  EXPECT_EQ(batches.count, 3u);
  EXPECT_DOUBLE_EQ(batches.sum, 3.0);
  EXPECT_EQ(batches.cumulative.front(), 3u);  // every batch had one command
  EXPECT_EQ(metrics.commit_seconds.Read().count, 2u);
  EXPECT_EQ(metrics.failed_commits.load(), 1u);
  EXPECT_EQ(seq.commits(), 1u);
}

TEST_F(SequencerTest, QueueDepthCountsCommandsWaitingForTheWriter) {
  auto started = StartSequencer();
  Sequencer& seq = *started;
  EXPECT_EQ(seq.queue_depth(), 0u);
  // Queued from inside a reply (the worker's thread), so it waits until the
  // reply returns.
  std::promise<size_t> depth;
  std::promise<Result<ReceiveReply>> second;
  seq.Receive(SampleCommand("a"), [&](Result<ReceiveReply>) {
    seq.Receive(SampleCommand("b"), [&](Result<ReceiveReply> r) {
      second.set_value(std::move(r));
    });
    depth.set_value(seq.queue_depth());
  });
  EXPECT_EQ(depth.get_future().get(), 1u);
  ASSERT_TRUE(second.get_future().get().ok());
  EXPECT_EQ(seq.queue_depth(), 0u);
}

}  // namespace
}  // namespace motcua::runtime

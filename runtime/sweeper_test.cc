#include "runtime/sweeper.h"

#include <gtest/gtest.h>

#include <future>
#include <limits>

#include "adapters/memory/memory_store.h"
#include "runtime/deadline_projection.h"
#include "runtime/sequencer_testing.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::runtime {
namespace {

using engine::Dossier;
using engine::DossierEvent;
using engine::WatchEntry;
using engine::WatchKind;
using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;
using motcua::testing::SampleCommand;

constexpr engine::Instant kHour = engine::kMicrosPerHour;
// A bound past every deadline the tests set.
constexpr engine::Instant kNever = std::numeric_limits<engine::Instant>::max();

// A stand-in for the engine's watch rules: a received dossier is overdue
// one hour after receipt; "noticing" it moves it on (a transfer), after
// which nothing is watched. The real rules are tested in engine/enforcement.
std::vector<WatchEntry> Watch(const Dossier& d) {
  if (d.state != engine::DossierState::kReceived) return {};
  return {WatchEntry{d.received_at + kHour, d.code, WatchKind::kOverdue, 0,
                     d.received_at + kHour}};
}

engine::Result<std::vector<DossierEvent>> Decide(const Dossier& d,
                                                 const WatchEntry& e,
                                                 engine::Instant now) {
  auto current = Watch(d);
  if (current.empty() || current[0] != e || e.due > now) {
    return std::vector<DossierEvent>{};
  }
  engine::DossierTransitioned t;
  t.transition = engine::Transition::kTransfer;
  t.from = engine::DossierState::kReceived;
  t.to = engine::DossierState::kTransferred;
  t.at = now;
  return std::vector<DossierEvent>{
      DossierEvent{d.version + 1, now, "sweeper", t}};
}

class SweeperTest : public ::testing::Test {
 protected:
  std::unique_ptr<Sequencer> StartSequencer() {
    SequencerOptions options;
    options.projections = {&deadlines_};
    auto s = Sequencer::Start(store_, clock_, options);
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }

  std::string Receive(Sequencer& seq, const std::string& id) {
    auto r = ReceiveSync(seq, SampleCommand(id));
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->dossier.code : "";
  }

  adapters::MemoryStore store_;
  ManualClock clock_{kMonday0930};
  DeadlineProjection deadlines_{Watch};
};

TEST_F(SweeperTest, FiresAtTheDueInstantOnce) {
  auto seq = StartSequencer();
  const std::string code = Receive(*seq, "a");
  Sweeper sweeper(*seq, store_, clock_, Decide);
  EXPECT_EQ(**store_.NextWatchDue(kNever), kMonday0930 + kHour);

  clock_.Set(kMonday0930 + kHour - 1);
  EXPECT_EQ(*sweeper.SweepOnce(), 0u);  // not yet
  clock_.Set(kMonday0930 + kHour);
  EXPECT_EQ(*sweeper.SweepOnce(), 1u);
  EXPECT_EQ((*store_.FindDossier(code))->state,
            engine::DossierState::kTransferred);
  EXPECT_FALSE(store_.NextWatchDue(kNever)->has_value());  // left the index
  EXPECT_EQ(*sweeper.SweepOnce(), 0u);                     // never twice
  EXPECT_EQ(store_.ListEvents(code)->size(), 2u);
}

TEST_F(SweeperTest, CatchesUpAfterARestartInBoundedBatches) {
  {
    auto seq = StartSequencer();
    for (int i = 0; i < 7; ++i) Receive(*seq, "r" + std::to_string(i));
  }
  // The server was down past every deadline.
  clock_.Set(kMonday0930 + 5 * kHour);
  auto seq = StartSequencer();
  SweeperOptions options;
  options.batch = 3;
  Sweeper sweeper(*seq, store_, clock_, Decide, options);
  EXPECT_EQ(*sweeper.SweepOnce(), 7u);
  EXPECT_FALSE(store_.NextWatchDue(kNever)->has_value());
  auto log = store_.ReadLog(0, 100);
  EXPECT_EQ(log->size(), 14u);
}

TEST_F(SweeperTest, StaleEntriesAreDroppedNotFired) {
  auto seq = StartSequencer();
  Receive(*seq, "a");
  clock_.Set(kMonday0930 + 2 * kHour);
  // An engine that says "no longer applies" for everything.
  Sweeper sweeper(*seq, store_, clock_,
                  [](const Dossier&, const WatchEntry&, engine::Instant) {
                    return engine::Result<std::vector<DossierEvent>>(
                        std::vector<DossierEvent>{});
                  });
  EXPECT_EQ(*sweeper.SweepOnce(), 0u);
  // The index was recomputed from the dossier: Watch() still wants the
  // entry, so it stays, but the pass ended instead of looping.
  EXPECT_TRUE(store_.NextWatchDue(kNever)->has_value());
}

TEST_F(SweeperTest, LagIsTheAgeOfTheOldestDueEntryNotFired) {
  auto seq = StartSequencer();
  Receive(*seq, "a");
  Sweeper sweeper(*seq, store_, clock_, Decide);
  EXPECT_EQ(*sweeper.Lag(), 0);  // nothing due yet
  clock_.Set(kMonday0930 + kHour);
  EXPECT_EQ(*sweeper.Lag(), 0);  // due this instant
  clock_.Set(kMonday0930 + kHour + 90 * engine::kMicrosPerSecond);
  EXPECT_EQ(*sweeper.Lag(), 90 * engine::kMicrosPerSecond);
  EXPECT_EQ(*sweeper.SweepOnce(), 1u);
  EXPECT_EQ(*sweeper.Lag(), 0);  // fired
}

}  // namespace
}  // namespace motcua::runtime

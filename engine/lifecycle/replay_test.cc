// Property test of the event-sourcing contract: for generated command
// sequences, the state kept incrementally equals Fold(log), equals the
// fold of the log after an encode/decode round trip, and survives its own
// encode/decode; Decide is deterministic; rejected commands append nothing;
// deadline notices interleaved with commands replay like any event; a
// returned dossier takes one citizen rating and refuses a second.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "engine/dossier/dossier_codec.h"
#include "engine/lifecycle/lifecycle_testing.h"
#include "engine/lifecycle/rating.h"
#include "engine/lifecycle/transition_table.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::SampleCatalogue;
using testing::ShippedCalendars;
using testing::Submission;

struct Start {
  const char* agency;
  const char* procedure;
  Channel channel;
  Instant at;
};

// Procedures with one, two and three steps, both regimes, all channels.
const Start kStarts[] = {
    {"H55.41", "1.001022", Channel::kDirect, At(2026, 1, 5, 9, 30)},
    {"H55.41", "1.001022", Channel::kOnline, At(2026, 1, 3, 21, 0)},
    {"H55.1", "1.012735", Channel::kPostal, At(2026, 3, 2, 8, 0)},
    {"H55.41", "1.011997", Channel::kDirect, At(2025, 12, 29, 16, 30)},
    {"H55.10", "1.001234", Channel::kDirect, At(2025, 1, 20, 9, 30)},
    {"H55.10", "1.001234", Channel::kOnline, At(2025, 7, 1, 7, 0)},
};

LifecycleCommand RandomCommand(std::mt19937& rng, const Dossier& d,
                               Instant at) {
  const auto t = static_cast<Transition>(rng() % kTransitionCount);
  const std::string agencies[] = {d.agency_code, d.holder_agency, "H55.22",
                                  "H55.16.1",    "H55.21",        "H55.23"};
  // Mostly the right agency, so that walks get far.
  std::string agency =
      agencies[rng() % 8 < 6
                   ? (RuleFor(t).actor == ActorRule::kReceivingAgency ? 0 : 1)
                   : 2 + rng() % 4];
  auto c = Cmd(t, agency, at, rng() % 6 == 0 ? "" : "Lý do");
  if (rng() % 2 == 0) c.to_agency = agencies[rng() % 6];
  if (t == Transition::kRequirePayment) c.amount_vnd = 1000 * (rng() % 3);
  if (t == Transition::kApologize) {
    c.new_appointment = d.appointment + (rng() % 5) * kMicrosPerDay;
  }
  if (rng() % 10 == 0) c.expected_version = d.version + rng() % 2;
  return c;
}

TEST(ReplayTest, GeneratedLogsReplayToIdenticalState) {
  int accepted = 0, rejected = 0, terminal = 0, notices = 0, rated = 0;
  std::set<Transition> seen;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 rng(seed);
    std::mt19937 notice_rng(seed * 7919);  // keeps the walks of `rng` intact
    const Start& s = kStarts[seed % std::size(kStarts)];
    auto first =
        Receive(Submission(s.agency, s.procedure, s.channel, s.at), s.at,
                rng() % 20, {SampleCatalogue(), ShippedCalendars()});
    ASSERT_TRUE(first.ok()) << first.error().message;
    std::vector<DossierEvent> log = {*first};
    Dossier state = Fold(log);
    Instant t = s.at;
    for (int i = 0; i < 40 && !IsTerminal(state.state); ++i) {
      // From minutes to a few days later, through nights and weekends.
      t += (rng() % 3 == 0 ? kMicrosPerDay : kMicrosPerHour) *
           static_cast<int64_t>(1 + rng() % 3);
      const LifecycleCommand cmd = RandomCommand(rng, state, t);
      const DecideContext ctx{ShippedCalendars(), &SampleCatalogue()};
      auto events = Decide(state, cmd, t, ctx);
      auto again = Decide(state, cmd, t, ctx);
      ASSERT_EQ(events.ok(), again.ok());
      if (!events.ok()) {
        ++rejected;
        EXPECT_EQ(events.error(), again.error());
        continue;
      }
      ++accepted;
      ASSERT_EQ(*events, *again);
      for (const DossierEvent& e : *events) {
        auto decoded = DecodeEvent(EncodeEvent(e));
        ASSERT_TRUE(decoded.ok());
        ASSERT_EQ(*decoded, e);
        Apply(state, e);
        log.push_back(e);
        seen.insert(std::get<DossierTransitioned>(e.body).transition);
      }
      ASSERT_EQ(state.state, std::get<DossierTransitioned>(log.back().body).to);
      ASSERT_GE(NationalStatus(state.state), 1);
      ASSERT_LE(NationalStatus(state.state), 10);
      if (notice_rng() % 4 == 0) {
        // A sweeper notice between commands changes nothing Decide reads
        // but the version.
        const DeadlineNoticed n{
            static_cast<WatchKind>(notice_rng() % kWatchKindCount),
            0,
            state.appointment,
            t,
            state.holder_agency,
            0};
        const DossierEvent e{state.version + 1, t, "sweeper", n};
        ASSERT_EQ(*DecodeEvent(EncodeEvent(e)), e);
        const Dossier before = state;
        Apply(state, e);
        log.push_back(e);
        ++notices;
        ASSERT_EQ(state.state, before.state);
        ASSERT_EQ(state.last_event_at, before.last_event_at);
        ASSERT_EQ(state.notices.size(), before.notices.size() + 1);
      }
    }
    terminal += IsTerminal(state.state) ? 1 : 0;
    {
      const int level = 1 + static_cast<int>(notice_rng() % 4);
      auto rating = DecideRating(state, level, notice_rng() % 5 == 0, "Góp ý",
                                 t + kMicrosPerDay);
      ASSERT_EQ(rating.ok(), state.state == DossierState::kReturned);
      if (rating.ok()) {
        const Dossier before = state;
        for (const DossierEvent& e : *rating) {
          ASSERT_EQ(*DecodeEvent(EncodeEvent(e)), e);
          Apply(state, e);
          log.push_back(e);
        }
        ++rated;
        ASSERT_EQ(state.state, before.state);
        ASSERT_EQ(state.last_event_at, before.last_event_at);
        ASSERT_EQ(state.rating->rating, level);
        ASSERT_FALSE(
            DecideRating(state, level, false, "", t + 2 * kMicrosPerDay).ok());
      } else {
        ASSERT_EQ(rating.error().code, ErrorCode::kFailedPrecondition);
      }
    }
    EXPECT_EQ(Fold(log), state);
    std::vector<DossierEvent> stored;
    for (const DossierEvent& e : log)
      stored.push_back(*DecodeEvent(EncodeEvent(e)));
    EXPECT_EQ(Fold(stored), state);
    auto back = DecodeDossier(EncodeDossier(state));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, state);
    EXPECT_EQ(state.version, log.size());
  }
  // The walks exercise the table, not only its refusals.
  RecordProperty("accepted", accepted);
  RecordProperty("rejected", rejected);
  RecordProperty("terminal", terminal);
  RecordProperty("rated", rated);
  EXPECT_GT(accepted, 450);
  EXPECT_GT(rejected, 450);
  EXPECT_GT(terminal, 100);
  EXPECT_GT(notices, 100);
  EXPECT_GT(rated, 0);  // few random walks get to a return (3 of 300)
  EXPECT_EQ(seen.size(), static_cast<size_t>(kTransitionCount));
}

}  // namespace
}  // namespace motcua::engine

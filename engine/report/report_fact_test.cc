#include "engine/report/report_fact.h"

#include <gtest/gtest.h>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/report/report_testing.h"
#include "engine/report/synthetic.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::MakeDossier;
using testing::TestCalendar;

// Received Mon 02/03/2026 09:00, 5 working days: due Mon 09/03 17:00.
const Instant kReceived = At(2026, 3, 2, 9, 0);

TEST(ReportFactTest, OverdueIntervalsFollowTheClockAtEveryInstant) {
  struct Case {
    const char* name;
    std::vector<ClockMark> marks;
    int intervals;
  };
  const std::vector<Case> cases = {
      {"plain", {}, 1},
      {"late apology cures, then overdue again",
       {testing::Reappoint(At(2026, 3, 11, 10, 0), At(2026, 3, 20, 17, 0))},
       2},
      {"suspended while overdue, resumed, apology",
       {testing::Suspend(At(2026, 3, 11, 10, 0)),
        testing::Resume(At(2026, 3, 13, 9, 30)),
        testing::Reappoint(At(2026, 3, 16, 8, 0), At(2026, 3, 18, 17, 0))},
       2},
      {"suspended in time, resumed",
       {testing::Suspend(At(2026, 3, 4, 10, 0)),
        testing::Resume(At(2026, 3, 12, 14, 0))},
       1},
      {"two cures",
       {testing::Reappoint(At(2026, 3, 11, 10, 0), At(2026, 3, 13, 17, 0)),
        testing::Reappoint(At(2026, 3, 17, 10, 0), At(2026, 3, 19, 17, 0))},
       3},
  };
  const WorkingCalendar& cal = TestCalendar();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FactDictionary dict;
    const Dossier d = MakeDossier({.received = kReceived, .marks = c.marks});
    auto f = FactOf(d, cal, dict);
    ASSERT_TRUE(f.ok()) << f.error().message;
    int used = 0;
    for (int i = 0; i < kOverdueSlots; ++i)
      used += f->overdue_from[i] != kNever;
    EXPECT_EQ(used, c.intervals);
    auto clock = DossierClock(d, cal);
    ASSERT_TRUE(clock.ok());
    for (Instant t = kReceived; t < At(2026, 4, 1, 0, 0);
         t += 37 * kMicrosPerMinute) {
      auto r = clock->Read(cal, t);
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(f->OverdueAt(ToReportMinute(t)), r->overdue)
          << FormatVietnamInstant(t);
    }
  }
}

TEST(ReportFactTest, EndingsAndReceipt) {
  FactDictionary dict;
  const Dossier done =
      MakeDossier({.received = kReceived, .completed = At(2026, 3, 6, 10, 0)});
  auto f = FactOf(done, TestCalendar(), dict);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->end, FactEnd::kCompleted);
  EXPECT_EQ(f->timeliness, Timeliness::kEarly);
  EXPECT_EQ(f->processing_days, 4);  // 02/03 is day 0; 06/03 is day 4
  EXPECT_EQ(f->received, ToReportMinute(kReceived));
  EXPECT_EQ(f->ended, ToReportMinute(At(2026, 3, 6, 10, 0)));

  Dossier awaiting = done;
  awaiting.completed_at.reset();
  awaiting.state = DossierState::kSubmittedOnline;
  awaiting.terms->awaiting_check = true;
  f = FactOf(awaiting, TestCalendar(), dict);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->received, kNever);

  Dossier refused = awaiting;
  refused.state = DossierState::kRefusedAtReceipt;
  refused.last_event_at = At(2026, 3, 3, 8, 0);
  f = FactOf(refused, TestCalendar(), dict);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->end, FactEnd::kRefusedAtReceipt);
  EXPECT_EQ(f->received, f->ended);

  const Dossier withdrawn = MakeDossier({.received = kReceived,
                                         .ended_as = DossierState::kWithdrawn,
                                         .ended_at = At(2026, 3, 9, 16, 0)});
  f = FactOf(withdrawn, TestCalendar(), dict);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->end, FactEnd::kWithdrawn);
  EXPECT_EQ(f->timeliness, Timeliness::kOnTime);  // on the appointment date
}

// Issue 11 item 13: the facts Decision 766/QĐ-TTg counts. An electronic
// result is a signed electronic one, not a result returned online.
TEST(ReportFactTest, Decision766FlagsAndTimeWithoutWaiting) {
  FactDictionary dict;
  // Mon 02/03 received; supplement asked Tue 03/03, brought Thu 05/03;
  // result Mon 09/03: 5 working days elapsed, 2 of them waiting.
  Dossier d = MakeDossier({.received = kReceived,
                           .marks = {testing::Suspend(At(2026, 3, 3, 9, 0)),
                                     testing::Resume(At(2026, 3, 5, 10, 0))},
                           .completed = At(2026, 3, 9, 10, 0)});
  d.terms->result_channel = Channel::kOnline;
  auto f = FactOf(d, TestCalendar(), dict);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->processing_days, 5);
  EXPECT_EQ(f->processing_days_net, 3);
  EXPECT_EQ(f->flags & kFactElectronicResult, 0);  // online is a channel
  EXPECT_EQ(f->flags & kFactDigitized, 0);
  EXPECT_EQ(f->flags & kFactPaymentRequired, 0);

  struct Case {
    const char* name;
    void (*edit)(Dossier&);
    uint8_t flags;
  };
  const Case cases[] = {
      {"signed electronic result, returned directly",
       [](Dossier& x) {
         x.terms->result_channel = Channel::kDirect;
         x.electronic_result = true;
       },
       kFactElectronicResult},
      {"digitised at the desk", [](Dossier& x) { x.digitized = true; },
       kFactDigitized},
      {"submitted online", [](Dossier& x) { x.channel = Channel::kOnline; },
       kFactDigitized},
      {"fees paid online",
       [](Dossier& x) {
         x.clock[0].reason = SuspensionReason::kPayment;
         x.paid_online = true;
       },
       kFactPaymentRequired | kFactPaidOnline},
      {"fees paid at the desk",
       [](Dossier& x) {
         x.clock[0].reason = SuspensionReason::kPayment;
         x.paid_otherwise = true;
       },
       kFactPaymentRequired},
      {"fees paid twice, once at the desk",
       [](Dossier& x) {
         x.clock[0].reason = SuspensionReason::kPayment;
         x.paid_online = x.paid_otherwise = true;
       },
       kFactPaymentRequired},
      {"acknowledged by the national portal",
       [](Dossier& x) { x.portal_synced_version = 1; }, kFactPortalSynced},
  };
  const uint8_t kIndicatorFlags = kFactElectronicResult | kFactDigitized |
                                  kFactPaymentRequired | kFactPaidOnline |
                                  kFactPortalSynced;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Dossier x = d;
    c.edit(x);
    auto g = FactOf(x, TestCalendar(), dict);
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->flags & kIndicatorFlags, c.flags);
    EXPECT_EQ(*DecodeFact(EncodeFact(*g)), *g);
  }

  // Waiting from the receipt day to the completion day leaves 0 net days,
  // never fewer.
  Dossier waited =
      MakeDossier({.received = kReceived,
                   .marks = {testing::Suspend(At(2026, 3, 2, 9, 30)),
                             testing::Resume(At(2026, 3, 9, 8, 0))},
                   .completed = At(2026, 3, 9, 10, 0)});
  auto w = FactOf(waited, TestCalendar(), dict);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->processing_days, 5);
  EXPECT_EQ(w->processing_days_net, 0);
}

TEST(ReportFactTest, RatingFoldsTheCitizenScale) {
  struct Case {
    const char* name;
    std::optional<DossierRated> rating;
    Rating expected;
  };
  const Instant at = At(2026, 3, 10, 20, 0);
  const Case cases[] = {
      {"not rated", std::nullopt, Rating::kNone},
      {"1 very satisfied", DossierRated{1, false, "", at}, Rating::kSatisfied},
      {"2 satisfied", DossierRated{2, false, "", at}, Rating::kSatisfied},
      {"3 acceptable", DossierRated{3, false, "", at}, Rating::kAcceptable},
      {"4 unsatisfied", DossierRated{4, false, "", at}, Rating::kUnsatisfied},
      {"1 with a complaint", DossierRated{1, true, "", at},
       Rating::kUnsatisfied},
      {"3 with a complaint", DossierRated{3, true, "x", at},
       Rating::kUnsatisfied},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FactDictionary dict;
    Dossier d = MakeDossier(
        {.received = kReceived, .completed = At(2026, 3, 6, 10, 0)});
    const auto unrated = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(unrated.ok());
    d.rating = c.rating;
    auto f = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(f->rating, c.expected);
    // Nothing else in the fact depends on the rating.
    ReportFact without = *f;
    without.rating = Rating::kNone;
    EXPECT_EQ(without, *unrated);
    auto back = DecodeFact(EncodeFact(*f));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, *f);
  }
}

TEST(ReportFactTest, EncodeDecodeRoundTripsGeneratedFacts) {
  auto gen = SyntheticGenerator::Create({.dossiers = 2000});
  ASSERT_TRUE(gen.ok());
  FactDictionary dict = gen->dictionary();
  for (int i = 0; i < gen->config().dossiers; ++i) {
    auto f = FactOf(gen->Generate(i), gen->calendar(), dict);
    ASSERT_TRUE(f.ok()) << f.error().message;
    const std::string bytes = EncodeFact(*f);
    ASSERT_EQ(bytes.size(), kEncodedFactSize);
    auto back = DecodeFact(bytes);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(*back, *f);
  }
  EXPECT_EQ(dict.agencies().size(), gen->dictionary().agencies().size());
}

TEST(ReportFactTest, DecodeRejectsBadInput) {
  ReportFact f;
  f.rating = Rating::kSatisfied;
  std::string bytes = EncodeFact(f);
  EXPECT_TRUE(DecodeFact(bytes).ok());
  EXPECT_FALSE(DecodeFact(bytes.substr(1)).ok());
  std::string version = bytes;
  version[0] = 9;
  EXPECT_FALSE(DecodeFact(version).ok());
  std::string level = bytes;
  level[kEncodedFactSize - 6] = 7;
  EXPECT_FALSE(DecodeFact(level).ok());
  // Facts of formats 1 and 2 are recomputed (FailedPrecondition), not read.
  for (auto [format, size] :
       {std::pair{1, kEncodedFactSize1}, std::pair{2, kEncodedFactSize2}}) {
    SCOPED_TRACE(format);
    std::string old(size, '\0');
    old[0] = static_cast<char>(format);
    auto r = DecodeFact(old);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  }
}

TEST(ReportFactTest, DictionaryInternsStably) {
  FactDictionary dict;
  EXPECT_EQ(*dict.InternAgency("H55.2"), 0);
  EXPECT_EQ(*dict.DefineAgency("H55.1", "Sở A", ReportLevel::kCommune), 1);
  EXPECT_EQ(*dict.DefineAgency("H55.2", "Sở B", ReportLevel::kProvince), 0);
  EXPECT_EQ(dict.AgencyLabel(0), "Sở B");
  EXPECT_EQ(dict.agencies()[1].level, ReportLevel::kCommune);
  EXPECT_EQ(*dict.InternField("F01", ""), 0);
  EXPECT_EQ(dict.FieldLabel(0), "F01");
  EXPECT_EQ(*dict.InternField("F01", "Hộ tịch"), 0);
  EXPECT_EQ(dict.FieldLabel(0), "Hộ tịch");
}

}  // namespace
}  // namespace motcua::engine

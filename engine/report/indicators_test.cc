#include "engine/report/indicators.h"

#include <gtest/gtest.h>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/report/report_testing.h"
#include "engine/report/synthetic.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::MakeDossier;
using testing::TestCalendar;

ReportFact Resolved(uint16_t agency, Channel channel, Timeliness t, int days,
                    Rating rating, bool electronic) {
  ReportFact f;
  f.agency = agency;
  f.procedure = static_cast<uint16_t>(agency + 10);
  f.channel = static_cast<uint8_t>(channel);
  f.received = ToReportMinute(At(2026, 1, 5, 9, 0));
  f.ended = ToReportMinute(At(2026, 2, 5, 9, 0));
  f.end = FactEnd::kCompleted;
  f.timeliness = t;
  f.processing_days = static_cast<uint16_t>(days);
  f.rating = rating;
  f.flags = electronic ? kFactElectronicResult : 0;
  return f;
}

TEST(IndicatorsTest, SharesAveragesMedianAndSatisfaction) {
  std::vector<ReportFact> facts = {
      Resolved(1, Channel::kOnline, Timeliness::kEarly, 2, Rating::kSatisfied,
               true),
      Resolved(1, Channel::kDirect, Timeliness::kOnTime, 10,
               Rating::kUnsatisfied, false),
      Resolved(1, Channel::kPostal, Timeliness::kLate, 6, Rating::kNone, false),
      Resolved(1, Channel::kOnline, Timeliness::kOnTime, 4, Rating::kSatisfied,
               true),
      Resolved(3, Channel::kDirect, Timeliness::kLate, 7, Rating::kNone, false),
  };
  // Received in the quarter but resolved after it: counts for channels only.
  ReportFact open = Resolved(1, Channel::kDirect, Timeliness::kOnTime, 0,
                             Rating::kNone, false);
  open.end = FactEnd::kOpen;
  open.ended = kNever;
  facts.push_back(open);
  const auto all =
      BuildIndicators(facts, *Quarter(2026, 1), IndicatorGroup::kAgency);
  ASSERT_EQ(all.size(), 2u);
  const Indicators& a = all[0];
  EXPECT_EQ(a.id, 1);
  EXPECT_EQ(a.received, 5);
  EXPECT_EQ(a.resolved, 4);
  EXPECT_DOUBLE_EQ(a.on_time_share(), 0.75);
  EXPECT_DOUBLE_EQ(a.average_processing_days, 5.5);
  EXPECT_EQ(a.median_processing_days, 4);  // 2 4 | 6 10: the lower middle
  EXPECT_DOUBLE_EQ(a.online_share(), 0.4);
  EXPECT_DOUBLE_EQ(a.direct_share(), 0.4);
  EXPECT_DOUBLE_EQ(a.postal_share(), 0.2);
  EXPECT_DOUBLE_EQ(a.electronic_result_share(), 0.5);
  EXPECT_DOUBLE_EQ(a.satisfied_share(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(a.decision766_satisfaction(), 0.75);
  EXPECT_EQ(all[1].id, 3);
  EXPECT_DOUBLE_EQ(all[1].on_time_share(), 0.0);
  EXPECT_EQ(all[1].median_processing_days, 7);

  const auto by_procedure =
      BuildIndicators(facts, *Quarter(2026, 1), IndicatorGroup::kProcedure);
  ASSERT_EQ(by_procedure.size(), 2u);
  EXPECT_EQ(by_procedure[0].id, 11);
  EXPECT_TRUE(BuildIndicators(facts, *Quarter(2026, 2), IndicatorGroup::kAgency)
                  .empty());
}

// Issue 11 item 13: digitisation (of received), online payment (of resolved
// with fees), signed electronic results (of resolved), and processing time
// with and without the applicant's waiting.
TEST(IndicatorsTest, Decision766DigitisationPaymentAndNetTime) {
  auto make = [](uint8_t flags, int days, int net) {
    ReportFact f = Resolved(1, Channel::kDirect, Timeliness::kOnTime, days,
                            Rating::kNone, false);
    f.flags = flags;
    f.processing_days_net = static_cast<uint16_t>(net);
    return f;
  };
  const std::vector<ReportFact> facts = {
      make(kFactDigitized | kFactElectronicResult, 10, 4),
      make(kFactPaymentRequired | kFactPaidOnline | kFactPortalSynced, 6, 6),
      make(kFactPaymentRequired | kFactPortalSynced, 8, 5),
      make(0, 2, 1),
  };
  const auto all =
      BuildIndicators(facts, *Quarter(2026, 1), IndicatorGroup::kAgency);
  ASSERT_EQ(all.size(), 1u);
  const Indicators& a = all[0];
  EXPECT_EQ(a.received, 4);
  EXPECT_EQ(a.received_digitized, 1);
  EXPECT_DOUBLE_EQ(a.digitization_share(), 0.25);
  EXPECT_EQ(a.received_synced, 2);
  EXPECT_DOUBLE_EQ(a.portal_sync_share(), 0.5);
  EXPECT_EQ(a.electronic_results, 1);
  EXPECT_DOUBLE_EQ(a.electronic_result_share(), 0.25);
  EXPECT_EQ(a.payment_required, 2);
  EXPECT_EQ(a.paid_online, 1);
  EXPECT_DOUBLE_EQ(a.online_payment_share(), 0.5);
  EXPECT_DOUBLE_EQ(a.average_processing_days, 6.5);
  EXPECT_EQ(a.median_processing_days, 6);  // 2 6 | 8 10
  EXPECT_DOUBLE_EQ(a.average_processing_days_net, 4.0);
  EXPECT_EQ(a.median_processing_days_net, 4);  // 1 4 | 5 6
}

TEST(IndicatorsTest, OverdueListEqualsTheClockOnGeneratedDossiers) {
  auto gen = SyntheticGenerator::Create({.dossiers = 5000});
  ASSERT_TRUE(gen.ok());
  FactDictionary dict = gen->dictionary();
  std::vector<Dossier> dossiers;
  std::vector<ReportFact> facts;
  for (int i = 0; i < gen->config().dossiers; ++i) {
    dossiers.push_back(gen->Generate(i));
    facts.push_back(*FactOf(dossiers.back(), gen->calendar(), dict));
  }
  const WorkingCalendar& cal = gen->calendar();
  for (Instant t :
       {At(2026, 3, 14, 23, 59), At(2026, 8, 3, 10, 0), gen->as_of()}) {
    SCOPED_TRACE(FormatVietnamInstant(t));
    std::vector<uint32_t> want;
    for (size_t i = 0; i < dossiers.size(); ++i) {
      const Dossier& d = dossiers[i];
      if (!d.terms || d.terms->awaiting_check || d.terms->clock_start > t) {
        continue;
      }
      if (d.completed_at ? *d.completed_at <= t
                         : IsTerminal(d.state) && d.last_event_at <= t) {
        continue;
      }
      if (DossierClock(d, cal)->Read(cal, t)->overdue) {
        want.push_back(static_cast<uint32_t>(i));
      }
    }
    const std::vector<uint32_t> got = OverdueAt(facts, t);
    EXPECT_EQ(got, want);
    EXPECT_FALSE(got.empty());
    for (uint32_t i : got) {
      auto e = DescribeOverdue(dossiers[i], cal, t);
      ASSERT_TRUE(e.ok()) << e.error().message;
      EXPECT_GE(e->working_days_late, 0);
      EXPECT_FALSE(e->responsible_agency.empty());
    }
  }
}

TEST(IndicatorsTest, OpenByHolderCountsOpenAndOverdueAtTheInstant) {
  // Received Mon 02/03/2026 09:00, 5 working days: due Mon 09/03 17:00.
  FactDictionary dict;
  const Dossier late =
      MakeDossier({.agency = "H55.1", .received = At(2026, 3, 2, 9, 0)});
  const Dossier done = MakeDossier({.agency = "H55.2",
                                    .received = At(2026, 3, 2, 9, 0),
                                    .completed = At(2026, 3, 5, 9, 0)});
  const std::vector<ReportFact> facts = {*FactOf(late, TestCalendar(), dict),
                                         *FactOf(done, TestCalendar(), dict)};
  ASSERT_EQ(dict.agencies().size(), 2u);
  struct Case {
    const char* name;
    Instant t;
    std::vector<OpenCount> want;
  };
  const std::vector<Case> cases = {
      {"before receipt", At(2026, 3, 1, 9, 0), {{0, 0}, {0, 0}}},
      {"both open", At(2026, 3, 3, 9, 0), {{1, 0}, {1, 0}}},
      {"the appointment day", At(2026, 3, 9, 23, 59), {{1, 0}, {0, 0}}},
      {"the next morning", At(2026, 3, 10, 0, 0), {{1, 1}, {0, 0}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(OpenByHolder(facts, c.t, dict.agencies().size()), c.want);
    // The same overdue rule as the overdue list.
    uint64_t overdue = 0;
    for (const OpenCount& n : OpenByHolder(facts, c.t, 2)) overdue += n.overdue;
    EXPECT_EQ(overdue, OverdueAt(facts, c.t).size());
  }
  EXPECT_TRUE(OpenByHolder(facts, At(2026, 3, 3, 9, 0), 0).empty());
}

TEST(IndicatorsTest, DescribeOverdueNamesDaysLateAndApology) {
  // Received Mon 02/03/2026 09:00, 5 working days: due Mon 09/03 17:00.
  const Dossier d = MakeDossier({.received = At(2026, 3, 2, 9, 0)});
  struct Case {
    const char* name;
    Instant t;
    bool overdue;
    int days_late;
  };
  const std::vector<Case> cases = {
      {"on the appointment date", At(2026, 3, 9, 16, 0), false, 0},
      {"the next morning", At(2026, 3, 10, 0, 0), true, 1},
      {"the weekend after", At(2026, 3, 14, 12, 0), true, 4},
      {"two weeks on", At(2026, 3, 23, 9, 0), true, 10},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto e = DescribeOverdue(d, TestCalendar(), c.t);
    ASSERT_EQ(e.ok(), c.overdue);
    if (!c.overdue) continue;
    EXPECT_EQ(e->working_days_late, c.days_late);
    EXPECT_EQ(e->responsible_agency, "H55.1");
    EXPECT_EQ(e->apology, ApologyStatus::kNone);
  }
  Dossier noticed = d;
  noticed.notices.push_back({WatchKind::kApologyRequired, 0, d.appointment,
                             At(2026, 3, 6, 8, 0), "H55.1"});
  EXPECT_EQ(
      DescribeOverdue(noticed, TestCalendar(), At(2026, 3, 12, 9, 0))->apology,
      ApologyStatus::kRequired);
  const Dossier apologised =
      MakeDossier({.received = At(2026, 3, 2, 9, 0),
                   .marks = {testing::Reappoint(At(2026, 3, 6, 9, 0),
                                                At(2026, 3, 11, 17, 0))}});
  auto e = DescribeOverdue(apologised, TestCalendar(), At(2026, 3, 13, 9, 0));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->apology, ApologyStatus::kApologized);
  EXPECT_FALSE(e->apology_untimely);
  EXPECT_EQ(e->working_days_late, 2);

  // Issue 11 item 12: an apology made after the appointment moved nothing
  // (engine/lifecycle/decide.h); the list shows it, flagged untimely.
  Dossier late = d;
  late.reappointments = {At(2026, 3, 11, 9, 0)};
  late.untimely_apologies = late.reappointments;
  auto before = DescribeOverdue(late, TestCalendar(), At(2026, 3, 10, 9, 0));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->apology, ApologyStatus::kNone);
  EXPECT_FALSE(before->apology_untimely);
  auto after = DescribeOverdue(late, TestCalendar(), At(2026, 3, 12, 9, 0));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->apology, ApologyStatus::kApologized);
  EXPECT_TRUE(after->apology_untimely);
  EXPECT_EQ(after->appointment, d.appointment);
  EXPECT_EQ(after->working_days_late, 3);
}

}  // namespace
}  // namespace motcua::engine

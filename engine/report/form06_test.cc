#include "engine/report/form06.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/report/report_testing.h"
#include "engine/report/synthetic.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::MakeDossier;
using testing::Story;
using testing::TestCalendar;

// An independent count straight from dossiers: it reads the Dossier fields
// and asks the lifecycle's clock about each cut-off, never a ReportFact.
using Cells = std::map<std::pair<std::string, std::string>, Form06Counts>;
Cells BruteForce(const std::vector<Dossier>& dossiers,
                 const WorkingCalendar& cal, const Period& p,
                 const ReportConfig& config) {
  Cells cells;
  for (const Dossier& d : dossiers) {
    if (d.state == DossierState::kSubmittedOnline) continue;
    Instant received = 0;
    std::optional<Instant> end;
    Treatment t = Treatment::kResolvedByTimeliness;
    Timeliness k = Timeliness::kOnTime;
    if (d.state == DossierState::kRefusedAtReceipt) {
      received = d.last_event_at;
      end = d.last_event_at;
      t = config.refused_at_receipt;
    } else {
      received = d.terms->clock_start;
      if (d.completed_at) {
        end = d.completed_at;
        k = *d.result;
      } else if (d.state == DossierState::kWithdrawn ||
                 d.state == DossierState::kStopped) {
        end = d.last_event_at;
        t = d.state == DossierState::kWithdrawn ? config.withdrawn
                                                : config.stopped;
        auto r = DossierClock(d, cal)->Read(cal, *end);
        EXPECT_TRUE(r.ok());
        k = ClassifyCompletion(*end, r->appointment);
      }
    }
    if (received >= p.end || (end && *end < p.start)) continue;
    const bool ended_in = end && *end < p.end;
    if (ended_in && t == Treatment::kExclude) continue;
    Form06Counts& c = cells[{d.agency_code, d.terms->field_code}];
    if (received >= p.start) {
      ++c[3];
      ++c[d.channel == Channel::kOnline ? 4 : 5];
    } else {
      ++c[6];
    }
    if (ended_in) {
      ++c[7];
      ++c[t == Treatment::kResolvedOnTime ? 9 : 8 + static_cast<int>(k)];
    } else {
      ++c[11];
      auto r = DossierClock(d, cal)->Read(cal, p.cutoff());
      EXPECT_TRUE(r.ok()) << d.code << ": " << r.error().message;
      ++c[r->overdue ? 13 : 12];
    }
  }
  return cells;
}

// Every row consistent; subtotals are the sums of their rows; field rows
// equal the brute force cell for cell.
void ExpectMatches(const Form06& form, const Cells& brute,
                   const FactDictionary& dict) {
  Cells got;
  Form06Counts level_sum, agency_sum, total;
  const Form06Row* level = nullptr;
  const Form06Row* agency = nullptr;
  auto close_agency = [&] {
    if (agency) {
      EXPECT_EQ(agency->counts, agency_sum) << agency->label;
    }
  };
  auto close_level = [&] {
    if (level) {
      EXPECT_EQ(level->counts, level_sum) << level->label;
    }
  };
  for (const Form06Row& r : form.rows) {
    EXPECT_TRUE(r.counts.Consistent()) << r.ordinal << " " << r.label;
    switch (r.kind) {
      case Form06RowKind::kLevel:
        close_agency();
        close_level();
        level = &r, agency = nullptr;
        level_sum = {};
        break;
      case Form06RowKind::kAgency:
        close_agency();
        agency = &r;
        agency_sum = {};
        EXPECT_EQ(r.level, dict.agencies()[r.agency].level);
        break;
      case Form06RowKind::kField:
        got[{dict.agencies()[r.agency].code, dict.fields()[r.field].code}] =
            r.counts;
        agency_sum += r.counts;
        level_sum += r.counts;
        total += r.counts;
        break;
    }
  }
  close_agency();
  close_level();
  EXPECT_TRUE(form.total.Consistent());
  EXPECT_EQ(form.total, total);
  EXPECT_EQ(got.size(), brute.size());
  for (const auto& [key, counts] : brute) {
    SCOPED_TRACE(key.first + " / " + key.second);
    auto it = got.find(key);
    ASSERT_NE(it, got.end());
    EXPECT_EQ(it->second, counts);
  }
}

struct Dataset {
  SyntheticGenerator gen;
  FactDictionary dict;
  std::vector<Dossier> dossiers;
  std::vector<ReportFact> facts;
};

const Dataset& Generated() {
  static const Dataset* data = [] {
    auto gen = SyntheticGenerator::Create({.dossiers = 20000});
    EXPECT_TRUE(gen.ok());
    auto* d = new Dataset{*gen, gen->dictionary(), {}, {}};
    for (int i = 0; i < gen->config().dossiers; ++i) {
      d->dossiers.push_back(gen->Generate(i));
      auto f = FactOf(d->dossiers.back(), gen->calendar(), d->dict);
      EXPECT_TRUE(f.ok()) << f.error().message;
      d->facts.push_back(*f);
    }
    return d;
  }();
  return *data;
}

TEST(Form06Test, EqualsBruteForceOnGeneratedDossiers) {
  const Dataset& data = Generated();
  std::vector<Period> periods = {*Quarter(2026, 1),
                                 *Quarter(2026, 2),
                                 *Quarter(2026, 3),
                                 *Quarter(2026, 4),
                                 *Month(2026, 1),
                                 *Month(2026, 7),
                                 *HalfYear(2026, 1),
                                 *NineMonths(2026),
                                 *Year(2026),
                                 *Custom({2026, 2, 3}, {2026, 2, 3}),
                                 *Custom({2025, 11, 1}, {2027, 1, 31})};
  std::vector<ReportConfig> configs = {
      ReportConfig{},
      {Treatment::kExclude, Treatment::kExclude, Treatment::kExclude},
      {Treatment::kResolvedOnTime, Treatment::kResolvedOnTime,
       Treatment::kResolvedOnTime},
      {Treatment::kResolvedByTimeliness, Treatment::kResolvedByTimeliness,
       Treatment::kResolvedByTimeliness}};
  for (const Period& p : periods) {
    for (size_t ci = 0; ci < configs.size(); ++ci) {
      SCOPED_TRACE(p.name_en + " config " + std::to_string(ci));
      const Form06 form = BuildForm06(data.facts, p, configs[ci], data.dict);
      ExpectMatches(
          form, BruteForce(data.dossiers, data.gen.calendar(), p, configs[ci]),
          data.dict);
    }
  }
}

// The comparison above is only worth something if every column is hit.
TEST(Form06Test, GeneratedQuarterExercisesEveryColumn) {
  const Dataset& data = Generated();
  const Form06 form =
      BuildForm06(data.facts, *Quarter(2026, 2), ReportConfig{}, data.dict);
  for (int col = 3; col <= 13; ++col) {
    SCOPED_TRACE(col);
    EXPECT_GT(form.total[col], 0);
  }
  bool province = false, commune = false;
  for (const Form06Row& r : form.rows) {
    province |=
        r.kind == Form06RowKind::kLevel && r.level == ReportLevel::kProvince;
    commune |=
        r.kind == Form06RowKind::kLevel && r.level == ReportLevel::kCommune;
  }
  EXPECT_TRUE(province && commune);
  const double late = static_cast<double>(form.total[10]) / form.total[7];
  EXPECT_GT(late, 0.02);
  EXPECT_LT(late, 0.15);
}

// A quarter asked on its cut-off day and asked months later: the same form.
TEST(Form06Test, PastQuarterIsTheSameAsOnItsCutOffDay) {
  const Dataset& later = Generated();
  for (int q : {1, 2}) {
    SCOPED_TRACE(q);
    const Period period = *Quarter(2026, q);
    auto then = SyntheticGenerator::Create(
        {.dossiers = later.gen.config().dossiers, .as_of = period.cutoff()});
    ASSERT_TRUE(then.ok());
    FactDictionary dict = then->dictionary();
    std::vector<ReportFact> facts;
    int changed = 0;
    for (int i = 0; i < then->config().dossiers; ++i) {
      auto f = FactOf(then->Generate(i), then->calendar(), dict);
      ASSERT_TRUE(f.ok());
      facts.push_back(*f);
      changed += !(*f == later.facts[i]);
    }
    EXPECT_GT(changed, 1000);  // the dossiers did move on
    for (const ReportConfig& config :
         {ReportConfig{},
          ReportConfig{Treatment::kResolvedOnTime, Treatment::kExclude,
                       Treatment::kResolvedByTimeliness}}) {
      const Form06 on_the_day = BuildForm06(facts, period, config, dict);
      const Form06 today = BuildForm06(later.facts, period, config, later.dict);
      EXPECT_EQ(on_the_day, today);
    }
  }
}

Form06Counts Counts(std::initializer_list<std::pair<int, int64_t>> v) {
  Form06Counts c;
  for (auto [col, n] : v) c[col] = n;
  return c;
}

TEST(Form06Test, PeriodBoundariesAtFourteenthMidnightVietnamTime) {
  struct Case {
    const char* name;
    Story story;
    Form06Counts q1;  // Q1 2026 = 15/12/2025 .. 14/03/2026
    Form06Counts q2;
  };
  const std::vector<Case> cases = {
      // Sat 14/03 23:59 counts from Mon 16/03: appointment 23/03.
      {"received 14th 23:59",
       {.received = At(2026, 3, 14, 23, 59)},
       Counts({{3, 1}, {5, 1}, {11, 1}, {12, 1}}),
       Counts({{6, 1}, {11, 1}, {13, 1}})},
      {"received 15th 00:00",
       {.received = At(2026, 3, 15, 0, 0)},
       Counts({}),
       Counts({{3, 1}, {5, 1}, {11, 1}, {13, 1}})},
      // Received Tue 10/03 09:00, 5 working days: appointment 17/03.
      {"completed 14th 23:59",
       {.received = At(2026, 3, 10, 9, 0),
        .completed = At(2026, 3, 14, 23, 59)},
       Counts({{3, 1}, {5, 1}, {7, 1}, {8, 1}}),
       Counts({})},
      {"completed 15th 00:00: in progress at the cut-off",
       {.received = At(2026, 3, 10, 9, 0), .completed = At(2026, 3, 15, 0, 0)},
       Counts({{3, 1}, {5, 1}, {11, 1}, {12, 1}}),
       Counts({{6, 1}, {7, 1}, {8, 1}})},
      // Due Fri 13/03 (received 06/03): overdue on the 14th already.
      {"due 13th, open",
       {.received = At(2026, 3, 6, 9, 0)},
       Counts({{3, 1}, {5, 1}, {11, 1}, {13, 1}}),
       Counts({{6, 1}, {11, 1}, {13, 1}})},
      // Received Mon 09/03 09:00: due Mon 16/03, after Q1's cut-off.
      {"due after the cut-off, open",
       {.received = At(2026, 3, 9, 9, 0), .channel_online = true},
       Counts({{3, 1}, {4, 1}, {11, 1}, {12, 1}}),
       Counts({{6, 1}, {11, 1}, {13, 1}})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FactDictionary dict;
    const Dossier d = MakeDossier(c.story);
    auto f = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(f.ok());
    const ReportFact facts[] = {*f};
    EXPECT_EQ(BuildForm06(facts, *Quarter(2026, 1), {}, dict).total, c.q1);
    EXPECT_EQ(BuildForm06(facts, *Quarter(2026, 2), {}, dict).total, c.q2);
    for (int q : {1, 2}) {
      ExpectMatches(BuildForm06(facts, *Quarter(2026, q), {}, dict),
                    BruteForce({d}, TestCalendar(), *Quarter(2026, q), {}),
                    dict);
    }
  }
}

TEST(Form06Test, SuspendedAcrossTheCutOff) {
  // Received Mon 02/03/2026 09:00, 5 working days: appointment 09/03 17:00.
  const Instant received = At(2026, 3, 2, 9, 0);
  struct Case {
    const char* name;
    std::vector<ClockMark> marks;
    int q1;  // 12 within deadline, 13 overdue at 14/03 23:59:59
  };
  const std::vector<Case> cases = {
      {"suspended before the appointment, resumed after the cut-off",
       {testing::Suspend(At(2026, 3, 5, 10, 0)),
        testing::Resume(At(2026, 3, 20, 9, 0))},
       12},
      {"suspended after the appointment date, already overdue",
       {testing::Suspend(At(2026, 3, 11, 10, 0)),
        testing::Resume(At(2026, 3, 20, 9, 0))},
       13},
      {"suspended on the appointment date itself: not yet overdue",
       {testing::Suspend(At(2026, 3, 9, 16, 0)),
        testing::Resume(At(2026, 3, 20, 9, 0))},
       12},
      {"still suspended, never resumed",
       {testing::Suspend(At(2026, 3, 5, 10, 0))},
       12},
      {"not suspended", {}, 13},
      {"resumed before the cut-off with days left",
       {testing::Suspend(At(2026, 3, 5, 10, 0)),
        testing::Resume(At(2026, 3, 12, 9, 0))},
       12},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FactDictionary dict;
    const Dossier d = MakeDossier({.received = received, .marks = c.marks});
    auto f = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(f.ok()) << f.error().message;
    const ReportFact facts[] = {*f};
    const Period q1 = *Quarter(2026, 1);
    const Form06 form = BuildForm06(facts, q1, {}, dict);
    EXPECT_EQ(form.total[c.q1], 1);
    EXPECT_EQ(form.total[11], 1);
    ExpectMatches(form, BruteForce({d}, TestCalendar(), q1, {}), dict);
  }
}

TEST(Form06Test, TreatmentsOfWithdrawnAndStoppedDossiers) {
  // Received 02/03 (Q1), appointment 09/03; withdrawn / stopped on 20/03 (Q2,
  // after the appointment date: "late" when classified by timeliness).
  struct Case {
    const char* name;
    ReportConfig config;
    DossierState state;
    Form06Counts q2;  // Q1: in progress and overdue at the cut-off, always
  };
  const ReportConfig exclude{Treatment::kExclude, Treatment::kExclude,
                             Treatment::kExclude};
  const ReportConfig on_time{Treatment::kResolvedOnTime,
                             Treatment::kResolvedOnTime,
                             Treatment::kResolvedOnTime};
  const ReportConfig classified{Treatment::kResolvedByTimeliness,
                                Treatment::kResolvedByTimeliness,
                                Treatment::kResolvedByTimeliness};
  const std::vector<Case> cases = {
      {"withdrawn, excluded", exclude, DossierState::kWithdrawn, {}},
      {"withdrawn, on time", on_time, DossierState::kWithdrawn,
       Counts({{6, 1}, {7, 1}, {9, 1}})},
      {"withdrawn, classified", classified, DossierState::kWithdrawn,
       Counts({{6, 1}, {7, 1}, {10, 1}})},
      {"stopped, excluded", exclude, DossierState::kStopped, {}},
      {"stopped, classified", classified, DossierState::kStopped,
       Counts({{6, 1}, {7, 1}, {10, 1}})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FactDictionary dict;
    const Dossier d = MakeDossier({.received = At(2026, 3, 2, 9, 0),
                                   .ended_as = c.state,
                                   .ended_at = At(2026, 3, 20, 10, 0)});
    auto f = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(f.ok());
    const ReportFact facts[] = {*f};
    const Form06 q1 = BuildForm06(facts, *Quarter(2026, 1), c.config, dict);
    EXPECT_EQ(q1.total, Counts({{3, 1}, {5, 1}, {11, 1}, {13, 1}}));
    const Form06 q2 = BuildForm06(facts, *Quarter(2026, 2), c.config, dict);
    EXPECT_EQ(q2.total, c.q2);
    EXPECT_EQ(q2.treatment_note, TreatmentNote(c.config));
  }
  EXPECT_NE(TreatmentNote(exclude), TreatmentNote(on_time));
}

TEST(Form06Test, RowsAreGroupedByLevelThenAgencyThenField) {
  FactDictionary dict;
  ASSERT_TRUE(
      dict.DefineAgency("H55.101.1", "UBND xã A", ReportLevel::kCommune).ok());
  ASSERT_TRUE(dict.DefineAgency("H55.2", "Sở B", ReportLevel::kProvince).ok());
  ASSERT_TRUE(dict.DefineAgency("H55.1", "Sở A", ReportLevel::kProvince).ok());
  std::vector<ReportFact> facts;
  for (auto [agency, field] :
       {std::pair{"H55.101.1", "F02"}, std::pair{"H55.2", "F01"},
        std::pair{"H55.1", "F02"}, std::pair{"H55.1", "F01"}}) {
    auto f = FactOf(MakeDossier({.agency = agency,
                                 .field = field,
                                 .received = At(2026, 1, 5, 9, 0)}),
                    TestCalendar(), dict);
    ASSERT_TRUE(f.ok());
    facts.push_back(*f);
  }
  const Form06 form = BuildForm06(facts, *Quarter(2026, 1), {}, dict);
  std::vector<std::string> got;
  for (const Form06Row& r : form.rows) got.push_back(r.ordinal + " " + r.label);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "I Cấp tỉnh", "1 Sở A", "1.1 Lĩnh vực F01",
                     "1.2 Lĩnh vực F02", "2 Sở B", "2.1 Lĩnh vực F01",
                     "II Cấp xã", "1 UBND xã A", "1.1 Lĩnh vực F02"}));
  EXPECT_EQ(form.rows[0].counts[3], 3);
  EXPECT_EQ(form.total[3], 4);
}

}  // namespace
}  // namespace motcua::engine

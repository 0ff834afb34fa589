#include "engine/report/form06.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/overdue.h"
#include "engine/report/indicators.h"
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
    // Biểu số 06 (Circular 01/2020/TT-VPCP): column 3 = 4 + 5 + 6.
    ++c[3];  // Biểu số 06: column 3 = 4 + 5 + 6
    if (received >= p.start) {
      ++c[d.channel == Channel::kOnline ? 4 : 5];
    } else {
      ++c[6];
    }
    if (ended_in) {
      ++c[7];
      ++c[t == Treatment::kResolvedOnTime ? 9 : 8 + static_cast<int>(k)];
    } else {
      ++c[11];
      // Open at the cut-off; the clock's own reading once the last day has
      // wholly passed (DOMAIN.md §7), not the fact's intervals.
      auto r = DossierClock(d, cal)->Read(cal, p.end);
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

// Biểu số 06 of Circular 01/2020/TT-VPCP heads column 3 "Tổng số" over
// 4 (online), 5 (direct or postal) and 6 (carried over), and provincial
// systems check 3 = 7 + 11: on every row, not just the total.
TEST(Form06Test, ColumnThreeIsNewPlusCarriedOverOnEveryRow) {
  const Dataset& data = Generated();
  const Form06 form =
      BuildForm06(data.facts, *Quarter(2026, 2), ReportConfig{}, data.dict);
  ASSERT_GT(form.total[6], 0);
  std::vector<std::pair<std::string, Form06Counts>> rows;
  for (const Form06Row& r : form.rows) rows.emplace_back(r.label, r.counts);
  rows.emplace_back("Tổng cộng", form.total);
  for (const auto& [label, c] : rows) {
    SCOPED_TRACE(label);
    EXPECT_EQ(c[3], c[4] + c[5] + c[6]);
    EXPECT_EQ(c[3], c[7] + c[11]);
    EXPECT_EQ(c[7], c[8] + c[9] + c[10]);
    EXPECT_EQ(c[11], c[12] + c[13]);
  }
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
       Counts({{3, 1}, {6, 1}, {11, 1}, {13, 1}})},
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
       Counts({{3, 1}, {6, 1}, {7, 1}, {8, 1}})},
      // Due Fri 13/03 (received 06/03): overdue on the 14th already.
      {"due 13th, open",
       {.received = At(2026, 3, 6, 9, 0)},
       Counts({{3, 1}, {5, 1}, {11, 1}, {13, 1}}),
       Counts({{3, 1}, {6, 1}, {11, 1}, {13, 1}})},
      // Received Mon 09/03 09:00: due Mon 16/03, after Q1's cut-off.
      {"due after the cut-off, open",
       {.received = At(2026, 3, 9, 9, 0), .channel_online = true},
       Counts({{3, 1}, {4, 1}, {11, 1}, {12, 1}}),
       Counts({{3, 1}, {6, 1}, {11, 1}, {13, 1}})},
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
       Counts({{3, 1}, {6, 1}, {7, 1}, {9, 1}})},
      {"withdrawn, classified", classified, DossierState::kWithdrawn,
       Counts({{3, 1}, {6, 1}, {7, 1}, {10, 1}})},
      {"stopped, excluded", exclude, DossierState::kStopped, {}},
      {"stopped, classified", classified, DossierState::kStopped,
       Counts({{3, 1}, {6, 1}, {7, 1}, {10, 1}})},
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

// Issue 11 item 9. Q3 2026 ends Mon 14/09. Received Mon 07/09 09:00 with 5
// working days: due Mon 14/09, the period's last day. At the cut-off (the
// period's last instant) that whole day has passed, so a dossier still open
// then is overdue in Q3 (col 13) — the same whether it is still open today,
// was resolved in the first minute of 15/09 or later that morning, or was
// withdrawn afterwards: Q3's figures do not depend on what happened after
// its cut-off.
//
// "Overdue at instant t" (engine/lifecycle/overdue.h) is one rule: open at t
// and t at or after 00:00 of the day after the appointment date. So at
// 23:59:59 of the appointment day itself the dossier is NOT yet overdue (the
// overdue list and GetDossier do not show it); from 00:00 of 15/09 it is.
// The period's figures are read when its last day has passed, i.e. where
// the list, asked at 00:00 of 15/09, does show it.
TEST(Form06Test, DueOnTheLastDayIsOverdueAtTheCutOffWhateverHappenedAfter) {
  const Period q3 = *Quarter(2026, 3);
  ASSERT_EQ(q3.last, (CivilDate{2026, 9, 14}));
  const Instant received = At(2026, 9, 7, 9, 0);
  const Instant last_second = At(2026, 9, 14, 23, 59) + 59 * kMicrosPerSecond;
  const Instant next_midnight = At(2026, 9, 15, 0, 0);
  struct Case {
    const char* name;
    Story story;
  };
  const std::vector<Case> cases = {
      {"still open today", {.received = received}},
      {"resolved 15/09 00:00",
       {.received = received, .completed = At(2026, 9, 15, 0, 0)}},
      {"resolved 15/09 10:00",
       {.received = received, .completed = At(2026, 9, 15, 10, 0)}},
      {"withdrawn 16/09",
       {.received = received,
        .ended_as = DossierState::kWithdrawn,
        .ended_at = At(2026, 9, 16, 9, 0)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FactDictionary dict;
    const Dossier d = MakeDossier(c.story);
    ASSERT_EQ(VietnamDateOf(d.appointment), q3.last);
    auto f = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(f.ok());
    const ReportFact facts[] = {*f};
    const Form06 form = BuildForm06(facts, q3, {}, dict);
    EXPECT_EQ(form.total, Counts({{3, 1}, {5, 1}, {11, 1}, {13, 1}}));
    ExpectMatches(form, BruteForce({d}, TestCalendar(), q3, {}), dict);

    // The one rule at 23:59:59 of the appointment day: not yet overdue.
    EXPECT_FALSE(*IsOverdueAt(d, TestCalendar(), last_second));
    EXPECT_TRUE(OverdueAt(facts, last_second).empty());
    EXPECT_FALSE(DescribeOverdue(d, TestCalendar(), last_second).ok());
    // From 00:00 the next day: overdue while still open.
    const bool open_at_midnight =
        !d.completed_at || *d.completed_at > next_midnight;
    EXPECT_EQ(*IsOverdueAt(d, TestCalendar(), next_midnight), open_at_midnight);
    EXPECT_EQ(OverdueAt(facts, next_midnight).size(),
              open_at_midnight ? 1u : 0u);
    EXPECT_EQ(DescribeOverdue(d, TestCalendar(), next_midnight).ok(),
              open_at_midnight);
  }
}

// Issue 11 item 10: by default a withdrawal is resolved on time, so what is
// in progress at a period's cut-off (col 11) is exactly what the next period
// carries over (col 6), row by row, over a dataset with withdrawals.
TEST(Form06Test, CarriedOverEqualsPreviousInProgressByDefault) {
  const Dataset& data = Generated();
  EXPECT_EQ(ReportConfig{}.withdrawn, Treatment::kResolvedOnTime);
  int withdrawn = 0;
  for (const ReportFact& f : data.facts)
    withdrawn += f.end == FactEnd::kWithdrawn;
  ASSERT_GT(withdrawn, 100);
  for (int q : {2, 3, 4}) {
    SCOPED_TRACE(q);
    const Form06 before =
        BuildForm06(data.facts, *Quarter(2026, q - 1), {}, data.dict);
    const Form06 after =
        BuildForm06(data.facts, *Quarter(2026, q), {}, data.dict);
    EXPECT_GT(after.total[6], 0);
    EXPECT_EQ(after.total[6], before.total[11]);
    std::map<std::pair<uint16_t, uint16_t>, int64_t> in_progress, carried;
    for (const Form06Row& r : before.rows) {
      if (r.kind == Form06RowKind::kField) {
        in_progress[{r.agency, r.field}] = r.counts[11];
      }
    }
    for (const Form06Row& r : after.rows) {
      if (r.kind == Form06RowKind::kField && r.counts[6] > 0) {
        carried[{r.agency, r.field}] = r.counts[6];
      }
    }
    std::erase_if(in_progress, [](const auto& kv) { return kv.second == 0; });
    EXPECT_EQ(carried, in_progress);
    // Withdrawals of carried-over dossiers are what the old default lost.
    const ReportConfig exclude{Treatment::kExclude};
    EXPECT_LT(
        BuildForm06(data.facts, *Quarter(2026, q), exclude, data.dict).total[6],
        before.total[11]);
  }
  EXPECT_NE(TreatmentNote({}).find("Hồ sơ rút (công dân xin rút): tính là "
                                   "đã giải quyết đúng hạn"),
            std::string::npos);
}

// Received at a one-stop desk, resolved by a department: rows by receiving
// agency (default) or by resolving agency; the note says which.
TEST(Form06Test, RowsByResolvingAgency) {
  FactDictionary dict;
  ASSERT_TRUE(dict.DefineAgency("H55.1", "Trung tâm Phục vụ hành chính công",
                                ReportLevel::kProvince)
                  .ok());
  ASSERT_TRUE(
      dict.DefineAgency("H55.10", "Sở Tư pháp", ReportLevel::kProvince).ok());
  std::vector<ReportFact> facts;
  for (int i = 0; i < 3; ++i) {
    Dossier d =
        MakeDossier({.agency = "H55.1", .received = At(2026, 1, 5 + i, 9, 0)});
    if (i < 2) d.steps.front().agency_code = "H55.10";  // transferred
    auto f = FactOf(d, TestCalendar(), dict);
    ASSERT_TRUE(f.ok());
    facts.push_back(*f);
  }
  auto agencies = [&](const Form06& form) {
    std::map<std::string, int64_t> out;
    for (const Form06Row& r : form.rows) {
      if (r.kind == Form06RowKind::kAgency) {
        out[dict.agencies()[r.agency].code] = r.counts[3];
      }
    }
    return out;
  };
  const Period q1 = *Quarter(2026, 1);
  const Form06 receiving = BuildForm06(facts, q1, {}, dict);
  EXPECT_EQ(agencies(receiving),
            (std::map<std::string, int64_t>{{"H55.1", 3}}));
  ReportConfig by_resolver;
  by_resolver.grouping = AgencyGrouping::kResolvingAgency;
  const Form06 resolving = BuildForm06(facts, q1, by_resolver, dict);
  EXPECT_EQ(agencies(resolving),
            (std::map<std::string, int64_t>{{"H55.1", 1}, {"H55.10", 2}}));
  EXPECT_EQ(resolving.total, receiving.total);
  EXPECT_NE(resolving.treatment_note.find("cơ quan giải quyết"),
            std::string::npos);
  EXPECT_NE(receiving.treatment_note.find("cơ quan tiếp nhận"),
            std::string::npos);
}

// A report for one agency's subtree (catalogue parent links).
TEST(Form06Test, SubtreeOfOneAgency) {
  auto agency = [](std::string code, std::string parent, AgencyLevel level) {
    Agency a;
    a.code = std::move(code);
    a.name = "Cơ quan " + a.code;
    a.parent_code = std::move(parent);
    a.level = level;
    a.calendar = "synthetic";
    return a;
  };
  auto catalogue =
      Catalogue::Build({{agency("H55", "", AgencyLevel::kProvince),
                         agency("H55.10", "H55", AgencyLevel::kDepartment),
                         agency("H55.11", "H55.10", AgencyLevel::kOther),
                         agency("H55.20", "H55", AgencyLevel::kDepartment)},
                        {}});
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  FactDictionary dict;
  std::vector<ReportFact> facts;
  for (const char* code : {"H55.10", "H55.11", "H55.20", "H55.99"}) {
    auto f =
        FactOf(MakeDossier({.agency = code, .received = At(2026, 1, 5, 9, 0)}),
               TestCalendar(), dict);
    ASSERT_TRUE(f.ok());
    facts.push_back(*f);
  }
  auto scope = SubtreeScope(*catalogue, dict, "H55.10");
  ASSERT_TRUE(scope.ok());
  const Form06 form = BuildForm06(facts, *Quarter(2026, 1), {}, dict, *scope);
  std::vector<std::string> rows;
  for (const Form06Row& r : form.rows) {
    if (r.kind == Form06RowKind::kAgency) {
      rows.push_back(dict.agencies()[r.agency].code);
    }
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"H55.10", "H55.11"}));
  EXPECT_EQ(form.total[3], 2);
  auto whole = SubtreeScope(*catalogue, dict, "H55");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(BuildForm06(facts, *Quarter(2026, 1), {}, dict, *whole).total[3],
            3);  // H55.99 is not in the catalogue
  EXPECT_EQ(SubtreeScope(*catalogue, dict, "H56").error().code,
            ErrorCode::kNotFound);
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

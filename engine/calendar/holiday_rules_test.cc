#include "engine/calendar/holiday_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace motcua::engine {
namespace {

constexpr RuleDayKind H = RuleDayKind::kHoliday;
constexpr RuleDayKind C = RuleDayKind::kCompensatoryDayOff;

std::string Describe(const std::vector<RuleDayOff>& days) {
  std::string out;
  for (const RuleDayOff& d : days) {
    out += FormatDate(d.date) + (d.kind == H ? " H " : " C ") +
           std::string(HolidayKeyword(d.holiday)) + "\n";
  }
  return out;
}

// Years whose published schedules (see deploy/calendars/) follow the rules
// exactly once the Tết placement of that year is configured.
TEST(HolidayRulesTest, ReproducesPublishedYearsWithoutSwaps) {
  struct Case {
    int year;
    int tet_days_before;
    std::vector<RuleDayOff> want;
  };
  const Case cases[] = {
      {2022,
       1,
       {{{2022, 1, 1}, H, Holiday::kNewYear},
        {{2022, 1, 3}, C, Holiday::kNewYear},
        {{2022, 1, 31}, H, Holiday::kTet},
        {{2022, 2, 1}, H, Holiday::kTet},
        {{2022, 2, 2}, H, Holiday::kTet},
        {{2022, 2, 3}, H, Holiday::kTet},
        {{2022, 2, 4}, H, Holiday::kTet},
        {{2022, 4, 10}, H, Holiday::kHungKings},
        {{2022, 4, 11}, C, Holiday::kHungKings},
        {{2022, 4, 30}, H, Holiday::kReunificationDay},
        {{2022, 5, 1}, H, Holiday::kLabourDay},
        {{2022, 5, 2}, C, Holiday::kReunificationDay},
        {{2022, 5, 3}, C, Holiday::kLabourDay},
        {{2022, 9, 1}, H, Holiday::kNationalDay},
        {{2022, 9, 2}, H, Holiday::kNationalDay}}},
      {2023,
       2,
       {{{2023, 1, 1}, H, Holiday::kNewYear},
        {{2023, 1, 2}, C, Holiday::kNewYear},
        {{2023, 1, 20}, H, Holiday::kTet},
        {{2023, 1, 21}, H, Holiday::kTet},
        {{2023, 1, 22}, H, Holiday::kTet},
        {{2023, 1, 23}, H, Holiday::kTet},
        {{2023, 1, 24}, H, Holiday::kTet},
        {{2023, 1, 25}, C, Holiday::kTet},
        {{2023, 1, 26}, C, Holiday::kTet},
        {{2023, 4, 29}, H, Holiday::kHungKings},
        {{2023, 4, 30}, H, Holiday::kReunificationDay},
        {{2023, 5, 1}, H, Holiday::kLabourDay},
        {{2023, 5, 2}, C, Holiday::kHungKings},
        {{2023, 5, 3}, C, Holiday::kReunificationDay},
        {{2023, 9, 1}, H, Holiday::kNationalDay},
        {{2023, 9, 2}, H, Holiday::kNationalDay},
        {{2023, 9, 4}, C, Holiday::kNationalDay}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.year);
    HolidayRules rules;
    rules.tet_days_before_new_year = c.tet_days_before;
    const std::vector<RuleDayOff> got =
        RuleDaysOff(c.year, rules, kMondayToFriday);
    EXPECT_EQ(got, c.want) << Describe(got);
  }
}

TEST(HolidayRulesTest, TetPlacementIsConfigurable) {
  struct Case {
    int before;
    CivilDate first;
    CivilDate last_compensatory;  // Tết 2024 (10/2) is a Saturday
  };
  const Case cases[] = {
      {0, {2024, 2, 10}, {2024, 2, 16}},  // 10-14 + 15, 16 for Sat, Sun
      {1, {2024, 2, 9}, {2024, 2, 15}},   // 9-13 + 14, 15
      {2, {2024, 2, 8}, {2024, 2, 14}},   // as decided: 8/2-14/2
      {5, {2024, 2, 5}, {2024, 2, 12}},   // 5-9 + ... 12 (10, 11 not Tết)
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.before);
    HolidayRules rules;
    rules.tet_days_before_new_year = c.before;
    std::vector<CivilDate> tet;
    CivilDate last_comp{};
    for (const RuleDayOff& d : RuleDaysOff(2024, rules, kMondayToFriday)) {
      if (d.holiday != Holiday::kTet) {
        continue;
      }
      if (d.kind == H) {
        tet.push_back(d.date);
      }
      if (d.kind == C) {
        last_comp = d.date;
      }
    }
    ASSERT_EQ(tet.size(), 5u);
    EXPECT_EQ(tet.front(), c.first);
    if (c.before == 5) {
      EXPECT_EQ(last_comp, CivilDate{});  // 5/2-9/2 are Mon-Fri
    } else {
      EXPECT_EQ(last_comp, c.last_compensatory);
    }
  }
}

TEST(HolidayRulesTest, NationalDayExtraDay) {
  struct Case {
    int year;
    NationalDayExtra choice;
    std::vector<CivilDate> want;  // National Day days off, incl. nghỉ bù
  };
  using N = NationalDayExtra;
  const Case cases[] = {
      // Default reproduces the decided pairs of 2021-2025.
      {2021, N::kLongestBreak, {{2021, 9, 2}, {2021, 9, 3}}},
      {2022, N::kLongestBreak, {{2022, 9, 1}, {2022, 9, 2}}},
      {2023, N::kLongestBreak, {{2023, 9, 1}, {2023, 9, 2}, {2023, 9, 4}}},
      {2024, N::kLongestBreak, {{2024, 9, 2}, {2024, 9, 3}}},
      {2025, N::kLongestBreak, {{2025, 9, 1}, {2025, 9, 2}}},
      // Pinned: 1/9/2024 is a Sunday, so it is compensated on 3/9.
      {2024, N::kSeptember1, {{2024, 9, 1}, {2024, 9, 2}, {2024, 9, 3}}},
      {2022, N::kSeptember3, {{2022, 9, 2}, {2022, 9, 3}, {2022, 9, 5}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.year) + " choice " +
                 std::to_string(static_cast<int>(c.choice)));
    HolidayRules rules;
    rules.national_day_extra = c.choice;
    std::vector<CivilDate> got;
    for (const RuleDayOff& d : RuleDaysOff(c.year, rules, kMondayToFriday)) {
      if (d.holiday == Holiday::kNationalDay) {
        got.push_back(d.date);
      }
    }
    EXPECT_EQ(got, c.want);
  }
}

TEST(HolidayRulesTest, CompensationFollowsTheCalendarsRestDaysAndCanBeOff) {
  // 2022-01-01 is a Saturday. Six-day week: Saturday is worked, no nghỉ bù.
  const WorkingWeekdays monday_to_saturday = {true, true, true, true,
                                              true, true, false};
  struct Case {
    std::string name;
    WorkingWeekdays week;
    bool compensate;
    int want_compensatory;  // in 2022
  };
  const Case cases[] = {
      {"five-day week", kMondayToFriday, true, 4},    // 3/1 11/4 2/5 3/5
      {"six-day week", monday_to_saturday, true, 2},  // for 10/4, 1/5
      {"no compensation", kMondayToFriday, false, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HolidayRules rules;
    rules.compensate_rest_day_holidays = c.compensate;
    int compensatory = 0;
    for (const RuleDayOff& d : RuleDaysOff(2022, rules, c.week)) {
      if (d.kind == C) {
        ++compensatory;
        EXPECT_TRUE(c.week[Weekday(d.date)]) << FormatDate(d.date);
      }
    }
    EXPECT_EQ(compensatory, c.want_compensatory);
  }
}

TEST(HolidayRulesTest, KeywordsRoundTrip) {
  for (int i = 0; i < kHolidayCount; ++i) {
    const Holiday h = static_cast<Holiday>(i);
    SCOPED_TRACE(HolidayKeyword(h));
    EXPECT_EQ(HolidayFromKeyword(HolidayKeyword(h)), h);
    EXPECT_FALSE(HolidayName(h).empty());
  }
  EXPECT_EQ(HolidayFromKeyword("Tet"), std::nullopt);
}

}  // namespace
}  // namespace motcua::engine

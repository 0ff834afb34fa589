#include "engine/calendar/holiday_rules.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace motcua::engine {
namespace {

constexpr RuleDayKind H = RuleDayKind::kHoliday;
constexpr RuleDayKind C = RuleDayKind::kCompensatoryDayOff;

std::string Describe(const std::vector<RuleDayOff>& days) {
  std::string out;
  for (const RuleDayOff& d : days) {
    out +=
        FormatDate(d.date) + (d.kind == H ? " H " : " C ") + d.holiday + "\n";
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
       {{{2022, 1, 1}, H, "new_year"},
        {{2022, 1, 3}, C, "new_year"},
        {{2022, 1, 31}, H, "tet"},
        {{2022, 2, 1}, H, "tet"},
        {{2022, 2, 2}, H, "tet"},
        {{2022, 2, 3}, H, "tet"},
        {{2022, 2, 4}, H, "tet"},
        {{2022, 4, 10}, H, "hung_kings"},
        {{2022, 4, 11}, C, "hung_kings"},
        {{2022, 4, 30}, H, "reunification"},
        {{2022, 5, 1}, H, "labour"},
        {{2022, 5, 2}, C, "reunification"},
        {{2022, 5, 3}, C, "labour"},
        {{2022, 9, 1}, H, "national_day"},
        {{2022, 9, 2}, H, "national_day"}}},
      {2023,
       2,
       {{{2023, 1, 1}, H, "new_year"},
        {{2023, 1, 2}, C, "new_year"},
        {{2023, 1, 20}, H, "tet"},
        {{2023, 1, 21}, H, "tet"},
        {{2023, 1, 22}, H, "tet"},
        {{2023, 1, 23}, H, "tet"},
        {{2023, 1, 24}, H, "tet"},
        {{2023, 1, 25}, C, "tet"},
        {{2023, 1, 26}, C, "tet"},
        {{2023, 4, 29}, H, "hung_kings"},
        {{2023, 4, 30}, H, "reunification"},
        {{2023, 5, 1}, H, "labour"},
        {{2023, 5, 2}, C, "hung_kings"},
        {{2023, 5, 3}, C, "reunification"},
        {{2023, 9, 1}, H, "national_day"},
        {{2023, 9, 2}, H, "national_day"},
        {{2023, 9, 4}, C, "national_day"}}},
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
      if (d.holiday != "tet") {
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
      if (d.holiday == "national_day") {
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

TEST(HolidayRulesTest, LabourCode2019TableIsValidAndNamed) {
  const std::vector<HolidayDefinition> table = LabourCode2019Holidays();
  ASSERT_TRUE(ValidateHolidays(table).ok());
  ASSERT_EQ(table.size(), 6u);
  const HolidayRules rules;
  for (std::string_view key : {kNewYear, kTet, kHungKings, kReunificationDay,
                               kLabourDay, kNationalDay}) {
    SCOPED_TRACE(key);
    const HolidayDefinition* h = rules.Find(key);
    ASSERT_NE(h, nullptr);
    EXPECT_FALSE(h->name.empty());
    EXPECT_EQ(h->source, "Bộ luật Lao động 45/2019/QH14, Điều 112");
  }
  EXPECT_EQ(rules.Find("Tet"), nullptr);
}

// A holiday added as data: 24/11 in force from 2026-07-01. Years before it
// are unchanged; from 2026 it is a day off, compensated when it falls on a
// weekend (24/11/2029 is a Saturday -> Monday 26/11).
TEST(HolidayRulesTest, NewHolidayAppliesFromItsEffectiveDate) {
  HolidayRules with;
  HolidayDefinition culture;
  culture.key = "culture_day";
  culture.name = "Ngày Văn hóa Việt Nam";
  culture.month = 11;
  culture.day = 24;
  culture.from = CivilDate{2026, 7, 1};
  culture.source = "test";
  with.holidays.push_back(culture);
  ASSERT_TRUE(ValidateHolidays(with.holidays).ok());
  const HolidayRules without;
  for (int year = 2000; year <= 2025; ++year) {
    SCOPED_TRACE(year);
    EXPECT_EQ(RuleDaysOff(year, with, kMondayToFriday),
              RuleDaysOff(year, without, kMondayToFriday));
  }
  auto find = [&](int year, CivilDate date) -> std::optional<RuleDayOff> {
    for (const RuleDayOff& d : RuleDaysOff(year, with, kMondayToFriday)) {
      if (d.date == date) return d;
    }
    return std::nullopt;
  };
  EXPECT_EQ(find(2025, {2025, 11, 24}), std::nullopt);
  EXPECT_EQ(find(2026, {2026, 11, 24}),
            (RuleDayOff{{2026, 11, 24}, H, "culture_day"}));
  EXPECT_EQ(find(2029, {2029, 11, 26}),
            (RuleDayOff{{2029, 11, 26}, C, "culture_day"}));
  // Until: a holiday repealed after 2030 is gone in 2031.
  with.holidays.back().until = CivilDate{2030, 12, 31};
  EXPECT_NE(find(2030, {2030, 11, 25}), std::nullopt);  // Sunday 24 -> 25
  EXPECT_EQ(find(2031, {2031, 11, 24}), std::nullopt);
  // No compensation when the definition says so.
  with.holidays.back().compensate = false;
  EXPECT_EQ(find(2029, {2029, 11, 26}), std::nullopt);
  EXPECT_NE(find(2029, {2029, 11, 24}), std::nullopt);
}

TEST(HolidayRulesTest, ValidateRejectsBadDefinitions) {
  struct Case {
    std::string name;
    std::function<void(HolidayDefinition&)> edit;
    std::string want;
  };
  const Case cases[] = {
      {"key", [](HolidayDefinition& h) { h.key = "Culture"; }, "key must be"},
      {"no name", [](HolidayDefinition& h) { h.name.clear(); },
       "name is empty"},
      {"no source", [](HolidayDefinition& h) { h.source.clear(); },
       "source is empty"},
      {"29/2", [](HolidayDefinition& h) { h.month = 2, h.day = 29; },
       "does not exist every year"},
      {"days", [](HolidayDefinition& h) { h.days = 0; }, "outside 1..10"},
      {"year end",
       [](HolidayDefinition& h) { h.month = 12, h.day = 31, h.days = 2; },
       "cross 31/12"},
      {"lunar 30",
       [](HolidayDefinition& h) {
         h.rule = HolidayDateRule::kLunar;
         h.day = 30;
       },
       "day 1..29"},
      {"adjacent days",
       [](HolidayDefinition& h) {
         h.rule = HolidayDateRule::kSolarWithAdjacent;
       },
       "days 2"},
      {"range",
       [](HolidayDefinition& h) {
         h.from = CivilDate{2027, 1, 1};
         h.until = CivilDate{2026, 1, 1};
       },
       "before it comes into force"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HolidayDefinition h;
    h.key = "x";
    h.name = "X";
    h.month = 11;
    h.day = 24;
    h.source = "s";
    c.edit(h);
    Status s = ValidateHolidays({h});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find(c.want), std::string::npos)
        << s.error().message;
  }
  std::vector<HolidayDefinition> twice = LabourCode2019Holidays();
  twice.push_back(twice.front());
  EXPECT_FALSE(ValidateHolidays(twice).ok());
  EXPECT_FALSE(ValidateHolidays({}).ok());
}

}  // namespace
}  // namespace motcua::engine

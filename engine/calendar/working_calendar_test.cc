#include "engine/calendar/working_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "shipped_schedules.h"

namespace motcua::engine {
namespace {

using ::testing::HasSubstr;

CalendarConfig Config(std::string name, int first_year = 2000,
                      int last_year = 2099) {
  CalendarConfig config;
  config.name = std::move(name);
  config.first_year = first_year;
  config.last_year = last_year;
  return config;
}

Instant At(int y, int m, int d, int hh, int mm) {
  return VietnamMidnight({y, m, d}) + hh * kMicrosPerHour +
         mm * kMicrosPerMinute;
}

std::vector<OfficialSchedule> Shipped() {
  std::vector<OfficialSchedule> out;
  for (const ShippedSchedule& s : kShippedSchedules) {
    Result<OfficialSchedule> parsed = ParseOfficialSchedule(s.text);
    EXPECT_TRUE(parsed.ok()) << s.year << ": " << parsed.error().message;
    if (parsed.ok()) {
      EXPECT_EQ(parsed->year, s.year);
      out.push_back(*std::move(parsed));
    }
  }
  return out;
}

std::shared_ptr<const WorkingCalendar> Make(
    std::vector<OfficialSchedule> schedules = Shipped(),
    CalendarConfig config = Config("ha-noi")) {
  auto cal =
      WorkingCalendar::Create(std::move(config), std::move(schedules), 7);
  EXPECT_TRUE(cal.ok()) << cal.error().message;
  return *cal;
}

TEST(WorkingCalendarTest, ShippedSchedulesGiveThePublishedDaysOff) {
  const auto cal = Make();
  struct Case {
    CivilDate first;
    CivilDate last;
    bool working;
  };
  const Case cases[] = {
      {{2022, 1, 28}, {2022, 1, 28}, true},
      {{2022, 1, 29}, {2022, 2, 6}, false},  // Tết 2022 with weekends
      {{2022, 2, 7}, {2022, 2, 7}, true},
      {{2023, 1, 2}, {2023, 1, 2}, false},  // nghỉ bù for New Year
      {{2023, 1, 19}, {2023, 1, 19}, true},
      {{2023, 1, 20}, {2023, 1, 26}, false},  // Tết 2023
      {{2023, 1, 27}, {2023, 1, 27}, true},
      {{2024, 5, 4}, {2024, 5, 4}, true},    // Saturday worked
      {{2025, 4, 26}, {2025, 4, 26}, true},  // Saturday worked
      {{2025, 4, 29}, {2025, 4, 29}, true},
      {{2025, 4, 30}, {2025, 5, 4}, false},
      {{2025, 5, 5}, {2025, 5, 5}, true},
      // 2026 (issue 11): official, no longer the rules. The rules made Fri
      // 02/01 a working day and Sat 10/01 a rest day (Văn bản 12729).
      {{2026, 1, 1}, {2026, 1, 4}, false},
      {{2026, 1, 5}, {2026, 1, 5}, true},
      {{2026, 1, 10}, {2026, 1, 10}, true},  // Saturday worked
      {{2026, 2, 13}, {2026, 2, 13}, true},
      {{2026, 2, 14}, {2026, 2, 22}, false},  // Tết Bính Ngọ with weekends
      {{2026, 2, 23}, {2026, 2, 23}, true},
      {{2026, 8, 22}, {2026, 8, 22}, true},  // Saturday worked for 31/8
      {{2026, 8, 28}, {2026, 8, 28}, true},
      {{2026, 8, 29}, {2026, 9, 2}, false},  // National Day, Mon 31/8 swapped
      {{2026, 9, 3}, {2026, 9, 3}, true},
      // 24/11 not confirmed in force: a working day (holidays.rules).
      {{2026, 11, 24}, {2026, 11, 24}, true},
      // 2027 as reported (Tết Đinh Mùi 04/02-10/02; the rules give
      // 05/02-11/02).
      {{2027, 2, 3}, {2027, 2, 3}, true},
      {{2027, 2, 4}, {2027, 2, 10}, false},
      {{2027, 2, 11}, {2027, 2, 11}, true},
      {{2027, 9, 2}, {2027, 9, 5}, false},
      {{2027, 9, 6}, {2027, 9, 6}, true},
  };
  for (const Case& c : cases) {
    for (int64_t d = DaysFromCivil(c.first); d <= DaysFromCivil(c.last); ++d) {
      SCOPED_TRACE(FormatDate(CivilFromDays(d)));
      EXPECT_EQ(*cal->IsWorkingDay(CivilFromDays(d)), c.working);
    }
  }
}

// Cross-check of data and rules: with the year's Tết placement, the rules
// give exactly the shipped days off, except the decided swaps.
TEST(WorkingCalendarTest, ShippedSchedulesAgreeWithRulesExceptSwaps) {
  struct Case {
    int year;
    int tet_days_before;
    size_t swapped;  // swapped days off + worked rest days
  };
  const Case cases[] = {{2022, 1, 0}, {2023, 2, 0}, {2024, 2, 2},
                        {2025, 2, 2}, {2026, 1, 4}, {2027, 2, 0}};
  const auto official = Make();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.year);
    CalendarConfig config = Config("rules");
    config.holiday_rules.tet_days_before_new_year = c.tet_days_before;
    const auto rules = Make({}, config);
    std::set<std::string> official_off, rules_off;
    const Result<YearDays> official_days = official->DaysOff(c.year);
    const Result<YearDays> rules_days = rules->DaysOff(c.year);
    std::set<std::string> swapped;
    for (const DayInfo& d : official_days->days) {
      if (d.kind == DayKind::kSwappedDayOff ||
          d.kind == DayKind::kSwappedWorkingDay) {
        swapped.insert(FormatDate(d.date));
      } else if (!d.working()) {
        official_off.insert(FormatDate(d.date));
      }
    }
    for (const DayInfo& d : rules_days->days) {
      if (!d.working() && !swapped.contains(FormatDate(d.date))) {
        rules_off.insert(FormatDate(d.date));
      }
    }
    EXPECT_EQ(swapped.size(), c.swapped);
    EXPECT_EQ(official_off, rules_off);
  }
}

TEST(WorkingCalendarTest, DaysOffGiveReasonsAndSayWhereTheyCameFrom) {
  const auto cal = Make();
  Result<YearDays> y2025 = cal->DaysOff(2025);
  ASSERT_TRUE(y2025.ok());
  EXPECT_TRUE(y2025->official_schedule);
  EXPECT_EQ(y2025->calendar, "ha-noi");
  EXPECT_EQ(y2025->calendar_version, 7);
  // 104 weekend days + 11 holidays + 1 swapped day off (the worked
  // Saturday is listed too and is one of the 104).
  EXPECT_EQ(y2025->days.size(), 104u + 11u + 1u);
  struct Case {
    CivilDate date;
    DayKind kind;
    std::string holiday;
    bool official;
    std::string source;
  };
  const Case cases[] = {
      {{2025, 4, 26}, DayKind::kSwappedWorkingDay, {}, true, "6150/TB"},
      {{2025, 5, 2}, DayKind::kSwappedDayOff, {}, true, "6150/TB"},
      {{2025, 1, 27}, DayKind::kHoliday, "tet", true, "6150/TB"},
      {{2025, 5, 3}, DayKind::kWeeklyRest, {}, false, ""},
      {{2023, 1, 21}, DayKind::kHoliday, "tet", true, "8056/VPCP"},
      {{2023, 1, 2},
       DayKind::kCompensatoryDayOff,
       "new_year",
       true,
       "Điều 112"},
      // 2026 is official since issue 11 (it used to fall back to rules).
      {{2026, 2, 16}, DayKind::kHoliday, "tet", true, "9441"},
      {{2026, 1, 10}, DayKind::kSwappedWorkingDay, "", true, "12729"},
      {{2026, 8, 31}, DayKind::kSwappedDayOff, "", true, "9859"},
      // No schedule for 2028: rules, and the answer says so (1/1/2028 is a
      // Saturday).
      {{2028, 1, 1}, DayKind::kHoliday, "new_year", false, "Điều 112"},
      {{2028, 1, 3},
       DayKind::kCompensatoryDayOff,
       "new_year",
       false,
       "Điều 111"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.date));
    Result<DayInfo> d = cal->Day(c.date);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->kind, c.kind) << DayKindName(d->kind);
    EXPECT_EQ(d->holiday, c.holiday);
    EXPECT_EQ(d->official, c.official);
    EXPECT_THAT(d->source, HasSubstr(c.source));
  }
  EXPECT_TRUE(cal->DaysOff(2026)->official_schedule);
  EXPECT_TRUE(cal->DaysOff(2027)->official_schedule);
  EXPECT_FALSE(cal->DaysOff(2028)->official_schedule);
  EXPECT_EQ(cal->Day({2026, 2, 16})->holiday_name, "Tết Âm lịch");
}

// A holiday added as data (holiday_rules.h): in force from 2026-07-01, it
// is a day off in rule-based years from 2026 on, and deadlines move past
// it; 24/11/2025 stays a working day.
TEST(WorkingCalendarTest, HolidayAddedAsDataMovesDeadlines) {
  CalendarConfig config = Config("culture");
  HolidayDefinition culture;
  culture.key = "culture_day";
  culture.name = "Ngày Văn hóa Việt Nam";
  culture.month = 11;
  culture.day = 24;
  culture.from = CivilDate{2026, 7, 1};
  culture.source = "văn bản thử";
  config.holiday_rules.holidays.push_back(culture);
  const auto with = Make({}, config);
  const auto without = Make({}, Config("plain"));
  EXPECT_TRUE(*with->IsWorkingDay({2025, 11, 24}));
  Result<DayInfo> d = with->Day({2026, 11, 24});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, DayKind::kHoliday);
  EXPECT_EQ(d->holiday, "culture_day");
  EXPECT_EQ(d->holiday_name, "Ngày Văn hóa Việt Nam");
  EXPECT_EQ(d->source, "văn bản thử");
  EXPECT_FALSE(d->official);
  // Mon 23/11/2026 + 1 working day: Wed 25/11 with it, Tue 24/11 without.
  EXPECT_EQ(*with->AddWorkingDays({2026, 11, 23}, 1),
            (CivilDate{2026, 11, 25}));
  EXPECT_EQ(*without->AddWorkingDays({2026, 11, 23}, 1),
            (CivilDate{2026, 11, 24}));
  EXPECT_EQ(*with->AddWorkingDays({2025, 11, 21}, 1),
            (CivilDate{2025, 11, 24}));
  // An official schedule may name it once it is in the table.
  auto schedule = ParseOfficialSchedule(
      "year 2027\nsource S s\noff 2027-11-24 holiday culture_day S\n");
  ASSERT_TRUE(schedule.ok());
  EXPECT_TRUE(WorkingCalendar::Create(config, {*schedule}, 1).ok());
  EXPECT_FALSE(WorkingCalendar::Create(Config("plain"), {*schedule}, 1).ok());
}

TEST(WorkingCalendarTest, WorkingTimeArithmetic) {
  const auto cal = Make();
  const int64_t h = kMicrosPerHour;
  const int64_t m = kMicrosPerMinute;
  struct Case {
    std::string name;
    Instant from;
    Instant to;
    int64_t between;
  };
  const Case cases[] = {
      {"one working day", At(2025, 3, 3, 7, 0), At(2025, 3, 3, 17, 0), 8 * h},
      {"lunch does not count", At(2025, 3, 3, 11, 0), At(2025, 3, 3, 14, 0), h},
      {"night does not count", At(2025, 3, 3, 16, 0), At(2025, 3, 4, 8, 0),
       2 * h},
      {"weekend does not count", At(2025, 3, 7, 16, 30), At(2025, 3, 10, 7, 30),
       h},
      {"worked Saturday counts", At(2025, 4, 25, 17, 0), At(2025, 4, 28, 7, 0),
       8 * h},
      {"five days off", At(2025, 4, 29, 17, 0), At(2025, 5, 5, 7, 0), 0},
      {"across a year boundary", At(2022, 12, 30, 16, 0), At(2023, 1, 3, 7, 30),
       h + 30 * m},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(*cal->WorkingTimeBetween(c.from, c.to), c.between);
    EXPECT_EQ(*cal->WorkingTimeBetween(c.to, c.from), -c.between);
    if (c.between > 0) {
      // AddWorkingTime is the earliest instant that uses up the time.
      const Instant end = *cal->AddWorkingTime(c.from, c.between);
      EXPECT_EQ(*cal->WorkingTimeBetween(c.from, end), c.between);
      EXPECT_LE(end, c.to);
      EXPECT_EQ(*cal->NextWorkingInstant(end), *cal->NextWorkingInstant(c.to));
    }
  }
  struct AddCase {
    std::string name;
    Instant from;
    int64_t add;
    Instant want;
  };
  const AddCase adds[] = {
      {"ends at 17:00, not next 07:00", At(2025, 3, 3, 7, 0), 8 * h,
       At(2025, 3, 3, 17, 0)},
      {"ends at 11:30, not 13:30", At(2025, 3, 3, 7, 0), 4 * h + 30 * m,
       At(2025, 3, 3, 11, 30)},
      {"from lunch", At(2025, 3, 3, 12, 0), h, At(2025, 3, 3, 14, 30)},
      {"over Tết 2023", At(2023, 1, 19, 16, 0), 2 * h, At(2023, 1, 27, 8, 0)},
      {"zero", At(2025, 3, 8, 10, 0), 0, At(2025, 3, 8, 10, 0)},
  };
  for (const AddCase& c : adds) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(FormatVietnamInstant(*cal->AddWorkingTime(c.from, c.add)),
              FormatVietnamInstant(c.want));
  }
  struct NextCase {
    Instant t;
    Instant want;
  };
  const NextCase nexts[] = {
      {At(2025, 3, 3, 6, 0), At(2025, 3, 3, 7, 0)},
      {At(2025, 3, 3, 7, 0), At(2025, 3, 3, 7, 0)},
      {At(2025, 3, 3, 11, 30), At(2025, 3, 3, 13, 30)},
      {At(2025, 3, 3, 17, 0), At(2025, 3, 4, 7, 0)},
      {At(2025, 4, 25, 18, 0), At(2025, 4, 26, 7, 0)},  // worked Saturday
      {At(2025, 4, 29, 18, 0), At(2025, 5, 5, 7, 0)},
  };
  for (const NextCase& c : nexts) {
    SCOPED_TRACE(FormatVietnamInstant(c.t));
    EXPECT_EQ(*cal->NextWorkingInstant(c.t), c.want);
  }
  EXPECT_EQ(*cal->AddWorkingDays({2025, 4, 24}, 2), (CivilDate{2025, 4, 26}));
  EXPECT_EQ(*cal->AddWorkingDays({2025, 4, 29}, 1), (CivilDate{2025, 5, 5}));
  EXPECT_EQ(*cal->AddWorkingDays({2025, 4, 29}, 0), (CivilDate{2025, 4, 29}));
  EXPECT_EQ(cal->working_day_length(), 8 * h);
}

TEST(WorkingCalendarTest, OutsideTheTableIsAnErrorNotAGuess) {
  const auto cal = Make();
  EXPECT_EQ(cal->Day({2100, 1, 1}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(cal->IsWorkingDay({1999, 12, 31}).error().message,
              HasSubstr("covers 2000..2099"));
  EXPECT_FALSE(cal->AddWorkingDays({2099, 12, 30}, 5).ok());
  EXPECT_FALSE(
      cal->AddWorkingTime(At(2099, 12, 31, 8, 0), 80 * kMicrosPerHour).ok());
  EXPECT_FALSE(cal->AddWorkingTime(At(2025, 1, 2, 8, 0), -1).ok());
}

TEST(WorkingCalendarTest, RejectsBadConfigsAndSchedules) {
  struct Case {
    std::string name;
    CalendarConfig config;
    std::string schedule;  // optional
    std::string want;
  };
  CalendarConfig no_days = Config("x");
  no_days.working_weekdays = {};
  CalendarConfig overlap = Config("x");
  overlap.working_hours = {{420, 700}, {690, 1020}};
  CalendarConfig tet = Config("x");
  tet.holiday_rules.tet_days_before_new_year = 6;
  CalendarConfig years = Config("x", 1899);
  const Case cases[] = {
      {"empty name", {}, "", "must be non-empty"},
      {"no working weekday", no_days, "", "no working weekday"},
      {"overlapping hours", overlap, "", "non-overlapping"},
      {"tet placement", tet, "", "0..5"},
      {"year range", years, "", "within 1900..2199"},
      {"work on a weekday", Config("x"),
       "year 2025\nsource S s\nwork 2025-04-28 S\n",
       "2025-04-28 a worked rest day, but it is already a working day"},
      {"schedule outside range", Config("x", 2024, 2024), "year 2025\n",
       "outside it"},
      // Schedules may name any holiday of the calendar's table, and only
      // those (before holidays were data, the parser rejected this).
      {"undefined holiday", Config("x"),
       "year 2025\nsource S s\noff 2025-01-02 holiday tett S\n",
       "names holiday 'tett' on 2025-01-02, which the holiday table"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<OfficialSchedule> schedules;
    if (!c.schedule.empty()) {
      schedules.push_back(*ParseOfficialSchedule(c.schedule));
    }
    auto cal = WorkingCalendar::Create(c.config, schedules, 1);
    ASSERT_FALSE(cal.ok());
    EXPECT_EQ(cal.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(cal.error().message, HasSubstr(c.want));
  }
}

}  // namespace
}  // namespace motcua::engine

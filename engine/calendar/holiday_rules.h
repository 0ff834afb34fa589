// Public holidays by rule, for the years that have no official schedule.
//
// Model. A calendar's HolidayRules hold a list of HolidayDefinitions (data:
// deploy/calendars/holidays.rules, parsed by holiday_table.h) and the
// calendar's placement choices. The default list is the Labour Code 2019
// (Bộ luật Lao động 45/2019/QH14), Art. 112(1), eleven days:
//   new_year       Tết Dương lịch     solar 1/1                     1 day
//   tet            Tết Âm lịch        around 1/1 lunar              5 days
//   hung_kings     Giỗ Tổ Hùng Vương  lunar 10/3 (never leap 3)     1 day
//   reunification  Ngày Chiến thắng   solar 30/4                    1 day
//   labour         Quốc tế Lao động   solar 1/5                     1 day
//   national_day   Quốc khánh         2/9 + 1/9 or 3/9              2 days
// A new holiday (e.g. 24/11, Ngày Văn hóa Việt Nam) is one more line of
// data with the date it comes into force; no code changes.
//
// Date rules (HolidayDateRule):
//  - kSolar: `days` consecutive days from day/month of the Gregorian year.
//  - kLunar: `days` consecutive days from day/month of the lunar calendar
//    (never the leap month); the occurrence that falls in the Gregorian
//    year is used (a lunar 12th-month date belongs to the next January).
//  - kLunarNewYear: the `days`-day block around 1/1 lunar, of which the
//    calendar's `tet_days_before_new_year` come before it. Default 1: the
//    last day of the old lunar year plus the first four of the new one
//    (Tết 2022: 31/01-04/02). Official practice varies (2023 and 2025 used
//    2 + 3); official schedules carry the decided days.
//  - kSolarWithAdjacent: day/month plus one adjacent day (Art. 112(1)(đ):
//    "2/9 và 01 ngày liền kề trước hoặc sau"), chosen by the calendar's
//    `national_day_extra`: by default whichever of the day before and the
//    day after is a working day and gives the longer unbroken break with
//    the adjacent rest days (ties go to the day before). That reproduces
//    every decided pair 2021-2025 (3/9, 1/9, 1/9, 3/9, 1/9). `days` is 2.
// Effective range: a day of an occurrence counts only if it lies within
// [from, until] (both optional, inclusive): 24/11/2025 is not a holiday
// for a definition in force from 2026-07-01, 24/11/2026 is.
// Compensation (Art. 111(3)): a holiday day on a weekly rest day gives a
// day off (nghỉ bù) on the next working day that is not itself a holiday
// or another compensatory day, if the definition says `compensate` and the
// calendar compensates at all; several are compensated in date order (Tết
// 2023: 21/1 Sat and 22/1 Sun -> 25/1 and 26/1 after the block). A
// compensatory day that would fall in the next Gregorian year is not given
// (no shipped holiday can produce one: the last is 24/11 or 2-3/9).
//
// Weekly rest days are the calendar's; the caller passes them. Every date
// returned lies in `year`.
//
// Thread safety: pure functions on values.
//
// Example:
//   std::vector<RuleDayOff> days = RuleDaysOff(2023, HolidayRules{},
//   kMondayToFriday);
//   // ..., {2023-01-02, kCompensatoryDayOff, "new_year"}, ...
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

// Index 0 = Monday ... 6 = Sunday (as Weekday()); true = a working weekday.
using WorkingWeekdays = std::array<bool, 7>;
inline constexpr WorkingWeekdays kMondayToFriday = {true, true,  true, true,
                                                    true, false, false};

enum class HolidayDateRule : uint8_t {
  kSolar,
  kLunar,
  kLunarNewYear,
  kSolarWithAdjacent,
};

struct HolidayDefinition {
  // Keyword used in schedule files and API replies: [a-z][a-z0-9_]*.
  std::string key;
  // Vietnamese name as printed: "Tết Âm lịch".
  std::string name;
  HolidayDateRule rule = HolidayDateRule::kSolar;
  // Solar or lunar month and day; unused for kLunarNewYear.
  int month = 1;
  int day = 1;
  int days = 1;
  // In force on dates within [from, until]; nullopt = unbounded.
  std::optional<CivilDate> from;
  std::optional<CivilDate> until;
  // Whether a day of it on a weekly rest day gives a compensatory day.
  bool compensate = true;
  // The text that makes it a holiday: "Bộ luật Lao động 45/2019/QH14, ...".
  std::string source;

  friend bool operator==(const HolidayDefinition&,
                         const HolidayDefinition&) = default;
};

// The six holidays of the Labour Code 2019, Art. 112(1), unbounded: what the
// engine computed before holidays became data, and the default of every
// calendar whose config does not say otherwise.
std::vector<HolidayDefinition> LabourCode2019Holidays();

// Keys of the Labour Code 2019 holidays, for code that must name one (the
// proto enum mapping, tests).
inline constexpr std::string_view kNewYear = "new_year";
inline constexpr std::string_view kTet = "tet";
inline constexpr std::string_view kHungKings = "hung_kings";
inline constexpr std::string_view kReunificationDay = "reunification";
inline constexpr std::string_view kLabourDay = "labour";
inline constexpr std::string_view kNationalDay = "national_day";

enum class NationalDayExtra : uint8_t {
  kLongestBreak,  // the day before or after, whichever makes the longer break
  kSeptember1,    // the day before (1/9 for National Day)
  kSeptember3,    // the day after (3/9 for National Day)
};

struct HolidayRules {
  // How many days of a kLunarNewYear holiday fall before 1/1 lunar (0..5,
  // and at most its number of days).
  int tet_days_before_new_year = 1;
  NationalDayExtra national_day_extra = NationalDayExtra::kLongestBreak;
  // Art. 111: a holiday on a weekly rest day gives a day off on the next
  // working day. Off only for agencies that do not apply it.
  bool compensate_rest_day_holidays = true;
  std::vector<HolidayDefinition> holidays = LabourCode2019Holidays();

  // The definition with `key`, or nullptr.
  const HolidayDefinition* Find(std::string_view key) const;

  friend bool operator==(const HolidayRules&, const HolidayRules&) = default;
};

// InvalidArgument naming the holiday and field: duplicate or malformed key,
// empty name or source, a solar date that does not exist every year, a
// lunar day outside 1..29 or month outside 1..12, days outside 1..10, a
// solar span crossing 31/12, kSolarWithAdjacent with days != 2, from after
// until, or no holidays at all.
Status ValidateHolidays(const std::vector<HolidayDefinition>& holidays);

enum class RuleDayKind : uint8_t {
  kHoliday,             // the holiday itself (it may fall on a rest day)
  kCompensatoryDayOff,  // nghỉ bù for `holiday`
};

struct RuleDayOff {
  CivilDate date;
  RuleDayKind kind = RuleDayKind::kHoliday;
  std::string holiday;  // HolidayDefinition::key

  friend bool operator==(const RuleDayOff&, const RuleDayOff&) = default;
};

// The holidays of `year` and their compensatory days, sorted by date, one
// entry per date (when two holidays share a date, the one listed first
// wins). Requires rules that pass ValidateHolidays, tet placement within
// range (checked by the calendar that owns the rules) and a year the lunar
// calendar supports.
std::vector<RuleDayOff> RuleDaysOff(int year, const HolidayRules& rules,
                                    const WorkingWeekdays& working_weekdays);

}  // namespace motcua::engine

// Public holidays by rule: the Labour Code 2019 (Bộ luật Lao động
// 45/2019/QH14), Art. 112 (holidays) and Art. 111 (weekly rest; compensatory
// day off).
//
// Model. For a Gregorian year the rules give eleven days off:
//   Tết Dương lịch       1/1                                  (1 day)
//   Tết Âm lịch          5 days around 1/1 lunar              (5 days)
//   Giỗ Tổ Hùng Vương    10/3 lunar (never the leap month 3)  (1 day)
//   Ngày Chiến thắng     30/4                                 (1 day)
//   Quốc tế Lao động     1/5                                  (1 day)
//   Quốc khánh           2/9 and 1/9 or 3/9                   (2 days)
// and, when a holiday falls on a weekly rest day, a compensatory day off
// (nghỉ bù) on the next working day that is not itself a holiday or another
// compensatory day; several holidays on rest days are compensated in date
// order (Tết 2023: 21/1 Sat and 22/1 Sun -> 25/1 and 26/1 after the block).
//
// The law fixes the number of Tết days and the National Day pair but the
// Prime Minister places them every year, so the placement is configuration:
//  - Tết: `tet_days_before_new_year` of the 5 days come before 1/1 lunar,
//    the rest start on it. Default 1: the last day of the lunar year plus
//    the first four days of the new one (Tết 2022: 31/01-04/02). Official
//    practice varies (2023 and 2025 used 2 + 3); yearly official schedules
//    (official_schedule.h) carry the decided days.
//  - National Day: by default the extra day is whichever of 1/9 and 3/9 is
//    a working day and gives the longer unbroken break with 2/9 and the
//    adjacent rest days (ties go to 1/9). That reproduces every decided
//    pair 2021-2025 (3/9, 1/9, 1/9, 3/9, 1/9). It can be pinned to 1/9 or
//    3/9; if the pinned day is a rest day it is compensated like any other.
//
// Weekly rest days are the calendar's (usually Saturday and Sunday); the
// caller passes them. Every date returned lies in `year`: Tết starts on
// 21/1 at the earliest, so even 5 days before it stay in January, and the
// last compensatory day (for 2-3/9) stays in September.
//
// Thread safety: pure functions on values.
//
// Example:
//   std::vector<RuleDayOff> days = RuleDaysOff(2023, HolidayRules{},
//   kMondayToFriday);
//   // ..., {2023-01-02, kCompensatoryDayOff, kNewYear}, ...
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"

namespace motcua::engine {

enum class Holiday : uint8_t {
  kNewYear,           // Tết Dương lịch, 1/1
  kTet,               // Tết Âm lịch (Tết Nguyên Đán)
  kHungKings,         // Giỗ Tổ Hùng Vương, 10/3 lunar
  kReunificationDay,  // Ngày Chiến thắng, 30/4
  kLabourDay,         // Ngày Quốc tế Lao động, 1/5
  kNationalDay,       // Quốc khánh, 2/9 (+1 adjacent day)
};
inline constexpr int kHolidayCount = 6;

// "Tết Âm lịch" - the Vietnamese name, as printed.
std::string_view HolidayName(Holiday holiday);
// "tet" - the keyword used in schedule files and logs.
std::string_view HolidayKeyword(Holiday holiday);
std::optional<Holiday> HolidayFromKeyword(std::string_view keyword);

// Index 0 = Monday ... 6 = Sunday (as Weekday()); true = a working weekday.
using WorkingWeekdays = std::array<bool, 7>;
inline constexpr WorkingWeekdays kMondayToFriday = {true, true,  true, true,
                                                    true, false, false};

enum class NationalDayExtra : uint8_t {
  kLongestBreak,  // 1/9 or 3/9, whichever makes the longer break (default)
  kSeptember1,
  kSeptember3,
};

struct HolidayRules {
  // How many of the 5 Tết days fall before 1/1 lunar (0..5).
  int tet_days_before_new_year = 1;
  NationalDayExtra national_day_extra = NationalDayExtra::kLongestBreak;
  // Art. 111: a holiday on a weekly rest day gives a day off on the next
  // working day. Off only for agencies that do not apply it.
  bool compensate_rest_day_holidays = true;

  friend bool operator==(const HolidayRules&, const HolidayRules&) = default;
};

enum class RuleDayKind : uint8_t {
  kHoliday,             // the holiday itself (it may fall on a rest day)
  kCompensatoryDayOff,  // nghỉ bù for `holiday`
};

struct RuleDayOff {
  CivilDate date;
  RuleDayKind kind = RuleDayKind::kHoliday;
  Holiday holiday = Holiday::kNewYear;

  friend bool operator==(const RuleDayOff&, const RuleDayOff&) = default;
};

// The holidays of `year` and their compensatory days, sorted by date, one
// entry per date. Requires tet_days_before_new_year in 0..5 (checked by
// the calendar that owns the rules) and a year the lunar calendar supports.
std::vector<RuleDayOff> RuleDaysOff(int year, const HolidayRules& rules,
                                    const WorkingWeekdays& working_weekdays);

}  // namespace motcua::engine

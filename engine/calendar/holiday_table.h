// The holiday table as text: which public holidays exist, by what date
// rule, from when, and on what legal authority (deploy/calendars/
// holidays.rules; full description in deploy/calendars/README.md).
//
// UTF-8, one directive per line, fields separated by blanks; a line whose
// first non-blank character is '#' is a comment; blank lines are ignored.
//
//   source LC2019 Bộ luật Lao động 45/2019/QH14, Điều 112
//   holiday new_year solar 01-01 days 1 compensate LC2019 Tết Dương lịch
//   holiday tet lunar_new_year days 5 compensate LC2019 Tết Âm lịch
//   holiday hung_kings lunar 03-10 days 1 compensate LC2019 Giỗ Tổ Hùng Vương
//   holiday national_day solar_adjacent 09-02 days 2 compensate LC2019 ...
//   holiday culture_day solar 11-24 days 1 from 2026-07-01 compensate X ...
//
//   source <id> <citation...>
//   holiday <key> <rule> [MM-DD] days <n> [from <date>] [until <date>]
//           compensate|no_compensate <source id> <name...>
//
// <rule> is solar MM-DD, lunar MM-DD (never the leap month), lunar_new_year
// (no date: the block around 1/1 lunar, placed by the calendar's
// tet_days_before_new_year) or solar_adjacent MM-DD (the day plus one
// adjacent day, days 2). Semantics: holiday_rules.h.
//
// Ambiguous cases, answered:
//  - The order of the lines is the order of precedence when two holidays
//    fall on one date (the first listed is shown).
//  - A source must be declared before the holidays that cite it.
//  - A file without any holiday is an error, never "no holidays".
//
// Thread safety: the parser is a pure function.
//
// Example:
//   Result<std::vector<HolidayDefinition>> t = ParseHolidayTable(text);
//   // error: "holidays line 9: field 'days': '0' is not 1..10"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/holiday_rules.h"
#include "engine/common/result.h"

namespace motcua::engine {

// Parses and validates (ValidateHolidays) the text above; each holiday's
// `source` is its source line's citation. InvalidArgument naming the line
// and the field on any error.
Result<std::vector<HolidayDefinition>> ParseHolidayTable(std::string_view text);

}  // namespace motcua::engine

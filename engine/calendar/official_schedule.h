// An official yearly schedule of days off (lịch nghỉ chính thức), as data.
//
// Each year the government decides the exact days off for civil servants:
// where the 5 Tết days fall, which holidays are compensated, and which
// weekdays are swapped with a Saturday worked in exchange (hoán đổi ngày làm
// việc). An official schedule lists every decided day of one Gregorian year
// and overrides the holiday rules for that year entirely (the rules are not
// consulted); weekly rest days still come from the calendar.
//
// Text format (deploy/calendars/README.md has the full description). UTF-8,
// one directive per line, fields separated by spaces or tabs, a line whose
// first non-blank character is '#' is a comment, blank lines are ignored:
//
//   year 2025
//   source LC2019 Bộ luật Lao động 45/2019/QH14, Điều 112
//   source TB6150 Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024
//   off 2025-01-01 holiday new_year LC2019
//   off 2025-01-27..2025-01-31 holiday tet TB6150
//   off 2025-05-02 swapped TB6150 hoán đổi với thứ Bảy 26/04/2025
//   work 2025-04-26 TB6150 làm bù cho thứ Sáu 02/05/2025
//
//   year <YYYY>                       exactly once, before any other directive
//   source <id> <citation...>         declares a decision; every entry cites
//   one off <dates> holiday <h> <src> [note...]       the holiday h itself off
//   <dates> compensatory <h> <src> [note...]  nghỉ bù for holiday h off <dates>
//   swapped <src> [note...]   weekday off, swapped with a worked day off
//   <dates> decided <src> [note...]   any other day off by decision work
//   <dates> <src> [note...]          a weekly rest day that is worked
//
// <dates> is YYYY-MM-DD or an inclusive range YYYY-MM-DD..YYYY-MM-DD, inside
// the year. <h> is a holiday key ([a-z][a-z0-9_]*: new_year, tet,
// hung_kings, reunification, labour, national_day, or any key of the
// calendar's holiday table, holiday_rules.h); whether the key is defined is
// checked when a calendar adopts the schedule, not here. <id> is letters,
// digits and ._-/.
//
// Ambiguous cases, answered:
//  - A holiday that falls on a weekend may be listed (Tết 2023: 21/1 and
//    22/1 are Tết days and a weekend); the listed reason is what is shown.
//    Unlisted weekend days are ordinary rest days.
//  - A date may appear once only; "off" and "work" on the same date is an
//    error, not a later-wins override.
//  - Whether a "work" date is really a rest day depends on the calendar's
//    week, so that is checked when a calendar adopts the schedule.
//
// Thread safety: plain values; the parser is a pure function.
//
// Example:
//   Result<OfficialSchedule> s = ParseOfficialSchedule(file_contents);
//   if (!s.ok()) return s.error();   // "line 7: unknown kind of day ..."
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/holiday_rules.h"
#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

enum class ScheduleDayKind : uint8_t {
  kHoliday,             // off: the holiday itself
  kCompensatoryDayOff,  // off: nghỉ bù for `holiday`
  kSwappedDayOff,       // off: a weekday swapped with a worked rest day
  kDecidedDayOff,       // off: any other day off by decision
  kSwappedWorkingDay,   // work: a weekly rest day worked
};

struct ScheduleSource {
  std::string id;        // "TB6150"
  std::string citation;  // "Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024"

  friend bool operator==(const ScheduleSource&,
                         const ScheduleSource&) = default;
};

struct ScheduleDay {
  CivilDate date;
  ScheduleDayKind kind = ScheduleDayKind::kDecidedDayOff;
  std::string holiday;    // key, set for kHoliday, kCompensatoryDayOff
  std::string source_id;  // a ScheduleSource::id of the schedule
  std::string note;       // free text, may be empty

  friend bool operator==(const ScheduleDay&, const ScheduleDay&) = default;
};

struct OfficialSchedule {
  int year = 0;
  std::vector<ScheduleSource> sources;  // in file order
  std::vector<ScheduleDay> days;        // sorted by date, one per date

  const ScheduleSource* FindSource(std::string_view id) const;
  friend bool operator==(const OfficialSchedule&,
                         const OfficialSchedule&) = default;
};

// Parses the text format above. InvalidArgument, naming the line, on any
// syntax error, unknown keyword, date outside the year, duplicate date,
// duplicate or undeclared source, or a year outside 1900..2199.
Result<OfficialSchedule> ParseOfficialSchedule(std::string_view text);

// The canonical text of a schedule (one line per date, no ranges);
// ParseOfficialSchedule(FormatOfficialSchedule(s)) == s.
std::string FormatOfficialSchedule(const OfficialSchedule& schedule);

}  // namespace motcua::engine

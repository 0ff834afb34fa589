// Reading calendar data from disk: the named calendars' configuration
// (calendars.json), the holiday table (holidays.rules) and the official
// yearly schedules (*.schedule), all in deploy/calendars/ (formats:
// deploy/calendars/README.md).
//
// Errors name the file, and for JSON the calendar and key; an unknown key is
// an error rather than ignored, so a typo ("recipt_cutoff") cannot silently
// leave a default in force.
//
// Thread safety: free functions without shared state.
#pragma once

#include <string>
#include <vector>

#include "engine/calendar/holiday_rules.h"
#include "engine/calendar/official_schedule.h"
#include "engine/calendar/working_calendar.h"
#include "engine/common/result.h"

namespace motcua::adapters {

// Parses calendars.json content; `origin` names it in errors.
engine::Result<std::vector<engine::CalendarConfig>> ParseCalendarConfigs(
    const std::string& json, const std::string& origin);

// Reads and parses `path` (calendars.json) and the holiday table
// `holidays.rules` in the same directory, which every calendar adopts. The
// holiday table is required: a missing or malformed one is an error naming
// the file and line, so a server never starts with a silently different
// list of holidays.
engine::Result<std::vector<engine::CalendarConfig>> LoadCalendarConfigs(
    const std::string& path);

// Reads and parses a holiday table (engine/calendar/holiday_table.h).
engine::Result<std::vector<engine::HolidayDefinition>> LoadHolidayTable(
    const std::string& path);

// Every "*.schedule" file in `dir` (other names, e.g. "*.draft", are
// skipped), parsed, in year order. Two files for one year are an error.
engine::Result<std::vector<engine::OfficialSchedule>> LoadScheduleDir(
    const std::string& dir);

}  // namespace motcua::adapters

// The two calendar text formats an operator edits: the official yearly
// schedule (deploy/calendars/vn-YYYY.schedule, also PublishSchedule's text)
// and the holiday rules (deploy/calendars/holidays.rules). Both parsers see
// every input. A schedule that parses must survive its documented round
// trip; holiday rules that parse must give each year's days off.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/calendar/holiday_rules.h"
#include "engine/calendar/holiday_table.h"
#include "engine/calendar/official_schedule.h"
#include "tests/fuzz/fuzz_check.h"

using motcua::fuzz::Check;
using motcua::fuzz::CheckUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto schedule = motcua::engine::ParseOfficialSchedule(text);
  if (!schedule.ok()) {
    CheckUtf8(schedule.error().message, "schedule error message");
  } else {
    std::string canonical = motcua::engine::FormatOfficialSchedule(*schedule);
    auto again = motcua::engine::ParseOfficialSchedule(canonical);
    Check(again.ok(), "formatted schedule does not parse",
          again.ok() ? canonical : again.error().message);
    Check(*again == *schedule, "schedule round trip differs", canonical);
  }

  auto holidays = motcua::engine::ParseHolidayTable(text);
  if (!holidays.ok()) {
    CheckUtf8(holidays.error().message, "holiday table error message");
  } else {
    motcua::engine::HolidayRules rules;
    rules.holidays = std::move(*holidays);
    for (int year : {1900, 2024, 2026, 2199}) {
      motcua::engine::RuleDaysOff(year, rules, motcua::engine::kMondayToFriday);
    }
  }
  return 0;
}

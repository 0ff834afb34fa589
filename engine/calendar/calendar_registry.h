// CalendarRegistry: the named calendars a server knows, by name.
//
// Model. A plain value mapping calendar name -> immutable WorkingCalendar
// (shared_ptr<const>). Every change builds a new calendar with the next
// version number and swaps it in; calendars already handed out are never
// mutated, so a reader holding one keeps a consistent snapshot.
//   Add         a new name, version 1 (AlreadyExists if the name is taken)
//   Replace     a new config for an existing name, schedules kept, version+1
//   Publish     a year's official schedule, replacing any earlier one for
//               that year, version+1; publishing an identical schedule again
//               is a no-op (same version)
//   Withdraw    a year's schedule (the year falls back to rules), version+1
// An unknown name is NotFound, never a default Monday-Friday calendar.
//
// What happens to open dossiers when a schedule is published later: nothing
// is rewritten. Every Deadline and every clock entry records the (name,
// version) it was computed with, and the appointment already printed on a
// receipt slip stays the appointment in force. Computations made after the
// publication (a new receipt, a resumption after a supplement, an extension)
// use the new version; ListDaysOff shows the new version immediately.
//
// Thread safety: none; a plain value. The service layer serialises writers
// and publishes copies (copy-on-write) to readers; copies are cheap (shared
// calendars).
//
// Example:
//   CalendarRegistry registry;
//   Status s = registry.Add({.name = "ha-noi"});
//   s = registry.Publish("ha-noi", *ParseOfficialSchedule(text));
//   auto cal = registry.Get("ha-noi");   // version 2
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/official_schedule.h"
#include "engine/calendar/working_calendar.h"
#include "engine/common/result.h"

namespace motcua::engine {

class CalendarRegistry {
 public:
  Status Add(CalendarConfig config);
  Status Replace(CalendarConfig config);
  Status Publish(std::string_view calendar, OfficialSchedule schedule);
  Status Withdraw(std::string_view calendar, int year);
  // Inserts or replaces a calendar built elsewhere, keeping its version (the
  // server's CalendarBook builds calendars with versions kept durable).
  void Put(std::shared_ptr<const WorkingCalendar> calendar);

  Result<std::shared_ptr<const WorkingCalendar>> Get(
      std::string_view calendar) const;
  std::vector<std::string> Names() const;

 private:
  Status Rebuild(const WorkingCalendar& old, CalendarConfig config,
                 std::map<int, OfficialSchedule> schedules);

  std::map<std::string, std::shared_ptr<const WorkingCalendar>, std::less<>>
      calendars_;
};

}  // namespace motcua::engine

// CalendarBook: the server's named calendars, safe to read from any thread
// and changed only through Publish/Withdraw, which are durable.
//
// Start-up (Open): each configured calendar is built from its config, the
// shipped schedules, and the publications stored in the CalendarStore (a
// stored publication or withdrawal of a year overrides the shipped file of
// that year). Its version is the stored one when the content digest is
// unchanged, else the stored one + 1 (1 for a new calendar), and the new
// record is saved before the server serves: a version number never names
// two different calendars.
//
// Changes (Publish/Withdraw) are all-or-nothing across the calendars named:
// every new calendar is built and validated first, then the publications and
// versions are saved in one durable write, then the new calendars replace
// the old ones. Readers holding an old calendar keep it (immutable values).
//
// Thread safety: Get/All/Snapshot from any thread; Publish/Withdraw are
// serialised by an internal writer mutex.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/calendar/calendar_registry.h"
#include "engine/calendar/official_schedule.h"
#include "engine/calendar/working_calendar.h"
#include "engine/ports/calendar_store.h"

namespace motcua::runtime {

struct CalendarChange {
  std::string calendar;
  int64_t version = 0;
  bool changed = false;
  // The calendar before and after the change (equal when unchanged).
  std::shared_ptr<const engine::WorkingCalendar> before;
  std::shared_ptr<const engine::WorkingCalendar> after;
};

class CalendarBook {
 public:
  using CalendarPtr = std::shared_ptr<const engine::WorkingCalendar>;

  static engine::Result<std::unique_ptr<CalendarBook>> Open(
      std::vector<engine::CalendarConfig> configs,
      std::vector<engine::OfficialSchedule> shipped,
      engine::CalendarStore& store);

  // NotFound naming the known calendars for an unknown name.
  engine::Result<CalendarPtr> Get(std::string_view name) const;
  std::vector<CalendarPtr> All() const;
  // Every calendar as one consistent value, for the engine's Decide and
  // admission (which take a CalendarRegistry).
  std::shared_ptr<const engine::CalendarRegistry> Snapshot() const;

  // `calendars` empty means all. NotFound for an unknown name, and the
  // calendar's own validation errors (e.g. a "work" day that is not a rest
  // day in that calendar's week); nothing changes on error.
  // A schedule that marks fewer holiday days than the calendar's rules give
  // its year (engine::MissingHolidays: the draft that left out National
  // Day) is FailedPrecondition naming what is missing, unless `force`.
  // With `dry_run`, everything is checked and the changes returned, but
  // nothing is stored or takes effect.
  engine::Result<std::vector<CalendarChange>> Publish(
      const std::vector<std::string>& calendars,
      const engine::OfficialSchedule& schedule, bool force = false,
      bool dry_run = false);
  // The year falls back to the rules; unchanged when it already did.
  engine::Result<std::vector<CalendarChange>> Withdraw(
      const std::vector<std::string>& calendars, int year);

 private:
  explicit CalendarBook(engine::CalendarStore& store) : store_(store) {}

  // Builds, saves and swaps in new schedule sets for `targets`.
  engine::Result<std::vector<CalendarChange>> Change(
      const std::vector<std::string>& calendars, int year,
      const engine::OfficialSchedule* schedule, bool force, bool dry_run);

  engine::CalendarStore& store_;
  std::mutex writer_mu_;
  mutable std::mutex read_mu_;
  std::shared_ptr<const engine::CalendarRegistry> calendars_;
};

// Digest of everything that makes a calendar's answers (config + schedules).
uint64_t CalendarFingerprint(
    const engine::CalendarConfig& config,
    const std::map<int, engine::OfficialSchedule>& schedules);

}  // namespace motcua::runtime

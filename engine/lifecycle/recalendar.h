// What publishing or withdrawing an official schedule changes (issue 11
// item 4): the days whose kind changes, and the open dossiers whose
// appointment in force moves. `motcuactl calendar publish --dry-run` prints
// both before anything is stored.
//
// One rule for "the appointment in force" (dossier_clock.h ReadDeadlines):
// the dossier's clock replayed on the calendar, read at `now`. A dossier
// whose result is ready or refused, or that is closed, keeps its appointment
// (its completion is judged against the calendar that was in force).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

struct DayDifference {
  DayInfo before;
  DayInfo after;
};
// The days of `year` whose working status or kind differs between the two
// calendars, in date order (a day only re-sourced, e.g. rules -> official
// with the same kind, is not a difference).
std::vector<DayDifference> CompareDays(const WorkingCalendar& before,
                                       const WorkingCalendar& after, int year);

struct AppointmentChange {
  Instant before = 0;
  Instant after = 0;
  bool moves() const { return before != after; }
};
// The dossier's appointment in force under each calendar at `now`; nullopt
// when there is nothing to move (no running clock, result ready or refused,
// or closed).
std::optional<AppointmentChange> CompareAppointment(
    const Dossier& dossier, const WorkingCalendar& before,
    const WorkingCalendar& after, Instant now);

// The actor of AppointmentMoved events.
inline constexpr std::string_view kRecalendarActor = "calendar-publication";

// The write a publication makes for one dossier, as the sequencer digests it
// for idempotency (engine/idempotency/fingerprint.h): calendar `calendar`
// became `version`; DecideRecalendar decides it with the calendars before
// and after.
struct RecalendarCommand {
  std::string calendar;
  int64_t version = 0;
  std::string dossier_code;
};

// After a publication replaced `before` by `after` (same calendar name):
// the AppointmentMoved event for `dossier` when its appointment in force
// moves, else no event. The calendar version recorded is after.version().
std::vector<DossierEvent> DecideRecalendar(const Dossier& dossier,
                                           const WorkingCalendar& before,
                                           const WorkingCalendar& after,
                                           Instant now);

}  // namespace motcua::engine

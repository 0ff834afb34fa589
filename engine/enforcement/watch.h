// Deadline watches: which instants the sweeper must look at for a dossier,
// and what it records when one is reached (DOMAIN.md §3 "Late", §4).
//
// The sequencer keeps the deadline index (WatchEntry rows) equal to
// WatchEntries(d) after every commit of d; the sweeper, woken at the
// earliest due entry, calls DecideDeadline and commits its events like any
// other (Apply, then re-index). Both are pure: no clock reads.
//
// What is watched (nothing for dossiers without terms, online submissions
// not yet accepted, terminal states, completed dossiers — result ready or
// refused — and suspended clocks: a suspended clock cannot fire, and the
// resumption recomputes the deadlines, which gives new entries):
//   kDueSoon          due when exactly `lead` working time is left before
//                     the appointment in force (Dossier::appointment).
//   kOverdue          due at OverdueFrom(appointment) (engine/lifecycle/
//                     overdue.h, the one overdue rule): Vietnamese midnight
//                     after the appointment date:
//                     "late" is by civil date (ClassifyCompletion,
//                     ReadDeadlines), so a result ready at 16:00 on a 09:30
//                     appointment is on time and must not be called overdue.
//   kStepDueSoon/     the same for the open step of an inter-agency dossier
//   kStepOverdue      (StepRecord::deadline in force), attributed to the
//                     step's agency.
//   kApologyRequired  due at the end of working hours of the last working
//                     day that is still the regime's apology lead time
//                     (working days) before the appointment date — the last
//                     working moment an apology with a new appointment is
//                     lawful (decide.h) — only while the regime still allows
//                     a re-appointment. Its deadline is the appointment.
// Entry identity is (kind, step, deadline): a kind already noticed for the
// same deadline (Dossier::notices) is not watched again. A due-soon whose
// overdue was noticed for the same deadline is dropped (superseded).
//
// Ambiguous cases, answered:
//  - The lead is longer than the whole budget (a same-day or 4-hour
//    procedure with the default one-day lead): due-soon is due at the clock
//    start (step: its handover), i.e. it fires at the first sweep.
//  - A resume moves the deadline after its due-soon fired: the moved
//    deadline is a new version and gets its own due-soon and overdue. A
//    suspension and resumption that leave the appointment unchanged (all
//    outside working time) give the same deadline: nothing fires twice.
//  - The apology window had already closed at the clock start (same-day
//    budget, or a one-day budget with a one-day lead received late): no
//    apology-required entry: an apology was never lawful, so none was owed.
//  - A re-appointment (apology) replaces the appointment: the new
//    appointment gets due-soon/overdue; apology-required only if the
//    regime allows another re-appointment (both regimes allow one).
//  - Catching up after downtime: entries due long ago are still returned
//    (due in the past); DecideDeadline fires them at once, except a due-soon
//    whose overdue instant has also passed (the overdue says more).
//
// Thread safety: pure functions.
//
// Example:
//   auto entries = WatchEntries(d, *cal, cfg);        // index them
//   auto events = DecideDeadline(d, entry, now, *cal, cfg);
//   if (events.ok() && events->empty()) { /* stale: drop the entry */ }
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/enforcement/watch_entry.h"

namespace motcua::engine {

struct WatchConfig {
  // Working time before a deadline at which due-soon (and step due-soon)
  // fires, microseconds, counted on the dossier's calendar. Default 8 h:
  // one working day of the default 07:00-11:30, 13:30-17:00 hours.
  int64_t due_soon_lead_micros = 8 * kMicrosPerHour;
  // Per procedure code (exact match), overriding the default; values as
  // above. Must be >= 0 (a negative lead is treated as 0).
  std::map<std::string, int64_t, std::less<>> due_soon_lead_by_procedure;

  int64_t LeadFor(std::string_view procedure_code) const;
};

// The sweeper's actor (DossierEvent::actor of DeadlineNoticed events).
inline constexpr std::string_view kSweeperActor = "sweeper";

// Every entry `d` needs watched now, sorted (by due first). `cal` must be
// the dossier's calendar (terms.calendar): FailedPrecondition otherwise;
// InvalidArgument when it does not cover the instants involved.
Result<std::vector<WatchEntry>> WatchEntries(const Dossier& d,
                                             const WorkingCalendar& cal,
                                             const WatchConfig& cfg);

// One DeadlineNoticed event (version d.version + 1, recorded_at `now`,
// actor kSweeperActor) when `e` is still one of WatchEntries(d) and
// e.due <= now; an EMPTY vector when it is stale (deadline moved, clock
// suspended, dossier completed or closed, already noticed, not yet due, or
// a due-soon superseded by its overdue). Errors: InvalidArgument when e.code
// is not d.code; the calendar errors of WatchEntries.
Result<std::vector<DossierEvent>> DecideDeadline(const Dossier& d,
                                                 const WatchEntry& e,
                                                 Instant now,
                                                 const WorkingCalendar& cal,
                                                 const WatchConfig& cfg);

}  // namespace motcua::engine

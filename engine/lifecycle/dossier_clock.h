// The deadline clocks of a dossier, rebuilt from its state.
//
// A Dossier stores its suspension ledger (Dossier::clock) and its steps, not
// DeadlineClock objects: the state stays a plain, encodable value and a
// clock is rebuilt on demand by replaying the ledger on a calendar.
//
//  - Dossier clock: starts at terms.clock_start (the receipt, or the
//    officer's acceptance of an online submission) with the procedure's
//    budget; every mark of the ledger is replayed (suspend, resume,
//    reappoint).
//  - Step clock, inter-agency procedures: starts when the step is handed
//    over (its started_at) with the step's own budget, counted under the
//    dossier's counting rules (terms.counting: Civil Code 2015 Art. 147,
//    with the procedure's receipt cut-off if it has one; legacy terms keep
//    the calendar cut-off they were printed with, for every clock, so a
//    resumption recomputes exactly as before); suspensions and resumptions
//    after the handover are
//    replayed; re-appointments are NOT: an apology moves the dossier's
//    appointment, never a step's deadline, so the step that caused it stays
//    attributed as late.
//  - Step clock, single-agency procedures (one planned step): the step has
//    no clock of its own; its deadline is the dossier's original
//    appointment shifted by suspensions (ClockReading::original_appointment).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>

#include "engine/calendar/working_calendar.h"
#include "engine/deadline/deadline_clock.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

// FailedPrecondition when the dossier has no running clock (no terms, or an
// online submission not yet accepted).
Result<DeadlineClock> DossierClock(const Dossier& dossier,
                                   const WorkingCalendar& calendar);

// The deadline in force of step `index` (started) read at `at`, with the
// step's timeliness if it completed at `at`.
struct StepReading {
  Instant deadline = 0;
  Timeliness completion = Timeliness::kOnTime;
};
Result<StepReading> ReadStep(const Dossier& dossier, size_t index,
                             const WorkingCalendar& calendar, Instant at);

// The deadline of a step that starts at `at` (index = dossier.steps.size()),
// for the step_opened part of an event.
Result<Instant> NewStepDeadline(const Dossier& dossier,
                                const WorkingCalendar& calendar, Instant at);

// What a reader (GetDossier, the overdue sweeper) shows at `now`. A dossier
// whose result is ready (or refused) is read at its completion instant, so
// it never turns overdue afterwards.
struct DeadlineStatus {
  bool running = false;  // false: no terms, or online and not yet accepted
  ClockReading dossier;  // appointment in force, remaining, overdue, ...
  std::optional<uint32_t> open_step;  // index of the step in progress
  Instant step_deadline = 0;
  // The read date is after the step deadline's date (same rule as "late").
  bool step_overdue = false;
};
Result<DeadlineStatus> ReadDeadlines(const Dossier& dossier,
                                     const WorkingCalendar& calendar,
                                     Instant now);

}  // namespace motcua::engine

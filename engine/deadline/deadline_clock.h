// DeadlineClock: a dossier's processing budget and its suspension ledger.
//
// Model. The clock starts from a Deadline (deadline.h) and keeps the budget
// in working time plus an append-only ledger of events: suspend (waiting
// for a supplement or a payment), resume, extend (a re-appointment that adds
// working time) and reappoint (a re-appointment that names a new instant).
// Working time used = the working time inside running segments; remaining =
// budget - used (negative once overrun). Nothing is a pushed-around date:
// the appointment is re-derived from the ledger whenever it changes.
//
// The appointment in force is recomputed only when the ledger changes
// (resume, extend, reappoint), with the calendar passed to that call, and
// its version is recorded in the event. Reads never rewrite it: a schedule
// published after a dossier was received leaves the printed appointment
// standing until the next event recomputes it.
//
// Ambiguous cases, answered:
//  - Suspension before counting starts (on the receipt day of a days
//    budget, which is day 0 under Civil Code 2015 Art. 147(2)-(3); after a
//    procedure's receipt cut-off; or after working hours): nothing is used;
//    resuming before counting would start changes nothing.
//  - Calendar-day budgets are held in working time (the working time from
//    day 1 to the end of the period), so a suspension moves their
//    appointment by the working time it paused; the appointment stays at
//    the end of a working day. Extensions are in working days or hours.
//  - Suspension and resumption on the same day: exactly the working time in
//    between is paused (09:00-14:00 pauses 3 h: 09:00-11:30 and
//    13:30-14:00). In end-of-day mode the appointment is then the end of the
//    working day on which the remaining time runs out, so any pause, however
//    short, can move the printed date by one working day (never earlier:
//    the agency always keeps its whole budget).
//  - Suspension spanning Tết or a year boundary: days off inside it were
//    never working time, so only working time is paused; the new appointment
//    skips days off of the year it lands in.
//  - Reading while suspended: `appointment` is the projection if resumed at
//    that instant; overdue is true only if the clock was already past its
//    appointment date when it was suspended.
//  - Overdue (read at t): t's date is after the appointment date, matching
//    ClassifyCompletion's "late"; remaining may be negative earlier on the
//    appointment date (same-time mode) without being overdue.
//  - Classification keeps both: against the appointment in force (after
//    extensions and re-appointments) and against the original budget
//    (shifted only by suspensions, which are lawful pauses, not delays).
//  - Limits such as "one re-appointment" or "apologise one working day
//    before the deadline" belong to the rule regime, not to the clock.
//
// Thread safety: a value; not synchronised.
//
// Example:
//   auto clock = DeadlineClock::Start(*cal, received, Budget::WorkingDays(10));
//   Status s = clock->Suspend(*cal, t1, SuspensionReason::kSupplement);
//   s = clock->Resume(*cal, t2);
//   ClockReading r = *clock->Read(*cal, now);   // r.remaining_micros,
//   r.overdue
#pragma once

#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/deadline/deadline.h"

namespace motcua::engine {

enum class SuspensionReason : uint8_t { kSupplement, kPayment, kOther };
inline constexpr int kSuspensionReasonCount = 3;  // stored: the codec's bound

enum class ClockEventKind : uint8_t {
  kSuspend,
  kResume,
  kExtend,
  kReappoint,
};
inline constexpr int kClockEventKindCount = 4;  // stored: the codec's bound

struct ClockEvent {
  ClockEventKind kind = ClockEventKind::kSuspend;
  Instant at = 0;
  SuspensionReason reason = SuspensionReason::kOther;  // kSuspend
  Budget extension;                                    // kExtend
  Instant requested_appointment = 0;                   // kReappoint
  // The appointment in force after the event (unchanged by kSuspend).
  Instant appointment = 0;
  int64_t calendar_version = 0;
};

struct ClockReading {
  bool suspended = false;
  Instant appointment = 0;           // in force (projected if suspended)
  Instant original_appointment = 0;  // original budget, suspensions only
  int64_t budget_micros = 0;         // original + extensions
  int64_t used_micros = 0;
  int64_t remaining_micros = 0;  // budget - used; negative when overrun
  bool overdue = false;
};

struct CompletionClass {
  Timeliness against_appointment = Timeliness::kOnTime;
  Timeliness against_original = Timeliness::kOnTime;
  Instant appointment = 0;
  Instant original_appointment = 0;
};

class DeadlineClock {
 public:
  static Result<DeadlineClock> Start(const WorkingCalendar& calendar,
                                     Instant received, Budget budget,
                                     const CountingRules& rules = {});

  // Events must come in time order (not before the last one or the
  // receipt): InvalidArgument otherwise. Suspend while suspended, Resume
  // while running and Reappoint while suspended are FailedPrecondition.
  Status Suspend(const WorkingCalendar& calendar, Instant at,
                 SuspensionReason reason);
  Status Resume(const WorkingCalendar& calendar, Instant at);
  // Adds working days or hours (kSameDay, kCalendarDays: InvalidArgument).
  Status Extend(const WorkingCalendar& calendar, Instant at, Budget extra);
  // Replaces the appointment with `appointment`, which must be later than
  // both `at` and the appointment in force.
  Status Reappoint(const WorkingCalendar& calendar, Instant at,
                   Instant appointment);

  // The clock at `now` (>= the receipt). Instants before the last event are
  // answered by replaying the ledger up to `now` on `calendar`.
  Result<ClockReading> Read(const WorkingCalendar& calendar, Instant now) const;
  Result<CompletionClass> Classify(const WorkingCalendar& calendar,
                                   Instant completed) const;

  const Deadline& initial() const { return initial_; }
  const std::vector<ClockEvent>& events() const { return events_; }
  bool suspended() const { return suspended_; }
  Instant appointment() const { return appointment_; }

 private:
  explicit DeadlineClock(Deadline initial);
  Status CheckOrder(Instant at) const;
  Status Recompute(const WorkingCalendar& calendar);
  Status Apply(const WorkingCalendar& calendar, const ClockEvent& event);

  Deadline initial_;
  int64_t budget_ = 0;         // working time, incl. extensions
  int64_t used_closed_ = 0;    // used in finished running segments
  Instant segment_start_ = 0;  // where the running segment counts from
  bool suspended_ = false;
  Instant suspended_at_ = 0;
  Instant appointment_ = 0;
  Instant original_appointment_ = 0;
  std::vector<ClockEvent> events_;
};

}  // namespace motcua::engine

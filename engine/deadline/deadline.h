// Deadlines: when a dossier's result is due (ngày hẹn trả kết quả).
//
// Model. A processing time limit is a Budget of working time counted on a
// WorkingCalendar from the receipt of a complete, valid dossier. Everything
// is converted to working time (a working day = the calendar's daily hours,
// 8 h by default), so suspensions can later be subtracted exactly
// (deadline_clock.h). ComputeDeadline is what the reception desk prints.
//
// Receipt (all budgets):
//  - Received on a working day before the cut-off (15:00 by default) and
//    before the end of working hours: the receipt date is that day.
//  - Received at or after the cut-off, after working hours, or on a day
//    that is not a working day (weekend, holiday, nghỉ bù): the receipt
//    date is the next working day and counting starts at its first period.
//    Friday 16:00 -> Monday; Saturday 26/04/2025 (worked) is a working day.
//  - Received before working hours (online acceptance at 06:30): that day.
//
// Working days (N >= 1). The receipt day is day 0 and is NOT counted; day 1
// is the first working day after the receipt date, and the appointment DATE
// is the N-th working day after the receipt date, whatever the calendar's
// AppointmentTime says. Only the time of day differs:
//  - kEndOfWorkingDay (default): the end of working hours of that date.
//    Received Mon 09:30, 3 days -> Thu 17:00.
//  - kSameTimeOfDay: the time of receipt on that date (the start of working
//    hours when the receipt moved to the next day; 13:30 when received in
//    the lunch break). Received Mon 09:30, 3 days -> Thu 09:30; received
//    Mon 15:30 (after the cut-off) -> receipt date Tue, -> Fri 07:00.
//  A budget may end on a swapped working Saturday: it is a working day with
//  ordinary hours, and the desk is open by decision (2025: received Thu
//  24/04, 2 days -> Sat 26/04 17:00).
// Working hours (N >= 1): counted from the receipt instant (or the start of
// the receipt date when it moved); the appointment is the exact instant the
// hours run out. Received Mon 10:00, 4 h -> Mon 16:00.
// Same day: the end of working hours of the receipt date (after the cut-off:
// of the next working day).
//
// Years. A deadline may cross into a year with no official schedule; its
// days then come from the rules and rule_based_years names those years.
//
// Classification (DOMAIN.md §4): by Vietnamese civil date, early = before
// the appointment date, on time = on it, late = after it. A result ready at
// 16:00 on an appointment of 09:30 the same day is on time.
//
// Thread safety: pure functions on values.
//
// Example:
//   auto d = ComputeDeadline(*cal, received, Budget::WorkingDays(10));
//   Print(d->appointment, d->calendar, d->calendar_version);
#pragma once

#include <string>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

enum class BudgetUnit : uint8_t {
  kWorkingDays,
  kWorkingHours,
  kSameDay,  // amount unused
};

struct Budget {
  BudgetUnit unit = BudgetUnit::kWorkingDays;
  int amount = 0;

  static Budget WorkingDays(int n) { return {BudgetUnit::kWorkingDays, n}; }
  static Budget WorkingHours(int n) { return {BudgetUnit::kWorkingHours, n}; }
  static Budget SameDay() { return {BudgetUnit::kSameDay, 0}; }
  friend bool operator==(const Budget&, const Budget&) = default;
};

struct Deadline {
  std::string calendar;
  int64_t calendar_version = 0;
  Budget budget;
  Instant received = 0;        // as given
  CivilDate receipt_date;      // the working day the receipt counts on
  bool receipt_moved = false;  // after the cut-off / hours, or a day off
  Instant counting_start = 0;  // where working time starts being used
  int64_t budget_micros = 0;   // the budget in working time
  Instant appointment = 0;
  // Working days after receipt_date up to and including the appointment
  // date (N for an N-day budget, 0 for same day).
  int working_days_counted = 0;
  // Years between receipt_date and the appointment date that had no
  // official schedule in this calendar version (computed from rules).
  std::vector<int> rule_based_years;
};

// InvalidArgument for a non-positive amount (days, hours) or an instant the
// calendar does not cover.
Result<Deadline> ComputeDeadline(const WorkingCalendar& calendar,
                                 Instant received, Budget budget);

// The appointment when `remaining` (> 0) working time is counted from
// `from`: the instant it runs out, then shaped by the unit and the
// calendar's AppointmentTime (days: end of that working day, or the same
// time of day; same day: end of that working day; hours: exact).
Result<Instant> AppointmentAfter(const WorkingCalendar& calendar, Instant from,
                                 int64_t remaining, BudgetUnit unit);

enum class Timeliness : uint8_t { kEarly, kOnTime, kLate };
std::string_view TimelinessName(Timeliness t);  // "early", "on_time", "late"

Timeliness ClassifyCompletion(Instant completed, Instant appointment);

}  // namespace motcua::engine

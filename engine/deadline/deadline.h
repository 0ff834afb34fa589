// Deadlines: when a dossier's result is due (ngày hẹn trả kết quả).
//
// Model. A processing time limit is a Budget of working time counted on a
// WorkingCalendar from the receipt of a complete, valid dossier. Everything
// is converted to working time (a working day = the calendar's daily hours,
// 8 h by default), so suspensions can later be subtracted exactly
// (deadline_clock.h). ComputeDeadline is what the reception desk prints.
//
// Counting rules: Civil Code 2015 (Bộ luật Dân sự 91/2015/QH13) Arts.
// 144-148, on a WorkingCalendar that only says which days are worked and
// during which hours. The calendar has no say on when counting starts.
// Art. 144 defines a time limit as a period between two instants, Art. 146
// its units (hours, days, ...), and Art. 145 applies the Code's counting
// unless another law provides otherwise: a procedure's own receipt cut-off
// is such a provision, so it is the only thing that moves a receipt.
//
// Receipt. Day 0 is the ACTUAL date of the receipt, whatever its hour and
// whether or not it is a working day (a desk open on Saturday morning
// receives on a day that does not count). Only a procedure's own receipt
// cut-off (CountingRules::receipt_cutoff_minute, from the catalogue, e.g.
// same-day certification "hoặc ngày làm việc tiếp theo nếu tiếp nhận sau
// 15 giờ") moves it: received at or after the cut-off, the dossier counts as
// received at the start of the next working day (receipt_moved).
//
// Working days (N >= 1, Art. 147(2)-(3): a period in days starts the day
// after the event). Day 1 is the first working day after the receipt date,
// and the appointment DATE is the N-th working day after it, whatever the
// calendar's AppointmentTime says. Only the time of day differs:
//  - kEndOfWorkingDay (default): the end of working hours of that date
//    (Art. 148(6): at an office, a period ends when its working hours end).
//    Received Mon 09:30 or Mon 15:30, 3 days -> Thu 17:00. Received
//    Saturday (desk open), 3 days -> Wed 17:00 (Mon = 1, Tue = 2, Wed = 3).
//  - kSameTimeOfDay: the time of receipt on that date when the receipt lies
//    in (or before) working hours of a working day; 13:30 when received in
//    the lunch break. Received Mon 09:30, 3 days -> Thu 09:30. A receipt
//    with no working time of day left (after hours, a rest day) falls due
//    at the end of working hours of day N (Deadline::appointment_time).
//  A budget may end on a swapped working Saturday: it is a working day with
//  ordinary hours, and the desk is open by decision (2025: received Thu
//  24/04, 2 days -> Sat 26/04 17:00).
// Calendar days (N >= 1, Arts. 147(2)-(3), 148(1), 148(5)): day 1 is the
// day after the receipt date whatever it is; the period ends at the end of
// working hours of day N, and a day N that is a weekly rest day or a day off
// moves the end to the next working day. Received Fri 16/01/2026, 2
// calendar days -> Sun 18/01 -> Mon 19/01 17:00. In working time
// the budget is what lies between day 1 and that end, so a suspension
// pushes a calendar-day appointment by the working time it lasted.
// Working hours (N >= 1, Art. 147(1): a period in hours starts at the
// event): counted from the receipt instant; a receipt outside working hours
// starts at the next working instant (the hours that count are working
// hours). The appointment is the exact instant the hours run out. Received
// Mon 10:00, 4 h -> Mon 16:00; Mon 15:00, 4 h -> Tue 09:00 (2 h to 17:00,
// 2 h from 07:00); Mon 18:00, 4 h -> Tue 11:00.
// Same day: the end of working hours of the receipt date; of the next
// working day when the receipt date is not a working day, the receipt is
// after working hours, or (procedures with a cut-off) after the cut-off.
//
// Legacy counting (CountingRules::legacy_calendar_cutoff): how deadlines
// were computed before issue 11, kept so that dossiers received under it
// replay to the appointment printed on their slip. A receipt at or after the
// CALENDAR's cut-off (CalendarConfig::receipt_cutoff_minute), after working
// hours or on a day off moved to the next working day for every unit, and
// hours counted from that day's start.
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

#include <optional>
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
  kCalendarDays,
};
// Stored: the codecs' bound. Append values only, and raise this with them.
inline constexpr int kBudgetUnitCount = 4;

struct Budget {
  BudgetUnit unit = BudgetUnit::kWorkingDays;
  int amount = 0;

  static Budget WorkingDays(int n) { return {BudgetUnit::kWorkingDays, n}; }
  static Budget WorkingHours(int n) { return {BudgetUnit::kWorkingHours, n}; }
  static Budget SameDay() { return {BudgetUnit::kSameDay, 0}; }
  static Budget CalendarDays(int n) { return {BudgetUnit::kCalendarDays, n}; }
  friend bool operator==(const Budget&, const Budget&) = default;
};

// How a receipt instant becomes the start of counting (see the file
// comment). The default is the Civil Code rule with no cut-off.
struct CountingRules {
  // The procedure's receipt cut-off, minutes after Vietnamese midnight: a
  // receipt at or after it counts from the next working day. nullopt: none.
  std::optional<int> receipt_cutoff_minute;
  // Count as before issue 11 (the calendar's cut-off moves every budget);
  // only for dossiers stored under that rule.
  bool legacy_calendar_cutoff = false;

  friend bool operator==(const CountingRules&, const CountingRules&) = default;
};

struct Deadline {
  std::string calendar;
  int64_t calendar_version = 0;
  Budget budget;
  Instant received = 0;    // as given
  CivilDate receipt_date;  // the working day the receipt counts on
  // Moved to the next working day by the procedure's cut-off (legacy
  // counting: by the calendar's cut-off, the hours, or a day off).
  bool receipt_moved = false;
  // The shape of the appointment for a days budget: the calendar's, except
  // kEndOfWorkingDay when the receipt had no working time of day left.
  AppointmentTime appointment_time = AppointmentTime::kEndOfWorkingDay;
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
                                 Instant received, Budget budget,
                                 const CountingRules& rules = {});

// The appointment when `remaining` (> 0) working time is counted from
// `from`: the instant it runs out, then shaped by the unit and the
// deadline's appointment time (working days: end of that working day, or
// the same time of day; same day, calendar days: end of that working day;
// hours: exact).
Result<Instant> AppointmentAfter(const WorkingCalendar& calendar, Instant from,
                                 int64_t remaining, BudgetUnit unit,
                                 AppointmentTime time);

enum class Timeliness : uint8_t { kEarly, kOnTime, kLate };
inline constexpr int kTimelinessCount = 3;      // stored: the codecs' bound
std::string_view TimelinessName(Timeliness t);  // "early", "on_time", "late"

Timeliness ClassifyCompletion(Instant completed, Instant appointment);

}  // namespace motcua::engine

#include "engine/deadline/deadline.h"

namespace motcua::engine {
namespace {

// Where counting starts, before the budget's unit is looked at.
struct Receipt {
  CivilDate date;  // day 0
  bool moved = false;
  // The instant counting starts for hours and same-day budgets, and the
  // reference time of day for kSameTimeOfDay.
  Instant start = 0;
  // The receipt had working time left on its date (kSameTimeOfDay keeps
  // its time of day).
  bool within_hours = false;
};

bool AfterHours(const WorkingCalendar& cal, Instant t) {
  return VietnamTimeOfDay(t) >=
         cal.config().working_hours.back().end_minute * kMicrosPerMinute;
}

Result<Receipt> MovedToNextWorkingDay(const WorkingCalendar& cal,
                                      CivilDate date) {
  Result<CivilDate> next = cal.AddWorkingDays(date, 1);
  if (!next.ok()) {
    return next.error();
  }
  return Receipt{*next, true, cal.StartOfWorkingDay(*next), true};
}

// Before issue 11 the calendar's cut-off, the end of working hours and a
// day off all moved the receipt, for every unit (see "Legacy counting").
Result<Receipt> LegacyReceipt(const WorkingCalendar& cal, Instant t) {
  const CivilDate date = VietnamDateOf(t);
  Result<bool> working = cal.IsWorkingDay(date);
  if (!working.ok()) {
    return working.error();
  }
  const int64_t minute = VietnamTimeOfDay(t) / kMicrosPerMinute;
  const CalendarConfig& config = cal.config();
  const bool after_cutoff = config.receipt_cutoff_minute.has_value() &&
                            minute >= *config.receipt_cutoff_minute;
  if (*working && !AfterHours(cal, t) && !after_cutoff) {
    Result<Instant> start = cal.NextWorkingInstant(t);
    if (!start.ok()) {
      return start.error();
    }
    return Receipt{date, false, *start, true};
  }
  return MovedToNextWorkingDay(cal, date);
}

Result<Receipt> CivilCodeReceipt(const WorkingCalendar& cal, Instant t,
                                 const CountingRules& rules) {
  const CivilDate date = VietnamDateOf(t);
  // The cut-off is the procedure's own rule, not the Civil Code's: it
  // makes a late receipt count as received the next working day.
  if (rules.receipt_cutoff_minute.has_value() &&
      VietnamTimeOfDay(t) / kMicrosPerMinute >= *rules.receipt_cutoff_minute) {
    return MovedToNextWorkingDay(cal, date);
  }
  Result<bool> working = cal.IsWorkingDay(date);
  if (!working.ok()) {
    return working.error();
  }
  // Art. 147(1): hours start at the event; only working hours count, so a
  // receipt outside them starts at the next working instant. Day 0 stays
  // the actual date (Art. 147(2)-(3)), even on a rest day.
  Result<Instant> start = cal.NextWorkingInstant(t);
  if (!start.ok()) {
    return start.error();
  }
  return Receipt{date, false, *start, *working && !AfterHours(cal, t)};
}

}  // namespace

Result<Instant> AppointmentAfter(const WorkingCalendar& cal, Instant from,
                                 int64_t remaining, BudgetUnit unit,
                                 AppointmentTime time) {
  Result<Instant> end = cal.AddWorkingTime(from, remaining);
  if (!end.ok() || unit == BudgetUnit::kWorkingHours) {
    return end;
  }
  if (unit == BudgetUnit::kWorkingDays &&
      time == AppointmentTime::kSameTimeOfDay) {
    // The earliest instant sits at the end of a period when the time runs
    // out exactly there; the same time of day is the next period's start
    // (Thu 17:00 and Fri 07:00 are the same working time; Fri is day N).
    return cal.NextWorkingInstant(*end);
  }
  return cal.EndOfWorkingDay(VietnamDateOf(*end));
}

Result<Deadline> ComputeDeadline(const WorkingCalendar& cal, Instant received,
                                 Budget budget, const CountingRules& rules) {
  if (budget.unit != BudgetUnit::kSameDay && budget.amount <= 0) {
    const char* unit = budget.unit == BudgetUnit::kWorkingDays ? "working day"
                       : budget.unit == BudgetUnit::kCalendarDays
                           ? "calendar day"
                           : "working hour";
    return InvalidArgument("budget must be at least 1 " + std::string(unit) +
                           ", got " + std::to_string(budget.amount));
  }
  if (rules.legacy_calendar_cutoff &&
      budget.unit == BudgetUnit::kCalendarDays) {
    return InvalidArgument(
        "calendar-day budgets did not exist under the legacy counting rule");
  }
  Result<Receipt> receipt = rules.legacy_calendar_cutoff
                                ? LegacyReceipt(cal, received)
                                : CivilCodeReceipt(cal, received, rules);
  if (!receipt.ok()) {
    return receipt.error();
  }
  Deadline d;
  d.calendar = cal.name();
  d.calendar_version = cal.version();
  d.budget = budget;
  d.received = received;
  d.receipt_date = receipt->date;
  d.receipt_moved = receipt->moved;
  d.counting_start = receipt->start;
  d.appointment_time = receipt->within_hours
                           ? cal.config().appointment_time
                           : AppointmentTime::kEndOfWorkingDay;
  Result<CivilDate> day1 = cal.AddWorkingDays(receipt->date, 1);
  if (!day1.ok()) {
    return day1.error();
  }
  switch (budget.unit) {
    case BudgetUnit::kWorkingDays:
      d.budget_micros = budget.amount * cal.working_day_length();
      if (d.appointment_time == AppointmentTime::kEndOfWorkingDay) {
        // Day 0 is not counted (Art. 147(2)-(3)): counting starts with the
        // first working day after the receipt date.
        d.counting_start = cal.StartOfWorkingDay(*day1);
      }
      break;
    case BudgetUnit::kWorkingHours:
      d.budget_micros = budget.amount * kMicrosPerHour;
      break;
    case BudgetUnit::kSameDay: {
      Result<int64_t> rest = cal.WorkingTimeBetween(
          d.counting_start, cal.EndOfWorkingDay(receipt->date));
      if (!rest.ok()) {
        return rest.error();
      }
      d.budget_micros = *rest;
      break;
    }
    case BudgetUnit::kCalendarDays: {
      // Art. 147(2)-(3): day 1 is the day after the receipt date, whatever
      // it is; Art. 148(5): a last day that is a rest day or a day off ends
      // the period on the next working day; Art. 148(6): at the end of its
      // working hours.
      CivilDate last =
          CivilFromDays(DaysFromCivil(receipt->date) + budget.amount);
      Result<bool> working = cal.IsWorkingDay(last);
      if (!working.ok()) {
        return working.error();
      }
      if (!*working) {
        Result<CivilDate> next = cal.AddWorkingDays(last, 1);
        if (!next.ok()) {
          return next.error();
        }
        last = *next;
      }
      d.appointment_time = AppointmentTime::kEndOfWorkingDay;
      d.counting_start = cal.StartOfWorkingDay(*day1);
      Result<int64_t> span =
          cal.WorkingTimeBetween(d.counting_start, cal.EndOfWorkingDay(last));
      if (!span.ok()) {
        return span.error();
      }
      d.budget_micros = *span;
      break;
    }
  }
  Result<Instant> appointment =
      d.budget_micros > 0
          ? AppointmentAfter(cal, d.counting_start, d.budget_micros,
                             budget.unit, d.appointment_time)
          : Result<Instant>(cal.EndOfWorkingDay(
                budget.unit == BudgetUnit::kSameDay ? *day1 : receipt->date));
  if (!appointment.ok()) {
    return appointment.error();
  }
  d.appointment = *appointment;
  const CivilDate due = VietnamDateOf(d.appointment);
  d.working_days_counted = *cal.WorkingDaysAfter(receipt->date, due);
  for (int year = receipt->date.year; year <= due.year; ++year) {
    if (!cal.HasOfficialSchedule(year)) {
      d.rule_based_years.push_back(year);
    }
  }
  return d;
}

std::string_view TimelinessName(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return "early";
    case Timeliness::kOnTime:
      return "on_time";
    case Timeliness::kLate:
      return "late";
  }
  return "?";
}

Timeliness ClassifyCompletion(Instant completed, Instant appointment) {
  const CivilDate done = VietnamDateOf(completed);
  const CivilDate due = VietnamDateOf(appointment);
  if (done < due) {
    return Timeliness::kEarly;
  }
  return done == due ? Timeliness::kOnTime : Timeliness::kLate;
}

}  // namespace motcua::engine

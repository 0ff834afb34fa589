#include "engine/deadline/deadline.h"

namespace motcua::engine {
namespace {

struct Receipt {
  CivilDate date;
  bool moved = false;
};

Result<Receipt> EffectiveReceipt(const WorkingCalendar& cal, Instant t) {
  const CivilDate date = VietnamDateOf(t);
  Result<bool> working = cal.IsWorkingDay(date);
  if (!working.ok()) {
    return working.error();
  }
  const int64_t minute = VietnamTimeOfDay(t) / kMicrosPerMinute;
  const CalendarConfig& config = cal.config();
  const bool after_hours =
      VietnamTimeOfDay(t) >=
      config.working_hours.back().end_minute * kMicrosPerMinute;
  const bool after_cutoff = config.receipt_cutoff_minute.has_value() &&
                            minute >= *config.receipt_cutoff_minute;
  if (*working && !after_hours && !after_cutoff) {
    return Receipt{date, false};
  }
  Result<CivilDate> next = cal.AddWorkingDays(date, 1);
  if (!next.ok()) {
    return next.error();
  }
  return Receipt{*next, true};
}

}  // namespace

Result<Instant> AppointmentAfter(const WorkingCalendar& cal, Instant from,
                                 int64_t remaining, BudgetUnit unit) {
  Result<Instant> end = cal.AddWorkingTime(from, remaining);
  if (!end.ok() || unit == BudgetUnit::kWorkingHours) {
    return end;
  }
  if (unit == BudgetUnit::kWorkingDays &&
      cal.config().appointment_time == AppointmentTime::kSameTimeOfDay) {
    // The earliest instant sits at the end of a period when the time runs
    // out exactly there; the same time of day is the next period's start
    // (Thu 17:00 and Fri 07:00 are the same working time; Fri is day N).
    return cal.NextWorkingInstant(*end);
  }
  return cal.EndOfWorkingDay(VietnamDateOf(*end));
}

Result<Deadline> ComputeDeadline(const WorkingCalendar& cal, Instant received,
                                 Budget budget) {
  if (budget.unit != BudgetUnit::kSameDay && budget.amount <= 0) {
    return InvalidArgument(
        "budget must be at least 1 working " +
        std::string(budget.unit == BudgetUnit::kWorkingDays ? "day" : "hour") +
        ", got " + std::to_string(budget.amount));
  }
  Result<Receipt> receipt = EffectiveReceipt(cal, received);
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
  Result<Instant> start =
      receipt->moved ? Result<Instant>(cal.StartOfWorkingDay(receipt->date))
                     : cal.NextWorkingInstant(received);
  if (!start.ok()) {
    return start.error();
  }
  d.counting_start = *start;
  switch (budget.unit) {
    case BudgetUnit::kWorkingDays: {
      d.budget_micros = budget.amount * cal.working_day_length();
      if (cal.config().appointment_time == AppointmentTime::kEndOfWorkingDay) {
        // Day 0 is not counted: counting starts with day 1.
        Result<CivilDate> day1 = cal.AddWorkingDays(receipt->date, 1);
        if (!day1.ok()) {
          return day1.error();
        }
        d.counting_start = cal.StartOfWorkingDay(*day1);
      }
      break;
    }
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
  }
  Result<Instant> appointment =
      d.budget_micros > 0 ? AppointmentAfter(cal, d.counting_start,
                                             d.budget_micros, budget.unit)
                          : Result<Instant>(cal.EndOfWorkingDay(receipt->date));
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

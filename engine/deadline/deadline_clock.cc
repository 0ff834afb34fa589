#include "engine/deadline/deadline_clock.h"

#include <algorithm>

namespace motcua::engine {

DeadlineClock::DeadlineClock(Deadline initial)
    : initial_(std::move(initial)),
      budget_(initial_.budget_micros),
      segment_start_(initial_.counting_start),
      appointment_(initial_.appointment),
      original_appointment_(initial_.appointment) {}

Result<DeadlineClock> DeadlineClock::Start(const WorkingCalendar& calendar,
                                           Instant received, Budget budget,
                                           const CountingRules& rules) {
  Result<Deadline> d = ComputeDeadline(calendar, received, budget, rules);
  if (!d.ok()) {
    return d.error();
  }
  return DeadlineClock(*std::move(d));
}

Status DeadlineClock::CheckOrder(Instant at) const {
  const Instant last = events_.empty() ? initial_.received : events_.back().at;
  if (at < last) {
    return InvalidArgument("clock event at " + FormatVietnamInstant(at) +
                           " is before the last recorded one at " +
                           FormatVietnamInstant(last) +
                           "; events must be applied in time order");
  }
  return {};
}

Status DeadlineClock::Recompute(const WorkingCalendar& calendar) {
  // Never count the receipt day in end-of-day mode, even after a resume.
  const Instant from = std::max(segment_start_, initial_.counting_start);
  const BudgetUnit unit = initial_.budget.unit;
  const AppointmentTime time = initial_.appointment_time;
  if (budget_ - used_closed_ > 0) {
    Result<Instant> a =
        AppointmentAfter(calendar, from, budget_ - used_closed_, unit, time);
    if (!a.ok()) {
      return a.error();
    }
    appointment_ = *a;
  }
  if (initial_.budget_micros - used_closed_ > 0) {
    Result<Instant> a = AppointmentAfter(
        calendar, from, initial_.budget_micros - used_closed_, unit, time);
    if (!a.ok()) {
      return a.error();
    }
    original_appointment_ = *a;
  }
  return {};
}

Status DeadlineClock::Apply(const WorkingCalendar& calendar,
                            const ClockEvent& event) {
  if (Status s = CheckOrder(event.at); !s.ok()) {
    return s;
  }
  switch (event.kind) {
    case ClockEventKind::kSuspend: {
      if (suspended_) {
        return FailedPrecondition(
            "cannot suspend the clock at " + FormatVietnamInstant(event.at) +
            ": it has been suspended since " +
            FormatVietnamInstant(suspended_at_) + "; resume it first");
      }
      Result<int64_t> used =
          calendar.WorkingTimeBetween(segment_start_, event.at);
      if (!used.ok()) {
        return used.error();
      }
      used_closed_ += std::max<int64_t>(0, *used);
      suspended_ = true;
      suspended_at_ = event.at;
      break;
    }
    case ClockEventKind::kResume:
      if (!suspended_) {
        return FailedPrecondition("cannot resume the clock at " +
                                  FormatVietnamInstant(event.at) +
                                  ": it is not suspended");
      }
      suspended_ = false;
      segment_start_ = std::max(event.at, initial_.counting_start);
      if (Status s = Recompute(calendar); !s.ok()) {
        return s;
      }
      break;
    case ClockEventKind::kExtend: {
      const Budget& extra = event.extension;
      if (extra.unit == BudgetUnit::kSameDay ||
          extra.unit == BudgetUnit::kCalendarDays || extra.amount <= 0) {
        return InvalidArgument(
            "an extension must add at least 1 working day or hour");
      }
      budget_ += extra.unit == BudgetUnit::kWorkingDays
                     ? extra.amount * calendar.working_day_length()
                     : extra.amount * kMicrosPerHour;
      if (!suspended_) {
        if (Status s = Recompute(calendar); !s.ok()) {
          return s;
        }
      }
      break;
    }
    case ClockEventKind::kReappoint: {
      if (suspended_) {
        return FailedPrecondition(
            "cannot re-appoint while the clock is suspended (since " +
            FormatVietnamInstant(suspended_at_) + "); resume it first");
      }
      if (event.requested_appointment <= event.at ||
          event.requested_appointment <= appointment_) {
        return InvalidArgument(
            "a re-appointment must be later than now and than the "
            "appointment in force (" +
            FormatVietnamInstant(appointment_) + "), got " +
            FormatVietnamInstant(event.requested_appointment));
      }
      Result<int64_t> to_new = calendar.WorkingTimeBetween(
          std::max(segment_start_, initial_.counting_start),
          event.requested_appointment);
      if (!to_new.ok()) {
        return to_new.error();
      }
      budget_ = used_closed_ + *to_new;
      appointment_ = event.requested_appointment;
      break;
    }
  }
  events_.push_back(event);
  events_.back().appointment = appointment_;
  events_.back().calendar_version = calendar.version();
  return {};
}

Status DeadlineClock::Suspend(const WorkingCalendar& calendar, Instant at,
                              SuspensionReason reason) {
  ClockEvent e;
  e.kind = ClockEventKind::kSuspend;
  e.at = at;
  e.reason = reason;
  return Apply(calendar, e);
}

Status DeadlineClock::Resume(const WorkingCalendar& calendar, Instant at) {
  ClockEvent e;
  e.kind = ClockEventKind::kResume;
  e.at = at;
  return Apply(calendar, e);
}

Status DeadlineClock::Extend(const WorkingCalendar& calendar, Instant at,
                             Budget extra) {
  ClockEvent e;
  e.kind = ClockEventKind::kExtend;
  e.at = at;
  e.extension = extra;
  return Apply(calendar, e);
}

Status DeadlineClock::Reappoint(const WorkingCalendar& calendar, Instant at,
                                Instant appointment) {
  ClockEvent e;
  e.kind = ClockEventKind::kReappoint;
  e.at = at;
  e.requested_appointment = appointment;
  return Apply(calendar, e);
}

Result<ClockReading> DeadlineClock::Read(const WorkingCalendar& calendar,
                                         Instant now) const {
  if (now < initial_.received) {
    return InvalidArgument(
        "cannot read the clock at " + FormatVietnamInstant(now) +
        ", before the receipt at " + FormatVietnamInstant(initial_.received));
  }
  if (!events_.empty() && now < events_.back().at) {
    DeadlineClock past(initial_);
    for (const ClockEvent& e : events_) {
      if (e.at > now) {
        break;
      }
      if (Status s = past.Apply(calendar, e); !s.ok()) {
        return s.error();
      }
    }
    return past.Read(calendar, now);
  }
  ClockReading r;
  r.suspended = suspended_;
  r.budget_micros = budget_;
  r.used_micros = used_closed_;
  r.appointment = appointment_;
  r.original_appointment = original_appointment_;
  if (suspended_) {
    // Project: what the appointment would be if resumed now.
    DeadlineClock projected = *this;
    if (Status s = projected.Resume(calendar, now); !s.ok()) {
      return s.error();
    }
    r.appointment = projected.appointment_;
    r.original_appointment = projected.original_appointment_;
  } else {
    Result<int64_t> used = calendar.WorkingTimeBetween(segment_start_, now);
    if (!used.ok()) {
      return used.error();
    }
    r.used_micros += std::max<int64_t>(0, *used);
  }
  r.remaining_micros = budget_ - r.used_micros;
  r.overdue = VietnamDateOf(suspended_ ? suspended_at_ : now) >
              VietnamDateOf(appointment_);
  return r;
}

Result<CompletionClass> DeadlineClock::Classify(const WorkingCalendar& calendar,
                                                Instant completed) const {
  Result<ClockReading> r = Read(calendar, completed);
  if (!r.ok()) {
    return r.error();
  }
  CompletionClass c;
  c.appointment = r->appointment;
  c.original_appointment = r->original_appointment;
  c.against_appointment = ClassifyCompletion(completed, r->appointment);
  c.against_original = ClassifyCompletion(completed, r->original_appointment);
  return c;
}

}  // namespace motcua::engine

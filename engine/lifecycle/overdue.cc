#include "engine/lifecycle/overdue.h"

#include <algorithm>

#include "engine/lifecycle/dossier_clock.h"

namespace motcua::engine {

Instant OverdueFrom(Instant appointment) {
  return VietnamMidnight(
      CivilFromDays(DaysFromCivil(VietnamDateOf(appointment)) + 1));
}

std::vector<OverdueInterval> OverdueIntervals(const DeadlineClock& clock) {
  std::vector<OverdueInterval> out;
  auto add = [&out](Instant from, Instant to) {
    if (from >= to) {
      return;
    }
    if (!out.empty() && out.back().second >= from) {
      out.back().second = std::max(out.back().second, to);
      return;
    }
    out.emplace_back(from, to);
  };
  Instant t = clock.initial().received;
  Instant appointment = clock.initial().appointment;
  bool suspended = false;
  bool overdue_when_suspended = false;
  // The segment [t, until) under the state reached at t.
  auto close_segment = [&](Instant until) {
    if (suspended) {
      if (overdue_when_suspended) {
        add(t, until);
      }
    } else {
      add(std::max(t, OverdueFrom(appointment)), until);
    }
  };
  for (const ClockEvent& e : clock.events()) {
    close_segment(e.at);
    switch (e.kind) {
      case ClockEventKind::kSuspend:
        suspended = true;
        overdue_when_suspended = e.at >= OverdueFrom(appointment);
        break;
      case ClockEventKind::kResume:
        suspended = false;
        appointment = e.appointment;
        break;
      case ClockEventKind::kExtend:
      case ClockEventKind::kReappoint:
        appointment = e.appointment;
        break;
    }
    t = e.at;
  }
  // No event after the last one: its state lasts. Whether the dossier is
  // still open is asked separately, so a past instant's answer does not
  // depend on when the dossier ended.
  close_segment(kOverdueForever);
  return out;
}

Result<bool> IsOverdueAt(const Dossier& d, const WorkingCalendar& calendar,
                         Instant t) {
  if (!d.terms || d.terms->awaiting_check || t < d.terms->clock_start ||
      (d.completed_at && *d.completed_at <= t) ||
      (IsTerminal(d.state) && d.last_event_at <= t)) {
    return false;
  }
  auto clock = DossierClock(d, calendar);
  if (!clock.ok()) return clock.error();
  for (const auto& [from, until] : OverdueIntervals(*clock)) {
    if (from <= t && t < until) {
      return true;
    }
  }
  return false;
}

}  // namespace motcua::engine

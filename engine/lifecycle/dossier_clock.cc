#include "engine/lifecycle/dossier_clock.h"

#include <algorithm>

namespace motcua::engine {
namespace {

Status Replay(DeadlineClock& clock, const WorkingCalendar& cal,
              const ClockMark& m, bool with_reappoint) {
  switch (m.kind) {
    case ClockEventKind::kSuspend:
      return clock.Suspend(cal, m.at, m.reason);
    case ClockEventKind::kResume:
      return clock.Resume(cal, m.at);
    case ClockEventKind::kReappoint:
      return with_reappoint ? clock.Reappoint(cal, m.at, m.appointment)
                            : Status();
    case ClockEventKind::kExtend:
      return Status();  // not produced by the lifecycle
  }
  return Status();
}

bool SingleStep(const Dossier& d) { return d.terms->steps.size() <= 1; }

Result<DeadlineClock> StepClock(const Dossier& d, const WorkingCalendar& cal,
                                size_t index, Instant started_at) {
  auto clock = DeadlineClock::Start(
      cal, started_at, d.terms->steps[index].budget, d.terms->counting);
  if (!clock.ok()) return clock.error();
  for (const ClockMark& m : d.clock) {
    if (m.at < started_at) continue;
    if (Status s = Replay(*clock, cal, m, false); !s.ok()) return s.error();
  }
  return clock;
}

}  // namespace

Result<DeadlineClock> DossierClock(const Dossier& d,
                                   const WorkingCalendar& cal) {
  if (!d.terms || d.terms->awaiting_check) {
    return FailedPrecondition("dossier " + d.code +
                              " has no running deadline clock");
  }
  auto clock = DeadlineClock::Start(cal, d.terms->clock_start, d.terms->budget,
                                    d.terms->counting);
  if (!clock.ok()) return clock.error();
  for (const ClockMark& m : d.clock) {
    if (Status s = Replay(*clock, cal, m, true); !s.ok()) return s.error();
  }
  return clock;
}

Result<StepReading> ReadStep(const Dossier& d, size_t index,
                             const WorkingCalendar& cal, Instant at) {
  if (SingleStep(d)) {
    auto clock = DossierClock(d, cal);
    if (!clock.ok()) return clock.error();
    auto c = clock->Classify(cal, at);
    if (!c.ok()) return c.error();
    return StepReading{c->original_appointment, c->against_original};
  }
  auto clock = StepClock(d, cal, index, d.steps[index].started_at);
  if (!clock.ok()) return clock.error();
  auto c = clock->Classify(cal, at);
  if (!c.ok()) return c.error();
  return StepReading{c->appointment, c->against_appointment};
}

Result<Instant> NewStepDeadline(const Dossier& d, const WorkingCalendar& cal,
                                Instant at) {
  if (SingleStep(d)) {
    auto clock = DossierClock(d, cal);
    if (!clock.ok()) return clock.error();
    auto r = clock->Read(cal, at);
    if (!r.ok()) return r.error();
    return r->original_appointment;
  }
  auto clock = StepClock(d, cal, d.steps.size(), at);
  if (!clock.ok()) return clock.error();
  return clock->appointment();
}

Result<DeadlineStatus> ReadDeadlines(const Dossier& d,
                                     const WorkingCalendar& cal, Instant now) {
  DeadlineStatus out;
  if (!d.terms || d.terms->awaiting_check) return out;
  const Instant t =
      std::max(d.completed_at.value_or(now), d.terms->clock_start);
  auto clock = DossierClock(d, cal);
  if (!clock.ok()) return clock.error();
  auto reading = clock->Read(cal, t);
  if (!reading.ok()) return reading.error();
  out.running = true;
  out.dossier = *reading;
  if (!d.steps.empty() && !d.steps.back().ended_at) {
    const size_t i = d.steps.size() - 1;
    auto step = ReadStep(d, i, cal, std::max(t, d.steps[i].started_at));
    if (!step.ok()) return step.error();
    out.open_step = static_cast<uint32_t>(i);
    out.step_deadline = step->deadline;
    out.step_overdue = VietnamDateOf(t) > VietnamDateOf(step->deadline);
  }
  return out;
}

}  // namespace motcua::engine

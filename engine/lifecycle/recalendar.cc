#include "engine/lifecycle/recalendar.h"

#include "engine/lifecycle/dossier_clock.h"

namespace motcua::engine {

std::vector<DayDifference> CompareDays(const WorkingCalendar& before,
                                       const WorkingCalendar& after, int year) {
  std::vector<DayDifference> out;
  const int64_t first = DaysFromCivil({year, 1, 1});
  const int64_t last = DaysFromCivil({year, 12, 31});
  for (int64_t day = first; day <= last; ++day) {
    const CivilDate date = CivilFromDays(day);
    auto b = before.Day(date);
    auto a = after.Day(date);
    if (!b.ok() || !a.ok()) continue;  // outside a calendar's range
    if (b->kind == a->kind && b->holiday == a->holiday) continue;
    out.push_back({std::move(*b), std::move(*a)});
  }
  return out;
}

std::optional<AppointmentChange> CompareAppointment(
    const Dossier& dossier, const WorkingCalendar& before,
    const WorkingCalendar& after, Instant now) {
  if (IsTerminal(dossier.state) || dossier.completed_at) return std::nullopt;
  auto b = ReadDeadlines(dossier, before, now);
  auto a = ReadDeadlines(dossier, after, now);
  if (!b.ok() || !a.ok() || !b->running || !a->running) return std::nullopt;
  return AppointmentChange{b->dossier.appointment, a->dossier.appointment};
}

std::vector<DossierEvent> DecideRecalendar(const Dossier& dossier,
                                           const WorkingCalendar& before,
                                           const WorkingCalendar& after,
                                           Instant now) {
  const auto change = CompareAppointment(dossier, before, after, now);
  if (!change || !change->moves()) return {};
  DossierEvent e;
  e.version = dossier.version + 1;
  e.recorded_at = now;
  e.actor = std::string(kRecalendarActor);
  e.body = AppointmentMoved{change->before, change->after, after.config().name,
                            after.version(), now};
  return {std::move(e)};
}

}  // namespace motcua::engine

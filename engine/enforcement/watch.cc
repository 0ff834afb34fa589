#include "engine/enforcement/watch.h"

#include <algorithm>

#include "engine/lifecycle/overdue.h"
#include "engine/lifecycle/regime.h"

namespace motcua::engine {
namespace {

bool Noticed(const Dossier& d, WatchKind kind, uint32_t step,
             Instant deadline) {
  return std::any_of(
      d.notices.begin(), d.notices.end(), [&](const DeadlineNotice& n) {
        return n.kind == kind && n.step == step && n.deadline == deadline;
      });
}

// The instant with exactly `lead` working time left before `deadline`, or
// `base` when there never was that much.
Result<Instant> DueSoonAt(const WorkingCalendar& cal, Instant base,
                          Instant deadline, int64_t lead) {
  auto total = cal.WorkingTimeBetween(base, deadline);
  if (!total.ok()) return total.error();
  if (*total <= lead) return base;
  return cal.AddWorkingTime(base, *total - lead);
}

// The end of working hours of the last working day from which the apology
// lead (working days strictly after it, up to the appointment date) is
// still met; nullopt when no such day exists within a year.
Result<std::optional<Instant>> LastApologyInstant(const WorkingCalendar& cal,
                                                  Instant appointment,
                                                  int lead_days) {
  const CivilDate due = VietnamDateOf(appointment);
  int64_t day = DaysFromCivil(due) - 1;
  for (int i = 0; i < 400; ++i, --day) {
    const CivilDate date = CivilFromDays(day);
    auto working = cal.IsWorkingDay(date);
    if (!working.ok()) return working.error();
    if (!*working) continue;
    auto lead = cal.WorkingDaysAfter(date, due);
    if (!lead.ok()) return lead.error();
    if (*lead >= lead_days) {
      return std::optional<Instant>(cal.EndOfWorkingDay(date));
    }
  }
  return std::optional<Instant>();
}

// Adds the due-soon / overdue pair for one deadline.
Status AddPair(std::vector<WatchEntry>& out, const Dossier& d,
               const WorkingCalendar& cal, int64_t lead, Instant base,
               Instant deadline, uint32_t step, WatchKind soon,
               WatchKind overdue) {
  const bool overdue_noticed = Noticed(d, overdue, step, deadline);
  if (!overdue_noticed) {
    out.push_back({OverdueFrom(deadline), d.code, overdue, step, deadline});
  }
  if (!overdue_noticed && !Noticed(d, soon, step, deadline)) {
    auto due = DueSoonAt(cal, base, deadline, lead);
    if (!due.ok()) return due.error();
    out.push_back({*due, d.code, soon, step, deadline});
  }
  return {};
}

bool Watched(const Dossier& d) {
  return d.version > 0 && d.terms && !d.terms->awaiting_check &&
         !IsTerminal(d.state) && !d.completed_at && !d.clock_suspended();
}

}  // namespace

int64_t WatchConfig::LeadFor(std::string_view procedure_code) const {
  auto it = due_soon_lead_by_procedure.find(procedure_code);
  const int64_t lead = it == due_soon_lead_by_procedure.end()
                           ? due_soon_lead_micros
                           : it->second;
  return std::max<int64_t>(lead, 0);
}

Result<std::vector<WatchEntry>> WatchEntries(const Dossier& d,
                                             const WorkingCalendar& cal,
                                             const WatchConfig& cfg) {
  std::vector<WatchEntry> out;
  if (!Watched(d)) return out;
  if (cal.name() != d.terms->calendar) {
    return FailedPrecondition("cannot watch the deadlines of dossier " +
                              d.code + ": it counts on calendar \"" +
                              d.terms->calendar + "\", not \"" + cal.name() +
                              "\"");
  }
  const int64_t lead = cfg.LeadFor(d.procedure_code);
  const Instant start = d.terms->clock_start;
  if (Status s = AddPair(out, d, cal, lead, start, d.appointment, 0,
                         WatchKind::kDueSoon, WatchKind::kOverdue);
      !s.ok()) {
    return s.error();
  }
  const Regime& regime = GetRegime(d.terms->regime);
  if (static_cast<int>(d.reappointments.size()) < regime.max_reappointments &&
      !Noticed(d, WatchKind::kApologyRequired, 0, d.appointment)) {
    auto last = LastApologyInstant(cal, d.appointment,
                                   regime.apology_lead_working_days);
    if (!last.ok()) return last.error();
    if (*last && **last >= start) {
      out.push_back(
          {**last, d.code, WatchKind::kApologyRequired, 0, d.appointment});
    }
  }
  if (d.terms->steps.size() > 1 && !d.steps.empty() &&
      !d.steps.back().ended_at) {
    const StepRecord& s = d.steps.back();
    if (Status st =
            AddPair(out, d, cal, lead, s.started_at, s.deadline, s.index,
                    WatchKind::kStepDueSoon, WatchKind::kStepOverdue);
        !st.ok()) {
      return st.error();
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<DossierEvent>> DecideDeadline(const Dossier& d,
                                                 const WatchEntry& e,
                                                 Instant now,
                                                 const WorkingCalendar& cal,
                                                 const WatchConfig& cfg) {
  std::vector<DossierEvent> out;
  if (e.code != d.code) {
    return InvalidArgument("cannot decide deadline entry of dossier " + e.code +
                           " against dossier " + d.code);
  }
  if (e.due > now) return out;
  auto entries = WatchEntries(d, cal, cfg);
  if (!entries.ok()) return entries.error();
  if (std::find(entries->begin(), entries->end(), e) == entries->end()) {
    return out;
  }
  // A warning for a deadline already overdue is superseded by the overdue.
  if ((e.kind == WatchKind::kDueSoon || e.kind == WatchKind::kStepDueSoon) &&
      now >= OverdueFrom(e.deadline)) {
    return out;
  }
  auto remaining = cal.WorkingTimeBetween(now, e.deadline);
  if (!remaining.ok()) return remaining.error();
  DeadlineNoticed n;
  n.kind = e.kind;
  n.step = e.step;
  n.deadline = e.deadline;
  n.noticed_at = now;
  n.agency_code = d.holder_agency;
  if (IsStepKind(e.kind)) {
    for (const StepRecord& s : d.steps) {
      if (s.index == e.step) n.agency_code = s.agency_code;
    }
  }
  n.remaining_micros = *remaining;
  out.push_back(
      DossierEvent{d.version + 1, now, std::string(kSweeperActor), n});
  return out;
}

}  // namespace motcua::engine

#include "engine/report/indicators.h"

#include <algorithm>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/overdue.h"

namespace motcua::engine {
namespace {

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / whole;
}

// The lower middle value of a non-empty list (reordered).
int LowerMedian(std::vector<uint16_t>& d) {
  auto mid = d.begin() + (d.size() - 1) / 2;
  std::nth_element(d.begin(), mid, d.end());
  return *mid;
}

}  // namespace

double Indicators::on_time_share() const {
  return Share(early + on_time, resolved);
}
double Indicators::online_share() const {
  return Share(received_online, received);
}
double Indicators::direct_share() const {
  return Share(received_direct, received);
}
double Indicators::postal_share() const {
  return Share(received_postal, received);
}
double Indicators::electronic_result_share() const {
  return Share(electronic_results, resolved);
}
double Indicators::digitization_share() const {
  return Share(received_digitized, received);
}
double Indicators::portal_sync_share() const {
  return Share(received_synced, received);
}
double Indicators::online_payment_share() const {
  return Share(paid_online, payment_required);
}
double Indicators::satisfied_share() const { return Share(satisfied, rated); }
double Indicators::decision766_satisfaction() const {
  return Share(resolved - unsatisfied, resolved);
}

std::vector<Indicators> BuildIndicators(std::span<const ReportFact> facts,
                                        const Period& period,
                                        IndicatorGroup group) {
  const ReportMinute start = ToReportMinute(period.start);
  const ReportMinute end = ToReportMinute(period.end);
  std::vector<Indicators> by_id;
  std::vector<std::vector<uint16_t>> days;
  std::vector<std::vector<uint16_t>> net_days;
  for (const ReportFact& f : facts) {
    const bool received = f.received >= start && f.received < end &&
                          f.end != FactEnd::kRefusedAtReceipt;
    const bool resolved =
        f.end == FactEnd::kCompleted && f.ended >= start && f.ended < end;
    if (!received && !resolved) {
      continue;
    }
    const uint16_t id =
        group == IndicatorGroup::kAgency ? f.agency : f.procedure;
    if (id >= by_id.size()) {
      by_id.resize(id + 1);
      days.resize(id + 1);
      net_days.resize(id + 1);
    }
    Indicators& g = by_id[id];
    if (received) {
      ++g.received;
      if (f.flags & kFactDigitized) ++g.received_digitized;
      if (f.flags & kFactPortalSynced) ++g.received_synced;
      switch (f.receipt_channel()) {
        case Channel::kOnline:
          ++g.received_online;
          break;
        case Channel::kDirect:
          ++g.received_direct;
          break;
        case Channel::kPostal:
          ++g.received_postal;
          break;
      }
    }
    if (resolved) {
      ++g.resolved;
      switch (f.timeliness) {
        case Timeliness::kEarly:
          ++g.early;
          break;
        case Timeliness::kOnTime:
          ++g.on_time;
          break;
        case Timeliness::kLate:
          ++g.late;
          break;
      }
      if (f.flags & kFactElectronicResult) ++g.electronic_results;
      if (f.flags & kFactPaymentRequired) {
        ++g.payment_required;
        if (f.flags & kFactPaidOnline) ++g.paid_online;
      }
      if (f.rating != Rating::kNone) ++g.rated;
      if (f.rating == Rating::kSatisfied) ++g.satisfied;
      if (f.rating == Rating::kUnsatisfied) ++g.unsatisfied;
      g.processing_days_sum += f.processing_days;
      days[id].push_back(f.processing_days);
      g.processing_days_net_sum += f.processing_days_net;
      net_days[id].push_back(f.processing_days_net);
    }
  }
  std::vector<Indicators> out;
  for (size_t id = 0; id < by_id.size(); ++id) {
    Indicators& g = by_id[id];
    if (g.received == 0 && g.resolved == 0) continue;
    g.id = static_cast<uint16_t>(id);
    if (g.resolved > 0) {
      g.average_processing_days =
          static_cast<double>(g.processing_days_sum) / g.resolved;
      g.median_processing_days = LowerMedian(days[id]);
      g.average_processing_days_net =
          static_cast<double>(g.processing_days_net_sum) / g.resolved;
      g.median_processing_days_net = LowerMedian(net_days[id]);
    }
    out.push_back(g);
  }
  return out;
}

std::vector<uint32_t> OverdueAt(std::span<const ReportFact> facts, Instant t) {
  const ReportMinute m = ToReportMinute(t);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i].OpenAt(m) && facts[i].OverdueAt(m)) {
      out.push_back(static_cast<uint32_t>(i));
    }
  }
  return out;
}

std::vector<OpenCount> OpenByHolder(std::span<const ReportFact> facts,
                                    Instant t, size_t agencies) {
  const ReportMinute m = ToReportMinute(t);
  std::vector<OpenCount> out(agencies);
  for (const ReportFact& f : facts) {
    if (f.holder >= agencies || !f.OpenAt(m)) continue;
    ++out[f.holder].open;
    if (f.OverdueAt(m)) ++out[f.holder].overdue;
  }
  return out;
}

Result<OverdueEntry> DescribeOverdue(const Dossier& d,
                                     const WorkingCalendar& calendar,
                                     Instant t) {
  auto clock = DossierClock(d, calendar);
  if (!clock.ok()) return clock.error();
  if (t < d.terms->clock_start || (d.completed_at && *d.completed_at <= t) ||
      (IsTerminal(d.state) && d.last_event_at <= t)) {
    return FailedPrecondition("dossier " + d.code + " is not open at " +
                              FormatVietnamInstant(t));
  }
  auto reading = clock->Read(calendar, t);
  if (!reading.ok()) return reading.error();
  // The one overdue rule (engine/lifecycle/overdue.h), as Form 06 and
  // GetDossier apply it.
  auto overdue = IsOverdueAt(d, calendar, t);
  if (!overdue.ok()) return overdue.error();
  if (!*overdue) {
    return FailedPrecondition("dossier " + d.code + " is not overdue at " +
                              FormatVietnamInstant(t));
  }
  OverdueEntry e;
  e.code = d.code;
  e.appointment = reading->appointment;
  e.responsible_agency = d.holder_agency;
  // The open step's agency when that step overran; else the last step that
  // closed late by t; else the holder.
  bool found = false;
  for (size_t i = d.steps.size(); i-- > 0 && !found;) {
    const StepRecord& s = d.steps[i];
    if (s.started_at > t) continue;
    if (!s.ended_at || *s.ended_at > t) {
      auto step = ReadStep(d, i, calendar, t);
      if (!step.ok()) return step.error();
      if (VietnamDateOf(t) > VietnamDateOf(step->deadline)) {
        e.responsible_agency = s.agency_code;
        found = true;
      }
    } else if (s.result == Timeliness::kLate) {
      e.responsible_agency = s.agency_code;
      found = true;
    }
  }
  auto late = calendar.WorkingDaysAfter(VietnamDateOf(reading->appointment),
                                        VietnamDateOf(t));
  if (!late.ok()) return late.error();
  e.working_days_late = *late;
  const bool apologised =
      std::any_of(d.reappointments.begin(), d.reappointments.end(),
                  [t](Instant r) { return r <= t; });
  const bool required = std::any_of(
      d.notices.begin(), d.notices.end(), [t](const DeadlineNotice& n) {
        return n.kind == WatchKind::kApologyRequired && n.noticed_at <= t;
      });
  e.apology =
      apologised ? ApologyStatus::kApologized
                 : (required ? ApologyStatus::kRequired : ApologyStatus::kNone);
  if (apologised) {
    const auto latest =
        std::find_if(d.reappointments.rbegin(), d.reappointments.rend(),
                     [t](Instant r) { return r <= t; });
    e.apology_untimely =
        std::find(d.untimely_apologies.begin(), d.untimely_apologies.end(),
                  *latest) != d.untimely_apologies.end();
  }
  return e;
}

}  // namespace motcua::engine

// Service indicators of Decision 766/QĐ-TTg (2022) and the overdue list.
//
// Indicators, per group (receiving agency or procedure) over a period:
//  - resolved: dossiers completed in the period (FactEnd::kCompleted, ended
//    in [start, end)); early / on time / late are their timeliness against
//    the appointment in force; on_time_share = (early + on time) / resolved.
//  - processing time: average and median of ReportFact::processing_days
//    (working days from the receipt date to the completion date) over the
//    resolved dossiers, and the same of processing_days_net (less the
//    applicant's waiting time: suspensions for a supplement or a payment).
//    The median of an even count is the lower middle value (a whole number
//    of days, as printed).
//  - channel shares: of the dossiers received in the period, online /
//    direct / postal (here postal is its own share, unlike Form 06).
//  - digitisation share: of the dossiers received in the period, those the
//    desk digitised at receipt or that were submitted online.
//  - electronic results: resolved dossiers whose result is a digitally
//    signed electronic document (Decree 45/2020/NĐ-CP), however it was
//    handed over (mark_result_ready's electronic_result). Returning a
//    result "online" is a channel, not an electronic result.
//  - online payment share: of the resolved dossiers that had fees to pay,
//    those whose every confirmed payment was made online.
//  - portal sync share: of the dossiers received in the period, those the
//    national portal's sync adapter acknowledged (PortalSynced events,
//    engine/lifecycle/portal_sync.h), whenever it did.
//  - satisfaction: over resolved dossiers, rated = those with a rating;
//    satisfied_share = satisfied / rated (0 when none rated);
//    decision766_satisfaction = (resolved - unsatisfied) / resolved, the
//    Decision's formula (a dossier not rated counts as not unsatisfied).
// Shares are in [0, 1]; 0 when the denominator is 0.
//
// Overdue list (OverdueAt + DescribeOverdue): the facts say which dossiers
// are open and overdue at T (minute precision); the caller loads just those
// dossiers and DescribeOverdue names the responsible agency (the agency of
// the step open at T when that step is past its own deadline; else the
// agency of the last step closed late by T; else the holder),
// the working days late (working days after the appointment date up to T's
// date) and the apology status (with whether the latest apology by T was
// untimely).
//
// Thread safety: pure functions on values.
//
// Example:
//   auto by_agency = BuildIndicators(facts, *q, IndicatorGroup::kAgency);
//   for (uint32_t i : OverdueAt(facts, now)) Load(codes[i]) ...
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/dossier/dossier.h"
#include "engine/report/period.h"
#include "engine/report/report_fact.h"

namespace motcua::engine {

enum class IndicatorGroup : uint8_t { kAgency, kProcedure };

struct Indicators {
  uint16_t id = 0;  // agency or procedure id (FactDictionary)
  int64_t received = 0;
  int64_t received_online = 0;
  int64_t received_direct = 0;
  int64_t received_postal = 0;
  int64_t resolved = 0;
  int64_t early = 0;
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t electronic_results = 0;
  int64_t received_digitized = 0;  // of `received`
  int64_t received_synced = 0;     // of `received`: on the national portal
  int64_t payment_required = 0;    // of `resolved`
  int64_t paid_online = 0;         // of `payment_required`
  int64_t rated = 0;
  int64_t satisfied = 0;
  int64_t unsatisfied = 0;
  int64_t processing_days_sum = 0;
  double average_processing_days = 0;
  int median_processing_days = 0;
  // Less the applicant's waiting time (suspensions).
  int64_t processing_days_net_sum = 0;
  double average_processing_days_net = 0;
  int median_processing_days_net = 0;

  double on_time_share() const;  // (early + on time) / resolved
  double online_share() const;   // received_online / received
  double direct_share() const;
  double postal_share() const;
  double electronic_result_share() const;  // / resolved
  double digitization_share() const;       // received_digitized / received
  double portal_sync_share() const;        // received_synced / received
  double online_payment_share() const;     // paid_online / payment_required
  double satisfied_share() const;          // satisfied / rated
  double decision766_satisfaction()
      const;  // (resolved - unsatisfied) / resolved

  friend bool operator==(const Indicators&, const Indicators&) = default;
};

// One entry per id with any received or resolved dossier, in id order.
std::vector<Indicators> BuildIndicators(std::span<const ReportFact> facts,
                                        const Period& period,
                                        IndicatorGroup group);

// Indices into `facts` of the dossiers open and overdue at `t`, in order.
std::vector<uint32_t> OverdueAt(std::span<const ReportFact> facts, Instant t);

// The dossiers open at `t` and, of them, those overdue at `t` (the same
// rule as OverdueAt), counted by the agency holding each dossier
// (ReportFact::holder), indexed by agency id; `agencies` entries (the
// dictionary's size; ids beyond it are not counted). One pass over the
// facts, nothing loaded: the server's open/overdue metrics.
struct OpenCount {
  uint64_t open = 0;
  uint64_t overdue = 0;
  friend bool operator==(const OpenCount&, const OpenCount&) = default;
};
std::vector<OpenCount> OpenByHolder(std::span<const ReportFact> facts,
                                    Instant t, size_t agencies);

enum class ApologyStatus : uint8_t {
  kNone,        // no apology and none demanded yet
  kRequired,    // the sweeper noticed "apology required" and none was made
  kApologized,  // re-appointed (Mẫu 04) at least once
};

struct OverdueEntry {
  std::string code;
  std::string responsible_agency;
  Instant appointment = 0;  // in force at t
  int working_days_late = 0;
  ApologyStatus apology = ApologyStatus::kNone;
  // kApologized and the latest apology by t came later than the regime's
  // lead time (engine/lifecycle/decide.h, "Apologies"): it promised a new
  // date but moved nothing, which is why the dossier is still overdue.
  bool apology_untimely = false;
};

// FailedPrecondition when the dossier has no running clock or is not open
// and overdue at `t`; calendar errors as they come.
Result<OverdueEntry> DescribeOverdue(const Dossier& dossier,
                                     const WorkingCalendar& calendar,
                                     Instant t);

}  // namespace motcua::engine

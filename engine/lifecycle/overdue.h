// Overdue: the one rule for "is this dossier overdue at instant t", used by
// GetDossier's overdue flag, the sweeper's overdue notice, the overdue list
// and Form 06 (column 13, Biểu số 06/VPCP/KSTT of Circular 01/2020/TT-VPCP).
//
// Model (DOMAIN.md §3 "Overdue is not a state", §4, §7). Overdue is derived
// from the clock, by civil date in Asia/Ho_Chi_Minh:
//  - a running clock is overdue at t when t is at or after OverdueFrom(the
//    appointment in force at t), i.e. 00:00 of the day after the
//    appointment date: a result ready at any hour of the appointment day is
//    on time (ClassifyCompletion), so the dossier cannot be overdue before
//    that day has passed;
//  - a suspended clock (waiting for a supplement or payment) is overdue only
//    when it was already overdue when it was suspended: waiting for the
//    applicant is not the agency's delay;
//  - a dossier is overdue only while open: received (its clock started) at
//    or before t, and not completed, withdrawn, stopped or refused by t.
// OverdueIntervals gives the same answer as a set of half-open intervals,
// for every t, which is what report facts store (report_fact.h); the
// intervals are not cut at the dossier's ending (openness is a separate
// question), so a past instant's answer never depends on when, after it,
// the dossier ended.
//
// Ambiguous cases, answered:
//  - t on the appointment day itself, before its end (e.g. 23:59:59 of the
//    appointment day): NOT overdue; from 00:00 of the next day: overdue.
//  - The cut-off of a report period (Period, engine/report/period.h): the
//    period's figures are read once its last day has wholly passed, i.e.
//    at Period::end (00:00 of the day after the last day), for the dossiers
//    open at the period's last instant. So a dossier whose appointment date
//    is on or before the last day and that is still open at the cut-off is
//    overdue in that period (column 13), whether it was resolved the next
//    morning or is still open today. The overdue list asked at 23:59:59 of
//    that day does not list it (the day has not passed yet); asked at
//    00:00 of the next day it does.
//  - A re-appointment (apology, Mẫu 04) replaces the appointment from its
//    instant: an overdue dossier re-appointed to a later date stops being
//    overdue then.
//
// Thread safety: pure functions.
//
// Example:
//   Result<bool> late = IsOverdueAt(dossier, *calendar, now);
#pragma once

#include <limits>
#include <utility>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/deadline/deadline_clock.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

// The first instant at which a dossier due at `appointment` is overdue:
// 00:00 Vietnam time of the day after the appointment's date.
Instant OverdueFrom(Instant appointment);

// The instants at which `clock` is overdue (ignoring whether the dossier is
// still open), as ordered, disjoint, non-adjacent half-open intervals
// [first, second); the last may end at kOverdueForever.
inline constexpr Instant kOverdueForever = std::numeric_limits<Instant>::max();
using OverdueInterval = std::pair<Instant, Instant>;
std::vector<OverdueInterval> OverdueIntervals(const DeadlineClock& clock);

// Open at `t` (clock started at or before t, not ended by t) and overdue at
// `t` (see the file comment). False for a dossier without a running clock.
// Calendar errors as they come.
Result<bool> IsOverdueAt(const Dossier& dossier,
                         const WorkingCalendar& calendar, Instant t);

}  // namespace motcua::engine

// Retention of personal data: when a closed dossier's personal data is
// erased (what is erased: engine/dossier/personal_data.h).
//
// Why and when. The Law on Personal Data Protection (No. 91/2025/QH15, in
// force 1 January 2026; it replaces Decree 13/2023/NĐ-CP) has personal data
// deleted once the purpose of processing is complete or the retention
// period set by law has passed. motcua tracks a dossier through its
// procedure: once the dossier is closed, the personal data is kept only for
// the complaints, lawsuits and inspections that may follow; the dossier
// itself (the papers, the decision) is archived by the agency under the
// Law on Archives (No. 33/2024/QH15) and its retention schedule, not here.
// The province sets the period (`--personal-data-retention-years`), from
// its archive and data-protection officers; it is at least
// kMinPersonalDataRetentionYears: the time to sue over an administrative
// decision is one year (Law on Administrative Procedure 2015, art. 116),
// and a dossier under complaint or in court must still name its applicant.
//
// The rule (DecidePurge):
//   - only a closed dossier (a terminal state: returned, withdrawn,
//     stopped, refused at receipt) whose last activity is before the cutoff:
//     ClosedAt = the latest of last_event_at, its postal legs and its
//     rating (a delivery or a rating after the return counts as activity);
//   - cutoff = RetentionCutoff(now, years): Vietnamese midnight of today's
//     date N years back (29 February -> 28 February), so a dossier closed
//     on 2020-03-10 is purged from 2025-03-11 with N = 5;
//   - once: a purged dossier gives no events (nothing to do);
//   - the event: PersonalDataPurged{years, cutoff}, version d.version + 1,
//     recorded_at = now, actor = the purger's client id. It changes neither
//     the state, nor the clock, nor last_event_at: every report counts the
//     dossier exactly as before (report facts carry no personal data).
// Refusals (FailedPrecondition naming the dossier, its state and the rule):
// an open dossier; one closed at or after the cutoff. InvalidArgument:
// years below the minimum.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

inline constexpr uint32_t kMinPersonalDataRetentionYears = 2;

// The sequencer's command (fingerprinted: engine/idempotency).
struct PurgeCommand {
  uint32_t retention_years = 0;
};

// InvalidArgument naming `field` when years is below the minimum.
Status ValidateRetentionYears(uint32_t years, std::string_view field);

// Vietnamese midnight of VietnamDateOf(now) minus `years` years.
Instant RetentionCutoff(Instant now, uint32_t years);

// The dossier's last activity (see the file comment).
Instant ClosedAt(const Dossier& d);

// Closed, not purged, and closed before `cutoff`.
bool PurgeDue(const Dossier& d, Instant cutoff);

Result<std::vector<DossierEvent>> DecidePurge(const Dossier& d,
                                              const PurgeCommand& cmd,
                                              Instant now, std::string actor);

}  // namespace motcua::engine

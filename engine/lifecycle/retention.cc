#include "engine/lifecycle/retention.h"

#include <algorithm>
#include <utility>

namespace motcua::engine {

Status ValidateRetentionYears(uint32_t years, std::string_view field) {
  if (years < kMinPersonalDataRetentionYears || years > 100) {
    return InvalidArgument(std::string(field) + ": must be " +
                           std::to_string(kMinPersonalDataRetentionYears) +
                           "..100 years (the time to sue over a decision is "
                           "one year), got " +
                           std::to_string(years));
  }
  return {};
}

Instant RetentionCutoff(Instant now, uint32_t years) {
  CivilDate d = VietnamDateOf(now);
  d.year -= static_cast<int>(years);
  if (!IsValidCivilDate(d)) d.day = 28;  // 29 February in a common year
  return VietnamMidnight(d);
}

Instant ClosedAt(const Dossier& d) {
  Instant at = d.last_event_at;
  for (const PostalRecorded& leg : d.postal.legs) at = std::max(at, leg.at);
  if (d.rating) at = std::max(at, d.rating->at);
  return at;
}

bool PurgeDue(const Dossier& d, Instant cutoff) {
  return d.version > 0 && IsTerminal(d.state) && !d.personal_data_purged_at &&
         ClosedAt(d) < cutoff;
}

Result<std::vector<DossierEvent>> DecidePurge(const Dossier& d,
                                              const PurgeCommand& cmd,
                                              Instant now, std::string actor) {
  if (Status s = ValidateRetentionYears(cmd.retention_years, "retention_years");
      !s.ok()) {
    return s.error();
  }
  if (d.personal_data_purged_at) return std::vector<DossierEvent>{};
  const std::string subject =
      "cannot purge the personal data of dossier " + d.code;
  const std::string rule = "personal data is kept " +
                           std::to_string(cmd.retention_years) +
                           " years after the dossier is closed";
  if (!IsTerminal(d.state)) {
    return FailedPrecondition(subject + ": it is " +
                              std::string(DossierStateName(d.state)) + "; " +
                              rule);
  }
  const Instant cutoff = RetentionCutoff(now, cmd.retention_years);
  if (ClosedAt(d) >= cutoff) {
    return FailedPrecondition(subject + ": its last activity was on " +
                              FormatDate(VietnamDateOf(ClosedAt(d))) + "; " +
                              rule);
  }
  DossierEvent e;
  e.version = d.version + 1;
  e.recorded_at = now;
  e.actor = std::move(actor);
  e.body = PersonalDataPurged{cmd.retention_years, cutoff};
  return std::vector<DossierEvent>{std::move(e)};
}

}  // namespace motcua::engine

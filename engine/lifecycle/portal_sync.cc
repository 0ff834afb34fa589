#include "engine/lifecycle/portal_sync.h"

#include <algorithm>
#include <string>
#include <utility>

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

bool IsReferenceChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
         c == '-' || c == '/';
}

}  // namespace

Result<std::vector<DossierEvent>> DecidePortalSync(const Dossier& d,
                                                   const PortalSyncCommand& cmd,
                                                   Instant now,
                                                   std::string actor) {
  if (cmd.synced_version == 0) {
    return InvalidArgument(
        "synced_version: required, the dossier version the portal holds "
        "(Dossier.version or LogEvent.event.version)");
  }
  if (cmd.portal_reference.size() > kMaxPortalReferenceBytes ||
      !std::all_of(cmd.portal_reference.begin(), cmd.portal_reference.end(),
                   IsReferenceChar)) {
    return InvalidArgument(
        "portal_reference: at most 64 characters of A-Z a-z 0-9 . _ : - /, "
        "got " +
        QuoteText(cmd.portal_reference, 70));
  }
  const Instant at = cmd.at.value_or(now);
  if (at > now) {
    return InvalidArgument("synced_at: " + FormatVietnamInstant(at) +
                           " is in the future (server time " +
                           FormatVietnamInstant(now) + ")");
  }
  if (at < d.received_at) {
    return InvalidArgument("synced_at: " + FormatVietnamInstant(at) +
                           " is before dossier " + d.code + " was received (" +
                           FormatVietnamInstant(d.received_at) + ")");
  }
  if (cmd.synced_version > d.version) {
    return FailedPrecondition(
        "cannot record the portal sync of dossier " + d.code +
        ": it is at "
        "version " +
        std::to_string(d.version) + ", the portal cannot hold version " +
        std::to_string(cmd.synced_version));
  }
  if (cmd.synced_version <= d.portal_synced_version) {
    return std::vector<DossierEvent>{};
  }
  DossierEvent e;
  e.version = d.version + 1;
  e.recorded_at = now;
  e.actor = std::move(actor);
  e.body = PortalSynced{cmd.synced_version, cmd.portal_reference, at};
  return std::vector<DossierEvent>{std::move(e)};
}

}  // namespace motcua::engine

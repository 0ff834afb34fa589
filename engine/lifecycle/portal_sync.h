// DecidePortalSync: the national public-service portal's sync adapter
// acknowledges that the portal (Cổng Dịch vụ công quốc gia) holds a dossier
// up to a version -> the event to append, or why nothing happens.
//
// Why: Decree 61/2018/NĐ-CP (as amended by Decree 107/2021/NĐ-CP) has the
// provincial one-stop information system synchronise every dossier with the
// national portal, and Decision 766/QĐ-TTg (2022) scores a province by the
// share of its dossiers synchronised. The sync adapter (outside motcua)
// reads WatchEvents, pushes each dossier to the portal, and reports back
// here what the portal accepted; the reports count the dossiers it
// acknowledged (engine/report/indicators.h).
//
// Checks, in order (the first failure is returned):
//  1. InvalidArgument naming the field: `synced_version` 0;
//     `portal_reference` not 0..64 characters of [A-Za-z0-9._:-/];
//     `at` after `now` (the portal cannot have accepted it in the future)
//     or before the dossier's receipt.
//  2. FailedPrecondition naming the dossier: `synced_version` above the
//     dossier's version ("it is at version 4").
// Then: `synced_version` at or below the version already acknowledged is
// nothing to do (no events: the sequencer answers with the dossier as it
// is, replayed); acknowledgements arrive out of order when the adapter
// retries, and the higher one stands.
// The event: version d.version + 1, recorded_at = `now`, actor = `actor`
// (the adapter's client_id), at = `at` or `now`. Any state is fine, an
// online submission awaiting its check included (the portal is where it
// came from). The event does not change the state, the clock or
// last_event_at; it is itself a version the adapter need not push
// (a portal_synced event carries nothing the portal shows).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

struct PortalSyncCommand {
  uint64_t synced_version = 0;
  std::string portal_reference;
  std::optional<Instant> at;  // unset: `now`
};

inline constexpr size_t kMaxPortalReferenceBytes = 64;

Result<std::vector<DossierEvent>> DecidePortalSync(const Dossier& d,
                                                   const PortalSyncCommand& cmd,
                                                   Instant now,
                                                   std::string actor);

}  // namespace motcua::engine

// Fingerprint: the one idempotency digest of a write. Every write reaches
// the sequencer as an engine command (WriteCommand); the sequencer digests
// it, stores the digest with the reply under the request's key
// (client_id, request id), and a retry under the same key is a replay only
// when its digest is the same (runtime/sequencer.h).
//
// The rule:
//   - Stable across builds, compilers and libraries: FNV-1a (Fnv64) over
//     fields listed one by one in fingerprint.cc, never a serialization
//     (protobuf does not promise a stable one) nor std::hash (which may
//     change with the standard library).
//   - Each digest starts with its command kind ("receipt", "lifecycle",
//     "postal", "deadline", "rating", "recalendar", "portal_sync",
//     "personal_data_purge"), so the same
//     key reused for another kind of write never matches.
//   - Every field of the command enters the digest, always (an unset
//     optional as "absent"), except the calling system (client_id), which
//     is part of the key, and the request id of a receipt (the key itself).
//     The dossier a command acts on is compared beside the digest (the
//     record's dossier_code), so it need not be in it; it is anyway when
//     the command carries it.
//   - Versioned: kFingerprintScheme is stored beside each digest
//     (IdempotencyRecord::fingerprint_scheme). Changing what a digest covers
//     (a new command field, another order) is a new scheme: bump it, pin the
//     new literal digests in fingerprint_test.cc, and say how records of the
//     previous scheme match (the sequencer compares them loosely, see
//     runtime/sequencer.h).
//
// Ambiguous cases, answered:
//   - A field the request had but the command does not (a lookup secret, a
//     field the engine ignores): not in the digest; two requests that differ
//     only there are the same write.
//   - received_at / at unset stays unset: a retry hours later still matches.
//
// Thread safety: pure functions.
//
// Example:
//   engine::WriteCommand cmd = lifecycle_command;
//   record.fingerprint = engine::Fingerprint(cmd);
//   record.fingerprint_scheme = engine::kFingerprintScheme;
#pragma once

#include <cstdint>
#include <variant>

#include "engine/dossier/receipt.h"
#include "engine/enforcement/watch_entry.h"
#include "engine/lifecycle/decide.h"
#include "engine/lifecycle/portal_sync.h"
#include "engine/lifecycle/rating.h"
#include "engine/lifecycle/recalendar.h"
#include "engine/lifecycle/retention.h"
#include "engine/postal/decide_postal.h"

namespace motcua::engine {

// The scheme of the digests Fingerprint computes. 0 is reserved for records
// written before digests were versioned (kLegacyFingerprintScheme).
inline constexpr uint32_t kFingerprintScheme = 1;

// Every kind of write the sequencer runs:
//   ReceiveCommand     a new dossier at the desk (receipt.h)
//   LifecycleCommand   an officer's action on a dossier (decide.h)
//   PostalCommand      a carrier's report (decide_postal.h)
//   WatchEntry         the sweeper firing a deadline-index entry (watch.h)
//   RatingCommand      a citizen's rating (rating.h)
//   RecalendarCommand  a calendar publication moving an appointment
//                      (recalendar.h)
//   PortalSyncCommand  the national portal's sync acknowledgement
//                      (portal_sync.h)
//   PurgeCommand       erasing a closed dossier's personal data
//                      (retention.h)
// Alternatives are appended: a new kind leaves every other digest as it
// was, so it needs no new scheme.
using WriteCommand =
    std::variant<ReceiveCommand, LifecycleCommand, PostalCommand, WatchEntry,
                 RatingCommand, RecalendarCommand, PortalSyncCommand,
                 PurgeCommand>;

// The digest of `cmd` under kFingerprintScheme.
uint64_t Fingerprint(const WriteCommand& cmd);

}  // namespace motcua::engine

// The stored form of dossiers and dossier events (the values of the
// `dossiers` and `events` column families).
//
// Each value starts with a format byte; a decoder meeting
// a format it does not know fails with Internal rather than guessing, so a
// downgrade cannot silently misread newer data. Events are tagged by kind;
// tags are append-only and never reused.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

// Events are written with format 1 (kEventFormat); tags inside tell the
// kind, and every tag ever written keeps decoding: the event log is the
// record. A dossier snapshot is a cache of Fold(events) and has exactly one
// layout, kDossierFormat: DecodeDossier refuses any other, and the store
// rebuilds a snapshot of another format from its events when it opens
// (adapters/rocksdb/snapshot_rebuild.h). To change the snapshot layout,
// change kDossierFormat; no decoder of an older layout is kept. Formats 1-9
// were written up to motcua 0.3, format 10 by 0.4.0 (their layouts are in
// git history); 11 adds personal_data_purged_at.
// Terms decoded from receipt events of tags 2 and 5 count with
// legacy_calendar_cutoff: they were computed with the calendar's cut-off,
// and their clocks keep recomputing that way on every resumption, so the
// printed appointment and its replay never disagree.
inline constexpr char kEventFormat = 1;
inline constexpr char kDossierFormat = 11;

// True when `bytes` is a snapshot of kDossierFormat (not checked further).
bool IsCurrentDossierFormat(std::string_view bytes);

// The counting rules of terms received before event tag 8.
inline constexpr CountingRules kLegacyCounting{.legacy_calendar_cutoff = true};

std::string EncodeDossier(const Dossier& dossier);
Result<Dossier> DecodeDossier(std::string_view bytes);

std::string EncodeEvent(const DossierEvent& event);
Result<DossierEvent> DecodeEvent(std::string_view bytes);

}  // namespace motcua::engine

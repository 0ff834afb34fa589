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

// Events are written with format 1; tags inside tell the kind. Dossier
// states are written with format 2 (format 1 plus the lifecycle fields);
// format-1 dossiers (written before the lifecycle existed) still decode.
// Format 3 is format 2 plus the postal record; it is written only for
// dossiers with something postal (a tracking number or a leg), so every
// other dossier keeps its format-2 bytes. Format 4 is format 3 plus the
// deadline notices; it is written only for dossiers with at least one
// notice, so every other dossier keeps its format-2 or format-3 bytes.
// Format 5 is format 4 (its notices may be empty) plus the citizen's
// rating; it is written only for rated dossiers. Format 6 is format 5 (its
// notices and rating may be empty) plus history_bytes; it is written for
// every dossier whose history_bytes is known (not 0). Format 7 is format 6
// (history_bytes may be 0) plus the terms' counting rules
// (ReceiptTerms::counting); it is written for every dossier whose terms
// count under Civil Code 2015 Art. 147 (all receipts since issue 11).
// Format 8 is format 7 (its counting rules present whenever the dossier
// has terms, legacy or not) plus the facts of issue 11 items 12 and 13:
// flags (digitised at receipt, signed electronic result, paid online, paid
// otherwise) and the instants of untimely apologies; it is written only
// for dossiers with one of them, so every other dossier keeps its bytes.
// Format 9 is format 8 (its facts may be empty) plus the national portal's
// latest sync acknowledgement (Dossier::portal_*); it is written only for
// dossiers the portal acknowledged.
// Terms decoded from formats 2-6, and from receipt events of tags 2 and 5,
// count with legacy_calendar_cutoff: they were computed with the calendar's
// cut-off, and their clocks keep recomputing that way on every resumption,
// so the printed appointment and its replay never disagree.
inline constexpr char kDossierFormatV1 = 1;
inline constexpr char kDossierFormatV2 = 2;
inline constexpr char kDossierFormatV3 = 3;
inline constexpr char kDossierFormatV4 = 4;
inline constexpr char kDossierFormatV5 = 5;
inline constexpr char kDossierFormatV6 = 6;
inline constexpr char kDossierFormatV7 = 7;
inline constexpr char kDossierFormatV8 = 8;
inline constexpr char kDossierFormatV9 = 9;

// The counting rules of terms stored before format 7 / event tag 8.
inline constexpr CountingRules kLegacyCounting{.legacy_calendar_cutoff = true};

std::string EncodeDossier(const Dossier& dossier);
Result<Dossier> DecodeDossier(std::string_view bytes);

std::string EncodeEvent(const DossierEvent& event);
Result<DossierEvent> DecodeEvent(std::string_view bytes);

}  // namespace motcua::engine

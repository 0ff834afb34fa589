// The record (value) formats of the RocksDB store that are not the engine's
// own (dossiers and events: engine/dossier/dossier_codec.h; report facts:
// engine/report/report_fact.h). Each starts with a format byte or varint;
// a decoder reads every older format it lists and refuses unknown ones.
//
//   requests    idempotency records (formats 1, 2; see records.cc)
//   principals  access principals (format 1)
// Still written in rocksdb_store.cc: counters (the last sequence, fixed32
// BE), watch sets (a count and the keys), calendar and catalogue changes,
// access records (format 1, kAccessFormat).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/codec/binary.h"
#include "engine/common/result.h"
#include "engine/ports/access_store.h"
#include "engine/ports/dossier_store.h"

namespace motcua::adapters {

std::string EncodeRequest(const engine::IdempotencyRecord& r);
// Internal when corrupt or of an unknown format; format 1 decodes with
// engine::kLegacyFingerprintScheme.
engine::Result<engine::IdempotencyRecord> DecodeRequest(std::string_view bytes);

std::string EncodePrincipal(const engine::StoredPrincipal& sp);
bool DecodePrincipal(std::string_view in, engine::StoredPrincipal& sp);

// A list of strings: a count, then each (principals, access records).
void PutStrings(engine::BinaryWriter& w, const std::vector<std::string>& v);
bool GetStrings(engine::BinaryReader& r, std::vector<std::string>& v);

}  // namespace motcua::adapters

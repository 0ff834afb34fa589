// The key schemes of the RocksDB store, in one place (column families in
// rocksdb_store.cc's kFamilies). Byte layouts are stored: change one only
// with a migration. Big-endian fixed-width numbers keep keys in numeric
// order; a NUL separates a variable-length text from what follows it (codes
// and ids never contain NUL).
//
//   events      code \0 version (fixed64 BE)
//   counters    agency \0 days since 1970-01-01 (fixed32 BE)
//   requests    client_id \0 request_id
//   calendars   "p" calendar \0 year (fixed32 BE): a publication;
//               "v" calendar: the calendar's version
//   watches     due (sortable fixed64) code \0 kind (1 byte) step (fixed32
//               BE) deadline (sortable fixed64), no value
//   dossiers    code
//   log         global_seq (fixed64 BE), value: the event's key
//   watch_sets  code, value: the dossier's deadline keys (to replace them)
//   access_log  sequence (fixed64 BE)
//   principals  id; report, submissions, catalogue: their writers' keys
//   default     kSnapshotFormatKey: the format of every dossier snapshot
//               (snapshot_rebuild.h)
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"
#include "engine/enforcement/watch_entry.h"

namespace motcua::adapters {

inline constexpr char kSnapshotFormatKey[] = "snapshot_format";

std::string EventKey(std::string_view code, uint64_t version);
std::string CounterKey(std::string_view agency, engine::CivilDate date);
std::string RequestKey(std::string_view client, std::string_view request);
std::string PublicationKey(std::string_view calendar, int year);
std::string VersionKey(std::string_view calendar);

// Instants as unsigned numbers that sort like the signed ones (sign bit
// flipped), for big-endian keys.
uint64_t SortableInstant(engine::Instant t);
engine::Instant FromSortable(uint64_t v);

// The deadline index key of an entry, ordered by due instant; and back
// (Internal when corrupt).
std::string WatchKey(const engine::WatchEntry& w);
engine::Result<engine::WatchEntry> DecodeWatchKey(std::string_view key);

}  // namespace motcua::adapters

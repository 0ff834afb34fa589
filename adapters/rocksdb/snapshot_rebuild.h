// Dossier snapshots rebuilt from the event log when their format changes.
//
// The `events` family is the record; a snapshot (the `dossiers` family) is a
// cache of Fold(events) in one layout, engine::kDossierFormat. When that
// layout changes, the next start rewrites every snapshot of another format
// from its events, instead of keeping a decoder for every layout ever
// written: only the event decoders (engine/dossier/dossier_codec.cc, tags
// that are never reused) are kept forever.
//
// The pass runs inside RocksDbStore::Open, before the store serves, so it is
// the only writer (the store port's documented admin writer at start). A
// marker in the `default` family records the format every snapshot has; a
// start that finds the current marker does not scan. A crash mid-pass loses
// nothing: rebuilt snapshots are already current, the marker is written last.
//
// Thread safety: call before the database is shared.
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <string>

#include "engine/common/result.h"

namespace motcua::adapters {

struct SnapshotFamilies {
  rocksdb::ColumnFamilyHandle* meta = nullptr;  // "default"
  rocksdb::ColumnFamilyHandle* dossiers = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
};

struct SnapshotRebuild {
  bool scanned = false;  // false: the marker said every snapshot is current
  uint64_t rebuilt = 0;  // snapshots rewritten from their events
};

// Rewrites every snapshot whose format is not engine::kDossierFormat as
// EncodeDossier(Fold(its events)), with history_bytes the stored size of
// those events, in synced batches; then sets the marker. Internal when a
// dossier has no events or its events do not decode (the store is not
// opened on a guess); Unavailable when RocksDB fails.
engine::Result<SnapshotRebuild> RebuildOutdatedSnapshots(
    rocksdb::DB& db, const SnapshotFamilies& families);

}  // namespace motcua::adapters

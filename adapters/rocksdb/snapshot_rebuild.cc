#include "adapters/rocksdb/snapshot_rebuild.h"

#include <memory>
#include <vector>

#include "adapters/rocksdb/keys.h"
#include "engine/dossier/dossier.h"
#include "engine/dossier/dossier_codec.h"
#include "runtime/log.h"

namespace motcua::adapters {
namespace {

// Snapshots rewritten per synced batch: bounded memory on a large store.
constexpr size_t kBatchDossiers = 1000;

engine::Error Failed(const rocksdb::Status& s, const char* what) {
  // For the operator starting the server: RocksDB's reason names files.
  runtime::Log(runtime::LogLevel::kError, "store_error",
               {{"operation", what}, {"error", s.ToString()}});
  const std::string message = std::string("store: cannot ") + what +
                              " while rebuilding dossier snapshots";
  if (s.IsCorruption()) return engine::Internal(message);
  return engine::Unavailable(message);
}

// Fold of the dossier's events, with history_bytes their stored size.
engine::Result<engine::Dossier> FoldFromLog(rocksdb::DB& db,
                                            rocksdb::ColumnFamilyHandle* events,
                                            const std::string& code) {
  // EventKey(code, 0) without its version: the prefix of every event key.
  std::string prefix = EventKey(code, 0);
  prefix.resize(prefix.size() - sizeof(uint64_t));
  std::vector<engine::DossierEvent> log;
  uint64_t bytes = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      db.NewIterator(rocksdb::ReadOptions(), events));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    auto e = engine::DecodeEvent(it->value().ToStringView());
    if (!e.ok()) {
      return engine::Internal("store: an event of dossier " + code +
                              " is corrupt; its snapshot cannot be rebuilt");
    }
    if (e->version != log.size() + 1) {
      return engine::Internal("store: the event log of dossier " + code +
                              " has a gap; its snapshot cannot be rebuilt");
    }
    bytes += it->value().size();
    log.push_back(std::move(*e));
  }
  if (!it->status().ok()) return Failed(it->status(), "read events");
  if (log.empty()) {
    return engine::Internal("store: dossier " + code +
                            " has no events; its snapshot cannot be rebuilt");
  }
  engine::Dossier d = engine::Fold(log);
  d.history_bytes = bytes;
  return d;
}

}  // namespace

engine::Result<SnapshotRebuild> RebuildOutdatedSnapshots(
    rocksdb::DB& db, const SnapshotFamilies& families) {
  const std::string current(1, engine::kDossierFormat);
  std::string marker;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), families.meta,
                             kSnapshotFormatKey, &marker);
  if (s.ok() && marker == current) return SnapshotRebuild{};
  if (!s.ok() && !s.IsNotFound()) return Failed(s, "read the snapshot marker");

  SnapshotRebuild result{.scanned = true};
  rocksdb::WriteOptions synced;
  synced.sync = true;
  rocksdb::WriteBatch batch;
  size_t in_batch = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      db.NewIterator(rocksdb::ReadOptions(), families.dossiers));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (engine::IsCurrentDossierFormat(it->value().ToStringView())) continue;
    const std::string code = it->key().ToString();
    auto d = FoldFromLog(db, families.events, code);
    if (!d.ok()) return d.error();
    s = batch.Put(families.dossiers, code, engine::EncodeDossier(*d));
    if (!s.ok()) return Failed(s, "stage a snapshot");
    ++result.rebuilt;
    if (++in_batch == kBatchDossiers) {
      s = db.Write(synced, &batch);
      if (!s.ok()) return Failed(s, "write snapshots");
      batch.Clear();
      in_batch = 0;
    }
  }
  if (!it->status().ok()) return Failed(it->status(), "read snapshots");
  s = batch.Put(families.meta, kSnapshotFormatKey, current);
  if (!s.ok()) return Failed(s, "stage the snapshot marker");
  s = db.Write(synced, &batch);
  if (!s.ok()) return Failed(s, "write snapshots");
  if (result.rebuilt > 0) {
    runtime::Log(runtime::LogLevel::kInfo, "snapshots_rebuilt",
                 {{"count", static_cast<int64_t>(result.rebuilt)},
                  {"format", static_cast<int64_t>(engine::kDossierFormat)}});
  }
  return result;
}

}  // namespace motcua::adapters

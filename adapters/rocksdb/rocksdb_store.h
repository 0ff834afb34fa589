// RocksDbStore: the production DossierStore and CalendarStore, one embedded
// RocksDB.
//
// Layout (column families; fixed-width integers big-endian so byte order is
// numeric order):
//   dossiers   code                              -> EncodeDossier
//   events     code '\0' version(u64)            -> EncodeEvent
//   counters   agency '\0' days-since-epoch(u32) -> last sequence (u32)
//   log        global seq(u64)                   -> code '\0' version(u64)
//   requests   client '\0' request id            -> idempotency record
//   calendars  'p' calendar '\0' year(u32)        -> publication
//              'v' calendar                      -> version record
//   catalogue  seq(u64)                          -> catalogue change
//   tracking   postal tracking number            -> dossier code
//   watches    due(i64) code '\0' kind step(u32) deadline(i64) -> ()
//              (the deadline index; instants sign-flipped so they sort)
//   watch_sets code                              -> the code's entries
//   report     report index rows (facts, dictionary)
//   submissions frozen report submissions
//   principals principal id                      -> principal + token hash
//   access_log seq(u64)                          -> access record
//   default    "snapshot_format"                 -> the snapshots' format
// '\0' cannot occur in codes or ids (validated), so prefixes never collide.
//
// Snapshots: a dossier is its event log; its snapshot (EncodeDossier) is
// rewritten from the log at Open when its format is not the current one
// (snapshot_rebuild.h), so only the current snapshot layout is decoded.
//
// Durability: Commit() is one rocksdb::WriteBatch written with sync=true, so
// when it returns OK the batch is in the fsynced WAL and survives kill -9 or
// power loss. Commit() failing leaves nothing of the batch behind.
//
// Errors: a store that cannot work right now (I/O error, disk full, busy,
// shutting down) is Unavailable; data that cannot be read back (RocksDB
// Corruption, a record that does not decode) is Internal. Messages never
// carry RocksDB's text (it names server paths); the detail goes to stderr.
//
// Disk full: a write that fails (e.g. ENOSPC) stops RocksDB's writes. The
// next write first calls DB::Resume() (at most once per resume_interval), so
// writes come back by themselves once space is freed, whatever the volume's
// size: RocksDB's own recovery, which waits for 64 MiB free, is turned off for
// that case. Everything acknowledged before stays; the failed write left
// nothing.
//
// Thread safety: all methods are safe to call concurrently (RocksDB is).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/ports/access_store.h"
#include "engine/ports/calendar_store.h"
#include "engine/ports/catalogue_store.h"
#include "engine/ports/dossier_store.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Env;
class Status;
}  // namespace rocksdb

namespace motcua::adapters {

struct RocksDbOptions {
  // Directory holding the database; created if missing.
  std::string path;
  // fsync the WAL on every Commit(). Turning it off loses the guarantee that
  // an acknowledged write survives a crash; only benchmarks of the
  // non-durable path should do it.
  bool sync = true;
  // After a write failed, the next write first asks RocksDB to resume; at
  // most one such attempt per interval (a full disk is not freed in a
  // millisecond, and each attempt flushes every memtable).
  std::chrono::milliseconds resume_interval{1000};
  // Test hook: the Env RocksDB does its file I/O through (tests inject a
  // full disk); null = the default Env.
  std::shared_ptr<rocksdb::Env> env;
};

// RocksDB's write-stall and compaction figures (its DB properties), summed
// over the column families where RocksDB keeps them per family.
struct RocksDbStats {
  // rocksdb.actual-delayed-write-rate: bytes/s writes are slowed to; 0 when
  // not delayed.
  uint64_t delayed_write_rate = 0;
  // rocksdb.is-write-stopped: writes are stopped until compaction catches up.
  bool write_stopped = false;
  // rocksdb.num-running-compactions / num-running-flushes.
  uint64_t running_compactions = 0;
  uint64_t running_flushes = 0;
  // Column families with rocksdb.compaction-pending set.
  uint64_t compaction_pending = 0;
  // rocksdb.estimate-pending-compaction-bytes.
  uint64_t pending_compaction_bytes = 0;
  // rocksdb.live-sst-files-size.
  uint64_t live_sst_bytes = 0;
  // A write failed (e.g. disk full) and the store has not resumed yet.
  bool write_failed = false;
};

class RocksDbStore final : public engine::DossierStore,
                           public engine::CalendarStore,
                           public engine::CatalogueStore,
                           public engine::AccessStore {
 public:
  // Opens (or creates) the database; Unavailable when the directory cannot be
  // used, e.g. locked by another running motcuad.
  static engine::Result<std::unique_ptr<RocksDbStore>> Open(
      const RocksDbOptions& options);
  ~RocksDbStore() override;

  engine::Result<std::optional<engine::Dossier>> FindDossier(
      std::string_view code) const override;
  engine::Result<std::vector<engine::Dossier>> ScanDossiers(
      std::string_view after, size_t limit) const override;
  engine::Result<std::vector<engine::DossierEvent>> ListEvents(
      std::string_view code) const override;
  engine::Result<std::optional<engine::IdempotencyRecord>> FindRequest(
      std::string_view client_id, std::string_view request_id) const override;
  engine::Result<std::optional<std::string>> FindByTrackingNumber(
      std::string_view number) const override;
  engine::Result<uint32_t> LastSequence(std::string_view agency_code,
                                        engine::CivilDate date) const override;
  engine::Result<uint64_t> LastGlobalSequence() const override;
  engine::Result<std::vector<engine::LogEntry>> ReadLog(
      uint64_t after, size_t limit) const override;
  engine::Result<std::vector<engine::WatchEntry>> DueWatches(
      engine::Instant up_to, size_t limit) const override;
  engine::Result<std::optional<engine::Instant>> NextWatchDue(
      engine::Instant before) const override;
  engine::Status ForEachReportRow(
      const std::function<void(std::string_view, std::string_view)>& visit)
      const override;
  engine::Result<std::optional<std::string>> FindSubmission(
      std::string_view key) const override;
  engine::Result<std::vector<std::pair<std::string, std::string>>>
  ListSubmissions(std::string_view prefix) const override;
  engine::Status PutSubmission(std::string_view key, std::string_view value,
                               std::string_view request_key,
                               std::string_view request_value) override;
  engine::Result<uint64_t> FirstGlobalSequence() const override;
  engine::Status TrimLog(uint64_t before) override;
  engine::Status Commit(const engine::CommitBatch& batch) override;

  engine::Result<std::vector<engine::SchedulePublication>> ListPublications()
      const override;
  engine::Result<std::vector<engine::CalendarVersionRecord>>
  ListCalendarVersions() const override;
  engine::Status SaveCalendarChanges(
      const std::vector<engine::SchedulePublication>& publications,
      const std::vector<engine::CalendarVersionRecord>& versions) override;

  engine::Result<std::vector<engine::CatalogueChange>> ListCatalogueChanges()
      const override;
  engine::Result<std::vector<engine::StoredPrincipal>> ListPrincipals()
      const override;
  engine::Status PutPrincipal(const engine::StoredPrincipal& p) override;
  engine::Status AppendAccessRecords(
      std::vector<engine::AccessRecord>& records) override;
  engine::Result<std::vector<engine::AccessRecord>> ReadAccessRecords(
      uint64_t after_seq, size_t limit) const override;
  engine::Status AppendCatalogueChange(
      const engine::CatalogueChange& change) override;

  // Retention (README "Retention"): deletes the idempotency records
  // recorded before `recorded_before`; the number deleted. Safe beside the
  // sequencer: a record is never rewritten while it exists (a retry of its
  // key is a replay), so deleting a record read as expired never drops a
  // newer one, and a record inside the window is never touched. Deletes
  // are written in synced batches of at most 1000.
  engine::Result<size_t> PurgeRequests(engine::Instant recorded_before);

  // After an erasure (the personal-data purge, runtime/personal_data_purge.h)
  // overwrote dossiers and events: compacts those families down to the
  // bottom level, so the overwritten values leave the SST files rather than
  // linger until RocksDB happens to compact them; every family is flushed
  // first, so the WAL files holding them are dropped too. Runs alongside
  // writes; costs one rewrite of the two families.
  engine::Status CompactErased();

  // Reads the properties now (in-memory counters; no I/O): for metrics.
  RocksDbStats Stats() const;

 private:
  // Online backups read the live database (backup.h).
  friend class RocksDbBackup;
  RocksDbStore() = default;
  // The first or last global sequence of the log; 0 when empty.
  engine::Result<uint64_t> LogEdge(bool last) const;
  // Resumes a database a failed write stopped, when the interval allows.
  void MaybeResume();
  // The error for a failed write; marks the store for a resume attempt.
  engine::Error WriteFailed(const rocksdb::Status& s, std::string_view what);

  RocksDbOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* dossiers_ = nullptr;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* counters_ = nullptr;
  rocksdb::ColumnFamilyHandle* requests_ = nullptr;
  rocksdb::ColumnFamilyHandle* calendars_ = nullptr;
  rocksdb::ColumnFamilyHandle* log_ = nullptr;
  rocksdb::ColumnFamilyHandle* catalogue_ = nullptr;
  rocksdb::ColumnFamilyHandle* tracking_ = nullptr;
  rocksdb::ColumnFamilyHandle* watches_ = nullptr;
  rocksdb::ColumnFamilyHandle* watch_sets_ = nullptr;
  rocksdb::ColumnFamilyHandle* report_ = nullptr;
  rocksdb::ColumnFamilyHandle* submissions_ = nullptr;
  rocksdb::ColumnFamilyHandle* principals_ = nullptr;
  rocksdb::ColumnFamilyHandle* access_log_ = nullptr;
  // The access log's last sequence (AppendAccessRecords is single-writer).
  uint64_t last_access_seq_ = 0;

  std::mutex resume_mu_;
  // Set when a write failed; cleared when DB::Resume() succeeds.
  std::atomic<bool> write_failed_{false};
  std::chrono::steady_clock::time_point last_resume_{};
};

}  // namespace motcua::adapters

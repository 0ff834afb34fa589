// Online backups of a running motcuad's data directory, and their restore
// (README "Backup and restore").
//
// Why RocksDB's BackupEngine (not a Checkpoint): a checkpoint hard-links the
// live files, so on the same file system it is no copy at all, and it keeps
// one full tree per snapshot. BackupEngine copies, shares unchanged table
// files between the backups of one directory (incremental), records a
// checksum of every file (VerifyBackup checks them before a restore), and
// writes a backup's meta file last, so a backup cut short is never listed.
//
// Consistency with the sequencer: an acknowledged write is in the fsynced
// WAL (rocksdb_store.h). CreateNewBackup stops file deletions, flushes the
// memtables (flush_before_backup: what is flushed becomes table files the
// next backup shares instead of copying it again as WAL), then takes the
// live table files and the live WAL files up to their synced size at one
// instant, and copies them; a restore replays that WAL. So every write
// acknowledged before Create() began is in the backup (in a table file or
// in the WAL copied after the flush), and a commit in flight is wholly in
// it or not at all (one WriteBatch). The flush is RocksDB's ordinary
// background flush: writes go on meanwhile.
//
// Backup directory (format 1):
//   MOTCUA-BACKUP         marker: "motcua backup format 1"
//   rocksdb/              the BackupEngine directory (meta/, shared_checksum/,
//                         private/)
//   files/<id>/<name>     the files beside the database, per backup id:
//                         lookup.key, token.key, notifications.jsonl
// A directory is a backup directory when it holds the marker. Files outside
// RocksDB are copied BEFORE the database snapshot: the keys never change
// once written; the notifications file is copied up to its size at that
// moment, so its last line is at or before the snapshot's last event and
// the restored notifier resumes from there (notifications between the two
// are sent again: at-least-once across a restore, never lost).
// Not copied: bootstrap-admin.token (a credential; keep it out of backup
// media, revoke it once real administrators exist) and RocksDB's LOCK/LOG.
//
// Thread safety: one Create at a time (a second concurrent call is
// Aborted); Stop from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "engine/common/result.h"

namespace rocksdb {
class BackupEngine;
}

namespace motcua::adapters {

class RocksDbStore;

// A file copied beside the database: its name in the backup and where it is
// now. A missing source is skipped (e.g. no notifications yet).
struct BackupFile {
  std::string name;
  std::string source;
};

struct BackupResult {
  uint32_t backup_id = 0;
  uint64_t size_bytes = 0;
  uint64_t new_bytes = 0;
  std::vector<std::string> files;
  uint32_t backups_in_dir = 0;
};

// InvalidArgument naming `field` unless `to_dir` may receive a backup of
// `data_dir`: an absolute path, not inside data_dir (nor data_dir inside
// it), and either missing or a backup directory (the marker file).
engine::Status CheckBackupTarget(const std::string& to_dir,
                                 const std::string& data_dir,
                                 std::string_view field);

class RocksDbBackup {
 public:
  RocksDbBackup(RocksDbStore& store, std::string data_dir)
      : store_(store), data_dir_(std::move(data_dir)) {}

  // Makes a backup in `to_dir` (CheckBackupTarget first). Aborted while
  // another runs or after Stop; Unavailable when it cannot be written
  // (nothing of it is kept: a directory this call created is removed).
  engine::Result<BackupResult> Create(const std::string& to_dir,
                                      const std::vector<BackupFile>& files);

  // Stops a backup in progress (it fails Aborted), waits for it, and
  // refuses later ones. Call before the store closes.
  void Stop();

 private:
  engine::Result<BackupResult> CreateLocked(
      const std::string& to_dir, const std::vector<BackupFile>& files);

  RocksDbStore& store_;
  const std::string data_dir_;
  std::mutex run_mu_;  // held while a backup runs
  std::mutex engine_mu_;
  rocksdb::BackupEngine* running_ = nullptr;  // guarded by engine_mu_
  std::atomic<bool> stopped_{false};
};

// `motcuad --restore-from`: restores the latest backup of `from_dir` into
// `data_dir`, which must be missing or an empty directory. Verifies every
// file's checksum first. On failure nothing is left in data_dir (a
// directory it created is removed). What was restored, for the message.
struct RestoreResult {
  uint32_t backup_id = 0;
  int64_t taken_at_seconds = 0;
  std::vector<std::string> files;
};
engine::Result<RestoreResult> RestoreBackup(const std::string& from_dir,
                                            const std::string& data_dir);

}  // namespace motcua::adapters

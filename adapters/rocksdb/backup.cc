#include "adapters/rocksdb/backup.h"

#include <fcntl.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <system_error>

#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/common/text.h"

namespace motcua::adapters {
namespace {

namespace fs = std::filesystem;

constexpr char kMarker[] = "MOTCUA-BACKUP";
constexpr char kMarkerText[] = "motcua backup format 1\n";

engine::Error Aborted(std::string message) {
  return {engine::ErrorCode::kAborted, std::move(message)};
}

// The detail of a failure goes to stderr (it names server paths); the
// reply says what happened without them.
engine::Error Failed(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "motcuad: backup: %.*s: %.*s\n",
               static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  return engine::Unavailable(std::string(what) +
                             " (details in the server's "
                             "log)");
}

bool IsDirectoryEmpty(const fs::path& dir, std::error_code& ec) {
  return fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

// `inner` is `outer` or lies below it (both absolute and normal).
bool IsWithin(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

// Copies at most `limit` bytes of `from` to a new file `to` (mode 0600),
// fsynced. Bytes appended to `from` meanwhile are not copied.
engine::Status CopyPrefix(const fs::path& from, const fs::path& to,
                          uint64_t limit) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Failed("cannot read a data file", std::strerror(errno));
  const int out =
      ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    const int e = errno;
    ::close(in);
    return Failed("cannot write a backup file", std::strerror(e));
  }
  char buffer[1 << 16];
  uint64_t left = limit;
  engine::Status status;
  while (left > 0 && status.ok()) {
    const ssize_t n =
        ::read(in, buffer,
               static_cast<size_t>(std::min<uint64_t>(left, sizeof(buffer))));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Failed("cannot read a data file", std::strerror(errno));
      break;
    }
    if (n == 0) break;  // shorter than expected: copy what there is
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buffer + done, n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        status = Failed("cannot write a backup file", std::strerror(errno));
        break;
      }
      done += w;
    }
    left -= static_cast<uint64_t>(n);
  }
  if (status.ok() && ::fsync(out) != 0) {
    status = Failed("cannot write a backup file", std::strerror(errno));
  }
  ::close(out);
  ::close(in);
  return status;
}

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

rocksdb::BackupEngineOptions EngineOptions(const fs::path& to_dir) {
  rocksdb::BackupEngineOptions options((to_dir / "rocksdb").string());
  options.max_background_operations = 2;
  return options;
}

}  // namespace

engine::Status CheckBackupTarget(const std::string& to_dir,
                                 const std::string& data_dir,
                                 std::string_view field) {
  const std::string f(field);
  if (to_dir.empty()) return engine::InvalidArgument(f + ": required");
  if (to_dir.size() > 4096 || to_dir.find('\0') != std::string::npos) {
    return engine::InvalidArgument(f + ": not a usable path");
  }
  const fs::path target = fs::path(to_dir).lexically_normal();
  if (!target.is_absolute()) {
    return engine::InvalidArgument(
        f + ": must be an absolute path on the server, got " +
        engine::QuoteText(to_dir));
  }
  std::error_code ec;
  const fs::path real_target = fs::weakly_canonical(target, ec);
  if (ec) return engine::InvalidArgument(f + ": not a usable path");
  const fs::path real_data =
      fs::weakly_canonical(fs::absolute(data_dir, ec), ec);
  if (ec) return engine::Internal("backup: the data directory is unusable");
  if (IsWithin(real_target, real_data) || IsWithin(real_data, real_target)) {
    return engine::InvalidArgument(
        f + ": must be outside the data directory (and not contain it)");
  }
  const fs::file_status st = fs::status(real_target, ec);
  if (!fs::exists(st)) return {};
  if (!fs::is_directory(st)) {
    return engine::InvalidArgument(f + ": exists and is not a directory");
  }
  if (fs::exists(real_target / kMarker, ec)) return {};
  if (IsDirectoryEmpty(real_target, ec) && !ec) return {};
  return engine::InvalidArgument(
      f + ": exists and is not a motcua backup directory (no " + kMarker +
      " file): give a new directory or one an earlier backup made");
}

engine::Result<BackupResult> RocksDbBackup::Create(
    const std::string& to_dir, const std::vector<BackupFile>& files) {
  std::unique_lock run(run_mu_, std::try_to_lock);
  if (!run.owns_lock()) {
    return Aborted("a backup is already running; try again when it ends");
  }
  if (stopped_.load()) return Aborted("the server is stopping");
  if (engine::Status s = CheckBackupTarget(to_dir, data_dir_, "to_dir");
      !s.ok()) {
    return s.error();
  }
  return CreateLocked(to_dir, files);
}

engine::Result<BackupResult> RocksDbBackup::CreateLocked(
    const std::string& to_dir, const std::vector<BackupFile>& files) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::path(to_dir), ec);
  if (ec) return engine::InvalidArgument("to_dir: not a usable path");
  const bool created = !fs::exists(target, ec);
  // Everything this call made is removed again on failure.
  fs::path staging = target / "files" / ".staging";
  const auto cleanup = [&] {
    std::error_code ignored;
    if (created) {
      fs::remove_all(target, ignored);
    } else {
      fs::remove_all(staging, ignored);
    }
  };
  if (created) {
    fs::create_directories(target, ec);
    if (ec) return Failed("cannot create to_dir", ec.message());
    fs::permissions(target, fs::perms::owner_all, ec);
  }
  if (!fs::exists(target / kMarker, ec)) {
    const fs::path marker = target / kMarker;
    std::FILE* out = std::fopen(marker.c_str(), "wx");
    if (out == nullptr || std::fputs(kMarkerText, out) < 0 ||
        std::fflush(out) != 0 || ::fsync(fileno(out)) != 0) {
      const std::string detail = std::strerror(errno);
      if (out != nullptr) std::fclose(out);
      cleanup();
      return Failed("cannot write to to_dir", detail);
    }
    std::fclose(out);
  }
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) {
    cleanup();
    return Failed("cannot write to to_dir", ec.message());
  }

  BackupResult result;
  // The files beside the database first (backup.h: the notifications file's
  // last line must not be after the database's last event).
  for (const BackupFile& file : files) {
    struct stat st {};
    if (::stat(file.source.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;
      const std::string detail = std::strerror(errno);
      cleanup();
      return Failed("cannot read a data file", detail);
    }
    if (engine::Status s = CopyPrefix(file.source, staging / file.name,
                                      static_cast<uint64_t>(st.st_size));
        !s.ok()) {
      cleanup();
      return s.error();
    }
    result.files.push_back(file.name);
  }
  SyncDirectory(staging);

  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngine::Open(
      EngineOptions(target), rocksdb::Env::Default(), &raw);
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  if (!s.ok()) {
    cleanup();
    return Failed("cannot open the backup directory", s.ToString());
  }
  std::vector<rocksdb::BackupInfo> before;
  engine->GetBackupInfo(&before, /*include_file_details=*/true);
  {
    std::lock_guard lock(engine_mu_);
    if (stopped_.load()) {
      cleanup();
      return Aborted("the server is stopping");
    }
    running_ = engine.get();
  }
  rocksdb::BackupID id = 0;
  rocksdb::CreateBackupOptions create;
  // backup.h: table files are what backups share.
  create.flush_before_backup = true;
  s = engine->CreateNewBackup(create, store_.db_.get(), &id);
  {
    std::lock_guard lock(engine_mu_);
    running_ = nullptr;
  }
  if (!s.ok()) {
    (void)engine->GarbageCollect();
    cleanup();
    if (stopped_.load()) return Aborted("the server is stopping");
    return Failed("the backup could not be written", s.ToString());
  }
  const fs::path final_files = target / "files" / std::to_string(id);
  fs::remove_all(final_files, ec);
  fs::rename(staging, final_files, ec);
  if (ec) {
    (void)engine->DeleteBackup(id);
    cleanup();
    return Failed("cannot write to to_dir", ec.message());
  }
  SyncDirectory(target / "files");

  std::set<std::string> earlier;
  for (const rocksdb::BackupInfo& b : before) {
    for (const rocksdb::BackupFileInfo& f : b.file_details) {
      earlier.insert(f.relative_filename);
    }
  }
  std::vector<rocksdb::BackupInfo> after;
  engine->GetBackupInfo(&after, /*include_file_details=*/true);
  result.backup_id = id;
  result.backups_in_dir = static_cast<uint32_t>(after.size());
  for (const rocksdb::BackupInfo& b : after) {
    if (b.backup_id != id) continue;
    result.size_bytes = b.size;
    for (const rocksdb::BackupFileInfo& f : b.file_details) {
      if (!earlier.count(f.relative_filename)) result.new_bytes += f.size;
    }
  }
  return result;
}

void RocksDbBackup::Stop() {
  stopped_.store(true);
  {
    std::lock_guard lock(engine_mu_);
    if (running_ != nullptr) running_->StopBackup();
  }
  std::lock_guard wait(run_mu_);  // the running backup has ended
}

engine::Result<RestoreResult> RestoreBackup(const std::string& from_dir,
                                            const std::string& data_dir) {
  std::error_code ec;
  const fs::path from = fs::absolute(from_dir, ec);
  if (ec || !fs::exists(from / kMarker, ec)) {
    return engine::InvalidArgument(
        "--restore-from: " + engine::QuoteText(from_dir) +
        " is not a motcua backup directory (no " + kMarker + " file)");
  }
  const fs::path data = fs::absolute(data_dir, ec);
  if (ec) return engine::InvalidArgument("--data: not a usable path");
  const bool created = !fs::exists(data, ec);
  if (!created) {
    if (!fs::is_directory(data, ec) || !IsDirectoryEmpty(data, ec) || ec) {
      return engine::FailedPrecondition(
          "--data: " + engine::QuoteText(data_dir) +
          " is not empty; a backup is restored only into a new or empty "
          "directory (nothing was changed)");
    }
  }
  const auto cleanup = [&] {
    std::error_code ignored;
    if (created) {
      fs::remove_all(data, ignored);
      return;
    }
    for (const auto& entry : fs::directory_iterator(data, ignored)) {
      fs::remove_all(entry.path(), ignored);
    }
  };
  const auto failed = [&](std::string what, const std::string& detail) {
    cleanup();
    return engine::Unavailable(what + ": " + detail);
  };

  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(
      EngineOptions(from), rocksdb::Env::Default(), &raw);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  if (!s.ok()) {
    return engine::Unavailable("--restore-from: cannot open the backup: " +
                               s.ToString());
  }
  std::vector<rocksdb::BackupInfo> backups;
  engine->GetBackupInfo(&backups);
  if (backups.empty()) {
    return engine::FailedPrecondition(
        "--restore-from: " + engine::QuoteText(from_dir) +
        " holds no complete backup");
  }
  const rocksdb::BackupInfo& latest = *std::max_element(
      backups.begin(), backups.end(),
      [](const auto& a, const auto& b) { return a.backup_id < b.backup_id; });
  // Every file against its recorded checksum before anything is written.
  s = engine->VerifyBackup(latest.backup_id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return engine::Internal("--restore-from: backup " +
                            std::to_string(latest.backup_id) +
                            " does not verify: " + s.ToString());
  }
  fs::create_directories(data, ec);
  if (ec) return failed("--data: cannot create the directory", ec.message());
  fs::permissions(data, fs::perms::owner_all, ec);
  s = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), latest.backup_id,
                                  data.string(), data.string());
  if (!s.ok()) return failed("--data: the restore failed", s.ToString());

  RestoreResult result;
  result.backup_id = latest.backup_id;
  result.taken_at_seconds = latest.timestamp;
  const fs::path files = from / "files" / std::to_string(latest.backup_id);
  if (fs::is_directory(files, ec)) {
    for (const auto& entry : fs::directory_iterator(files, ec)) {
      const fs::path to = data / entry.path().filename();
      const uint64_t size = fs::file_size(entry.path(), ec);
      if (ec) return failed("--restore-from: cannot read", ec.message());
      if (engine::Status c = CopyPrefix(entry.path(), to, size); !c.ok()) {
        cleanup();
        return c.error();
      }
      result.files.push_back(entry.path().filename().string());
    }
  }
  std::sort(result.files.begin(), result.files.end());
  SyncDirectory(data);
  return result;
}

}  // namespace motcua::adapters

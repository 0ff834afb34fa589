// RocksDbStore under faults the store contract suite cannot produce: a full
// disk (a file system that answers NoSpace while a flag is set) and stored
// data that no longer reads back (a corrupted table file); and the formats
// older servers left behind (idempotency records before fingerprint
// schemes).
#include "adapters/rocksdb/rocksdb_store.h"

#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include "engine/dossier/receipt.h"
#include "engine/idempotency/fingerprint.h"
#include "tests/fakes/legacy_records.h"
#include "tests/fakes/sample_dossiers.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

// A writable file that refuses every write while the disk is "full".
class FullDiskFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FullDiskFile(std::unique_ptr<FSWritableFile> file,
               const std::atomic<bool>& full)
      : FSWritableFileOwnerWrapper(std::move(file)), full_(full) {}

  IOStatus Append(const Slice& data, const IOOptions& o,
                  IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::Append(data, o, dbg);
  }
  IOStatus Append(const Slice& data, const IOOptions& o,
                  const rocksdb::DataVerificationInfo& v,
                  IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::Append(data, o, v, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& o, IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& o,
                            const rocksdb::DataVerificationInfo& v,
                            IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, v,
                                                        dbg);
  }
  IOStatus Flush(const IOOptions& o, IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::Flush(o, dbg);
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::Sync(o, dbg);
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* dbg) override {
    if (full_) return NoSpace();
    return FSWritableFileOwnerWrapper::Fsync(o, dbg);
  }

 private:
  static IOStatus NoSpace() { return IOStatus::NoSpace("test: disk full"); }
  const std::atomic<bool>& full_;
};

// The default file system on a small volume that can be filled and freed:
// 8 MiB free (RocksDB's own recovery waits for 64 MiB), none while full.
class FullDiskFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FullDiskFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FullDiskFileSystem"; }

  void SetFull(bool full) { full_ = full; }

  IOStatus NewWritableFile(const std::string& f, const FileOptions& o,
                           std::unique_ptr<FSWritableFile>* r,
                           IODebugContext* dbg) override {
    if (full_) return IOStatus::NoSpace("test: disk full");
    IOStatus s = target()->NewWritableFile(f, o, r, dbg);
    if (s.ok()) *r = std::make_unique<FullDiskFile>(std::move(*r), full_);
    return s;
  }
  IOStatus ReopenWritableFile(const std::string& f, const FileOptions& o,
                              std::unique_ptr<FSWritableFile>* r,
                              IODebugContext* dbg) override {
    if (full_) return IOStatus::NoSpace("test: disk full");
    IOStatus s = target()->ReopenWritableFile(f, o, r, dbg);
    if (s.ok()) *r = std::make_unique<FullDiskFile>(std::move(*r), full_);
    return s;
  }
  IOStatus GetFreeSpace(const std::string&, const IOOptions&, uint64_t* free,
                        IODebugContext*) override {
    *free = full_ ? 0 : uint64_t{8} << 20;
    return IOStatus::OK();
  }

 private:
  std::atomic<bool> full_{false};
};

// A batch receiving one dossier with sequence `seq`, as the sequencer would
// stage it.
engine::CommitBatch ReceiptBatch(uint32_t seq) {
  auto cmd = testing::SampleCommand("req-" + std::to_string(seq));
  auto event = engine::Receive(cmd, testing::kMonday0930, seq - 1);
  EXPECT_TRUE(event.ok());
  engine::Dossier d = engine::Fold({*event});
  engine::CommitBatch b;
  b.requests.push_back({cmd.client_id, cmd.request_id, engine::Fingerprint(cmd),
                        d.code, 1, 1, testing::kMonday0930,
                        engine::kFingerprintScheme});
  b.events.push_back({d.code, *event, seq});
  b.counters.push_back({d.agency_code, {2026, 1, 5}, seq});
  b.dossiers.push_back(std::move(d));
  return b;
}

const std::string& CodeOf(const engine::CommitBatch& b) {
  return b.dossiers.front().code;
}

// Everything of `b` is stored, or (stored = false) nothing of it is.
void ExpectStored(RocksDbStore& store, const engine::CommitBatch& b,
                  bool stored) {
  SCOPED_TRACE(CodeOf(b));
  auto dossier = store.FindDossier(CodeOf(b));
  ASSERT_TRUE(dossier.ok()) << dossier.error().message;
  EXPECT_EQ(dossier->has_value(), stored);
  auto events = store.ListEvents(CodeOf(b));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), stored ? 1u : 0u);
  auto request =
      store.FindRequest(b.requests[0].client_id, b.requests[0].request_id);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->has_value(), stored);
  auto log = store.ReadLog(b.events[0].global_seq - 1, 1);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(!log->empty() && log->front().code == CodeOf(b), stored);
}

class RocksDbStoreDiskFullTest : public ::testing::Test {
 protected:
  RocksDbStoreDiskFullTest()
      : fs_(std::make_shared<FullDiskFileSystem>()),
        env_(rocksdb::NewCompositeEnv(fs_)) {}

  std::unique_ptr<RocksDbStore> Open(bool faulty = true) {
    RocksDbOptions options{.path = dir_.path() + "/db"};
    options.resume_interval = std::chrono::milliseconds(0);
    if (faulty) options.env = env_;
    auto store = RocksDbStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(*store) : nullptr;
  }

  testing::TempDir dir_;
  std::shared_ptr<FullDiskFileSystem> fs_;
  std::shared_ptr<rocksdb::Env> env_;
};

TEST_F(RocksDbStoreDiskFullTest, WritesComeBackOnceSpaceIsFreed) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const auto first = ReceiptBatch(1);
  const auto refused = ReceiptBatch(2);
  const auto later = ReceiptBatch(3);
  ASSERT_TRUE(store->Commit(first).ok());

  fs_->SetFull(true);
  for (int attempt = 0; attempt < 3; ++attempt) {
    engine::Status s = store->Commit(refused);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, engine::ErrorCode::kUnavailable);
    // RocksDB's text names files on the server; replies must not.
    EXPECT_EQ(s.error().message.find('/'), std::string::npos)
        << s.error().message;
    EXPECT_EQ(s.error().message.find(dir_.path()), std::string::npos);
  }
  // Reads keep working; nothing of the refused batch is visible.
  ExpectStored(*store, first, true);
  ExpectStored(*store, refused, false);
  EXPECT_EQ(*store->LastSequence(CodeOf(first).substr(0, 13), {2026, 1, 5}),
            1u);
  EXPECT_EQ(*store->LastGlobalSequence(), 1u);

  // Space is freed: the next writes go through without a restart.
  fs_->SetFull(false);
  engine::Status s = store->Commit(refused);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(store->Commit(later).ok());
  for (const auto* b : {&first, &refused, &later}) {
    ExpectStored(*store, *b, true);
  }

  // And all of it survives a reopen (on the plain file system).
  store.reset();
  store = Open(/*faulty=*/false);
  ASSERT_NE(store, nullptr);
  for (const auto* b : {&first, &refused, &later}) {
    ExpectStored(*store, *b, true);
  }
  EXPECT_EQ(*store->LastGlobalSequence(), 3u);
  EXPECT_EQ(*store->LastSequence(CodeOf(first).substr(0, 13), {2026, 1, 5}),
            3u);
}

TEST_F(RocksDbStoreDiskFullTest, StatsShowAFailedWriteUntilTheStoreResumes) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Commit(ReceiptBatch(1)).ok());
  RocksDbStats healthy = store->Stats();
  EXPECT_FALSE(healthy.write_failed);
  EXPECT_FALSE(healthy.write_stopped);
  EXPECT_EQ(healthy.delayed_write_rate, 0u);
  fs_->SetFull(true);
  ASSERT_FALSE(store->Commit(ReceiptBatch(2)).ok());
  EXPECT_TRUE(store->Stats().write_failed);
  fs_->SetFull(false);
  ASSERT_TRUE(store->Commit(ReceiptBatch(2)).ok());
  EXPECT_FALSE(store->Stats().write_failed);
}

TEST_F(RocksDbStoreDiskFullTest, RefusedWriteIsNotThereAfterReopen) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const auto first = ReceiptBatch(1);
  const auto refused = ReceiptBatch(2);
  ASSERT_TRUE(store->Commit(first).ok());
  fs_->SetFull(true);
  ASSERT_FALSE(store->Commit(refused).ok());
  ASSERT_FALSE(store->AppendCatalogueChange({1, "c", "r", "text", 0}).ok());
  // Stopped while the disk is full (as a crash would), reopened once freed.
  store.reset();
  fs_->SetFull(false);
  store = Open();
  ASSERT_NE(store, nullptr);
  ExpectStored(*store, first, true);
  ExpectStored(*store, refused, false);
  EXPECT_TRUE(store->ListCatalogueChanges()->empty());
  EXPECT_EQ(*store->LastGlobalSequence(), 1u);
  ASSERT_TRUE(store->Commit(refused).ok());
  ExpectStored(*store, refused, true);
}

TEST(RocksDbStoreCorruptionTest, UnreadableStoredDataIsInternal) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  const auto batch = ReceiptBatch(1);
  {
    auto store = RocksDbStore::Open({path});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Commit(batch).ok());
  }
  // Reopening replays the WAL into table files.
  ASSERT_TRUE(RocksDbStore::Open({path}).ok());
  // The `default` family's table (the snapshot marker, read at Open) stays
  // intact: this test is about data read while serving.
  std::set<std::string> kept;
  ASSERT_TRUE(testing::WithFamily(
      path, "default", [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle*) {
        std::vector<rocksdb::LiveFileMetaData> files;
        db.GetLiveFilesMetaData(&files);
        for (const auto& f : files) {
          if (f.column_family_name == "default") {
            kept.insert(std::filesystem::path(f.name).filename().string());
          }
        }
        return true;
      }));
  int corrupted = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().extension() != ".sst" ||
        kept.contains(entry.path().filename().string())) {
      continue;
    }
    // The first data block starts the file; break its checksum.
    std::fstream f(entry.path(),
                   std::ios::in | std::ios::out | std::ios::binary);
    char bytes[8];
    f.read(bytes, sizeof bytes);
    for (char& c : bytes) c = static_cast<char>(c ^ 0x5a);
    f.seekp(0);
    f.write(bytes, sizeof bytes);
    ++corrupted;
  }
  ASSERT_GT(corrupted, 0);

  auto store = RocksDbStore::Open({path});
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto dossier = (*store)->FindDossier(CodeOf(batch));
  ASSERT_FALSE(dossier.ok());
  EXPECT_EQ(dossier.error().code, engine::ErrorCode::kInternal)
      << dossier.error().message;
  EXPECT_EQ(dossier.error().message.find(path), std::string::npos);
  auto events = (*store)->ListEvents(CodeOf(batch));
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.error().code, engine::ErrorCode::kInternal);
}

// A record exactly as the code before fingerprint schemes stored it (the
// receipt of SampleCommand("req-1"), with that code's digest) reads back as
// a legacy record: every field, scheme kLegacyFingerprintScheme.
TEST(RocksDbStoreRequestFormatTest, LegacyRecordsDecodeWithTheLegacyScheme) {
  const std::string old_bytes =
      "\x01"
      "\x07"
      "desk-01"
      "\x05"
      "req-1"
      "\xba\x36\x4f\xa4\x53\xa6\x27\x9b"
      "\x19"
      "000.00.31.H12-260105-0001"
      "\x01"
      "\x01"
      "\x80\xe8\xf6\xde\xda\xe6\xa3\x06";
  ASSERT_EQ(testing::LegacyRequestBytes(
                "desk-01", "req-1", 0xba364fa453a6279bULL,
                "000.00.31.H12-260105-0001", 1, 1, testing::kMonday0930),
            old_bytes);
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  ASSERT_TRUE(RocksDbStore::Open({path}).ok());
  ASSERT_TRUE(testing::PutRaw(
      path, "requests", testing::RequestKey("desk-01", "req-1"), old_bytes));
  auto store = RocksDbStore::Open({path});
  ASSERT_TRUE(store.ok());
  auto found = (*store)->FindRequest("desk-01", "req-1");
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  const engine::IdempotencyRecord expected{"desk-01",
                                           "req-1",
                                           0xba364fa453a6279bULL,
                                           "000.00.31.H12-260105-0001",
                                           1,
                                           1,
                                           testing::kMonday0930,
                                           engine::kLegacyFingerprintScheme};
  EXPECT_EQ(**found, expected);

  // What this build writes keeps its scheme; a byte the decoder does not
  // know is Internal.
  engine::CommitBatch b;
  engine::IdempotencyRecord current = expected;
  current.request_id = "req-2";
  current.fingerprint_scheme = engine::kFingerprintScheme;
  b.requests.push_back(current);
  ASSERT_TRUE((*store)->Commit(b).ok());
  EXPECT_EQ(**(*store)->FindRequest("desk-01", "req-2"), current);
  store->reset();
  ASSERT_TRUE(testing::PutRaw(path, "requests",
                              testing::RequestKey("desk-01", "req-3"),
                              "\x09" + old_bytes.substr(1)));
  store = RocksDbStore::Open({path});
  ASSERT_TRUE(store.ok());
  auto unknown = (*store)->FindRequest("desk-01", "req-3");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, engine::ErrorCode::kInternal);
}

// The deadline index under churn: every refreshed entry leaves a tombstone.
// The sweeper's reads stop at their bound, so deleted entries due later are
// never walked (they were, once per pass, before the bound).
TEST(RocksDbStoreDeadlineTest, BoundedReadsSkipNoTombstonesPastTheBound) {
  testing::TempDir dir;
  auto store = RocksDbStore::Open({dir.path() + "/db"});
  ASSERT_TRUE(store.ok());
  engine::CommitBatch churn;
  for (int i = 0; i < 500; ++i) {
    const std::string code = "C-" + std::to_string(i);
    churn.watches.push_back(
        {code,
         {engine::WatchEntry{1000 + i, code, engine::WatchKind::kOverdue, 0,
                             1000 + i}}});
  }
  ASSERT_TRUE((*store)->Commit(churn).ok());
  engine::CommitBatch drop;
  for (const auto& [code, entries] : churn.watches) {
    drop.watches.push_back({code, {}});
  }
  ASSERT_TRUE((*store)->Commit(drop).ok());

  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  EXPECT_FALSE((**store).NextWatchDue(999)->has_value());
  EXPECT_TRUE((*store)->DueWatches(999, 10)->empty());
  EXPECT_EQ(rocksdb::get_perf_context()->internal_delete_skipped_count, 0u);
  // Unbounded, the same read walks every tombstone: the counter is live.
  EXPECT_FALSE((**store)
                   .NextWatchDue(std::numeric_limits<engine::Instant>::max())
                   ->has_value());
  EXPECT_GE(rocksdb::get_perf_context()->internal_delete_skipped_count, 500u);
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
}

}  // namespace
}  // namespace motcua::adapters

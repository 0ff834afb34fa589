// Backups and restore of the RocksDB store (backup.h) and the retention of
// idempotency records (RocksDbStore::PurgeRequests).
#include "adapters/rocksdb/backup.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/dossier/receipt.h"
#include "engine/idempotency/fingerprint.h"
#include "tests/fakes/sample_dossiers.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

namespace fs = std::filesystem;

engine::CommitBatch Receipt(uint32_t seq, engine::Instant recorded_at) {
  auto cmd = testing::SampleCommand("req-" + std::to_string(seq));
  auto event = engine::Receive(cmd, testing::kMonday0930, seq - 1);
  EXPECT_TRUE(event.ok());
  engine::Dossier d = engine::Fold({*event});
  engine::CommitBatch b;
  b.requests.push_back({cmd.client_id, cmd.request_id, engine::Fingerprint(cmd),
                        d.code, 1, 1, recorded_at, engine::kFingerprintScheme});
  b.events.push_back({d.code, *event, seq});
  b.counters.push_back({d.agency_code, {2026, 1, 5}, seq});
  b.dossiers.push_back(std::move(d));
  return b;
}

std::unique_ptr<RocksDbStore> OpenStore(const std::string& path) {
  auto store = RocksDbStore::Open({path});
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? std::move(*store) : nullptr;
}

TEST(BackupTargetTest, OnlyNewDirectoriesOrBackupDirectoriesOutsideTheData) {
  testing::TempDir dir;
  const std::string data = dir.path() + "/data";
  fs::create_directories(data);
  const auto refused = [&](const std::string& to) {
    engine::Status s = CheckBackupTarget(to, data, "to_dir");
    EXPECT_FALSE(s.ok()) << to;
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, engine::ErrorCode::kInvalidArgument);
      EXPECT_EQ(s.error().message.rfind("to_dir: ", 0), 0u);
    }
  };
  refused("");
  refused("x/y");
  refused(data);
  refused(data + "/");
  refused(data + "/sub/dir");
  refused(dir.path() + "/data/../data/x");
  refused(dir.path());
  refused(std::string("/tmp/a\0b", 8));
  std::ofstream(dir.path() + "/file") << "x";
  refused(dir.path() + "/file");
  fs::create_directories(dir.path() + "/full");
  std::ofstream(dir.path() + "/full/x") << "x";
  refused(dir.path() + "/full");
  EXPECT_TRUE(CheckBackupTarget(dir.path() + "/new/deep", data, "to_dir").ok());
  EXPECT_TRUE(CheckBackupTarget(dir.path() + "/data2", data, "to_dir").ok());
  std::ofstream(dir.path() + "/full/MOTCUA-BACKUP") << "x";
  EXPECT_TRUE(CheckBackupTarget(dir.path() + "/full", data, "to_dir").ok());
}

TEST(BackupTest, RestoredStoreHoldsEveryCommitAndTheFilesBeside) {
  testing::TempDir dir;
  const std::string data = dir.path() + "/data";
  const std::string to = dir.path() + "/backup";
  std::vector<std::string> codes;
  {
    auto store = OpenStore(data);
    ASSERT_TRUE(store);
    std::ofstream(data + "/lookup.key") << "secret-key";
    std::ofstream(data + "/notifications.jsonl") << "{\"seq\":1}\n";
    RocksDbBackup backup(*store, data);
    for (uint32_t seq = 1; seq <= 3; ++seq) {
      engine::CommitBatch b = Receipt(seq, testing::kMonday0930);
      codes.push_back(b.dossiers.front().code);
      ASSERT_TRUE(store->Commit(b).ok());
    }
    const std::vector<BackupFile> files = {
        {"lookup.key", data + "/lookup.key"},
        {"token.key", data + "/token.key"},  // missing: skipped
        {"notifications.jsonl", data + "/notifications.jsonl"}};
    auto made = backup.Create(to, files);
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(made->backup_id, 1u);
    EXPECT_EQ(made->files,
              (std::vector<std::string>{"lookup.key", "notifications.jsonl"}));
    // Written after the backup: not in it.
    ASSERT_TRUE(store->Commit(Receipt(4, testing::kMonday0930)).ok());
    backup.Stop();
    auto stopped = backup.Create(to, files);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code, engine::ErrorCode::kAborted);
  }
  const std::string restored = dir.path() + "/restored";
  auto r = RestoreBackup(to, restored);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->backup_id, 1u);
  std::ifstream key(restored + "/lookup.key");
  std::string k;
  std::getline(key, k);
  EXPECT_EQ(k, "secret-key");
  EXPECT_EQ(
      fs::status(restored + "/lookup.key").permissions() & fs::perms::group_all,
      fs::perms::none);
  auto store = OpenStore(restored);
  ASSERT_TRUE(store);
  for (const std::string& code : codes) {
    auto d = store->FindDossier(code);
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(d->has_value()) << code;
  }
  auto last = store->LastGlobalSequence();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 3u);
  // A second restore into the now non-empty directory changes nothing.
  auto again = RestoreBackup(to, restored);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, engine::ErrorCode::kFailedPrecondition);
}

TEST(IdempotencyRetentionTest, PurgesOnlyRecordsOlderThanTheCutoff) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store);
  const engine::Instant t0 = testing::kMonday0930;
  std::vector<engine::CommitBatch> batches;
  for (uint32_t seq = 1; seq <= 5; ++seq) {
    batches.push_back(Receipt(seq, t0 + seq * 1000));
    ASSERT_TRUE(store->Commit(batches.back()).ok());
  }
  // Records 1 and 2 were recorded before t0 + 2500.
  auto purged = store->PurgeRequests(t0 + 2500);
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(*purged, 2u);
  for (size_t i = 0; i < batches.size(); ++i) {
    const auto& req = batches[i].requests[0];
    auto found = store->FindRequest(req.client_id, req.request_id);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->has_value(), i >= 2) << i;
    // The dossiers themselves stay.
    auto d = store->FindDossier(batches[i].dossiers[0].code);
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(d->has_value());
  }
  auto none = store->PurgeRequests(t0 + 2500);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  auto rest = store->PurgeRequests(t0 + 1'000'000);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 3u);
}

}  // namespace
}  // namespace motcua::adapters

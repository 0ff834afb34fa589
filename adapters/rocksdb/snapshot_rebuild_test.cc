// Snapshots of another format than engine::kDossierFormat are rebuilt from
// the event log when the store opens: what an older server left behind
// (a snapshot layout no decoder reads any more) opens as Fold(events).
#include "adapters/rocksdb/snapshot_rebuild.h"

#include <gtest/gtest.h>

#include "adapters/rocksdb/keys.h"
#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/dossier/receipt.h"
#include "tests/fakes/legacy_records.h"
#include "tests/fakes/sample_dossiers.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

using motcua::testing::GetRaw;
using motcua::testing::PutRaw;
using motcua::testing::WithFamily;

// Receipt, then a rating: two events of different tags.
std::vector<engine::DossierEvent> SampleLog() {
  auto receipt = engine::Receive(motcua::testing::SampleCommand(),
                                 motcua::testing::kMonday0930, 6);
  EXPECT_TRUE(receipt.ok());
  const engine::DossierRated rated{4, false, "Nhanh, đúng hẹn",
                                   motcua::testing::kMonday0930 + 1000};
  return {*receipt, engine::DossierEvent{2, rated.at, "citizen", rated}};
}

bool DeleteMarker(const std::string& path) {
  return WithFamily(path, "default",
                    [](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
                      rocksdb::WriteOptions sync;
                      sync.sync = true;
                      return db.Delete(sync, cf, kSnapshotFormatKey).ok();
                    });
}

// An old server's store: the events as they were written (their tags keep
// decoding), a snapshot in a layout this code no longer reads, no marker.
void WriteOldStore(const std::string& path,
                   const std::vector<engine::DossierEvent>& log,
                   uint64_t* event_bytes) {
  ASSERT_TRUE(RocksDbStore::Open({path}).ok());  // creates the families
  ASSERT_TRUE(DeleteMarker(path));
  const std::string code = std::get<engine::DossierReceived>(log[0].body).code;
  *event_bytes = 0;
  for (const engine::DossierEvent& e : log) {
    const std::string bytes = engine::EncodeEvent(e);
    *event_bytes += bytes.size();
    ASSERT_TRUE(PutRaw(path, "events", EventKey(code, e.version), bytes));
  }
  // Format 2's first byte; the rest is not a layout anything reads.
  ASSERT_TRUE(PutRaw(path, "dossiers", code, std::string("\x02old-layout")));
}

TEST(SnapshotRebuildTest, AnOlderSnapshotOpensAsTheFoldOfItsEvents) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  const auto log = SampleLog();
  uint64_t event_bytes = 0;
  WriteOldStore(path, log, &event_bytes);
  const std::string code = std::get<engine::DossierReceived>(log[0].body).code;

  {
    auto store = RocksDbStore::Open({path});
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto d = (*store)->FindDossier(code);
    ASSERT_TRUE(d.ok()) << d.error().message;
    ASSERT_TRUE(d->has_value());
    engine::Dossier expected = engine::Fold(log);
    expected.history_bytes = event_bytes;  // the log's stored size, exact
    EXPECT_EQ(**d, expected);
    ASSERT_TRUE((*store)->ScanDossiers("", 10).ok());
  }
  std::string stored, marker;
  ASSERT_TRUE(GetRaw(path, "dossiers", code, &stored));
  EXPECT_TRUE(engine::IsCurrentDossierFormat(stored));
  ASSERT_TRUE(GetRaw(path, "default", kSnapshotFormatKey, &marker));
  EXPECT_EQ(marker, std::string(1, engine::kDossierFormat));
}

TEST(SnapshotRebuildTest, TheMarkerSkipsTheScanAndAMissingLogRefusesToOpen) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  ASSERT_TRUE(RocksDbStore::Open({path}).ok());
  // A snapshot without events: nothing to rebuild it from.
  ASSERT_TRUE(PutRaw(path, "dossiers", "G22.49-260105-0009", "\x09x"));
  // The marker says every snapshot is current: this start does not scan.
  EXPECT_TRUE(RocksDbStore::Open({path}).ok());

  ASSERT_TRUE(DeleteMarker(path));
  auto refused = RocksDbStore::Open({path});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, engine::ErrorCode::kInternal);
  EXPECT_NE(refused.error().message.find("G22.49-260105-0009"),
            std::string::npos);
}

TEST(SnapshotRebuildTest, RebuildsInBatchesAndReportsTheCount) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  ASSERT_TRUE(RocksDbStore::Open({path}).ok());
  ASSERT_TRUE(DeleteMarker(path));
  // More dossiers than one batch holds, half of them already current.
  const auto log = SampleLog();
  std::vector<std::string> codes;
  ASSERT_TRUE(WithFamily(
      path, "events", [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
        for (int i = 0; i < 2500; ++i) {
          const std::string code = "C" + std::to_string(10000 + i);
          codes.push_back(code);
          for (const engine::DossierEvent& e : log) {
            if (!db.Put({}, cf, EventKey(code, e.version),
                        engine::EncodeEvent(e))
                     .ok()) {
              return false;
            }
          }
        }
        return true;
      }));
  const engine::Dossier current = engine::Fold(log);
  ASSERT_TRUE(WithFamily(
      path, "dossiers", [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
        for (size_t i = 0; i < codes.size(); ++i) {
          const std::string value = i % 2 == 0 ? std::string("\x07stale")
                                               : engine::EncodeDossier(current);
          if (!db.Put({}, cf, codes[i], value).ok()) return false;
        }
        return true;
      }));
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& n : names) {
    families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw)
          .ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  SnapshotFamilies f;
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    if (h->GetName() == "default") f.meta = h;
    if (h->GetName() == "dossiers") f.dossiers = h;
    if (h->GetName() == "events") f.events = h;
  }
  auto first = RebuildOutdatedSnapshots(*db, f);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->scanned);
  EXPECT_EQ(first->rebuilt, 1250u);
  auto again = RebuildOutdatedSnapshots(*db, f);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->scanned);
  EXPECT_EQ(again->rebuilt, 0u);
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  }
  ASSERT_TRUE(db->Close().ok());
}

}  // namespace
}  // namespace motcua::adapters

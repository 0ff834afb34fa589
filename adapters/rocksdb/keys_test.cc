#include "adapters/rocksdb/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "adapters/rocksdb/records.h"

namespace motcua::adapters {
namespace {

// Keys are compared as bytes by RocksDB: the deadline index must sort by
// due instant (before 1970 too), then code; events by version.
TEST(StoreKeysTest, DeadlineKeysSortByDueAndRoundTrip) {
  std::vector<engine::WatchEntry> entries = {
      {5'000'000, "H55.1-260105-0002", engine::WatchKind::kOverdue, 0, 7},
      {-3'000'000, "H55.1-260105-0001", engine::WatchKind::kDueSoon, 0, -1},
      {5'000'000, "H55.1-260105-0001", engine::WatchKind::kStepOverdue, 2, 9},
      {0, "H55.10-260105-0001", engine::WatchKind::kOverdue, 0, 0},
  };
  std::vector<std::string> keys;
  for (const auto& e : entries) {
    keys.push_back(WatchKey(e));
    auto back = DecodeWatchKey(keys.back());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, e);
  }
  std::vector<size_t> order = {0, 1, 2, 3};
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  EXPECT_EQ(order, (std::vector<size_t>{1, 3, 2, 0}));
  EXPECT_FALSE(DecodeWatchKey("short").ok());
  EXPECT_FALSE(DecodeWatchKey(keys[0].substr(0, keys[0].size() - 1)).ok());
}

TEST(StoreKeysTest, EventKeysSortByVersionWithinADossier) {
  EXPECT_LT(EventKey("H55.1-260105-0001", 9),
            EventKey("H55.1-260105-0001", 10));
  // The NUL keeps one dossier's events apart from a longer code's.
  EXPECT_LT(EventKey("H55.1-260105-0001", 999),
            EventKey("H55.1-260105-00010", 1));
  EXPECT_LT(SortableInstant(-1), SortableInstant(0));
  EXPECT_EQ(FromSortable(SortableInstant(-42)), -42);
}

TEST(StoreRecordsTest, RequestRecordsRoundTripAndRefuseUnknownFormats) {
  engine::IdempotencyRecord r;
  r.client_id = "desk-01";
  r.request_id = "req-1";
  r.fingerprint = 0x1234'5678'9abc'def0ULL;
  r.fingerprint_scheme = 1;
  r.dossier_code = "H55.1-260105-0001";
  r.first_version = 2;
  r.last_version = 3;
  r.recorded_at = 1'767'000'000'000'000;
  const std::string bytes = EncodeRequest(r);
  auto back = DecodeRequest(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, r);
  std::string unknown = bytes;
  unknown[0] = 9;
  EXPECT_FALSE(DecodeRequest(unknown).ok());
  EXPECT_FALSE(DecodeRequest(bytes.substr(0, bytes.size() - 1)).ok());
}

}  // namespace
}  // namespace motcua::adapters

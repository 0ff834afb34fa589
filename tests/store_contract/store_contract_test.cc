// The DossierStore contract (engine/ports/dossier_store.h), run against every
// adapter: the in-memory twin and RocksDB. A behaviour the memory store has
// and RocksDB lacks (or the reverse) fails here.
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <memory>

#include "adapters/memory/memory_store.h"
#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/dossier/receipt.h"
#include "engine/idempotency/fingerprint.h"
#include "tests/fakes/sample_dossiers.h"
#include "tests/fakes/temp_dir.h"

namespace motcua {
namespace {

using engine::CommitBatch;
using engine::DossierStore;

// A bound past every instant the tests use.
constexpr engine::Instant kNever = std::numeric_limits<engine::Instant>::max();

// Every port is implemented by each adapter class.
class Store : public DossierStore,
              public engine::CalendarStore,
              public engine::CatalogueStore {};
template <class T>
class StoreOf final : public Store {
 public:
  explicit StoreOf(std::unique_ptr<T> impl) : impl_(std::move(impl)) {}
  engine::Result<std::optional<engine::Dossier>> FindDossier(
      std::string_view code) const override {
    return impl_->FindDossier(code);
  }
  engine::Result<std::vector<engine::Dossier>> ScanDossiers(
      std::string_view after, size_t limit) const override {
    return impl_->ScanDossiers(after, limit);
  }
  engine::Result<std::vector<engine::DossierEvent>> ListEvents(
      std::string_view code) const override {
    return impl_->ListEvents(code);
  }
  engine::Result<std::optional<engine::IdempotencyRecord>> FindRequest(
      std::string_view c, std::string_view r) const override {
    return impl_->FindRequest(c, r);
  }
  engine::Result<std::optional<std::string>> FindByTrackingNumber(
      std::string_view n) const override {
    return impl_->FindByTrackingNumber(n);
  }
  engine::Result<uint32_t> LastSequence(std::string_view a,
                                        engine::CivilDate d) const override {
    return impl_->LastSequence(a, d);
  }
  engine::Result<uint64_t> LastGlobalSequence() const override {
    return impl_->LastGlobalSequence();
  }
  engine::Result<std::vector<engine::LogEntry>> ReadLog(
      uint64_t after, size_t limit) const override {
    return impl_->ReadLog(after, limit);
  }
  engine::Result<std::vector<engine::WatchEntry>> DueWatches(
      engine::Instant up_to, size_t limit) const override {
    return impl_->DueWatches(up_to, limit);
  }
  engine::Result<std::optional<engine::Instant>> NextWatchDue(
      engine::Instant before) const override {
    return impl_->NextWatchDue(before);
  }
  engine::Status ForEachReportRow(
      const std::function<void(std::string_view, std::string_view)>& v)
      const override {
    return impl_->ForEachReportRow(v);
  }
  engine::Result<std::optional<std::string>> FindSubmission(
      std::string_view k) const override {
    return impl_->FindSubmission(k);
  }
  engine::Result<std::vector<std::pair<std::string, std::string>>>
  ListSubmissions(std::string_view p) const override {
    return impl_->ListSubmissions(p);
  }
  engine::Status PutSubmission(std::string_view k, std::string_view v,
                               std::string_view rk,
                               std::string_view rv) override {
    return impl_->PutSubmission(k, v, rk, rv);
  }
  engine::Result<uint64_t> FirstGlobalSequence() const override {
    return impl_->FirstGlobalSequence();
  }
  engine::Status TrimLog(uint64_t before) override {
    return impl_->TrimLog(before);
  }
  engine::Status Commit(const CommitBatch& b) override {
    return impl_->Commit(b);
  }
  engine::Result<std::vector<engine::SchedulePublication>> ListPublications()
      const override {
    return impl_->ListPublications();
  }
  engine::Result<std::vector<engine::CalendarVersionRecord>>
  ListCalendarVersions() const override {
    return impl_->ListCalendarVersions();
  }
  engine::Status SaveCalendarChanges(
      const std::vector<engine::SchedulePublication>& p,
      const std::vector<engine::CalendarVersionRecord>& v) override {
    return impl_->SaveCalendarChanges(p, v);
  }
  engine::Result<std::vector<engine::CatalogueChange>> ListCatalogueChanges()
      const override {
    return impl_->ListCatalogueChanges();
  }
  engine::Status AppendCatalogueChange(
      const engine::CatalogueChange& c) override {
    return impl_->AppendCatalogueChange(c);
  }

 private:
  std::unique_ptr<T> impl_;
};

struct StoreFactory {
  const char* name;
  std::function<std::unique_ptr<Store>(const std::string& dir)> open;
};

void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.name; }

class StoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam().open(dir_.path() + "/db"); }

  // A batch receiving one dossier with sequence `seq`, as the sequencer
  // would stage it.
  static CommitBatch ReceiptBatch(uint32_t seq, std::string request_id) {
    auto cmd = testing::SampleCommand(std::move(request_id));
    auto event = engine::Receive(cmd, testing::kMonday0930, seq - 1);
    EXPECT_TRUE(event.ok());
    engine::Dossier d = engine::Fold({*event});
    CommitBatch b;
    b.requests.push_back({cmd.client_id, cmd.request_id,
                          engine::Fingerprint(cmd), d.code, 1, 1,
                          testing::kMonday0930, engine::kFingerprintScheme});
    b.events.push_back({d.code, *event, seq});
    b.counters.push_back({d.agency_code, {2026, 1, 5}, seq});
    b.dossiers.push_back(std::move(d));
    return b;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, EmptyStoreFindsNothing) {
  EXPECT_FALSE(store_->FindDossier("H55.242-260105-0001")->has_value());
  EXPECT_TRUE(store_->ListEvents("H55.242-260105-0001")->empty());
  EXPECT_FALSE(store_->FindRequest("desk-01", "r")->has_value());
  EXPECT_EQ(*store_->LastSequence("H55.242", {2026, 1, 5}), 0u);
}

TEST_P(StoreContractTest, CommitIsReadBack) {
  const CommitBatch b = ReceiptBatch(1, "r1");
  ASSERT_TRUE(store_->Commit(b).ok());
  const engine::Dossier& d = b.dossiers[0];
  EXPECT_EQ(**store_->FindDossier(d.code), d);
  auto events = store_->ListEvents(d.code);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0], b.events[0].event);
  EXPECT_EQ(**store_->FindRequest("desk-01", "r1"), b.requests[0]);
  EXPECT_EQ(*store_->LastSequence(d.agency_code, {2026, 1, 5}), 1u);
}

TEST_P(StoreContractTest, KeysDoNotBleedIntoEachOther) {
  ASSERT_TRUE(store_->Commit(ReceiptBatch(1, "r1")).ok());
  // A code that is a prefix of another must not see the other's events.
  EXPECT_TRUE(store_->ListEvents("000.00.31.H12-260105-000")->empty());
  EXPECT_FALSE(store_->FindRequest("desk-0", "1r1")->has_value());
  EXPECT_FALSE(store_->FindRequest("desk-01", "r")->has_value());
  EXPECT_EQ(*store_->LastSequence("000.00.31.H12", {2026, 1, 6}), 0u);
  EXPECT_EQ(*store_->LastSequence("000.00.31.H1", {2026, 1, 5}), 0u);
}

TEST_P(StoreContractTest, CountersAreOverwrittenAndEventsOrdered) {
  ASSERT_TRUE(store_->Commit(ReceiptBatch(1, "r1")).ok());
  ASSERT_TRUE(store_->Commit(ReceiptBatch(2, "r2")).ok());
  EXPECT_EQ(*store_->LastSequence("000.00.31.H12", {2026, 1, 5}), 2u);
  CommitBatch later;
  engine::DossierEvent second = ReceiptBatch(1, "x").events[0].event;
  second.version = 2;
  later.events.push_back({"000.00.31.H12-260105-0001", second, 3});
  ASSERT_TRUE(store_->Commit(later).ok());
  auto events = store_->ListEvents("000.00.31.H12-260105-0001");
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].version, 1u);
  EXPECT_EQ((*events)[1].version, 2u);
}

TEST_P(StoreContractTest, GlobalLogReadsInOrderFromACursor) {
  EXPECT_EQ(*store_->LastGlobalSequence(), 0u);
  EXPECT_TRUE(store_->ReadLog(0, 10)->empty());
  for (uint32_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(store_->Commit(ReceiptBatch(i, "r" + std::to_string(i))).ok());
  }
  EXPECT_EQ(*store_->LastGlobalSequence(), 5u);
  auto all = store_->ReadLog(0, 100);
  ASSERT_EQ(all->size(), 5u);
  for (uint64_t i = 0; i < 5; ++i) {
    EXPECT_EQ((*all)[i].global_seq, i + 1);
    EXPECT_EQ((*all)[i].event.version, 1u);
  }
  EXPECT_EQ((*all)[2].code, "000.00.31.H12-260105-0003");
  auto page = store_->ReadLog(2, 2);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].global_seq, 3u);
  EXPECT_EQ((*page)[1].global_seq, 4u);
  EXPECT_TRUE(store_->ReadLog(5, 10)->empty());

  EXPECT_EQ(*store_->FirstGlobalSequence(), 1u);
  ASSERT_TRUE(store_->TrimLog(3).ok());
  EXPECT_EQ(*store_->FirstGlobalSequence(), 3u);
  auto rest = store_->ReadLog(0, 10);
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ((*rest)[0].global_seq, 3u);
  // The dossiers keep their own events.
  EXPECT_EQ(store_->ListEvents("000.00.31.H12-260105-0001")->size(), 1u);
}

// The personal-data purge rewrites a stored event in place: the dossier's
// log and the global log read the new body, nothing is appended or logged
// again.
TEST_P(StoreContractTest, RewrittenEventsReplaceTheStoredOnes) {
  ASSERT_TRUE(store_->Commit(ReceiptBatch(1, "r1")).ok());
  ASSERT_TRUE(store_->Commit(ReceiptBatch(2, "r2")).ok());
  const std::string code = "000.00.31.H12-260105-0001";
  auto stored = store_->ListEvents(code);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  engine::DossierEvent scrubbed = (*stored)[0];
  std::get<engine::DossierReceived>(scrubbed.body).applicant = {};
  CommitBatch rewrite;
  rewrite.rewritten.push_back({code, scrubbed, 0});
  EXPECT_FALSE(rewrite.empty());
  ASSERT_TRUE(store_->Commit(rewrite).ok());

  auto events = store_->ListEvents(code);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0], scrubbed);
  auto log = store_->ReadLog(0, 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].code, code);
  EXPECT_EQ((*log)[0].event, scrubbed);
  auto last = store_->LastGlobalSequence();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 2u);
  // The other dossier is untouched.
  auto other = store_->ListEvents("000.00.31.H12-260105-0002");
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ(
      std::get<engine::DossierReceived>((*other)[0].body).applicant.full_name,
      "Nguyễn Thị Ánh");
}

TEST_P(StoreContractTest, CatalogueChangesListInOrder) {
  EXPECT_TRUE(store_->ListCatalogueChanges()->empty());
  const engine::CatalogueChange a{1, "office", "r1", "[agency H55]\n", 10};
  const engine::CatalogueChange b{2, "office", "r2", "[agency H56]\n", 20};
  ASSERT_TRUE(store_->AppendCatalogueChange(a).ok());
  ASSERT_TRUE(store_->AppendCatalogueChange(b).ok());
  const std::vector<engine::CatalogueChange> expected = {a, b};
  EXPECT_EQ(*store_->ListCatalogueChanges(), expected);
}

TEST_P(StoreContractTest, ScanDossiersPagesInCodeOrder) {
  for (uint32_t i = 1; i <= 5; ++i) {
    ASSERT_TRUE(store_->Commit(ReceiptBatch(i, "r" + std::to_string(i))).ok());
  }
  auto first = store_->ScanDossiers("", 2);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].code, "000.00.31.H12-260105-0001");
  auto next = store_->ScanDossiers((*first)[1].code, 10);
  ASSERT_EQ(next->size(), 3u);
  EXPECT_EQ((*next)[0].code, "000.00.31.H12-260105-0003");
  EXPECT_TRUE(store_->ScanDossiers((*next)[2].code, 10)->empty());
}

TEST_P(StoreContractTest, TrackingNumbersPointAtTheirDossier) {
  EXPECT_FALSE(store_->FindByTrackingNumber("EE123456789VN")->has_value());
  CommitBatch b = ReceiptBatch(1, "r1");
  b.tracking.push_back({"EE123456789VN", b.dossiers[0].code});
  ASSERT_TRUE(store_->Commit(b).ok());
  EXPECT_EQ(**store_->FindByTrackingNumber("EE123456789VN"),
            b.dossiers[0].code);
  EXPECT_FALSE(store_->FindByTrackingNumber("EE123456789V")->has_value());
}

TEST_P(StoreContractTest, DeadlineIndexReplacesEachDossiersEntries) {
  using engine::WatchEntry;
  using engine::WatchKind;
  EXPECT_FALSE(store_->NextWatchDue(kNever)->has_value());
  const WatchEntry a_soon{100, "A-1", WatchKind::kDueSoon, 0, 500};
  const WatchEntry a_late{500, "A-1", WatchKind::kOverdue, 0, 500};
  const WatchEntry b_late{-50, "B-1", WatchKind::kStepOverdue, 2, -50};
  CommitBatch first;
  first.watches = {{"A-1", {a_soon, a_late}}, {"B-1", {b_late}}};
  ASSERT_TRUE(store_->Commit(first).ok());
  EXPECT_EQ(**store_->NextWatchDue(kNever), -50);  // negative sort first
  const std::vector<WatchEntry> due = {b_late, a_soon};
  EXPECT_EQ(*store_->DueWatches(100, 10), due);
  EXPECT_EQ(store_->DueWatches(1000, 1)->size(), 1u);

  // A's deadline moved: its old entries go, the new ones come.
  const WatchEntry a_moved{800, "A-1", WatchKind::kOverdue, 0, 800};
  CommitBatch moved;
  moved.watches = {{"A-1", {a_moved}}, {"B-1", {}}};
  ASSERT_TRUE(store_->Commit(moved).ok());
  const std::vector<WatchEntry> now_due = {a_moved};
  EXPECT_EQ(*store_->DueWatches(10000, 10), now_due);
}

TEST_P(StoreContractTest, DeadlineReadsStopAtTheirBound) {
  using engine::WatchEntry;
  using engine::WatchKind;
  const WatchEntry early{100, "A-1", WatchKind::kOverdue, 0, 100};
  const WatchEntry late{900, "B-1", WatchKind::kOverdue, 0, 900};
  CommitBatch b;
  b.watches = {{"A-1", {early}}, {"B-1", {late}}};
  ASSERT_TRUE(store_->Commit(b).ok());
  // NextWatchDue(before): strictly before the bound, else nothing.
  EXPECT_FALSE(store_->NextWatchDue(100)->has_value());
  EXPECT_EQ(**store_->NextWatchDue(101), 100);
  // DueWatches(up_to): due at up_to is included, one microsecond later not.
  EXPECT_TRUE(store_->DueWatches(99, 10)->empty());
  EXPECT_EQ(*store_->DueWatches(100, 10), std::vector<WatchEntry>{early});
  EXPECT_EQ(store_->DueWatches(899, 10)->size(), 1u);
  EXPECT_EQ(store_->DueWatches(kNever, 10)->size(), 2u);
  // Many entries deleted before and after the live ones (a busy index):
  // the reads still find exactly the live entries within their bounds.
  CommitBatch churn;
  for (int i = 0; i < 200; ++i) {
    const std::string code = "C-" + std::to_string(i);
    churn.watches.push_back(
        {code, {WatchEntry{50 + i * 10, code, WatchKind::kDueSoon, 0, 0}}});
  }
  ASSERT_TRUE(store_->Commit(churn).ok());
  CommitBatch drop;
  for (const auto& [code, entries] : churn.watches) {
    drop.watches.push_back({code, {}});
  }
  ASSERT_TRUE(store_->Commit(drop).ok());
  EXPECT_EQ(**store_->NextWatchDue(kNever), 100);
  EXPECT_EQ(*store_->DueWatches(500, 10), std::vector<WatchEntry>{early});
  CommitBatch fired;
  fired.watches = {{"A-1", {}}};
  ASSERT_TRUE(store_->Commit(fired).ok());
  EXPECT_FALSE(store_->NextWatchDue(900)->has_value());
  EXPECT_EQ(**store_->NextWatchDue(901), 900);
}

TEST_P(StoreContractTest, ReportRowsAndSubmissions) {
  CommitBatch b;
  b.report_rows = {{"fB", "2"}, {"dict", "d"}, {"fA", "1"}};
  ASSERT_TRUE(store_->Commit(b).ok());
  CommitBatch c;
  c.report_rows = {{"fA", "1b"}};
  ASSERT_TRUE(store_->Commit(c).ok());
  std::vector<std::pair<std::string, std::string>> rows;
  ASSERT_TRUE(
      store_
          ->ForEachReportRow([&](std::string_view k, std::string_view v) {
            rows.emplace_back(k, v);
          })
          .ok());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"dict", "d"}, {"fA", "1b"}, {"fB", "2"}};
  EXPECT_EQ(rows, expected);

  EXPECT_FALSE(store_->FindSubmission("q/1")->has_value());
  ASSERT_TRUE(
      store_->PutSubmission("q/2026-Q1/0001", "one", "r/c/1", "q1-1").ok());
  ASSERT_TRUE(
      store_->PutSubmission("q/2026-Q1/0002", "two", "r/c/2", "q1-2").ok());
  ASSERT_TRUE(
      store_->PutSubmission("q/2026-Q2/0001", "other", "r/c/3", "q2-1").ok());
  EXPECT_EQ(**store_->FindSubmission("q/2026-Q1/0002"), "two");
  EXPECT_EQ(store_->ListSubmissions("q/2026-Q1/")->size(), 2u);
}

TEST_P(StoreContractTest, SubmissionAndItsRequestRecordAreWrittenTogether) {
  ASSERT_TRUE(store_
                  ->PutSubmission("form06/Q1/000001", "version one",
                                  "request/app/s-1", "form06/Q1/000001")
                  .ok());
  EXPECT_EQ(**store_->FindSubmission("form06/Q1/000001"), "version one");
  EXPECT_EQ(**store_->FindSubmission("request/app/s-1"), "form06/Q1/000001");
  // Values may hold any byte (the service stores a NUL-separated record).
  const std::string with_nul("form06/Q1/000002\0Q1", 19);
  ASSERT_TRUE(store_
                  ->PutSubmission("form06/Q1/000002", "version two",
                                  "request/app/s-2", with_nul)
                  .ok());
  EXPECT_EQ(**store_->FindSubmission("request/app/s-2"), with_nul);
  EXPECT_EQ(store_->ListSubmissions("form06/Q1/")->size(), 2u);
}

TEST_P(StoreContractTest, EmptyBatchIsFine) {
  EXPECT_TRUE(store_->Commit(CommitBatch{}).ok());
}

TEST_P(StoreContractTest, CalendarChangesUpsertAndListInOrder) {
  EXPECT_TRUE(store_->ListPublications()->empty());
  EXPECT_TRUE(store_->ListCalendarVersions()->empty());
  ASSERT_TRUE(store_
                  ->SaveCalendarChanges({{"vn", 2026, "year 2026\n"},
                                         {"ha-noi", 2025, std::nullopt},
                                         {"vn", 2025, "year 2025\n"}},
                                        {{"vn", 2, 77}, {"ha-noi", 3, 5}})
                  .ok());
  ASSERT_TRUE(
      store_->SaveCalendarChanges({{"vn", 2026, std::nullopt}}, {{"vn", 3, 78}})
          .ok());
  const std::vector<engine::SchedulePublication> expected = {
      {"ha-noi", 2025, std::nullopt},
      {"vn", 2025, "year 2025\n"},
      {"vn", 2026, std::nullopt}};
  EXPECT_EQ(*store_->ListPublications(), expected);
  const std::vector<engine::CalendarVersionRecord> versions = {{"ha-noi", 3, 5},
                                                               {"vn", 3, 78}};
  EXPECT_EQ(*store_->ListCalendarVersions(), versions);
}

INSTANTIATE_TEST_SUITE_P(
    Adapters, StoreContractTest,
    ::testing::Values(
        StoreFactory{"Memory",
                     [](const std::string&) -> std::unique_ptr<Store> {
                       return std::make_unique<StoreOf<adapters::MemoryStore>>(
                           std::make_unique<adapters::MemoryStore>());
                     }},
        StoreFactory{"RocksDb",
                     [](const std::string& dir) -> std::unique_ptr<Store> {
                       auto s = adapters::RocksDbStore::Open({dir});
                       EXPECT_TRUE(s.ok()) << s.error().message;
                       return std::make_unique<StoreOf<adapters::RocksDbStore>>(
                           std::move(*s));
                     }}),
    [](const ::testing::TestParamInfo<StoreFactory>& info) {
      return std::string(info.param.name);
    });

TEST(RocksDbStoreTest, SurvivesReopen) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  auto cmd = testing::SampleCommand();
  auto event = engine::Receive(cmd, testing::kMonday0930, 0);
  ASSERT_TRUE(event.ok());
  const engine::Dossier d = engine::Fold({*event});
  {
    auto store = adapters::RocksDbStore::Open({path});
    ASSERT_TRUE(store.ok());
    CommitBatch b;
    b.dossiers.push_back(d);
    b.events.push_back({d.code, *event, 1});
    b.counters.push_back({d.agency_code, {2026, 1, 5}, 1});
    ASSERT_TRUE((*store)->Commit(b).ok());
  }
  auto store = adapters::RocksDbStore::Open({path});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(**(*store)->FindDossier(d.code), d);
  EXPECT_EQ(*(*store)->LastSequence(d.agency_code, {2026, 1, 5}), 1u);
}

TEST(RocksDbStoreTest, SecondOpenOfALockedDirIsUnavailable) {
  testing::TempDir dir;
  auto first = adapters::RocksDbStore::Open({dir.path()});
  ASSERT_TRUE(first.ok());
  auto second = adapters::RocksDbStore::Open({dir.path()});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, engine::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace motcua

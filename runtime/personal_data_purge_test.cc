#include "runtime/personal_data_purge.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <span>

#include "adapters/memory/memory_store.h"
#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/dossier/personal_data.h"
#include "engine/lifecycle/retention.h"
#include "runtime/sequencer_testing.h"
#include "tests/fakes/sample_dossiers.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::runtime {
namespace {

using engine::Dossier;
using engine::DossierEvent;
using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;
using motcua::testing::SampleCommand;

constexpr engine::Instant kYear = 365 * engine::kMicrosPerDay;
// The applicant of SampleCommand, and the reason the closing step gives.
const char* const kPersonal[] = {"Nguyễn Thị Ánh", "001190012345", "0912345678",
                                 "Tràng Tiền"};

std::string Receive(Sequencer& seq, const std::string& id) {
  auto r = ReceiveSync(seq, SampleCommand(id));
  EXPECT_TRUE(r.ok());
  return r.ok() ? r->dossier.code : "";
}

// A withdrawal of the dossier with a reason naming the applicant, into
// `to` (kWithdrawn closes it); queued, its reply in the future.
std::future<engine::Result<CommandReply>> QueueWithdraw(
    Sequencer& seq, const std::string& code, const std::string& request_id,
    engine::DossierState to) {
  DossierCommand cmd;
  cmd.client_id = "desk-01";
  cmd.request_id = request_id;
  engine::LifecycleCommand lc;
  lc.transition = engine::Transition::kWithdraw;
  cmd.command = lc;
  cmd.dossier_code = code;
  cmd.decide = [to](const Dossier& d, const engine::WriteCommand&,
                    engine::Instant now) {
    engine::DossierTransitioned t;
    t.transition = engine::Transition::kWithdraw;
    t.from = d.state;
    t.to = to;
    t.at = now;
    t.officer = "Trần Văn Bình";
    t.reason = "Bà Nguyễn Thị Ánh (0912345678) xin rút hồ sơ";
    return engine::Result<std::vector<DossierEvent>>(
        std::vector<DossierEvent>{DossierEvent{d.version + 1, now, "desk", t}});
  };
  auto p = std::make_shared<std::promise<engine::Result<CommandReply>>>();
  seq.Execute(std::move(cmd), [p](engine::Result<CommandReply> r) {
    p->set_value(std::move(r));
  });
  return p->get_future();
}

engine::Result<CommandReply> Withdraw(Sequencer& seq, const std::string& code,
                                      const std::string& request_id,
                                      engine::DossierState to) {
  return QueueWithdraw(seq, code, request_id, to).get();
}

void Close(Sequencer& seq, const std::string& code) {
  auto r =
      Withdraw(seq, code, "close-" + code, engine::DossierState::kWithdrawn);
  ASSERT_TRUE(r.ok()) << r.error().message;
}

bool HoldsPersonalData(const std::string& bytes) {
  for (const char* text : kPersonal) {
    if (bytes.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string StoredBytes(const engine::DossierStore& store,
                        const std::string& code) {
  std::string bytes;
  auto d = store.FindDossier(code);
  if (d.ok() && d->has_value()) bytes += engine::EncodeDossier(**d);
  auto events = store.ListEvents(code);
  if (events.ok()) {
    for (const DossierEvent& e : *events) bytes += engine::EncodeEvent(e);
  }
  auto log = store.ReadLog(0, 1000);
  if (log.ok()) {
    for (const engine::LogEntry& e : *log) {
      if (e.code == code) bytes += engine::EncodeEvent(e.event);
    }
  }
  return bytes;
}

TEST(PersonalDataPurgeTest, ErasesClosedDossiersOnceAndLeavesTheRest) {
  adapters::MemoryStore store;
  ManualClock clock(kMonday0930);
  auto seq = Sequencer::Start(store, clock);
  ASSERT_TRUE(seq.ok());
  const std::string closed_old = Receive(**seq, "a");
  const std::string open_old = Receive(**seq, "b");
  Close(**seq, closed_old);
  clock.Advance(4 * kYear);
  const std::string closed_recent = Receive(**seq, "c");
  Close(**seq, closed_recent);
  ASSERT_TRUE(HoldsPersonalData(StoredBytes(store, closed_old)));

  clock.Advance(2 * kYear);  // closed_old: 6 years ago; closed_recent: 2
  int compactions = 0;
  PersonalDataPurger purger(**seq, store, clock, {.retention_years = 5},
                            [&](const std::vector<std::string>& codes) {
                              ++compactions;
                              EXPECT_EQ(codes.size(), 1u);
                              return engine::Status();
                            });
  auto report = purger.PurgeOnce();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->examined, 3u);
  EXPECT_EQ(report->purged, 1u);
  EXPECT_EQ(report->cutoff, engine::RetentionCutoff(clock.Now(), 5));
  EXPECT_EQ(compactions, 1);

  // The snapshot, every event of the dossier's log and the global log's
  // copies hold none of it; the purge is the last event.
  EXPECT_FALSE(HoldsPersonalData(StoredBytes(store, closed_old)));
  auto events = store.ListEvents(closed_old);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_TRUE(
      std::holds_alternative<engine::PersonalDataPurged>(events->back().body));
  EXPECT_EQ(events->back().actor, "retention");
  auto dossier = store.FindDossier(closed_old);
  ASSERT_TRUE(dossier.ok() && dossier->has_value());
  EXPECT_EQ((*dossier)->personal_data_purged_at, clock.Now());
  EXPECT_EQ((*dossier)->state, engine::DossierState::kWithdrawn);
  // The snapshot is the fold of the rewritten log, its size recounted.
  Dossier folded = engine::Fold(*events);
  engine::AccountHistory(folded, *events);
  EXPECT_EQ(**dossier, folded);

  // The open one and the recently closed one keep theirs.
  EXPECT_TRUE(HoldsPersonalData(StoredBytes(store, open_old)));
  EXPECT_TRUE(HoldsPersonalData(StoredBytes(store, closed_recent)));

  // A second pass finds nothing to do and compacts nothing.
  auto again = purger.PurgeOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->purged, 0u);
  EXPECT_EQ(compactions, 1);

  // Four years on, the other closed one is due too; the open one never.
  clock.Advance(4 * kYear);
  auto later = purger.PurgeOnce();
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->purged, 1u);
  EXPECT_FALSE(HoldsPersonalData(StoredBytes(store, closed_recent)));
  EXPECT_TRUE(HoldsPersonalData(StoredBytes(store, open_old)));
}

TEST(PersonalDataPurgeTest, RefusesAPeriodBelowTheMinimum) {
  adapters::MemoryStore store;
  ManualClock clock(kMonday0930);
  auto seq = Sequencer::Start(store, clock);
  ASSERT_TRUE(seq.ok());
  PersonalDataPurger purger(**seq, store, clock, {.retention_years = 1});
  auto report = purger.PurgeOnce();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, engine::ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      report.error().message.rfind("--personal-data-retention-years: ", 0), 0u);
}

TEST(PersonalDataPurgeTest, APurgedDossierStaysPurged) {
  adapters::MemoryStore store;
  ManualClock clock(kMonday0930);
  auto seq = Sequencer::Start(store, clock);
  ASSERT_TRUE(seq.ok());
  const std::string code = Receive(**seq, "a");
  Close(**seq, code);
  clock.Advance(6 * kYear);
  PersonalDataPurger purger(**seq, store, clock, {.retention_years = 5});
  auto report = purger.PurgeOnce();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->purged, 1u);
  // A late event that would bring personal data back (a reason naming the
  // applicant) is stored without it.
  auto late = Withdraw(**seq, code, "late", engine::DossierState::kWithdrawn);
  ASSERT_TRUE(late.ok()) << late.error().message;
  EXPECT_FALSE(HoldsPersonalData(StoredBytes(store, code)));
}

// With RocksDB underneath and the server's after_purge (CompactErased), no
// file of the database keeps the erased bytes.
TEST(PersonalDataPurgeTest, NoFileOfTheDatabaseKeepsErasedData) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  ManualClock clock(kMonday0930);
  auto store = adapters::RocksDbStore::Open({path});
  ASSERT_TRUE(store.ok());
  auto seq = Sequencer::Start(**store, clock);
  ASSERT_TRUE(seq.ok());
  const std::string code = Receive(**seq, "a");
  Close(**seq, code);
  clock.Advance(6 * kYear);
  adapters::RocksDbStore* db = store->get();
  PersonalDataPurger purger(
      **seq, **store, clock, {.retention_years = 5},
      [db](const std::vector<std::string>&) { return db->CompactErased(); });
  auto report = purger.PurgeOnce();
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->purged, 1u);
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("LOG")) continue;  // RocksDB's own info log
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
    EXPECT_FALSE(HoldsPersonalData(bytes)) << name;
  }
  // And it still reads back, purged.
  auto d = (*store)->FindDossier(code);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_TRUE((*d)->personal_data_purged_at.has_value());
}

// Holds the sequencer's worker in its next batch until opened, so that the
// commands queued meanwhile form one batch.
class Gate final : public Projection {
 public:
  std::string_view name() const override { return "gate"; }
  engine::Status Stage(std::span<const ChangedDossier>,
                       engine::CommitBatch&) override {
    if (armed_.exchange(false)) {
      entered_.set_value();
      opened_.get_future().wait();
    }
    return {};
  }
  void AfterCommit(bool) override {}
  std::future<void> Arm() {
    armed_ = true;
    return entered_.get_future();
  }
  void Open() { opened_.set_value(); }

 private:
  std::atomic<bool> armed_ = false;
  std::promise<void> entered_;
  std::promise<void> opened_;
};

// An event staged by an earlier command of the same batch is rewritten
// too, and the dossier's history size is recounted from the rewritten log.
TEST(PersonalDataPurgeTest, RewritesEventsStagedEarlierInTheSameBatch) {
  adapters::MemoryStore store;
  ManualClock clock(kMonday0930);
  Gate gate;
  SequencerOptions options;
  options.projections = {&gate};
  auto seq = Sequencer::Start(store, clock, options);
  ASSERT_TRUE(seq.ok());
  const std::string code = Receive(**seq, "a");
  std::future<void> entered = gate.Arm();
  std::promise<engine::Result<ReceiveReply>> blocker;
  (*seq)->Receive(SampleCommand("b"), [&](engine::Result<ReceiveReply> r) {
    blocker.set_value(std::move(r));
  });
  entered.wait();  // the worker holds b's batch; the next two queue up
  auto closed =
      QueueWithdraw(**seq, code, "close", engine::DossierState::kWithdrawn);
  DossierCommand purge;
  purge.client_id = "retention";
  purge.request_id = PurgeRequestId(code);
  purge.command = engine::PurgeCommand{5};
  purge.dossier_code = code;
  purge.decide = [](const Dossier& d, const engine::WriteCommand&,
                    engine::Instant now) {
    return engine::Result<std::vector<DossierEvent>>(std::vector<DossierEvent>{
        DossierEvent{d.version + 1, now, "retention",
                     engine::PersonalDataPurged{5, now}}});
  };
  purge.rewrite = [](DossierEvent& e) { return engine::ScrubPersonalData(e); };
  std::promise<engine::Result<CommandReply>> purged;
  (*seq)->Execute(std::move(purge), [&](engine::Result<CommandReply> r) {
    purged.set_value(std::move(r));
  });
  gate.Open();
  ASSERT_TRUE(blocker.get_future().get().ok());
  auto c = closed.get();
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto p = purged.get_future().get();
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ((*seq)->commits(), 3u);  // a; b; the withdrawal with the purge

  EXPECT_FALSE(HoldsPersonalData(StoredBytes(store, code)));
  auto events = store.ListEvents(code);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ(std::get<engine::DossierTransitioned>((*events)[1].body).reason,
            "");
  Dossier folded = engine::Fold(*events);
  engine::AccountHistory(folded, *events);
  auto stored = store.FindDossier(code);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(**stored, folded);
  EXPECT_EQ(p->dossier, folded);
}

}  // namespace
}  // namespace motcua::runtime

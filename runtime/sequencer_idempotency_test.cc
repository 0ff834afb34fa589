// The sequencer's one idempotency rule (sequencer.h) across every kind of
// write, and records an older server stored (the format before fingerprint
// schemes) replaying through a RocksDB store after the upgrade.
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "adapters/memory/memory_store.h"
#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/idempotency/fingerprint.h"
#include "runtime/sequencer.h"
#include "runtime/sequencer_testing.h"
#include "tests/fakes/legacy_records.h"
#include "tests/fakes/sample_dossiers.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::runtime {
namespace {

using engine::ErrorCode;
using engine::Result;
using engine::WriteCommand;
using motcua::testing::kMonday0930;
using motcua::testing::ManualClock;
using motcua::testing::SampleCommand;

// `command` on dossier `code` under (client, request). Whatever the kind,
// the decision is the same one transfer (the rule under test is the
// sequencer's, not the engine's).
DossierCommand Write(std::string client, std::string request, std::string code,
                     WriteCommand command) {
  DossierCommand c;
  c.client_id = std::move(client);
  c.request_id = std::move(request);
  c.dossier_code = std::move(code);
  c.command = std::move(command);
  c.decide =
      [](const engine::Dossier& d, const WriteCommand&,
         engine::Instant now) -> Result<std::vector<engine::DossierEvent>> {
    if (d.state != engine::DossierState::kReceived) {
      return engine::FailedPrecondition("dossier " + d.code + " moved");
    }
    engine::DossierTransitioned t;
    t.transition = engine::Transition::kTransfer;
    t.from = engine::DossierState::kReceived;
    t.to = engine::DossierState::kTransferred;
    t.to_agency = "H55.242";
    t.at = now;
    return std::vector<engine::DossierEvent>{
        engine::DossierEvent{d.version + 1, now, "agency-app", t}};
  };
  return c;
}

engine::LifecycleCommand Action(std::string reason) {
  engine::LifecycleCommand c;
  c.transition = engine::Transition::kTransfer;
  c.client_id = "agency-app";
  c.officer = "cb.tran";
  c.agency_code = "000.00.31.H12";
  c.to_agency = "H55.242";
  c.reason = std::move(reason);
  return c;
}

engine::PostalCommand Report(std::string code, std::string status) {
  engine::PostalCommand c;
  c.client_id = "postal-webhook";
  c.dossier_code = std::move(code);
  c.report.carrier = "vnpost";
  c.report.carrier_event_id = "ev-1";
  c.report.carrier_status = std::move(status);
  c.report.tracking_number = "EB123456789VN";
  c.report.at = kMonday0930;
  return c;
}

class SequencerIdempotencyTest : public ::testing::Test {
 protected:
  std::unique_ptr<Sequencer> Start() {
    auto s = Sequencer::Start(store_, clock_);
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }

  adapters::MemoryStore store_;
  ManualClock clock_{kMonday0930};
};

TEST_F(SequencerIdempotencyTest, EveryWriteKindReplaysAndRefusesOtherContent) {
  auto seq = Start();
  struct Case {
    const char* kind;
    std::string client;
    std::string key_field;
    // The command on dossier `code`, and one with other content.
    std::function<WriteCommand(const std::string&code)> first, other;
  };
  const Case cases[] = {
      {"lifecycle", "agency-app", "request_id",
       [](const std::string&) { return Action("Lý do"); },
       [](const std::string&) { return Action("Lý do khác"); }},
      {"postal", "postal:vnpost", "carrier_event_id",
       [](const std::string& code) { return Report(code, "PU"); },
       [](const std::string& code) { return Report(code, "DL"); }},
      {"deadline", "sweeper", "request_id",
       [](const std::string& code) {
         return engine::WatchEntry{kMonday0930, code,
                                   engine::WatchKind::kOverdue, 0, 1};
       },
       [](const std::string& code) {
         return engine::WatchEntry{kMonday0930, code,
                                   engine::WatchKind::kOverdue, 0, 2};
       }},
      {"rating", "citizen", "request_id",
       [](const std::string& code) {
         return engine::RatingCommand{code, 4, false, ""};
       },
       [](const std::string& code) {
         return engine::RatingCommand{code, 1, true, "Chậm"};
       }},
      {"recalendar", "calendar-publication", "request_id",
       [](const std::string& code) {
         return engine::RecalendarCommand{"vn-national", 2, code};
       },
       [](const std::string& code) {
         return engine::RecalendarCommand{"vn-national", 3, code};
       }},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.kind);
    auto received =
        ReceiveSync(*seq, SampleCommand("r-" + std::to_string(++n)));
    ASSERT_TRUE(received.ok()) << received.error().message;
    const std::string code = received->dossier.code;
    const std::string key = std::string(c.kind) + "-1";
    auto write = [&](WriteCommand command) {
      DossierCommand w = Write(c.client, key, code, std::move(command));
      w.key_field = c.key_field;
      return w;
    };

    auto first = ExecuteSync(*seq, write(c.first(code)));
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_FALSE(first->replayed);
    // The sequencer fingerprinted the engine command, under the scheme.
    auto record = store_.FindRequest(c.client, key);
    ASSERT_TRUE(record.ok() && record->has_value());
    EXPECT_EQ((*record)->fingerprint, engine::Fingerprint(c.first(code)));
    EXPECT_EQ((*record)->fingerprint_scheme, engine::kFingerprintScheme);

    clock_.Advance(engine::kMicrosPerHour);
    auto retry = ExecuteSync(*seq, write(c.first(code)));
    ASSERT_TRUE(retry.ok()) << retry.error().message;
    EXPECT_TRUE(retry->replayed);
    EXPECT_EQ(retry->dossier, first->dossier);
    EXPECT_EQ(retry->events, first->events);

    auto reused = ExecuteSync(*seq, write(c.other(code)));
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(reused.error().message.rfind(c.key_field + ":", 0), 0u)
        << reused.error().message;
    EXPECT_EQ(store_.ListEvents(code)->size(), 2u);
  }
}

TEST_F(SequencerIdempotencyTest, ReceiptIsFingerprintedBySequencer) {
  auto seq = Start();
  auto first = ReceiveSync(*seq, SampleCommand("same"));
  ASSERT_TRUE(first.ok());
  auto record = store_.FindRequest("desk-01", "same");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->fingerprint, engine::Fingerprint(SampleCommand("same")));
  EXPECT_EQ((*record)->fingerprint_scheme, engine::kFingerprintScheme);
  auto retry = ReceiveSync(*seq, SampleCommand("same"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->dossier, first->dossier);
}

// The kind is part of the digest: the same key, the same dossier and a
// command of another kind is a reused key.
TEST_F(SequencerIdempotencyTest, SameKeyForAnotherKindIsRefused) {
  auto seq = Start();
  const std::string code = ReceiveSync(*seq, SampleCommand())->dossier.code;
  ASSERT_TRUE(ExecuteSync(*seq, Write("app", "k", code, Action("Lý do"))).ok());
  auto other = ExecuteSync(
      *seq, Write("app", "k", code, engine::RecalendarCommand{"x", 1, code}));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kInvalidArgument);
}

// A record of a scheme this build does not know (a newer server wrote it)
// is neither replayed nor called a reused key.
TEST_F(SequencerIdempotencyTest, NewerSchemeIsFailedPrecondition) {
  auto seq = Start();
  const std::string code = ReceiveSync(*seq, SampleCommand())->dossier.code;
  engine::CommitBatch b;
  b.requests.push_back(
      {"app", "k", 1, code, 2, 2, kMonday0930, engine::kFingerprintScheme + 1});
  ASSERT_TRUE(store_.Commit(b).ok());
  auto r = ExecuteSync(*seq, Write("app", "k", code, Action("")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
}

// Upgrade: an old server acknowledged a receipt and an action, and wrote
// their idempotency records in the old format with its own digests; the
// retries reach the new server. Each replays its first reply; a legacy key
// is still refused for another dossier or another kind of write.
TEST(SequencerMigrationTest, LegacyRecordsReplayThroughRocksDb) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  ManualClock clock(kMonday0930);
  std::string code;
  Result<ReceiveReply> received = engine::Internal("not run");
  Result<CommandReply> acted = engine::Internal("not run");
  {
    // What the old server stored, but for the idempotency records (below).
    auto store = adapters::RocksDbStore::Open({path});
    ASSERT_TRUE(store.ok());
    auto seq = Sequencer::Start(**store, clock);
    ASSERT_TRUE(seq.ok());
    received = ReceiveSync(**seq, SampleCommand("req-1"));
    ASSERT_TRUE(received.ok());
    code = received->dossier.code;
    acted = ExecuteSync(**seq, Write("agency-app", "m-1", code, Action("")));
    ASSERT_TRUE(acted.ok());
  }
  // The old server's records: its receipt digest of SampleCommand("req-1"),
  // and for the action a digest of the request's protobuf bytes.
  ASSERT_TRUE(testing::PutRaw(
      path, "requests", testing::RequestKey("desk-01", "req-1"),
      testing::LegacyRequestBytes("desk-01", "req-1", 0xba364fa453a6279bULL,
                                  code, 1, 1, kMonday0930)));
  ASSERT_TRUE(testing::PutRaw(
      path, "requests", testing::RequestKey("agency-app", "m-1"),
      testing::LegacyRequestBytes("agency-app", "m-1", 0x6d2a4be0c37f1e95ULL,
                                  code, 2, 2, kMonday0930)));

  auto store = adapters::RocksDbStore::Open({path});
  ASSERT_TRUE(store.ok());
  ASSERT_EQ((*(*store)->FindRequest("agency-app", "m-1"))->fingerprint_scheme,
            engine::kLegacyFingerprintScheme);
  clock.Advance(engine::kMicrosPerDay);
  auto seq = Sequencer::Start(**store, clock);
  ASSERT_TRUE(seq.ok());
  Sequencer& s = **seq;

  auto receipt = ReceiveSync(s, SampleCommand("req-1"));
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_TRUE(receipt->replayed);
  EXPECT_EQ(receipt->dossier, received->dossier);
  auto action = ExecuteSync(s, Write("agency-app", "m-1", code, Action("")));
  ASSERT_TRUE(action.ok()) << action.error().message;
  EXPECT_TRUE(action->replayed);
  EXPECT_EQ(action->dossier, acted->dossier);
  EXPECT_EQ(action->events, acted->events);
  EXPECT_EQ(*(*store)->LastGlobalSequence(), 2u);

  // Legacy keys match on what they can: the dossier and the kind.
  const std::string other_code =
      ReceiveSync(s, SampleCommand("req-2"))->dossier.code;
  auto elsewhere =
      ExecuteSync(s, Write("agency-app", "m-1", other_code, Action("")));
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kInvalidArgument);
  auto receipt_key =
      ExecuteSync(s, Write("desk-01", "req-1", code, Action("")));
  ASSERT_FALSE(receipt_key.ok());
  EXPECT_EQ(receipt_key.error().code, ErrorCode::kInvalidArgument);
  engine::ReceiveCommand action_key = SampleCommand("m-1");
  action_key.client_id = "agency-app";
  auto as_receipt = ReceiveSync(s, action_key);
  ASSERT_FALSE(as_receipt.ok());
  EXPECT_EQ(as_receipt.error().code, ErrorCode::kInvalidArgument);

  // New writes are stored under the current scheme.
  auto fresh = (*store)->FindRequest("desk-01", "req-2");
  ASSERT_TRUE(fresh.ok() && fresh->has_value());
  EXPECT_EQ((*fresh)->fingerprint_scheme, engine::kFingerprintScheme);
}

}  // namespace
}  // namespace motcua::runtime

#include "engine/postal/decide_postal.h"

#include <gtest/gtest.h>

#include "engine/dossier/dossier_codec.h"
#include "engine/postal/postal_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::PostalWalker;
using testing::Report;
using testing::Submission;
using K = PostalEventKind;

constexpr char kIn[] = "EB100000001VN";
constexpr char kOut[] = "EB200000002VN";

const Instant kHandover = At(2025, 3, 10, 9, 0);  // Monday
const Instant kReady = At(2025, 3, 20, 10, 0);

TEST(ValidatePostalCommandTest, NamesTheField) {
  struct Case {
    const char* name;
    void (*edit)(PostalRecorded&);
    K kind;
    const char* prefix;
  };
  const Case cases[] = {
      {"carrier", [](PostalRecorded& r) { r.carrier = "VN Post"; },
       K::kInboundPickup, "carrier:"},
      {"event id", [](PostalRecorded& r) { r.carrier_event_id = ""; },
       K::kInboundPickup, "carrier_event_id:"},
      {"tracking", [](PostalRecorded& r) { r.tracking_number = "EB 1"; },
       K::kInboundPickup, "tracking_number:"},
      {"future", [](PostalRecorded& r) { r.at += kMicrosPerHour; },
       K::kInboundPickup, "at:"},
      {"no time", [](PostalRecorded& r) { r.at = 0; }, K::kInboundPickup,
       "at:"},
      {"worker", [](PostalRecorded& r) { r.postal_worker = ""; },
       K::kInboundPickup, "postal_worker:"},
      {"fees", [](PostalRecorded& r) { r.fees_vnd = -1; }, K::kInboundPickup,
       "fees_vnd:"},
      {"no documents", [](PostalRecorded& r) { r.documents.clear(); },
       K::kInboundPickup, "documents:"},
      {"document name", [](PostalRecorded& r) { r.documents[0].name = ""; },
       K::kInboundPickup, "documents[0].name:"},
      {"officer", [](PostalRecorded& r) { r.officer = ""; },
       K::kInboundHandover, "officer:"},
      {"record", [](PostalRecorded& r) { r.record_number = ""; },
       K::kOutboundPickup, "record_number:"},
      {"recipient", [](PostalRecorded& r) { r.recipient_name = ""; },
       K::kDelivered, "recipient_name:"},
      {"recipient id", [](PostalRecorded& r) { r.recipient_id = "12 34"; },
       K::kDelivered, "recipient_id:"},
      {"reason", [](PostalRecorded& r) { r.reason = ""; }, K::kDeliveryFailed,
       "reason:"},
  };
  const Instant now = At(2026, 1, 5, 9, 0);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PostalCommand cmd{"postal-webhook", "", Report(c.kind, "ev-1", kIn, now)};
    ASSERT_TRUE(ValidatePostalCommand(cmd, now).ok());
    c.edit(cmd.report);
    Status s = ValidatePostalCommand(cmd, now);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().message.rfind(c.prefix, 0), 0u) << s.error().message;
  }
}

TEST(DecidePostalTest, UnknownDossierIsNotFound) {
  PostalCommand cmd{"postal-webhook", "H55.10-250310-0001",
                    Report(K::kInboundPickup, "ev-1", kIn, kHandover)};
  auto r = DecidePostal(Dossier{}, cmd, kHandover);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(DecidePostalTest, RepeatIsAReplayWithNothingAppended) {
  PostalWalker w;
  ASSERT_OK(w.ReadyByPost(kHandover, kReady));
  const auto pickup =
      Report(K::kInboundPickup, "ev-1", kIn, At(2025, 3, 7, 16, 0));
  auto first = w.Post(pickup, kReady);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->duplicate);
  ASSERT_EQ(first->events.size(), 1u);
  const uint64_t version = w.dossier().version;
  // The same key is a replay even when the content changed (first wins).
  auto again = pickup;
  again.fees_vnd = 99;
  auto second = w.Post(again, kReady);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->duplicate);
  EXPECT_TRUE(second->events.empty());
  EXPECT_EQ(w.dossier().version, version);
  EXPECT_EQ(w.dossier().postal.legs.size(), 1u);
  EXPECT_EQ(w.dossier().postal.legs[0].fees_vnd, 25000);
}

TEST(DecidePostalTest, LateEarlierReportsArePlacedByEventTime) {
  PostalWalker w;
  ASSERT_OK(w.ReadyByPost(kHandover, kReady));
  // The handover arrives first, then the earlier pickup.
  ASSERT_TRUE(
      w.Post(Report(K::kInboundHandover, "ev-2", kIn, kHandover), kReady).ok());
  ASSERT_TRUE(
      w.Post(Report(K::kInboundPickup, "ev-1", kIn, At(2025, 3, 7, 16, 0)),
             kReady)
          .ok());
  ASSERT_EQ(w.dossier().postal.legs.size(), 2u);
  EXPECT_EQ(w.dossier().postal.legs[0].kind, K::kInboundPickup);
  EXPECT_EQ(w.dossier().postal.legs[1].kind, K::kInboundHandover);
  // Outbound: pickup, delivery, then a failed attempt reported late.
  auto out = Report(K::kOutboundPickup, "ev-3", kOut, At(2025, 3, 21, 8, 0));
  ASSERT_TRUE(w.Post(out).ok());
  ASSERT_TRUE(
      w.Post(Report(K::kDelivered, "ev-5", kOut, At(2025, 3, 25, 10, 0))).ok());
  auto late =
      w.Post(Report(K::kDeliveryFailed, "ev-4", kOut, At(2025, 3, 24, 10, 0)),
             At(2025, 3, 25, 11, 0));
  ASSERT_TRUE(late.ok()) << late.error().message;
  const auto& legs = w.dossier().postal.legs;
  ASSERT_EQ(legs.size(), 5u);
  EXPECT_EQ(legs[3].kind, K::kDeliveryFailed);
  EXPECT_EQ(legs[4].kind, K::kDelivered);
  EXPECT_EQ(w.dossier().postal.delivery(), DeliveryStatus::kDelivered);
  // The state after replay of the stored log is the state built live.
  std::vector<DossierEvent> stored;
  for (const DossierEvent& e : w.log()) {
    auto back = DecodeEvent(EncodeEvent(e));
    ASSERT_TRUE(back.ok());
    stored.push_back(*back);
  }
  EXPECT_EQ(Fold(stored), w.dossier());
  auto d = DecodeDossier(EncodeDossier(w.dossier()));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, w.dossier());
}

// Each case: a dossier in some postal state, one report, the verdict.
TEST(DecidePostalTest, StateRules) {
  enum Setup {
    kDirectReady,
    kPostalProcessing,
    kPostalReady,
    kPickedUp,
    kFailed,
    kDelivered
  };
  struct Case {
    const char* name;
    Setup setup;
    PostalRecorded report;
    const char* needle;  // nullptr: accepted
  };
  const Instant pickup_out = At(2025, 3, 21, 8, 0);
  const Case cases[] = {
      {"inbound for a direct dossier", kDirectReady,
       Report(K::kInboundPickup, "x", kIn, At(2025, 3, 7, 16, 0)),
       "not by post"},
      {"another dispatch slip", kPostalReady,
       Report(K::kInboundPickup, "x", "EB999VN", At(2025, 3, 7, 16, 0)),
       "with dispatch slip EB100000001VN"},
      {"pickup after the handover", kPostalReady,
       Report(K::kInboundPickup, "x", kIn, At(2025, 3, 10, 10, 0)),
       "after the handover"},
      {"handover not on the receipt date", kPostalReady,
       Report(K::kInboundHandover, "x", kIn, At(2025, 3, 11, 9, 0)),
       "not on the date of the receipt"},
      {"handover on the receipt date", kPostalReady,
       Report(K::kInboundHandover, "x", kIn, At(2025, 3, 10, 8, 50)), nullptr},
      {"result not ready", kPostalProcessing,
       Report(K::kOutboundPickup, "x", kOut, At(2025, 3, 12, 9, 0)),
       "in_processing (national status 4)"},
      {"pickup before ready", kPostalReady,
       Report(K::kOutboundPickup, "x", kOut, At(2025, 3, 20, 9, 0)),
       "before the result was ready"},
      {"result not by post", kDirectReady,
       Report(K::kOutboundPickup, "x", kOut, pickup_out), "not by post"},
      {"second outbound pickup", kPickedUp,
       Report(K::kOutboundPickup, "x", kOut, pickup_out + kMicrosPerHour),
       "already picked up"},
      {"delivery before pickup recorded", kPostalReady,
       Report(K::kDelivered, "x", kOut, pickup_out), "must be reported first"},
      {"delivery under another number", kPickedUp,
       Report(K::kDelivered, "x", "EB777VN", pickup_out + kMicrosPerDay),
       "travels under EB200000002VN"},
      {"delivery before the pickup time", kPickedUp,
       Report(K::kDelivered, "x", kOut, pickup_out - kMicrosPerMinute),
       "before the pickup"},
      {"return without a failure", kPickedUp,
       Report(K::kReturnedToSender, "x", kOut, pickup_out + kMicrosPerDay),
       "no failed delivery"},
      {"return after a failure", kFailed,
       Report(K::kReturnedToSender, "x", kOut, pickup_out + 3 * kMicrosPerDay),
       nullptr},
      {"return before the failure", kFailed,
       Report(K::kReturnedToSender, "x", kOut, pickup_out + kMicrosPerHour),
       "cannot precede the failed attempt"},
      {"second delivery", kDelivered,
       Report(K::kDelivered, "x", kOut, pickup_out + 2 * kMicrosPerDay),
       "recorded once"},
      {"failure after delivery", kDelivered,
       Report(K::kDeliveryFailed, "x", kOut, pickup_out + 2 * kMicrosPerDay),
       "cannot follow"},
      {"return after delivery", kDelivered,
       Report(K::kReturnedToSender, "x", kOut, pickup_out + 2 * kMicrosPerDay),
       "already delivered"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PostalWalker w;
    if (c.setup == kDirectReady) {
      ASSERT_OK(w.Receive(
          Submission("H55.10", "1.001234", Channel::kDirect, kHandover)));
      ASSERT_OK(w.Process(kHandover, kReady));
    } else if (c.setup == kPostalProcessing) {
      auto sub = Submission("H55.10", "1.001234", Channel::kPostal, kHandover);
      sub.postal_tracking_number = kIn;
      ASSERT_OK(w.Receive(sub));
      auto transfer = testing::Cmd(Transition::kTransfer, "H55.10", kHandover);
      transfer.to_agency = "H55.10";
      ASSERT_OK(w.Do(transfer));
      ASSERT_OK(w.Do(
          testing::Cmd(Transition::kStartProcessing, "H55.10", kHandover)));
    } else {
      ASSERT_OK(w.ReadyByPost(kHandover, kReady));
    }
    if (c.setup >= kPickedUp) {
      ASSERT_TRUE(
          w.Post(Report(K::kOutboundPickup, "o1", kOut, pickup_out)).ok());
    }
    if (c.setup == kFailed) {
      ASSERT_TRUE(w.Post(Report(K::kDeliveryFailed, "o2", kOut,
                                pickup_out + 2 * kMicrosPerDay))
                      .ok());
    }
    if (c.setup == kDelivered) {
      ASSERT_TRUE(
          w.Post(Report(K::kDelivered, "o2", kOut, pickup_out + kMicrosPerDay))
              .ok());
    }
    const uint64_t version = w.dossier().version;
    auto r = w.Post(c.report, At(2025, 4, 30, 9, 0));
    if (c.needle == nullptr) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_FALSE(r->events.empty());
      continue;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(r.error().message.find(c.needle), std::string::npos)
        << r.error().message;
    EXPECT_EQ(w.dossier().version, version);
  }
}

TEST(DecidePostalTest, OutboundPickupReturnsTheResultByPost) {
  PostalWalker w;
  ASSERT_OK(w.ReadyByPost(kHandover, kReady));
  const Instant at = At(2025, 3, 21, 8, 0);
  auto r = w.Post(Report(K::kOutboundPickup, "o1", kOut, at));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<PostalRecorded>(r->events[0].body));
  const auto& t = std::get<DossierTransitioned>(r->events[1].body);
  EXPECT_EQ(t.transition, Transition::kReturnResult);
  EXPECT_EQ(t.at, at);
  EXPECT_EQ(w.dossier().state, DossierState::kReturned);
  EXPECT_EQ(w.dossier().returned_by, Channel::kPostal);
  EXPECT_EQ(w.dossier().returned_at, at);
  EXPECT_EQ(w.dossier().postal.outbound_tracking_number, kOut);
  EXPECT_EQ(w.dossier().postal.delivery(), DeliveryStatus::kInTransit);
  EXPECT_EQ(TrackingNumbersIntroduced(r->events),
            std::vector<std::string>{kOut});
  EXPECT_EQ(TrackingNumbersIntroduced({w.log().front()}),
            std::vector<std::string>{kIn});
}

TEST(DecidePostalTest, PickupAfterTheDeskReturnedByPostOnlyRecords) {
  PostalWalker w;
  ASSERT_OK(w.ReadyByPost(kHandover, kReady));
  auto ret =
      testing::Cmd(Transition::kReturnResult, "H55.10", At(2025, 3, 21, 8, 0));
  ASSERT_OK(w.Do(ret));
  auto r =
      w.Post(Report(K::kOutboundPickup, "o1", kOut, At(2025, 3, 21, 8, 5)));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->events.size(), 1u);
}

TEST(DecidePostalTest, FirstInboundReportNamingTheDossierSetsTheNumber) {
  PostalWalker w;
  ASSERT_OK(
      w.Receive(Submission("H55.10", "1.001234", Channel::kPostal, kHandover)));
  EXPECT_TRUE(w.dossier().postal.empty());
  auto r = w.Post(Report(K::kInboundHandover, "h1", kIn, kHandover));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(w.dossier().postal.inbound_tracking_number, kIn);
  EXPECT_EQ(TrackingNumbersIntroduced(r->events),
            std::vector<std::string>{kIn});
}

TEST(DecidePostalTest, FieldsAKindDoesNotUseAreDropped) {
  PostalWalker w;
  ASSERT_OK(w.ReadyByPost(kHandover, kReady));
  auto report = Report(K::kInboundHandover, "h1", kIn, kHandover);
  report.recipient_id = "001190012345";
  report.documents = {{"x", 1, 0}};
  ASSERT_TRUE(w.Post(report, kReady).ok());
  EXPECT_TRUE(w.dossier().postal.legs[0].recipient_id.empty());
  EXPECT_TRUE(w.dossier().postal.legs[0].documents.empty());
}

}  // namespace
}  // namespace motcua::engine

#include "engine/idempotency/fingerprint.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/fakes/sample_dossiers.h"

namespace motcua::engine {
namespace {

using motcua::testing::kMonday0930;

ReceiveCommand SampleReceipt() {
  ReceiveCommand c = motcua::testing::SampleCommand();
  c.channel = Channel::kPostal;
  c.received_at = kMonday0930;
  c.result_channel = Channel::kPostal;
  c.postal_tracking_number = "EB123456789VN";
  return c;
}

LifecycleCommand SampleAction() {
  LifecycleCommand c;
  c.transition = Transition::kApologize;
  c.client_id = "agency-app";
  c.officer = "cb.tran";
  c.agency_code = "H55.41";
  c.at = kMonday0930;
  c.expected_version = 4;
  c.reason = "Lý do";
  c.to_agency = "H55.10";
  c.to_officer = "cb.le";
  c.documents = {{"Giấy", 1, 0}};
  c.amount_vnd = 50000;
  c.return_channel = Channel::kDirect;
  c.new_appointment = kMonday0930 + 3 * kMicrosPerDay;
  c.responsible_agency = "H55.21";
  return c;
}

PostalCommand SampleReport() {
  PostalCommand c;
  c.client_id = "postal-webhook";
  c.dossier_code = "H55.1-260105-0001";
  PostalRecorded& r = c.report;
  r.kind = PostalEventKind::kInboundPickup;
  r.carrier = "vnpost";
  r.carrier_event_id = "ev-1";
  r.carrier_status = "PU";
  r.tracking_number = "EB123456789VN";
  r.at = kMonday0930;
  r.postal_worker = "Bưu tá A";
  r.officer = "cb.tran";
  r.record_number = "BB-01";
  r.documents = {{"Tờ khai", 1, 0}};
  r.fees_vnd = 20000;
  r.recipient_name = "Nguyễn Văn B";
  r.recipient_id = "001190012345";
  r.reason = "vắng nhà";
  return c;
}

WatchEntry SampleEntry() {
  return WatchEntry{kMonday0930, "H55.1-260105-0001", WatchKind::kStepOverdue,
                    2, kMonday0930 - kMicrosPerHour};
}

RatingCommand SampleRating() {
  return RatingCommand{"H55.1-260105-0001", 3, false, "Tốt"};
}

RecalendarCommand SampleRecalendar() {
  return RecalendarCommand{"vn-national", 7, "H55.1-260105-0001"};
}

PortalSyncCommand SamplePortalSync() {
  return PortalSyncCommand{3, "G22.49-000123", 1767580200000000};
}

// Applies each edit to a copy of `base`: every one must change the digest.
template <class C>
void ExpectEachEditChangesTheDigest(
    const C& base,
    const std::vector<std::pair<const char*, std::function<void(C&)>>>& edits) {
  const uint64_t before = Fingerprint(base);
  for (const auto& [name, edit] : edits) {
    SCOPED_TRACE(name);
    C c = base;
    edit(c);
    EXPECT_NE(Fingerprint(c), before);
  }
}

// Pinned: the digests of scheme 1 are stored in idempotency records. If one
// of these fails, the digest changed: a retry of a request stored before
// would be refused. Restore the digest, or bump kFingerprintScheme and pin
// the new values (fingerprint.h).
TEST(FingerprintTest, DigestsOfSchemeOneArePinned) {
  EXPECT_EQ(kFingerprintScheme, 1u);
  EXPECT_EQ(Fingerprint(motcua::testing::SampleCommand()),
            0xce452b81f9952050ULL);
  EXPECT_EQ(Fingerprint(SampleReceipt()), 0x7c3d30b9b6063732ULL);
  EXPECT_EQ(Fingerprint(SampleAction()), 0xea970fb25fd530eeULL);
  EXPECT_EQ(Fingerprint(SampleReport()), 0xa9ea21cd7e6222d4ULL);
  EXPECT_EQ(Fingerprint(SampleEntry()), 0xd70798eaba489253ULL);
  EXPECT_EQ(Fingerprint(SampleRating()), 0x9cc668f3bd07bb0aULL);
  EXPECT_EQ(Fingerprint(SampleRecalendar()), 0xb25be8d6d2d98208ULL);
  EXPECT_EQ(Fingerprint(SamplePortalSync()), 0x6979c3547c130a16ULL);
}

TEST(FingerprintTest, TheKeyIsNotPartOfTheDigest) {
  ReceiveCommand receipt = SampleReceipt();
  receipt.client_id = "another-desk";
  receipt.request_id = "another-request";
  EXPECT_EQ(Fingerprint(receipt), Fingerprint(SampleReceipt()));
  LifecycleCommand action = SampleAction();
  action.client_id = "another-app";
  EXPECT_EQ(Fingerprint(action), Fingerprint(SampleAction()));
  // The same carrier report through the webhook or over gRPC.
  PostalCommand report = SampleReport();
  report.client_id = "carrier-grpc";
  EXPECT_EQ(Fingerprint(report), Fingerprint(SampleReport()));
}

TEST(FingerprintTest, EveryReceiptFieldChangesTheDigest) {
  using C = ReceiveCommand;
  ExpectEachEditChangesTheDigest<C>(
      SampleReceipt(),
      {
          {"agency_code", [](C& c) { c.agency_code = "H55.242"; }},
          {"procedure_code", [](C& c) { c.procedure_code = "1.001235"; }},
          {"full_name", [](C& c) { c.applicant.full_name += "x"; }},
          {"personal_id", [](C& c) { c.applicant.personal_id = "0011"; }},
          {"phone", [](C& c) { c.applicant.phone = ""; }},
          {"address", [](C& c) { c.applicant.address = ""; }},
          {"channel", [](C& c) { c.channel = Channel::kOnline; }},
          {"channel unset", [](C& c) { c.channel.reset(); }},
          {"documents", [](C& c) { c.documents.pop_back(); }},
          {"document name", [](C& c) { c.documents[0].name += "x"; }},
          {"originals", [](C& c) { c.documents[0].originals = 2; }},
          {"copies", [](C& c) { c.documents[0].copies = 3; }},
          {"received_at", [](C& c) { c.received_at = 0; }},
          {"received_at unset", [](C& c) { c.received_at.reset(); }},
          {"result_channel", [](C& c) { c.result_channel = Channel::kDirect; }},
          {"result_channel unset", [](C& c) { c.result_channel.reset(); }},
          {"tracking number", [](C& c) { c.postal_tracking_number = "EB1"; }},
          {"tracking number unset",
           [](C& c) { c.postal_tracking_number.reset(); }},
          {"tracking number empty",
           [](C& c) { c.postal_tracking_number = ""; }},
          {"digitized", [](C& c) { c.digitized = true; }},
      });
}

TEST(FingerprintTest, EveryLifecycleFieldChangesTheDigest) {
  using C = LifecycleCommand;
  ExpectEachEditChangesTheDigest<C>(
      SampleAction(),
      {
          {"transition", [](C& c) { c.transition = Transition::kStop; }},
          {"officer", [](C& c) { c.officer = "X"; }},
          {"agency_code", [](C& c) { c.agency_code = "H55.1"; }},
          {"at", [](C& c) { c.at = 0; }},
          {"at unset", [](C& c) { c.at.reset(); }},
          {"expected_version", [](C& c) { c.expected_version = 0; }},
          {"expected_version unset", [](C& c) { c.expected_version.reset(); }},
          {"reason", [](C& c) { c.reason = "Lý do khác"; }},
          {"to_agency", [](C& c) { c.to_agency = "H55.1"; }},
          {"to_officer", [](C& c) { c.to_officer = "Y"; }},
          {"documents", [](C& c) { c.documents.clear(); }},
          {"document copies", [](C& c) { c.documents[0].copies = 1; }},
          {"amount_vnd", [](C& c) { c.amount_vnd = 1; }},
          {"return_channel", [](C& c) { c.return_channel = Channel::kPostal; }},
          {"return_channel unset", [](C& c) { c.return_channel.reset(); }},
          {"new_appointment", [](C& c) { c.new_appointment = 0; }},
          {"new_appointment unset", [](C& c) { c.new_appointment.reset(); }},
          {"responsible_agency", [](C& c) { c.responsible_agency = ""; }},
          {"electronic_result", [](C& c) { c.electronic_result = true; }},
          {"paid_online", [](C& c) { c.paid_online = true; }},
      });
}

TEST(FingerprintTest, EveryPostalFieldChangesTheDigest) {
  using C = PostalCommand;
  ExpectEachEditChangesTheDigest<C>(
      SampleReport(),
      {
          {"dossier_code", [](C& c) { c.dossier_code = ""; }},
          {"kind",
           [](C& c) { c.report.kind = PostalEventKind::kInboundHandover; }},
          {"carrier", [](C& c) { c.report.carrier = "viettel-post"; }},
          {"carrier_event_id", [](C& c) { c.report.carrier_event_id = "e2"; }},
          {"carrier_status", [](C& c) { c.report.carrier_status = "X"; }},
          {"tracking_number", [](C& c) { c.report.tracking_number = "EB2"; }},
          {"at", [](C& c) { c.report.at += 1; }},
          {"postal_worker", [](C& c) { c.report.postal_worker = ""; }},
          {"officer", [](C& c) { c.report.officer = ""; }},
          {"record_number", [](C& c) { c.report.record_number = ""; }},
          {"documents", [](C& c) { c.report.documents.clear(); }},
          {"document name", [](C& c) { c.report.documents[0].name = "y"; }},
          {"sealed", [](C& c) { c.report.sealed = true; }},
          {"fees_vnd", [](C& c) { c.report.fees_vnd = 0; }},
          {"recipient_name", [](C& c) { c.report.recipient_name = ""; }},
          {"recipient_id", [](C& c) { c.report.recipient_id = ""; }},
          {"reason", [](C& c) { c.report.reason = ""; }},
      });
}

TEST(FingerprintTest, EveryFieldOfTheOtherCommandsChangesTheDigest) {
  ExpectEachEditChangesTheDigest<WatchEntry>(
      SampleEntry(),
      {
          {"due", [](WatchEntry& e) { e.due += 1; }},
          {"code", [](WatchEntry& e) { e.code = "H55.1-260105-0002"; }},
          {"kind", [](WatchEntry& e) { e.kind = WatchKind::kStepDueSoon; }},
          {"step", [](WatchEntry& e) { e.step = 3; }},
          {"deadline", [](WatchEntry& e) { e.deadline += 1; }},
      });
  ExpectEachEditChangesTheDigest<RatingCommand>(
      SampleRating(),
      {
          {"dossier_code",
           [](RatingCommand& c) { c.dossier_code = "H55.1-260105-0002"; }},
          {"rating", [](RatingCommand& c) { c.rating = 4; }},
          {"complaint", [](RatingCommand& c) { c.complaint = true; }},
          {"comment", [](RatingCommand& c) { c.comment = ""; }},
      });
  ExpectEachEditChangesTheDigest<RecalendarCommand>(
      SampleRecalendar(),
      {
          {"calendar", [](RecalendarCommand& c) { c.calendar = "hcm"; }},
          {"version", [](RecalendarCommand& c) { c.version = 8; }},
          {"dossier_code",
           [](RecalendarCommand& c) { c.dossier_code = "H55.1-260105-0002"; }},
      });
  ExpectEachEditChangesTheDigest<PortalSyncCommand>(
      SamplePortalSync(),
      {
          {"synced_version",
           [](PortalSyncCommand& c) { c.synced_version = 4; }},
          {"portal_reference",
           [](PortalSyncCommand& c) { c.portal_reference = ""; }},
          {"at", [](PortalSyncCommand& c) { *c.at += 1; }},
          {"at unset", [](PortalSyncCommand& c) { c.at.reset(); }},
      });
}

// The kind comes first: commands with no content still differ by kind.
TEST(FingerprintTest, KindsNeverShareADigest) {
  const WriteCommand empties[] = {
      ReceiveCommand{}, LifecycleCommand{},  PostalCommand{},    WatchEntry{},
      RatingCommand{},  RecalendarCommand{}, PortalSyncCommand{}};
  std::set<uint64_t> digests;
  for (const WriteCommand& c : empties) digests.insert(Fingerprint(c));
  EXPECT_EQ(digests.size(), std::size(empties));
}

// Fields are length-prefixed: moving bytes from one field to the next is
// another digest.
TEST(FingerprintTest, FieldBoundariesCount) {
  RecalendarCommand a{"ab", 1, "c"};
  RecalendarCommand b{"a", 1, "bc"};
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

}  // namespace
}  // namespace motcua::engine

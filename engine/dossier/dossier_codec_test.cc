#include "engine/dossier/dossier_codec.h"

#include <gtest/gtest.h>

#include "engine/codec/binary.h"
#include "engine/dossier/receipt.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::engine {
namespace {

DossierEvent SampleEvent() {
  auto e = Receive(motcua::testing::SampleCommand(),
                   motcua::testing::kMonday0930, 6);
  EXPECT_TRUE(e.ok());
  return *e;
}

TEST(DossierCodecTest, EventAndDossierRoundTrip) {
  const DossierEvent e = SampleEvent();
  auto decoded = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, e);

  const Dossier d = Fold({e});
  auto back = DecodeDossier(EncodeDossier(d));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, d);
}

TEST(DossierCodecTest, ReplayOfStoredEventsGivesStoredState) {
  const DossierEvent e = SampleEvent();
  auto replayed = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(Fold({*replayed}), Fold({e}));
}

TEST(DossierCodecTest, CorruptOrTruncatedIsInternal) {
  const std::string bytes = EncodeDossier(Fold({SampleEvent()}));
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    auto d = DecodeDossier(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kInternal);
  }
  std::string future = bytes;
  future[0] = 3;
  EXPECT_FALSE(DecodeDossier(future).ok());
  EXPECT_FALSE(DecodeDossier(bytes + "x").ok());
  std::string event = EncodeEvent(SampleEvent());
  EXPECT_FALSE(DecodeEvent(event.substr(0, event.size() - 1)).ok());
}

// Tag 1 and dossier format 1 were written by the receipt-only engine; they
// must keep decoding. The bytes are built field by field as that engine did.
TEST(DossierCodecTest, DecodesTheReceiptOnlyFormats) {
  const DossierEvent e = SampleEvent();
  const auto& r = std::get<DossierReceived>(e.body);
  ASSERT_FALSE(r.terms.has_value());
  auto put_receipt = [&](BinaryWriter& w) {
    w.PutString(r.code);
    w.PutString(r.agency_code);
    w.PutString(r.procedure_code);
    w.PutString(r.applicant.full_name);
    w.PutString(r.applicant.personal_id);
    w.PutString(r.applicant.phone);
    w.PutString(r.applicant.address);
    w.PutVarint(static_cast<uint64_t>(r.channel));
    w.PutVarint(r.documents.size());
    for (const Document& d : r.documents) {
      w.PutString(d.name);
      w.PutVarint(d.originals);
      w.PutVarint(d.copies);
    }
    w.PutSigned(r.received_at);
    w.PutVarint(r.sequence);
  };
  BinaryWriter ev;
  ev.PutRaw(std::string_view("\x01", 1));
  ev.PutVarint(e.version);
  ev.PutSigned(e.recorded_at);
  ev.PutString(e.actor);
  ev.PutVarint(1);  // tag 1
  put_receipt(ev);
  EXPECT_EQ(EncodeEvent(e), ev.data());  // still written the same way
  auto decoded = DecodeEvent(ev.data());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, e);

  const Dossier d = Fold({e});
  BinaryWriter st;
  st.PutRaw(std::string_view("\x01", 1));
  put_receipt(st);
  st.PutVarint(0);  // kReceived
  st.PutVarint(d.version);
  st.PutString(d.submitted_by);
  st.PutSigned(d.recorded_at);
  auto old = DecodeDossier(st.data());
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(*old, d);
}

TEST(DossierCodecTest, TransitionWithEveryFieldRoundTrips) {
  DossierTransitioned t;
  t.transition = Transition::kForward;
  t.from = DossierState::kInProcessing;
  t.to = DossierState::kTransferred;
  t.officer = "Trần Văn Bình";
  t.agency_code = "H55.16.1";
  t.at = 1'700'000'000'000'000;
  t.reason = "lý do";
  t.to_agency = "H55.22";
  t.to_officer = "Lê Hoa";
  t.documents = {{"Sơ đồ", 1, 2}};
  t.amount_vnd = 50000;
  t.return_channel = Channel::kPostal;
  t.step_closed = StepClosed{0, t.at, Timeliness::kLate};
  t.step_opened = StepOpened{1, "H55.22", t.at, t.at + kMicrosPerDay};
  t.clock = ClockMark{ClockEventKind::kReappoint, t.at,
                      SuspensionReason::kPayment, t.at + 2 * kMicrosPerDay};
  t.appointment = t.at + 3 * kMicrosPerDay;
  t.step_deadline = t.at + 4 * kMicrosPerDay;
  t.calendar_version = 9;
  t.result = Timeliness::kEarly;
  t.result_against_original = Timeliness::kOnTime;
  const DossierEvent e{2, t.at, "agency-app", t};
  const std::string bytes = EncodeEvent(e);
  auto back = DecodeEvent(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, e);
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_FALSE(DecodeEvent(std::string_view(bytes).substr(0, n)).ok());
  }
}

}  // namespace
}  // namespace motcua::engine

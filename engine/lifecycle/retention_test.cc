#include "engine/lifecycle/retention.h"

#include <gtest/gtest.h>

#include "engine/common/status_testing.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/dossier/personal_data.h"
#include "engine/lifecycle/lifecycle_testing.h"
#include "engine/lifecycle/printout.h"
#include "engine/lifecycle/rating.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::Submission;
using testing::Walker;
using T = Transition;

// A dossier received 2020-03-02, asked for a supplement (a reason naming the
// applicant), returned by post on 2020-03-10, delivered to a named recipient
// on 2020-03-12 and rated with a comment on 2020-03-13.
Walker Closed() {
  Walker w;
  EXPECT_TRUE(w.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                   At(2020, 3, 2, 9, 30)))
                  .ok());
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2020, 3, 2, 10, 0));
  transfer.to_agency = "H55.41";
  EXPECT_TRUE(w.Do(transfer).ok());
  EXPECT_TRUE(
      w.Do(Cmd(T::kStartProcessing, "H55.41", At(2020, 3, 2, 10, 5))).ok());
  auto supplement =
      Cmd(T::kRequestSupplement, "H55.41", At(2020, 3, 3, 9, 0),
          "Bà Nguyễn Thị Ánh bổ sung sổ hộ khẩu tại 12 Tràng Tiền");
  supplement.documents = {{"Sổ hộ khẩu", 1, 0}};
  EXPECT_TRUE(w.Do(supplement).ok());
  auto brought = Cmd(T::kReceiveSupplement, "H55.41", At(2020, 3, 4, 9, 0));
  brought.documents = {{"Sổ hộ khẩu", 1, 0}};
  EXPECT_TRUE(w.Do(brought).ok());
  EXPECT_TRUE(
      w.Do(Cmd(T::kMarkResultReady, "H55.41", At(2020, 3, 9, 15, 0))).ok());
  EXPECT_TRUE(
      w.Do(Cmd(T::kReturnResult, "H55.41", At(2020, 3, 10, 8, 0))).ok());
  DossierEvent delivered;
  delivered.version = w.dossier().version + 1;
  delivered.recorded_at = At(2020, 3, 12, 11, 0);
  delivered.actor = "vnpost";
  PostalRecorded leg;
  leg.kind = PostalEventKind::kDelivered;
  leg.carrier = "vnpost";
  leg.carrier_event_id = "ev-9";
  leg.tracking_number = "EB123456789VN";
  leg.at = At(2020, 3, 12, 10, 45);
  leg.postal_worker = "Phạm Văn Dũng";
  leg.recipient_name = "Nguyễn Thị Ánh";
  leg.recipient_id = "001190012345";
  delivered.body = leg;
  w.Append(delivered);
  auto rated = DecideRating(w.dossier(), 1, false,
                            "Chị Ánh rất hài lòng, sđt 0912345678",
                            At(2020, 3, 13, 20, 0));
  EXPECT_TRUE(rated.ok());
  w.Append(rated->front());
  return w;
}

TEST(RetentionTest, CutoffIsTodayYearsBackAtVietnamMidnight) {
  EXPECT_EQ(RetentionCutoff(At(2025, 3, 11, 0, 30), 5),
            VietnamMidnight({2020, 3, 11}));
  EXPECT_EQ(RetentionCutoff(At(2025, 3, 10, 23, 59), 5),
            VietnamMidnight({2020, 3, 10}));
  // 29 February of a leap year, one year back: 28 February.
  EXPECT_EQ(RetentionCutoff(At(2028, 2, 29, 10, 0), 1),
            VietnamMidnight({2027, 2, 28}));
  EXPECT_EQ(RetentionCutoff(At(2032, 2, 29, 10, 0), 4),
            VietnamMidnight({2028, 2, 29}));
}

TEST(RetentionTest, ClosedAtCountsDeliveryAndRatingAfterTheReturn) {
  const Walker w = Closed();
  EXPECT_EQ(w.dossier().state, DossierState::kReturned);
  EXPECT_EQ(w.dossier().last_event_at, At(2020, 3, 10, 8, 0));
  EXPECT_EQ(ClosedAt(w.dossier()), At(2020, 3, 13, 20, 0));
  // Closed on 2020-03-13: five years later the purge is due from
  // 2025-03-14, not a day earlier.
  EXPECT_FALSE(
      PurgeDue(w.dossier(), RetentionCutoff(At(2025, 3, 13, 23, 0), 5)));
  EXPECT_TRUE(PurgeDue(w.dossier(), RetentionCutoff(At(2025, 3, 14, 0, 1), 5)));
}

TEST(RetentionTest, DecidePurgeRefusesOpenRecentAndShortPeriods) {
  const Walker w = Closed();
  const Instant now = At(2026, 1, 5, 2, 0);

  auto too_short = DecidePurge(w.dossier(), {1}, now, "retention");
  ASSERT_FALSE(too_short.ok());
  EXPECT_EQ(too_short.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(too_short.error().message.rfind("retention_years: ", 0), 0u);

  Walker open;
  ASSERT_OK(open.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                    At(2019, 3, 2, 9, 30))));
  auto refused = DecidePurge(open.dossier(), {5}, now, "retention");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("it is received"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("kept 5 years after the dossier is "
                                         "closed"),
            std::string::npos);

  auto recent = DecidePurge(w.dossier(), {10}, now, "retention");
  ASSERT_FALSE(recent.ok());
  EXPECT_EQ(recent.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(recent.error().message.find("2020-03-13"), std::string::npos)
      << recent.error().message;
}

TEST(RetentionTest, PurgeErasesPersonalDataAndNothingElse) {
  Walker w = Closed();
  const Dossier before = w.dossier();
  const Instant now = At(2026, 1, 5, 2, 0);
  auto events = DecidePurge(before, {5}, now, "retention");
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  const DossierEvent& e = events->front();
  EXPECT_EQ(e.version, before.version + 1);
  EXPECT_EQ(e.recorded_at, now);
  EXPECT_EQ(e.actor, "retention");
  const auto& body = std::get<PersonalDataPurged>(e.body);
  EXPECT_EQ(body.retention_years, 5u);
  EXPECT_EQ(body.closed_before, VietnamMidnight({2021, 1, 5}));
  w.Append(e);
  const Dossier& after = w.dossier();

  EXPECT_EQ(after.applicant, Applicant{});
  ASSERT_EQ(after.postal.legs.size(), 1u);
  EXPECT_EQ(after.postal.legs[0].recipient_name, "");
  EXPECT_EQ(after.postal.legs[0].recipient_id, "");
  ASSERT_TRUE(after.rating);
  EXPECT_EQ(after.rating->comment, "");
  EXPECT_EQ(after.personal_data_purged_at, now);

  // Everything else, what the reports and deadlines read included, stays.
  Dossier expected = before;
  expected.applicant = {};
  expected.postal.legs[0].recipient_name.clear();
  expected.postal.legs[0].recipient_id.clear();
  expected.rating->comment.clear();
  expected.version = before.version + 1;
  expected.personal_data_purged_at = now;
  EXPECT_EQ(after, expected);
  EXPECT_EQ(after.state, DossierState::kReturned);
  EXPECT_EQ(after.last_event_at, before.last_event_at);
  EXPECT_EQ(after.rating->rating, 1);

  // Once: a purged dossier has nothing more to purge.
  auto again = DecidePurge(after, {5}, now + kMicrosPerDay, "retention");
  ASSERT_OK(again);
  EXPECT_TRUE(again->empty());
}

TEST(RetentionTest, TheScrubbedLogFoldsToThePurgedDossier) {
  Walker w = Closed();
  auto events = DecidePurge(w.dossier(), {5}, At(2026, 1, 5, 2, 0), "r");
  ASSERT_OK(events);
  w.Append(events->front());

  std::vector<DossierEvent> log = w.log();
  size_t changed = 0;
  for (DossierEvent& e : log) changed += ScrubPersonalData(e) ? 1 : 0;
  // The receipt, the supplement request's reason, the delivery, the rating.
  EXPECT_EQ(changed, 4u);
  for (DossierEvent& e : log) EXPECT_FALSE(ScrubPersonalData(e));
  // What the store rebuilds a snapshot from gives the dossier as purged.
  EXPECT_EQ(Fold(log), w.dossier());

  // No stored byte keeps the data.
  std::string stored = EncodeDossier(Fold(log));
  for (const DossierEvent& e : log) stored += EncodeEvent(e);
  for (const char* text : {"Ánh", "001190012345", "0912345678", "Tràng Tiền"}) {
    EXPECT_EQ(stored.find(text), std::string::npos) << text;
  }
  // The event and the snapshot round-trip through the codec.
  auto back = DecodeEvent(EncodeEvent(log.back()));
  ASSERT_OK(back);
  EXPECT_EQ(*back, log.back());
  auto snapshot = DecodeDossier(EncodeDossier(w.dossier()));
  ASSERT_OK(snapshot);
  EXPECT_EQ(*snapshot, w.dossier());
}

TEST(RetentionTest, APurgedDossierPrintsNoForms) {
  Walker w = Closed();
  auto events = DecidePurge(w.dossier(), {5}, At(2026, 1, 5, 2, 0), "r");
  ASSERT_OK(events);
  PrintContext context;
  context.agency_name = [](std::string_view code) { return std::string(code); };
  context.lookup_url = "https://motcua.invalid/tra-cuu/x";
  auto printed = BuildPrintout(PrintableForm::kReceiptSlip, w.log(), context);
  ASSERT_OK(printed);
  w.Append(events->front());
  auto refused = BuildPrintout(PrintableForm::kReceiptSlip, w.log(), context);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("personal data was erased on "
                                         "2026-01-05"),
            std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace motcua::engine

#include "engine/lifecycle/regime.h"

#include <gtest/gtest.h>

#include <limits>

#include "engine/common/status_testing.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/lifecycle/forms.h"
#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::Submission;
using testing::Walker;
using T = Transition;

constexpr int kNoLimit = std::numeric_limits<int>::max();

// Issue 11 item 11: each regime starts at its text's effective date.
TEST(RegimeTest, EachRegimeStartsAtItsTextsEffectiveDate) {
  struct Case {
    CivilDate received;
    RegimeId regime;
    int supplements;
    int reappointments;
    const char* apology_form;
  };
  const Case cases[] = {
      // Decree 61/2018 in force 21/06/2018; nothing earlier is modelled.
      {{2018, 6, 20}, RegimeId::kDecree61, kNoLimit, kNoLimit, "Mẫu số 04"},
      {{2018, 6, 21}, RegimeId::kDecree61, kNoLimit, kNoLimit, "Mẫu số 04"},
      {{2021, 12, 5}, RegimeId::kDecree61, kNoLimit, kNoLimit, "Mẫu số 04"},
      // Decree 107/2021's "once" limits.
      {{2021, 12, 6}, RegimeId::kDecree61And107, 1, 1, "Mẫu số 04"},
      {{2025, 6, 30}, RegimeId::kDecree61And107, 1, 1, "Mẫu số 04"},
      // Decree 118/2025 from 01/07/2025, Circular 01/2018's forms until
      // Circular 03/2025's.
      {{2025, 7, 1}, RegimeId::kDecree118Circular01, 1, 1, "Mẫu số 04"},
      {{2025, 9, 14}, RegimeId::kDecree118Circular01, 1, 1, "Mẫu số 04"},
      {{2025, 9, 15}, RegimeId::kDecree118, 1, 1, "Mẫu số 4"},
      {{2026, 12, 1}, RegimeId::kDecree118, 1, 1, "Mẫu số 4"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.received));
    const Regime& r = RegimeFor(c.received);
    EXPECT_EQ(r.id, c.regime);
    EXPECT_EQ(&GetRegime(r.id), &r);
    EXPECT_EQ(r.max_supplement_requests, c.supplements);
    EXPECT_EQ(r.max_reappointments, c.reappointments);
    EXPECT_EQ(r.apology_lead_working_days, 1);
    EXPECT_EQ(r.form(FormKind::kApology).number, c.apology_form);
  }
}

// Under Decree 61/2018 before Decree 107/2021, a supplement may be asked
// for again; from 107/2021, once.
TEST(RegimeTest, SupplementLimitFollowsTheRegime) {
  struct Case {
    Instant received;
    bool second_allowed;
  };
  const Case cases[] = {
      {At(2021, 3, 1, 9, 0), true},
      {At(2022, 3, 1, 9, 0), false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatVietnamInstant(c.received));
    Walker w;
    ASSERT_OK(w.Receive(
        Submission("H55.10", "1.001234", Channel::kDirect, c.received)));
    auto transfer = Cmd(T::kTransfer, "H55.10", c.received + kMicrosPerHour);
    transfer.to_agency = "H55.10";
    ASSERT_OK(w.Do(transfer));
    ASSERT_OK(w.Do(
        Cmd(T::kStartProcessing, "H55.10", c.received + 2 * kMicrosPerHour)));
    for (int i = 0; i < 2; ++i) {
      const Instant at = c.received + (i + 1) * kMicrosPerDay;
      Status asked = w.Do(Cmd(T::kRequestSupplement, "H55.10", at, "Thiếu"));
      if (i == 1 && !c.second_allowed) {
        ASSERT_FALSE(asked.ok());
        EXPECT_EQ(asked.error().code, ErrorCode::kFailedPrecondition);
        break;
      }
      ASSERT_OK(asked);
      ASSERT_OK(
          w.Do(Cmd(T::kReceiveSupplement, "H55.10", at + 2 * kMicrosPerHour)));
    }
  }
}

// An online submission counts as received when the officer accepts it; its
// regime, and so its forms, are the acceptance date's.
TEST(RegimeTest, OnlineDossierTakesTheRegimeOfItsAcceptance) {
  struct Case {
    Instant submitted;
    Instant accepted;
    RegimeId at_submission;
    RegimeId after_acceptance;
    const char* slip_number;
  };
  const Case cases[] = {
      {At(2025, 6, 30, 21, 0), At(2025, 7, 1, 8, 0), RegimeId::kDecree61And107,
       RegimeId::kDecree118Circular01, "Mẫu số 01"},
      {At(2025, 9, 14, 21, 0), At(2025, 9, 15, 8, 0),
       RegimeId::kDecree118Circular01, RegimeId::kDecree118, "Mẫu số 1"},
      {At(2025, 9, 15, 7, 0), At(2025, 9, 15, 8, 0), RegimeId::kDecree118,
       RegimeId::kDecree118, "Mẫu số 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatVietnamInstant(c.accepted));
    Walker w;
    ASSERT_OK(w.Receive(
        Submission("H55.10", "1.001234", Channel::kOnline, c.submitted)));
    EXPECT_EQ(w.dossier().terms->regime, c.at_submission);
    ASSERT_OK(w.Do(Cmd(T::kAcceptOnline, "H55.10", c.accepted)));
    EXPECT_EQ(w.dossier().terms->regime, c.after_acceptance);
    const auto& e = std::get<DossierTransitioned>(w.log().back().body);
    EXPECT_EQ(e.regime.has_value(), c.at_submission != c.after_acceptance);
    // The code keeps the submission date.
    EXPECT_EQ(w.dossier().received_at, c.submitted);
    auto slip = BuildReceiptSlip(w.log());
    ASSERT_TRUE(slip.ok()) << slip.error().message;
    EXPECT_EQ(slip->form.regime, c.after_acceptance);
    EXPECT_EQ(slip->form.number, c.slip_number);
    // Replayed from stored bytes, the same state.
    std::vector<DossierEvent> stored;
    for (const DossierEvent& x : w.log()) {
      stored.push_back(*DecodeEvent(EncodeEvent(x)));
    }
    EXPECT_EQ(Fold(stored), w.dossier());
  }
}

}  // namespace
}  // namespace motcua::engine

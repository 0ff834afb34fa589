// A dossier's whole postal journey: the clock (DOMAIN §4) and the control
// sheet's handover rows (DOMAIN §6).
#include <gtest/gtest.h>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/forms.h"
#include "engine/postal/postal_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::PostalWalker;
using testing::Report;
using K = PostalEventKind;

constexpr char kIn[] = "EB100000001VN";
constexpr char kOut[] = "EB200000002VN";

// Judicial record, 10 working days, by post both ways. Picked up on Friday
// 07/03/2025 16:00, handed to the desk on Monday 10/03 09:00: counted from
// Monday, the appointment is Monday 24/03 17:00 (from Friday it would have
// been Friday 21/03).
TEST(PostalClockTest, BudgetCountsFromTheHandoverAndTransitIsOutside) {
  struct Case {
    const char* name;
    Instant ready;
    Instant out_pickup;
    Instant delivered;
    Timeliness result;
    bool overdue;
  };
  const Case cases[] = {
      {"picked up on the appointment date, delivered 3 days later",
       At(2025, 3, 24, 10, 0), At(2025, 3, 24, 16, 0), At(2025, 3, 27, 10, 0),
       Timeliness::kOnTime, false},
      {"ready early, collected the next morning", At(2025, 3, 20, 10, 0),
       At(2025, 3, 21, 8, 0), At(2025, 3, 24, 9, 0), Timeliness::kEarly, false},
      {"ready on the appointment date, collected two days later",
       At(2025, 3, 24, 16, 30), At(2025, 3, 26, 9, 0), At(2025, 3, 28, 9, 0),
       Timeliness::kOnTime, false},
      {"ready late: the post does not make it on time", At(2025, 3, 25, 9, 0),
       At(2025, 3, 25, 10, 0), At(2025, 3, 26, 9, 0), Timeliness::kLate, true},
  };
  const auto& cal = **testing::ShippedCalendars().Get("vn");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PostalWalker w;
    const Instant handover = At(2025, 3, 10, 9, 0);
    ASSERT_OK(w.ReadyByPost(handover, c.ready));
    // The pickup is reported late, after the dossier was processed.
    ASSERT_TRUE(
        w.Post(Report(K::kInboundPickup, "p1", kIn, At(2025, 3, 7, 16, 0)),
               c.ready)
            .ok());
    const Dossier& d = w.dossier();
    EXPECT_EQ(d.terms->clock_start, handover);
    EXPECT_EQ(d.original_appointment, At(2025, 3, 24, 17, 0));
    EXPECT_EQ(d.result, c.result);
    auto out = w.Post(Report(K::kOutboundPickup, "o1", kOut, c.out_pickup));
    ASSERT_TRUE(out.ok()) << out.error().message;
    auto del = w.Post(Report(K::kDelivered, "o2", kOut, c.delivered));
    ASSERT_TRUE(del.ok()) << del.error().message;
    EXPECT_EQ(d.state, DossierState::kReturned);
    EXPECT_EQ(d.returned_at, c.out_pickup);
    EXPECT_EQ(d.result, c.result);  // unchanged by transit
    auto read = ReadDeadlines(d, cal, c.delivered + 3 * kMicrosPerDay);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->dossier.overdue, c.overdue);
    EXPECT_EQ(read->dossier.appointment, At(2025, 3, 24, 17, 0));
  }
}

TEST(PostalClockTest, PostalReportsNeverTouchTheLifecycleClock) {
  PostalWalker w;
  const Instant handover = At(2025, 3, 10, 9, 0);
  auto sub =
      testing::Submission("H55.10", "1.001234", Channel::kPostal, handover);
  sub.postal_tracking_number = kIn;
  ASSERT_OK(w.Receive(sub));
  const Dossier before = w.dossier();
  ASSERT_TRUE(w.Post(Report(K::kInboundHandover, "h1", kIn, handover)).ok());
  ASSERT_TRUE(
      w.Post(Report(K::kInboundPickup, "p1", kIn, At(2025, 3, 7, 16, 0)),
             handover)
          .ok());
  EXPECT_EQ(w.dossier().clock, before.clock);
  EXPECT_EQ(w.dossier().appointment, before.appointment);
  EXPECT_EQ(w.dossier().last_event_at, before.last_event_at);
  EXPECT_EQ(w.dossier().state, before.state);
}

TEST(PostalControlSheetTest, ShowsThePostalHandoversInTimeOrder) {
  PostalWalker w;
  const Instant handover = At(2025, 3, 10, 9, 0);
  ASSERT_OK(w.ReadyByPost(handover, At(2025, 3, 20, 10, 0)));
  ASSERT_TRUE(
      w.Post(Report(K::kOutboundPickup, "o1", kOut, At(2025, 3, 21, 8, 0)))
          .ok());
  ASSERT_TRUE(
      w.Post(Report(K::kDeliveryFailed, "o2", kOut, At(2025, 3, 22, 9, 0)))
          .ok());
  ASSERT_TRUE(
      w.Post(Report(K::kDelivered, "o3", kOut, At(2025, 3, 24, 9, 30))).ok());
  // The handover record arrives last; its row still comes first.
  ASSERT_TRUE(w.Post(Report(K::kInboundHandover, "h1", kIn, handover),
                     At(2025, 3, 24, 10, 0))
                  .ok());
  auto sheet = BuildControlSheet(w.log());
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  struct Row {
    const char* from;
    const char* to;
    const char* to_officer;
    const char* at;
  };
  const Row want[] = {
      {"vnpost", "H55.10", "Lê Thị Hoa",
       "09 giờ 00 phút, ngày 10 tháng 3 năm 2025"},
      {"H55.10", "H55.10", "Lê Thị Cúc",
       "09 giờ 00 phút, ngày 10 tháng 3 năm 2025"},  // transfer
      {"H55.10", "H55.10", "",
       "10 giờ 00 phút, ngày 20 tháng 3 năm 2025"},  // result ready
      {"H55.10", "vnpost", "Phạm Văn Bưu",
       "08 giờ 00 phút, ngày 21 tháng 3 năm 2025"},
      {"vnpost", "", "Nguyễn Thị Ánh",
       "09 giờ 30 phút, ngày 24 tháng 3 năm 2025"},
  };
  ASSERT_EQ(sheet->rows.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    SCOPED_TRACE(i);
    const ControlSheetRow& r = sheet->rows[i];
    EXPECT_EQ(r.from_agency, want[i].from);
    EXPECT_EQ(r.to_agency, want[i].to);
    EXPECT_EQ(r.to_officer, want[i].to_officer);
    EXPECT_EQ(r.at_text, want[i].at);
  }
  EXPECT_NE(sheet->rows[0].note.find("BB-0001"), std::string::npos);
  EXPECT_NE(sheet->rows[3].note.find(kOut), std::string::npos);
}

}  // namespace
}  // namespace motcua::engine

#include "engine/lifecycle/overdue.h"

#include <gtest/gtest.h>

#include <memory>

#include "engine/lifecycle/dossier_clock.h"

namespace motcua::engine {
namespace {

Instant At(int y, int m, int d, int hh, int mm, int ss = 0) {
  return VietnamMidnight({y, m, d}) + hh * kMicrosPerHour +
         mm * kMicrosPerMinute + ss * kMicrosPerSecond;
}

const WorkingCalendar& Calendar() {
  static const std::shared_ptr<const WorkingCalendar> cal = [] {
    CalendarConfig c;
    c.name = "plain";
    auto r = WorkingCalendar::Create(c, {}, 1);
    EXPECT_TRUE(r.ok());
    return *r;
  }();
  return *cal;
}

// Received Mon 02/03/2026 09:00 with 5 working days: due Mon 09/03.
Dossier Due9March(std::vector<ClockMark> marks = {}) {
  Dossier d;
  d.code = "H55.1-260302-0001";
  d.agency_code = "H55.1";
  d.state = DossierState::kInProcessing;
  ReceiptTerms t;
  t.calendar = "plain";
  t.budget = Budget::WorkingDays(5);
  t.steps = {{"lead", "", t.budget}};
  t.clock_start = At(2026, 3, 2, 9, 0);
  d.terms = t;
  d.clock = std::move(marks);
  d.last_event_at = d.clock.empty() ? t.clock_start : d.clock.back().at;
  return d;
}

TEST(OverdueTest, AppointmentDayIsNotOverdueUntilItHasPassed) {
  const Dossier d = Due9March();
  auto clock = DossierClock(d, Calendar());
  ASSERT_TRUE(clock.ok());
  ASSERT_EQ(VietnamDateOf(clock->appointment()), (CivilDate{2026, 3, 9}));
  EXPECT_EQ(OverdueFrom(clock->appointment()), At(2026, 3, 10, 0, 0));
  // "Overdue at t" on the appointment day itself, before its end: no.
  EXPECT_FALSE(*IsOverdueAt(d, Calendar(), At(2026, 3, 9, 23, 59, 59)));
  EXPECT_TRUE(*IsOverdueAt(d, Calendar(), At(2026, 3, 10, 0, 0)));
  EXPECT_FALSE(*IsOverdueAt(d, Calendar(), At(2026, 3, 1, 9, 0)));  // before
}

TEST(OverdueTest, ClosedDossiersAreNotOverdueAfterTheirEnd) {
  Dossier d = Due9March();
  d.completed_at = At(2026, 3, 12, 10, 0);
  d.state = DossierState::kResultReady;
  EXPECT_TRUE(*IsOverdueAt(d, Calendar(), At(2026, 3, 12, 9, 59)));
  EXPECT_FALSE(*IsOverdueAt(d, Calendar(), At(2026, 3, 12, 10, 0)));
  // The intervals are not cut by the ending: openness is asked apart.
  auto clock = DossierClock(d, Calendar());
  ASSERT_TRUE(clock.ok());
  EXPECT_EQ(
      OverdueIntervals(*clock),
      (std::vector<OverdueInterval>{{At(2026, 3, 10, 0, 0), kOverdueForever}}));
}

TEST(OverdueTest, SuspendedIsOverdueOnlyIfItWasWhenSuspended) {
  const ClockMark before{ClockEventKind::kSuspend, At(2026, 3, 5, 10, 0),
                         SuspensionReason::kSupplement, 0};
  const ClockMark after{ClockEventKind::kSuspend, At(2026, 3, 11, 10, 0),
                        SuspensionReason::kSupplement, 0};
  EXPECT_FALSE(
      *IsOverdueAt(Due9March({before}), Calendar(), At(2026, 3, 20, 0, 0)));
  EXPECT_TRUE(
      *IsOverdueAt(Due9March({after}), Calendar(), At(2026, 3, 20, 0, 0)));
}

// The same answer as the clock's own reading, at every hour of a month.
TEST(OverdueTest, AgreesWithTheClockReading) {
  const Dossier d = Due9March({{ClockEventKind::kSuspend, At(2026, 3, 4, 10, 0),
                                SuspensionReason::kSupplement, 0},
                               {ClockEventKind::kResume, At(2026, 3, 6, 15, 0),
                                SuspensionReason::kOther, 0}});
  auto clock = DossierClock(d, Calendar());
  ASSERT_TRUE(clock.ok());
  for (Instant t = At(2026, 3, 2, 9, 0); t < At(2026, 4, 2, 0, 0);
       t += kMicrosPerHour) {
    auto r = clock->Read(Calendar(), t);
    ASSERT_TRUE(r.ok());
    SCOPED_TRACE(FormatVietnamInstant(t));
    EXPECT_EQ(*IsOverdueAt(d, Calendar(), t), r->overdue);
  }
}

}  // namespace
}  // namespace motcua::engine

#include "engine/deadline/deadline_clock.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/deadline/testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::ShippedCalendar;
constexpr int64_t kHour = kMicrosPerHour;

std::string Fmt(Instant t) { return FormatVietnamInstant(t); }

TEST(DeadlineClockTest, ReadsUsedRemainingAndOverdue) {
  const auto cal = ShippedCalendar();
  auto clock =
      DeadlineClock::Start(*cal, At(2025, 3, 3, 9, 30), Budget::WorkingDays(3));
  ASSERT_TRUE(clock.ok());
  struct Case {
    Instant now;
    int64_t used;
    bool overdue;
  };
  const Case cases[] = {
      {At(2025, 3, 3, 16, 0), 0, false},  // receipt day: day 0
      {At(2025, 3, 4, 12, 0), 4 * kHour + kHour / 2, false},
      {At(2025, 3, 6, 17, 0), 24 * kHour, false},
      {At(2025, 3, 6, 23, 0), 24 * kHour, false},  // still the due date
      {At(2025, 3, 7, 8, 0), 25 * kHour, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Fmt(c.now));
    Result<ClockReading> r = clock->Read(*cal, c.now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->suspended);
    EXPECT_EQ(Fmt(r->appointment), "2025-03-06T17:00:00+07:00");
    EXPECT_EQ(r->used_micros, c.used);
    EXPECT_EQ(r->remaining_micros, 24 * kHour - c.used);
    EXPECT_EQ(r->overdue, c.overdue);
  }
  EXPECT_FALSE(clock->Read(*cal, At(2025, 3, 3, 9, 0)).ok());  // before receipt
}

// Each row: a clock, one suspension, and where the appointment lands.
TEST(DeadlineClockTest, SuspensionsShiftTheAppointmentByPausedWorkingTime) {
  struct Case {
    std::string name;
    AppointmentTime mode;
    Instant received;
    int days;
    Instant suspend;
    Instant resume;
    std::string before;  // appointment at start
    std::string after;   // appointment after resumption
    int64_t used_at_suspension;
  };
  const AppointmentTime kEnd = AppointmentTime::kEndOfWorkingDay;
  const AppointmentTime kSame = AppointmentTime::kSameTimeOfDay;
  const Case cases[] = {
      // 09:00-14:00 pauses 3 working hours; end-of-day rounds up a day.
      {"same day, end of day", kEnd, At(2025, 3, 3, 9, 30), 3,
       At(2025, 3, 4, 9, 0), At(2025, 3, 4, 14, 0), "2025-03-06T17:00:00+07:00",
       "2025-03-07T17:00:00+07:00", 2 * kHour},
      {"same day, same time", kSame, At(2025, 3, 3, 9, 30), 3,
       At(2025, 3, 4, 9, 0), At(2025, 3, 4, 14, 0), "2025-03-06T09:30:00+07:00",
       "2025-03-06T14:30:00+07:00", 7 * kHour + kHour / 2},
      // Paused 19/1 10:00 - 27/1 10:00 = 5 h + 3 h of working time: Tết
      // 20/1-26/1 was never working time.
      {"spanning Tết 2023", kEnd, At(2023, 1, 16, 9, 0), 10,
       At(2023, 1, 19, 10, 0), At(2023, 1, 27, 10, 0),
       "2023-02-06T17:00:00+07:00", "2023-02-07T17:00:00+07:00", 19 * kHour},
      // Day 0 is not counted (Civil Code 2015 Art. 147(2)-(3)): counting
      // starts Tue 07:00 whatever the receipt's hour, so a pause on the
      // receipt day changes nothing. (Before issue 11 the 15:30 receipt
      // moved to Tuesday and fell due on Friday.)
      {"before counting starts", kEnd, At(2025, 3, 3, 15, 30), 3,
       At(2025, 3, 3, 16, 0), At(2025, 3, 3, 16, 45),
       "2025-03-06T17:00:00+07:00", "2025-03-06T17:00:00+07:00", 0},
      // Counting starts Tue 30/12 07:00; 3 h used when suspended at 10:00.
      // Paused until Mon 5/1/2026 09:00, across 1/1 (a holiday by the
      // rules: 2026 has no shipped schedule); 21 h remain -> Wed 7/1.
      {"across a year boundary", kEnd, At(2025, 12, 29, 9, 0), 3,
       At(2025, 12, 30, 10, 0), At(2026, 1, 5, 9, 0),
       "2026-01-02T17:00:00+07:00", "2026-01-07T17:00:00+07:00", 3 * kHour},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto cal = ShippedCalendar(c.mode);
    auto clock =
        DeadlineClock::Start(*cal, c.received, Budget::WorkingDays(c.days));
    ASSERT_TRUE(clock.ok()) << clock.error().message;
    EXPECT_EQ(Fmt(clock->appointment()), c.before);
    ASSERT_TRUE(
        clock->Suspend(*cal, c.suspend, SuspensionReason::kSupplement).ok());
    Result<ClockReading> during = clock->Read(*cal, c.suspend);
    ASSERT_TRUE(during.ok());
    EXPECT_TRUE(during->suspended);
    EXPECT_FALSE(during->overdue);
    EXPECT_EQ(during->used_micros, c.used_at_suspension);
    ASSERT_TRUE(clock->Resume(*cal, c.resume).ok());
    EXPECT_EQ(Fmt(clock->appointment()), c.after);
    Result<ClockReading> r = clock->Read(*cal, c.resume);
    EXPECT_EQ(r->used_micros, c.used_at_suspension);
    EXPECT_EQ(Fmt(r->original_appointment), c.after);  // no extension
    // The pause is lawful: finishing on the shifted date is on time.
    Result<CompletionClass> done = clock->Classify(*cal, clock->appointment());
    EXPECT_EQ(done->against_appointment, Timeliness::kOnTime);
    EXPECT_EQ(done->against_original, Timeliness::kOnTime);
  }
}

// Calendar days (Civil Code 2015 Arts. 147, 148(5)) and a procedure's
// cut-off keep their shape through a suspension: the appointment stays at
// the end of a working day, and a receipt after the cut-off never counts
// its receipt day.
TEST(DeadlineClockTest, CalendarDaysAndCutoffSurviveASuspension) {
  const auto cal = ShippedCalendar(AppointmentTime::kSameTimeOfDay);
  // Fri 7/3 + 2 calendar days = Sun 9/3 -> Mon 10/3 17:00; 8 h budget.
  auto days =
      DeadlineClock::Start(*cal, At(2025, 3, 7, 9, 0), Budget::CalendarDays(2));
  ASSERT_TRUE(days.ok()) << days.error().message;
  EXPECT_EQ(Fmt(days->appointment()), "2025-03-10T17:00:00+07:00");
  ASSERT_TRUE(
      days->Suspend(*cal, At(2025, 3, 10, 9, 0), SuspensionReason::kSupplement)
          .ok());
  ASSERT_TRUE(days->Resume(*cal, At(2025, 3, 10, 10, 0)).ok());
  EXPECT_EQ(Fmt(days->appointment()), "2025-03-11T17:00:00+07:00");
  EXPECT_FALSE(
      days->Extend(*cal, At(2025, 3, 10, 11, 0), Budget::CalendarDays(1)).ok());

  auto same_day =
      DeadlineClock::Start(*cal, At(2025, 3, 3, 15, 30), Budget::SameDay(),
                           {.receipt_cutoff_minute = 15 * 60});
  ASSERT_TRUE(same_day.ok());
  EXPECT_EQ(Fmt(same_day->appointment()), "2025-03-04T17:00:00+07:00");
  ASSERT_TRUE(
      same_day->Suspend(*cal, At(2025, 3, 4, 9, 0), SuspensionReason::kPayment)
          .ok());
  ASSERT_TRUE(same_day->Resume(*cal, At(2025, 3, 4, 10, 0)).ok());
  EXPECT_EQ(Fmt(same_day->appointment()), "2025-03-05T17:00:00+07:00");
}

// Terms stored before issue 11 replay with the calendar's cut-off, so a
// resumption recomputes from the counting start their slip was printed
// with (Wed 07:00 for a Mon 15:30 receipt), not Civil Code 2015 Art. 147's
// (Tue 07:00).
TEST(DeadlineClockTest, LegacyCountingResumesAsPrinted) {
  const auto cal = ShippedCalendar();
  struct Case {
    const char* name;
    CountingRules rules;
    const char* before;
    const char* after;
  };
  const Case cases[] = {
      {"legacy",
       {.legacy_calendar_cutoff = true},
       "2025-03-07T17:00:00+07:00",
       "2025-03-10T17:00:00+07:00"},
      {"civil code",
       {},
       "2025-03-06T17:00:00+07:00",
       "2025-03-07T17:00:00+07:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto clock = DeadlineClock::Start(*cal, At(2025, 3, 3, 15, 30),
                                      Budget::WorkingDays(3), c.rules);
    ASSERT_TRUE(clock.ok());
    EXPECT_EQ(Fmt(clock->appointment()), c.before);
    ASSERT_TRUE(
        clock
            ->Suspend(*cal, At(2025, 3, 4, 9, 0), SuspensionReason::kSupplement)
            .ok());
    ASSERT_TRUE(clock->Resume(*cal, At(2025, 3, 5, 9, 0)).ok());
    EXPECT_EQ(Fmt(clock->appointment()), c.after);
  }
}

TEST(DeadlineClockTest, ReadingWhileSuspendedProjectsAndFreezesOverdue) {
  const auto cal = ShippedCalendar();
  auto clock = DeadlineClock::Start(*cal, At(2023, 1, 16, 9, 0),
                                    Budget::WorkingDays(10));
  ASSERT_TRUE(
      clock->Suspend(*cal, At(2023, 1, 19, 10, 0), SuspensionReason::kPayment)
          .ok());
  struct Case {
    Instant now;
    std::string projected;
  };
  const Case cases[] = {
      {At(2023, 1, 25, 12, 0), "2023-02-07T17:00:00+07:00"},  // during Tết
      {At(2023, 2, 20, 9, 0), "2023-03-01T17:00:00+07:00"},   // past 6/2
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Fmt(c.now));
    Result<ClockReading> r = clock->Read(*cal, c.now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->suspended);
    EXPECT_EQ(r->remaining_micros, 61 * kHour);
    EXPECT_EQ(Fmt(r->appointment), c.projected);
    EXPECT_FALSE(r->overdue);  // suspended in time
  }
  // A clock suspended after its appointment date stays overdue.
  auto late =
      DeadlineClock::Start(*cal, At(2025, 3, 3, 9, 30), Budget::WorkingDays(1));
  ASSERT_TRUE(
      late->Suspend(*cal, At(2025, 3, 6, 9, 0), SuspensionReason::kOther).ok());
  EXPECT_TRUE(late->Read(*cal, At(2025, 3, 20, 9, 0))->overdue);
}

TEST(DeadlineClockTest, ExtensionAndReappointmentKeepTheOriginal) {
  const auto cal = ShippedCalendar();
  auto clock =
      DeadlineClock::Start(*cal, At(2025, 3, 3, 9, 30), Budget::WorkingDays(3));
  ASSERT_TRUE(
      clock->Extend(*cal, At(2025, 3, 5, 10, 0), Budget::WorkingDays(2)).ok());
  EXPECT_EQ(Fmt(clock->appointment()), "2025-03-10T17:00:00+07:00");
  ASSERT_TRUE(
      clock->Reappoint(*cal, At(2025, 3, 10, 8, 0), At(2025, 3, 12, 17, 0))
          .ok());
  struct Case {
    Instant completed;
    Timeliness in_force;
    Timeliness original;
    std::string appointment;
  };
  const Case cases[] = {
      {At(2025, 3, 4, 10, 0), Timeliness::kEarly, Timeliness::kEarly,
       "2025-03-06T17:00:00+07:00"},  // before the extension: replayed
      {At(2025, 3, 7, 10, 0), Timeliness::kEarly, Timeliness::kLate,
       "2025-03-10T17:00:00+07:00"},
      {At(2025, 3, 12, 16, 0), Timeliness::kOnTime, Timeliness::kLate,
       "2025-03-12T17:00:00+07:00"},
      {At(2025, 3, 13, 8, 0), Timeliness::kLate, Timeliness::kLate,
       "2025-03-12T17:00:00+07:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Fmt(c.completed));
    Result<CompletionClass> k = clock->Classify(*cal, c.completed);
    ASSERT_TRUE(k.ok()) << k.error().message;
    EXPECT_EQ(k->against_appointment, c.in_force);
    EXPECT_EQ(k->against_original, c.original);
    EXPECT_EQ(Fmt(k->appointment), c.appointment);
    EXPECT_EQ(Fmt(k->original_appointment), "2025-03-06T17:00:00+07:00");
  }
  ASSERT_EQ(clock->events().size(), 2u);
  EXPECT_EQ(clock->events()[1].kind, ClockEventKind::kReappoint);
  EXPECT_EQ(clock->events()[1].calendar_version, 7);
}

TEST(DeadlineClockTest, RejectsEventsOutOfOrderOrState) {
  const auto cal = ShippedCalendar();
  auto clock =
      DeadlineClock::Start(*cal, At(2025, 3, 3, 9, 30), Budget::WorkingDays(3));
  const Instant t = At(2025, 3, 4, 10, 0);
  struct Case {
    std::string name;
    Status status;
    ErrorCode want;
  };
  std::vector<Case> cases;
  cases.push_back({"resume while running", clock->Resume(*cal, t),
                   ErrorCode::kFailedPrecondition});
  cases.push_back({"extend by same day",
                   clock->Extend(*cal, t, Budget::SameDay()),
                   ErrorCode::kInvalidArgument});
  cases.push_back({"reappoint earlier",
                   clock->Reappoint(*cal, t, At(2025, 3, 5, 17, 0)),
                   ErrorCode::kInvalidArgument});
  ASSERT_TRUE(clock->Suspend(*cal, t, SuspensionReason::kSupplement).ok());
  cases.push_back({"suspend twice",
                   clock->Suspend(*cal, t, SuspensionReason::kSupplement),
                   ErrorCode::kFailedPrecondition});
  cases.push_back({"reappoint while suspended",
                   clock->Reappoint(*cal, t, At(2025, 3, 20, 17, 0)),
                   ErrorCode::kFailedPrecondition});
  cases.push_back({"out of order", clock->Resume(*cal, At(2025, 3, 4, 9, 0)),
                   ErrorCode::kInvalidArgument});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.error().code, c.want);
  }
  EXPECT_EQ(clock->events().size(), 1u);  // only the valid suspension
}

TEST(DeadlineClockTest, ALaterScheduleDoesNotRewriteThePrintedAppointment) {
  CalendarConfig config;
  config.name = "hue";
  auto v1 = *WorkingCalendar::Create(config, {}, 1);
  auto clock =
      DeadlineClock::Start(*v1, At(2027, 3, 1, 9, 0), Budget::WorkingDays(3));
  ASSERT_TRUE(clock.ok());
  EXPECT_EQ(Fmt(clock->appointment()), "2027-03-04T17:00:00+07:00");
  EXPECT_EQ(clock->initial().rule_based_years, std::vector<int>{2027});
  // Wednesday 3/3/2027 is later decided a day off.
  auto v2 = *WorkingCalendar::Create(
      config,
      {*ParseOfficialSchedule(
          "year 2027\nsource S s\noff 2027-03-03 decided S\n")},
      2);
  EXPECT_EQ(Fmt(clock->Read(*v2, At(2027, 3, 2, 10, 0))->appointment),
            "2027-03-04T17:00:00+07:00");
  // The next event recomputes with the new version and records it.
  ASSERT_TRUE(
      clock->Suspend(*v2, At(2027, 3, 2, 10, 0), SuspensionReason::kSupplement)
          .ok());
  ASSERT_TRUE(clock->Resume(*v2, At(2027, 3, 2, 10, 0)).ok());
  EXPECT_EQ(Fmt(clock->appointment()), "2027-03-05T17:00:00+07:00");
  EXPECT_EQ(clock->events().back().calendar_version, 2);
  EXPECT_EQ(clock->initial().calendar_version, 1);
}

}  // namespace
}  // namespace motcua::engine

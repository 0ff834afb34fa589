#include "engine/deadline/deadline.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/deadline/testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::ShippedCalendar;
constexpr AppointmentTime kEnd = AppointmentTime::kEndOfWorkingDay;
constexpr AppointmentTime kSame = AppointmentTime::kSameTimeOfDay;

TEST(DeadlineTest, AmbiguousReceiptsAndBudgets) {
  struct Case {
    std::string name;
    Instant received;
    Budget budget;
    AppointmentTime mode;
    std::string want;  // appointment
    CivilDate receipt_date;
    int days_counted;
    std::vector<int> rule_years = {};
    CountingRules rules = {};
  };
  // Civil Code 2015 Art. 147: a period in days starts the day after the
  // receipt whatever its hour, one in hours at the receipt instant. The
  // 15:00 cut-off belongs to a procedure (kCutoff), not to the calendar;
  // the cases that used to move the receipt date now keep it.
  const CountingRules kCutoff{.receipt_cutoff_minute = 15 * 60};
  const CountingRules kLegacy{.legacy_calendar_cutoff = true};
  const Budget d1 = Budget::WorkingDays(1), d2 = Budget::WorkingDays(2),
               d3 = Budget::WorkingDays(3), d5 = Budget::WorkingDays(5);
  const Case cases[] = {
      {"day 0 is not counted",
       At(2025, 3, 3, 9, 30),
       d3,
       kEnd,
       "2025-03-06T17:00:00+07:00",
       {2025, 3, 3},
       3},
      {"same time of day",
       At(2025, 3, 3, 9, 30),
       d3,
       kSame,
       "2025-03-06T09:30:00+07:00",
       {2025, 3, 3},
       3},
      {"Mon 15:30 + 3 working days is Thu (Art. 147)",
       At(2025, 3, 3, 15, 30),
       d3,
       kEnd,
       "2025-03-06T17:00:00+07:00",
       {2025, 3, 3},
       3},
      {"Mon 15:30 + 3 working days, same time",
       At(2025, 3, 3, 15, 30),
       d3,
       kSame,
       "2025-03-06T15:30:00+07:00",
       {2025, 3, 3},
       3},
      {"15:00 is no cut-off for a days budget",
       At(2025, 3, 3, 15, 0),
       d1,
       kEnd,
       "2025-03-04T17:00:00+07:00",
       {2025, 3, 3},
       1},
      {"after hours: day 0 is still the receipt date",
       At(2025, 3, 3, 18, 0),
       d3,
       kEnd,
       "2025-03-06T17:00:00+07:00",
       {2025, 3, 3},
       3},
      {"after hours, same time: end of day N",
       At(2025, 3, 3, 18, 0),
       d3,
       kSame,
       "2025-03-06T17:00:00+07:00",
       {2025, 3, 3},
       3},
      {"procedure cut-off moves a days budget",
       At(2025, 3, 3, 15, 30),
       d3,
       kEnd,
       "2025-03-07T17:00:00+07:00",
       {2025, 3, 4},
       3,
       {},
       kCutoff},
      {"procedure cut-off, same time",
       At(2025, 3, 3, 15, 30),
       d3,
       kSame,
       "2025-03-07T07:00:00+07:00",
       {2025, 3, 4},
       3,
       {},
       kCutoff},
      {"legacy counting keeps the old appointment",
       At(2025, 3, 3, 15, 30),
       d3,
       kEnd,
       "2025-03-07T17:00:00+07:00",
       {2025, 3, 4},
       3,
       {},
       kLegacy},
      {"legacy counting after hours",
       At(2025, 3, 3, 18, 0),
       d3,
       kSame,
       "2025-03-07T07:00:00+07:00",
       {2025, 3, 4},
       3,
       {},
       kLegacy},
      {"before hours",
       At(2025, 3, 3, 6, 30),
       d3,
       kEnd,
       "2025-03-06T17:00:00+07:00",
       {2025, 3, 3},
       3},
      {"before hours, same time",
       At(2025, 3, 3, 6, 30),
       d3,
       kSame,
       "2025-03-06T07:00:00+07:00",
       {2025, 3, 3},
       3},
      {"lunch break, same time",
       At(2025, 3, 3, 12, 0),
       d1,
       kSame,
       "2025-03-04T13:30:00+07:00",
       {2025, 3, 3},
       1},
      // A desk open on Saturday: the Saturday is day 0, Monday day 1.
      {"on a weekend",
       At(2025, 3, 8, 10, 0),
       d2,
       kEnd,
       "2025-03-11T17:00:00+07:00",
       {2025, 3, 8},
       2},
      {"Saturday receipt + 3 working days is Wed",
       At(2025, 3, 8, 10, 0),
       d3,
       kEnd,
       "2025-03-12T17:00:00+07:00",
       {2025, 3, 8},
       3},
      {"Saturday receipt, same time: end of day N",
       At(2025, 3, 8, 10, 0),
       d3,
       kSame,
       "2025-03-12T17:00:00+07:00",
       {2025, 3, 8},
       3},
      {"legacy counting on a weekend",
       At(2025, 3, 8, 10, 0),
       d3,
       kEnd,
       "2025-03-13T17:00:00+07:00",
       {2025, 3, 10},
       3,
       {},
       kLegacy},
      {"on a holiday",
       At(2025, 4, 30, 9, 0),
       d1,
       kEnd,
       "2025-05-05T17:00:00+07:00",
       {2025, 4, 30},
       1},
      {"ends on a worked Saturday",
       At(2025, 4, 24, 9, 0),
       d2,
       kEnd,
       "2025-04-26T17:00:00+07:00",
       {2025, 4, 24},
       2},
      {"received on a worked Saturday",
       At(2025, 4, 26, 9, 0),
       d1,
       kEnd,
       "2025-04-28T17:00:00+07:00",
       {2025, 4, 26},
       1},
      {"across the swapped break",
       At(2025, 4, 24, 9, 0),
       d5,
       kEnd,
       "2025-05-05T17:00:00+07:00",
       {2025, 4, 24},
       5},
      {"across Tết 2023",
       At(2023, 1, 18, 10, 0),
       d3,
       kEnd,
       "2023-01-30T17:00:00+07:00",
       {2023, 1, 18},
       3},
      {"year boundary, both official",
       At(2022, 12, 29, 10, 0),
       d2,
       kEnd,
       "2023-01-03T17:00:00+07:00",
       {2022, 12, 29},
       2},
      {"year boundary into a rules year",
       At(2025, 12, 30, 10, 0),
       d3,
       kEnd,
       "2026-01-05T17:00:00+07:00",
       {2025, 12, 30},
       3,
       {2026}},
      {"hours",
       At(2025, 3, 3, 10, 0),
       Budget::WorkingHours(4),
       kEnd,
       "2025-03-03T16:00:00+07:00",
       {2025, 3, 3},
       0},
      {"Mon 15:00 + 4 working hours is Tue 09:00 (Art. 147(1))",
       At(2025, 3, 3, 15, 0),
       Budget::WorkingHours(4),
       kEnd,
       "2025-03-04T09:00:00+07:00",
       {2025, 3, 3},
       1},
      {"hours received after hours start at the next working instant",
       At(2025, 3, 3, 18, 0),
       Budget::WorkingHours(4),
       kEnd,
       "2025-03-04T11:00:00+07:00",
       {2025, 3, 3},
       1},
      {"hours after a procedure cut-off",
       At(2025, 3, 3, 15, 0),
       Budget::WorkingHours(4),
       kEnd,
       "2025-03-04T11:00:00+07:00",
       {2025, 3, 4},
       0,
       {},
       kCutoff},
      {"legacy hours after the calendar cut-off",
       At(2025, 3, 3, 15, 0),
       Budget::WorkingHours(4),
       kEnd,
       "2025-03-04T11:00:00+07:00",
       {2025, 3, 4},
       0,
       {},
       kLegacy},
      {"hours over lunch and night",
       At(2025, 3, 3, 11, 0),
       Budget::WorkingHours(8),
       kSame,
       "2025-03-04T11:00:00+07:00",
       {2025, 3, 3},
       1},
      {"same day",
       At(2025, 3, 3, 9, 0),
       Budget::SameDay(),
       kEnd,
       "2025-03-03T17:00:00+07:00",
       {2025, 3, 3},
       0},
      {"same day at 15:10 without a cut-off",
       At(2025, 3, 3, 15, 10),
       Budget::SameDay(),
       kSame,
       "2025-03-03T17:00:00+07:00",
       {2025, 3, 3},
       0},
      {"same day, procedure cut-off: 15:30 is the next working day",
       At(2025, 3, 3, 15, 30),
       Budget::SameDay(),
       kSame,
       "2025-03-04T17:00:00+07:00",
       {2025, 3, 4},
       0,
       {},
       kCutoff},
      {"same day, before the procedure cut-off",
       At(2025, 3, 3, 14, 59),
       Budget::SameDay(),
       kEnd,
       "2025-03-03T17:00:00+07:00",
       {2025, 3, 3},
       0,
       {},
       kCutoff},
      {"same day after hours",
       At(2025, 3, 3, 17, 30),
       Budget::SameDay(),
       kEnd,
       "2025-03-04T17:00:00+07:00",
       {2025, 3, 3},
       1},
      {"same day on a Saturday",
       At(2025, 3, 8, 9, 0),
       Budget::SameDay(),
       kEnd,
       "2025-03-10T17:00:00+07:00",
       {2025, 3, 8},
       1},
      // Calendar days: Art. 147(2)-(3), 148(5).
      {"calendar days ending on a working day",
       At(2025, 3, 3, 16, 0),
       Budget::CalendarDays(3),
       kEnd,
       "2025-03-06T17:00:00+07:00",
       {2025, 3, 3},
       3},
      {"calendar days ending on a Sunday end on Monday",
       At(2025, 3, 7, 9, 0),
       Budget::CalendarDays(2),
       kSame,
       "2025-03-10T17:00:00+07:00",
       {2025, 3, 7},
       1},
      {"calendar days ending on a holiday end on the next working day",
       At(2025, 4, 28, 9, 0),
       Budget::CalendarDays(2),
       kEnd,
       "2025-05-05T17:00:00+07:00",
       {2025, 4, 28},
       2},
      {"calendar days count rest days in between",
       At(2025, 3, 6, 9, 0),
       Budget::CalendarDays(7),
       kEnd,
       "2025-03-13T17:00:00+07:00",
       {2025, 3, 6},
       5},
  };
  const auto end_cal = ShippedCalendar(kEnd);
  const auto same_cal = ShippedCalendar(kSame);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const WorkingCalendar& cal = c.mode == kEnd ? *end_cal : *same_cal;
    Result<Deadline> d = ComputeDeadline(cal, c.received, c.budget, c.rules);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(FormatVietnamInstant(d->appointment), c.want);
    EXPECT_EQ(d->receipt_date, c.receipt_date);
    EXPECT_EQ(d->receipt_moved, c.receipt_date != VietnamDateOf(c.received));
    EXPECT_EQ(d->working_days_counted, c.days_counted);
    EXPECT_EQ(d->rule_based_years, c.rule_years);
    EXPECT_EQ(d->calendar, "ha-noi");
    EXPECT_EQ(d->calendar_version, 7);
    // Both conventions agree on the appointment date for day budgets.
    if (c.budget.unit == BudgetUnit::kWorkingDays) {
      const WorkingCalendar& other = c.mode == kEnd ? *same_cal : *end_cal;
      EXPECT_EQ(
          VietnamDateOf(ComputeDeadline(other, c.received, c.budget, c.rules)
                            ->appointment),
          VietnamDateOf(d->appointment));
    }
  }
}

TEST(DeadlineTest, RejectsEmptyBudgetsAndUncoveredInstants) {
  const auto cal = ShippedCalendar();
  EXPECT_EQ(ComputeDeadline(*cal, At(2025, 3, 3, 9, 0), Budget::WorkingDays(0))
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(
      ComputeDeadline(*cal, At(2025, 3, 3, 9, 0), Budget::WorkingHours(-1))
          .ok());
  EXPECT_FALSE(
      ComputeDeadline(*cal, At(2150, 3, 3, 9, 0), Budget::WorkingDays(1)).ok());
  EXPECT_EQ(ComputeDeadline(*cal, At(2025, 3, 3, 9, 0), Budget::CalendarDays(0))
                .error()
                .message,
            "budget must be at least 1 calendar day, got 0");
  EXPECT_FALSE(ComputeDeadline(*cal, At(2025, 3, 3, 9, 0),
                               Budget::CalendarDays(2),
                               {.legacy_calendar_cutoff = true})
                   .ok());
}

TEST(DeadlineTest, ClassifiesByVietnameseDate) {
  const Instant appointment = At(2025, 3, 6, 9, 30);
  struct Case {
    Instant completed;
    Timeliness want;
  };
  const Case cases[] = {
      {At(2025, 3, 5, 23, 59), Timeliness::kEarly},
      {At(2025, 3, 6, 0, 0), Timeliness::kOnTime},
      {At(2025, 3, 6, 16, 0), Timeliness::kOnTime},  // after 09:30, same date
      {At(2025, 3, 7, 0, 0), Timeliness::kLate},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatVietnamInstant(c.completed));
    EXPECT_EQ(ClassifyCompletion(c.completed, appointment), c.want);
  }
  EXPECT_EQ(TimelinessName(Timeliness::kOnTime), "on_time");
}

}  // namespace
}  // namespace motcua::engine

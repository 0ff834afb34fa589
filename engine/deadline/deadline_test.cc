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
  };
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
      {"after the cut-off",
       At(2025, 3, 3, 15, 30),
       d3,
       kEnd,
       "2025-03-07T17:00:00+07:00",
       {2025, 3, 4},
       3},
      {"after the cut-off, same time",
       At(2025, 3, 3, 15, 30),
       d3,
       kSame,
       "2025-03-07T07:00:00+07:00",
       {2025, 3, 4},
       3},
      {"exactly at the cut-off",
       At(2025, 3, 3, 15, 0),
       d1,
       kEnd,
       "2025-03-05T17:00:00+07:00",
       {2025, 3, 4},
       1},
      {"after hours",
       At(2025, 3, 3, 18, 0),
       d3,
       kEnd,
       "2025-03-07T17:00:00+07:00",
       {2025, 3, 4},
       3},
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
      {"on a weekend",
       At(2025, 3, 8, 10, 0),
       d2,
       kEnd,
       "2025-03-12T17:00:00+07:00",
       {2025, 3, 10},
       2},
      {"on a holiday",
       At(2025, 4, 30, 9, 0),
       d1,
       kEnd,
       "2025-05-06T17:00:00+07:00",
       {2025, 5, 5},
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
      {"hours after the cut-off",
       At(2025, 3, 3, 15, 0),
       Budget::WorkingHours(4),
       kEnd,
       "2025-03-04T11:00:00+07:00",
       {2025, 3, 4},
       0},
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
      {"same day after the cut-off",
       At(2025, 3, 3, 15, 10),
       Budget::SameDay(),
       kSame,
       "2025-03-04T17:00:00+07:00",
       {2025, 3, 4},
       0},
  };
  const auto end_cal = ShippedCalendar(kEnd);
  const auto same_cal = ShippedCalendar(kSame);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const WorkingCalendar& cal = c.mode == kEnd ? *end_cal : *same_cal;
    Result<Deadline> d = ComputeDeadline(cal, c.received, c.budget);
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
      EXPECT_EQ(VietnamDateOf(
                    ComputeDeadline(other, c.received, c.budget)->appointment),
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

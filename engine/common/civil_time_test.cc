#include "engine/common/civil_time.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

TEST(CivilTimeTest, DaysRoundTripAcrossCenturies) {
  for (int64_t z = DaysFromCivil({1899, 12, 31});
       z < DaysFromCivil({2201, 1, 1}); z += 17) {
    SCOPED_TRACE(z);
    EXPECT_EQ(DaysFromCivil(CivilFromDays(z)), z);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
}

TEST(CivilTimeTest, Weekday) {
  EXPECT_EQ(Weekday({1970, 1, 1}), 3);   // Thursday
  EXPECT_EQ(Weekday({2026, 1, 5}), 0);   // Monday
  EXPECT_EQ(Weekday({2025, 4, 26}), 5);  // Saturday
  EXPECT_EQ(Weekday({1900, 1, 1}), 0);   // Monday
}

TEST(CivilTimeTest, ValidDates) {
  EXPECT_TRUE(IsValidCivilDate({2024, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2025, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2100, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2026, 13, 1}));
  EXPECT_FALSE(IsValidCivilDate({2026, 4, 31}));
  EXPECT_FALSE(IsValidCivilDate({2026, 4, 0}));
}

TEST(CivilTimeTest, VietnamDateIsUtcPlusSeven) {
  // 2026-01-04T16:59:59Z is 23:59:59 on the 4th in Hanoi; one second later
  // it is the 5th.
  const Instant midnight = VietnamMidnight({2026, 1, 5});
  EXPECT_EQ(midnight, (DaysFromCivil({2026, 1, 4}) * 24 + 17) * kMicrosPerHour);
  EXPECT_EQ(VietnamDateOf(midnight - 1), (CivilDate{2026, 1, 4}));
  EXPECT_EQ(VietnamDateOf(midnight), (CivilDate{2026, 1, 5}));
  EXPECT_EQ(VietnamTimeOfDay(midnight + 90 * kMicrosPerMinute),
            90 * kMicrosPerMinute);
  // Negative instants floor correctly.
  EXPECT_EQ(VietnamDateOf(-8 * kMicrosPerHour), (CivilDate{1969, 12, 31}));
}

TEST(CivilTimeTest, Formats) {
  EXPECT_EQ(FormatDate({2026, 1, 5}), "2026-01-05");
  EXPECT_EQ(FormatVietnamInstant(VietnamMidnight({2026, 1, 5}) +
                                 9 * kMicrosPerHour + 30 * kMicrosPerMinute),
            "2026-01-05T09:30:00+07:00");
}

}  // namespace
}  // namespace motcua::engine

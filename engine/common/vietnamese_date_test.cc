#include "engine/common/vietnamese_date.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

TEST(VietnameseDateTest, PadsDaysBelowTenAndJanuaryAndFebruary) {
  const struct {
    CivilDate d;
    const char* text;
  } cases[] = {
      {{2026, 12, 2}, "ngày 02 tháng 12 năm 2026"},
      {{2026, 1, 8}, "ngày 08 tháng 01 năm 2026"},
      {{2026, 2, 28}, "ngày 28 tháng 02 năm 2026"},
      {{2026, 3, 15}, "ngày 15 tháng 3 năm 2026"},
      {{2026, 10, 10}, "ngày 10 tháng 10 năm 2026"},
      {{2025, 9, 9}, "ngày 09 tháng 9 năm 2025"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(VietnameseDate(c.d), c.text);
  }
}

TEST(VietnameseDateTest, InstantsAreVietnamCivilTimeToTheMinute) {
  // 2026-01-07T17:30:59Z is 00:30 on 08/01/2026 in Vietnam.
  const Instant t = VietnamMidnight({2026, 1, 8}) + 30 * kMicrosPerMinute +
                    59 * kMicrosPerSecond;
  EXPECT_EQ(DateText(t), "ngày 08 tháng 01 năm 2026");
  EXPECT_EQ(MinuteText(t), "00 giờ 30 phút, ngày 08 tháng 01 năm 2026");
  EXPECT_EQ(MinuteText(VietnamMidnight({2026, 12, 2}) - 1),
            "23 giờ 59 phút, ngày 01 tháng 12 năm 2026");
  EXPECT_EQ(MinuteText(VietnamMidnight({2026, 5, 20}) + 17 * kMicrosPerHour),
            "17 giờ 00 phút, ngày 20 tháng 5 năm 2026");
}

}  // namespace
}  // namespace motcua::engine

#include "engine/report/period.h"

#include <gtest/gtest.h>

#include <vector>

namespace motcua::engine {
namespace {

Instant At(CivilDate d, int hh, int mm) {
  return VietnamMidnight(d) + hh * kMicrosPerHour + mm * kMicrosPerMinute;
}

TEST(PeriodTest, DecreeNineRanges) {
  struct Case {
    Result<Period> period;
    CivilDate first;
    CivilDate last;
    const char* vi;
    const char* en;
  };
  const std::vector<Case> cases = {
      {Month(2026, 1),
       {2025, 12, 15},
       {2026, 1, 14},
       "Tháng 1 năm 2026",
       "January 2026"},
      {Month(2026, 3),
       {2026, 2, 15},
       {2026, 3, 14},
       "Tháng 3 năm 2026",
       "March 2026"},
      {Quarter(2026, 1),
       {2025, 12, 15},
       {2026, 3, 14},
       "Quý I năm 2026",
       "Q1 2026"},
      {Quarter(2026, 2),
       {2026, 3, 15},
       {2026, 6, 14},
       "Quý II năm 2026",
       "Q2 2026"},
      {Quarter(2026, 3),
       {2026, 6, 15},
       {2026, 9, 14},
       "Quý III năm 2026",
       "Q3 2026"},
      {Quarter(2026, 4),
       {2026, 9, 15},
       {2026, 12, 14},
       "Quý IV năm 2026",
       "Q4 2026"},
      {HalfYear(2026, 1),
       {2025, 12, 15},
       {2026, 6, 14},
       "6 tháng đầu năm 2026",
       "First half of 2026"},
      {HalfYear(2026, 2),
       {2026, 6, 15},
       {2026, 12, 14},
       "6 tháng cuối năm 2026",
       "Second half of 2026"},
      {NineMonths(2026),
       {2025, 12, 15},
       {2026, 9, 14},
       "9 tháng năm 2026",
       "Nine months of 2026"},
      {Year(2026), {2025, 12, 15}, {2026, 12, 14}, "Năm 2026", "Year 2026"},
      {Custom({2026, 2, 3}, {2026, 2, 3}),
       {2026, 2, 3},
       {2026, 2, 3},
       "Từ ngày 03/02/2026 đến ngày 03/02/2026",
       "2026-02-03 to 2026-02-03"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.en);
    ASSERT_TRUE(c.period.ok());
    EXPECT_EQ(c.period->first, c.first);
    EXPECT_EQ(c.period->last, c.last);
    EXPECT_EQ(c.period->name_vi, c.vi);
    EXPECT_EQ(c.period->name_en, c.en);
    EXPECT_EQ(c.period->start, VietnamMidnight(c.first));
    EXPECT_EQ(c.period->cutoff(), At(c.last, 23, 59) + 59'999'999);
  }
}

TEST(PeriodTest, BoundaryIsFifteenthMidnightVietnamTime) {
  const Period q1 = *Quarter(2026, 1);
  const Period q2 = *Quarter(2026, 2);
  struct Case {
    const char* name;
    Instant t;
    bool in_q1;
    bool in_q2;
  };
  const std::vector<Case> cases = {
      {"14/03 23:59 VN", At({2026, 3, 14}, 23, 59), true, false},
      {"14/03 23:59:59.999999 VN", At({2026, 3, 15}, 0, 0) - 1, true, false},
      {"15/03 00:00 VN", At({2026, 3, 15}, 0, 0), false, true},
      // 14/03 17:30 UTC is already 15/03 00:30 in Vietnam.
      {"14/03 17:30 UTC",
       VietnamMidnight({2026, 3, 14}) + (24 + 7 - 7) * kMicrosPerHour +
           30 * kMicrosPerMinute,
       false, true},
      {"15/12/2025 00:00 VN", At({2025, 12, 15}, 0, 0), true, false},
      {"14/12/2025 23:59 VN", At({2025, 12, 14}, 23, 59), false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(q1.Contains(c.t), c.in_q1);
    EXPECT_EQ(q2.Contains(c.t), c.in_q2);
  }
}

TEST(PeriodTest, QuartersAndMonthsTileTheYear) {
  const Period year = *Year(2026);
  Instant at = year.start;
  for (int q = 1; q <= 4; ++q) {
    SCOPED_TRACE(q);
    EXPECT_EQ(Quarter(2026, q)->start, at);
    for (int m = 3 * q - 2; m <= 3 * q; ++m) {
      EXPECT_EQ(Month(2026, m)->start, at);
      at = Month(2026, m)->end;
    }
    EXPECT_EQ(Quarter(2026, q)->end, at);
  }
  EXPECT_EQ(year.end, at);
  EXPECT_EQ(HalfYear(2026, 1)->end, Quarter(2026, 2)->end);
  EXPECT_EQ(NineMonths(2026)->end, Quarter(2026, 3)->end);
  EXPECT_EQ(Year(2027)->start, year.end);
}

// Decree 09/2019/NĐ-CP Art. 12 sets the cut-off days of six-monthly
// reports for both halves: 15/12 .. 14/06 and 15/06 .. 14/12 (issue 11
// item 14); nine months and custom ranges are no decree's periods.
TEST(PeriodTest, BothHalfYearsAreDecreeNinePeriods) {
  struct Case {
    const char* name;
    Result<Period> period;
    bool decree09;
  };
  const std::vector<Case> cases = {
      {"month", Month(2026, 7), true},
      {"quarter", Quarter(2026, 3), true},
      {"first half", HalfYear(2026, 1), true},
      {"second half", HalfYear(2026, 2), true},
      {"year", Year(2026), true},
      {"nine months", NineMonths(2026), false},
      {"custom", Custom({2026, 6, 15}, {2026, 12, 14}), false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_TRUE(c.period.ok());
    EXPECT_EQ(c.period->legal_basis,
              c.decree09 ? "Nghị định 09/2019/NĐ-CP, Điều 12" : "");
  }
  EXPECT_EQ(HalfYear(2026, 2)->first, (CivilDate{2026, 6, 15}));
  EXPECT_EQ(HalfYear(2026, 2)->last, (CivilDate{2026, 12, 14}));
}

TEST(PeriodTest, RejectsBadArguments) {
  EXPECT_FALSE(Month(2026, 0).ok());
  EXPECT_FALSE(Month(2026, 13).ok());
  EXPECT_FALSE(Quarter(2026, 5).ok());
  EXPECT_FALSE(HalfYear(2026, 3).ok());
  EXPECT_FALSE(Year(0).ok());
  EXPECT_FALSE(Custom({2026, 2, 30}, {2026, 3, 1}).ok());
  auto backwards = Custom({2026, 3, 2}, {2026, 3, 1});
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FormatPeriodRange(*Quarter(2026, 1)), "15/12/2025 - 14/03/2026");
}

}  // namespace
}  // namespace motcua::engine

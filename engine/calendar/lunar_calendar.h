// The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
//
// Model. A lunar month starts on the civil day (in UTC+7) that contains the
// astronomical new moon. Month 11 is the month that contains the December
// solstice. When thirteen months separate two consecutive months 11, the first
// of them that contains no principal solar term (trung khí: the sun's apparent
// longitude crossing a multiple of 30°) is a leap month (tháng nhuận) and
// takes the number of the month before it. The lunar year starts on month 1,
// day 1: Tết Nguyên Đán.
//
// This is the same rule set as the Chinese calendar; only the meridian
// differs. Vietnam has used UTC+7 for its calendar since 1968, so when a new
// moon falls between 16:00 and 17:00 UTC the two calendars start the month on
// different days. Famous cases, both covered by tests: Tết 1985 is 1985-01-21
// in Vietnam (China: 1985-02-20) and Tết 2007 is 2007-02-17 (China:
// 2007-02-18). This module applies UTC+7 to every year, including years
// before 1968 when the north used the Chinese (UTC+8) calendar: dates before
// 1968 are the UTC+7 calendar extended backwards, not the historical one.
//
// Algorithm: Hồ Ngọc Đức's "Thuật toán tính âm lịch" (new moons and solar
// longitude from Jean Meeus, "Astronomical Algorithms"). Supported range:
// civil dates 1900-01-01 to 2199-12-31 (lunar years 1899..2199). Checked
// against an independent ephemeris for every month start, Tết and leap month
// in that range (lunar_calendar_test.cc). It agrees everywhere except where
// no model can be sure: six new moons within 2 minutes of midnight after 2071
// (the Earth's future rotation is not known that precisely) and the 1938
// leap month (an equinox 1 second after midnight). Outside the range the
// functions still answer but the precision of the series is not guaranteed.
//
// Ambiguous cases, answered:
//  - A leap month carries the number of the month before it: "leap month 2"
//    of 2023 follows month 2 and precedes month 3. Hùng Kings' day (10/3) is
//    always in the non-leap month 3.
//  - Leap months 11 and 12 belong to the lunar year that started before them,
//    e.g. leap 11 of lunar year 2033 falls in December 2033/January 2034.
//
// Thread safety: pure functions on values.
//
// Example:
//   LunarDate l = SolarToLunar({2023, 3, 22});   // 1/2 (leap) 2023
//   Result<CivilDate> hung = LunarToSolar({2025, 3, 10, false});  // 2025-04-07
//   CivilDate tet = LunarNewYear(2007);           // 2007-02-17
#pragma once

#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

struct LunarDate {
  int year = 0;       // lunar year, named by the Gregorian year it starts in
  int month = 1;      // 1..12
  int day = 1;        // 1..30
  bool leap = false;  // true for the intercalary month numbered `month`

  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

inline constexpr int kFirstLunarSupportedYear = 1900;
inline constexpr int kLastLunarSupportedYear = 2199;

// The lunar date of a civil date in Vietnam.
LunarDate SolarToLunar(CivilDate date);

// The civil date of a lunar date. InvalidArgument when the lunar date does
// not exist: month or day out of range, a leap month in a year that has no
// such leap month, or day 30 of a 29-day month.
Result<CivilDate> LunarToSolar(LunarDate lunar);

// The leap month of a lunar year (1..12), or 0 if the year has none.
int LeapMonthOf(int lunar_year);

// Tết Nguyên Đán: the civil date of 1/1 of the lunar year `year`.
CivilDate LunarNewYear(int year);

// "10/3/2025", "1/2 nhuận/2023".
std::string FormatLunarDate(LunarDate lunar);

}  // namespace motcua::engine

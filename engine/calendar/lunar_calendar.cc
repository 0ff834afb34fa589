#include "engine/calendar/lunar_calendar.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>

namespace motcua::engine {
namespace {

// Everything below works in Julian Day Numbers, as the published algorithm
// does; 1970-01-01 is JDN 2440588.
constexpr int64_t kJdnOfUnixEpoch = 2440588;
constexpr double kTimeZoneHours = 7.0;
constexpr double kSynodicMonth = 29.530588853;
// JDN (with fraction) of the new moon of 1900-01-01, the origin of `k`.
constexpr double kNewMoonEpoch = 2415021.076998695;
constexpr double kPi = std::numbers::pi;

int64_t JdnOf(CivilDate d) { return DaysFromCivil(d) + kJdnOfUnixEpoch; }
CivilDate CivilOfJdn(int64_t jdn) {
  return CivilFromDays(jdn - kJdnOfUnixEpoch);
}

int64_t Floor(double x) { return static_cast<int64_t>(std::floor(x)); }

// Julian day (fractional, dynamical time corrected to UT) of the k-th new
// moon after 1900-01-01 (Meeus, ch. 49, abridged series).
double NewMoon(int64_t k) {
  const double t = static_cast<double>(k) / 1236.85;
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double dr = kPi / 180;
  double jd1 =
      2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 -
                   0.00000347 * t3;  // sun's mean anomaly
  const double mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 +
                     0.00001236 * t3;  // moon's mean anomaly
  const double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 -
                   0.00000239 * t3;  // moon's argument of latitude
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) +
              0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) +
       0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) -
       0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) +
       0.0005 * std::sin(dr * (2 * mpr + m));
  double delta_t;
  if (t < -11) {
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
              0.000000081 * t * t3;
  } else {
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd1 + c1 - delta_t;
}

// The sun's apparent longitude in radians, [0, 2π), at Julian day `jd`.
double SunLongitude(double jd) {
  const double t = (jd - 2451545.0) / 36525;
  const double t2 = t * t;
  const double dr = kPi / 180;
  const double m =
      357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) +
        0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l -= kPi * 2 * static_cast<double>(Floor(l / (kPi * 2)));
  return l;
}

// JDN of the civil day (UTC+7) containing the k-th new moon.
int64_t NewMoonDay(int64_t k) {
  return Floor(NewMoon(k) + 0.5 + kTimeZoneHours / 24);
}

// Which 30° sector (0..11) the sun is in at the start of civil day `jdn`.
int SunSector(int64_t jdn) {
  return static_cast<int>(
      Floor(SunLongitude(static_cast<double>(jdn) - 0.5 - kTimeZoneHours / 24) /
            kPi * 6));
}

// JDN of the first day of lunar month 11 of the lunar year that contains
// the December solstice of Gregorian year `year`.
int64_t Month11Start(int year) {
  const double off = static_cast<double>(JdnOf({year, 12, 31})) - 2415021;
  const int64_t k = Floor(off / kSynodicMonth);
  int64_t nm = NewMoonDay(k);
  if (SunSector(nm) >= 9) {  // the solstice is not yet reached: one earlier
    nm = NewMoonDay(k - 1);
  }
  return nm;
}

// For a 13-month span starting at month 11 (JDN `a11`), the offset (1..13)
// of the leap month: the first month with no principal term.
int LeapMonthOffset(int64_t a11) {
  const int64_t k =
      Floor((static_cast<double>(a11) - kNewMoonEpoch) / kSynodicMonth + 0.5);
  int i = 1;
  int arc = SunSector(NewMoonDay(k + i));
  int last;
  do {
    last = arc;
    ++i;
    arc = SunSector(NewMoonDay(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

// Index k of the new moon that starts the month beginning at JDN `start`.
int64_t NewMoonIndex(int64_t start) {
  return Floor((static_cast<double>(start) - kNewMoonEpoch) / kSynodicMonth +
               0.5);
}

}  // namespace

LunarDate SolarToLunar(CivilDate date) {
  const int64_t jdn = JdnOf(date);
  // The mean month is only a first guess: a true new moon can be up to ~14
  // hours from the mean one, so step until k brackets the date.
  int64_t k = Floor((static_cast<double>(jdn) - kNewMoonEpoch) / kSynodicMonth);
  while (NewMoonDay(k) > jdn) {
    --k;
  }
  while (NewMoonDay(k + 1) <= jdn) {
    ++k;
  }
  const int64_t month_start = NewMoonDay(k);
  int64_t a11 = Month11Start(date.year);
  int64_t b11 = a11;
  int lunar_year;
  if (a11 >= month_start) {
    lunar_year = date.year;
    a11 = Month11Start(date.year - 1);
  } else {
    lunar_year = date.year + 1;
    b11 = Month11Start(date.year + 1);
  }
  LunarDate out;
  out.day = static_cast<int>(jdn - month_start + 1);
  const int diff = static_cast<int>((month_start - a11) / 29);
  out.month = diff + 11;
  if (b11 - a11 > 365) {
    const int leap_diff = LeapMonthOffset(a11);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = diff == leap_diff;
    }
  }
  if (out.month > 12) {
    out.month -= 12;
  }
  if (out.month >= 11 && diff < 4) {
    lunar_year -= 1;
  }
  out.year = lunar_year;
  return out;
}

Result<CivilDate> LunarToSolar(LunarDate lunar) {
  if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30) {
    return InvalidArgument("lunar date " + FormatLunarDate(lunar) +
                           " does not exist: month must be 1..12 and day "
                           "1..30");
  }
  int64_t a11;
  int64_t b11;
  if (lunar.month < 11) {
    a11 = Month11Start(lunar.year - 1);
    b11 = Month11Start(lunar.year);
  } else {
    a11 = Month11Start(lunar.year);
    b11 = Month11Start(lunar.year + 1);
  }
  const int64_t k = NewMoonIndex(a11);
  int off = lunar.month - 11;
  if (off < 0) {
    off += 12;
  }
  bool has_leap = false;
  if (b11 - a11 > 365) {
    const int leap_off = LeapMonthOffset(a11);
    int leap_month = leap_off - 2;
    if (leap_month < 0) {
      leap_month += 12;
    }
    has_leap = lunar.month == leap_month;
    if (lunar.leap && !has_leap) {
      return InvalidArgument("lunar date " + FormatLunarDate(lunar) +
                             " does not exist: that year has no leap month " +
                             std::to_string(lunar.month));
    }
    if (lunar.leap || off >= leap_off) {
      off += 1;
    }
  } else if (lunar.leap) {
    return InvalidArgument("lunar date " + FormatLunarDate(lunar) +
                           " does not exist: lunar year has no leap month");
  }
  const int64_t month_start = NewMoonDay(k + off);
  const int64_t next_start = NewMoonDay(k + off + 1);
  if (lunar.day > next_start - month_start) {
    return InvalidArgument("lunar date " + FormatLunarDate(lunar) +
                           " does not exist: that month has " +
                           std::to_string(next_start - month_start) + " days");
  }
  return CivilOfJdn(month_start + lunar.day - 1);
}

int LeapMonthOf(int lunar_year) {
  // A lunar year's months 1..10 lie in the span from month 11 of the
  // previous Gregorian year; months 11, 12 in the span that follows.
  const int64_t a11 = Month11Start(lunar_year - 1);
  const int64_t b11 = Month11Start(lunar_year);
  if (b11 - a11 > 365) {
    const int off = LeapMonthOffset(a11);
    if (off >= 3) {  // offsets 1 and 2 are leap 11/12 of the year before
      return off - 2;
    }
  }
  const int64_t c11 = Month11Start(lunar_year + 1);
  if (c11 - b11 > 365) {
    const int off = LeapMonthOffset(b11);
    if (off <= 2) {
      return off + 10;
    }
  }
  return 0;
}

CivilDate LunarNewYear(int year) {
  // 1/1 always exists, so this cannot fail.
  return *LunarToSolar({year, 1, 1, false});
}

std::string FormatLunarDate(LunarDate lunar) {
  return std::to_string(lunar.day) + "/" + std::to_string(lunar.month) +
         (lunar.leap ? " nhuận" : "") + "/" + std::to_string(lunar.year);
}

}  // namespace motcua::engine

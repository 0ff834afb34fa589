// Instants and civil dates: the two kinds of time motcua deals in.
//
// An Instant is a point on the UTC timeline in microseconds since the Unix
// epoch. It is what the wire carries and what the store keeps. A CivilDate is
// a date on the proleptic Gregorian calendar with no time zone; every civil
// date in motcua (dossier codes, working days, holidays, report periods) is
// a date in Asia/Ho_Chi_Minh, which is UTC+7 all year with no daylight saving
// since 1975. The offset is a constant here on purpose: the engine reads no
// time-zone database, and the law it models is only defined for Vietnam.
//
// Ambiguous case, answered: 2026-01-04T17:30:00Z is 2026-01-05 00:30 in
// Vietnam, so a dossier received at that instant is coded 260105, not 260104.
//
// Thread safety: pure functions on values.
//
// Example:
//   CivilDate d = VietnamDateOf(instant);
//   int64_t serial = DaysFromCivil(d);        // days since 1970-01-01
//   CivilDate next = CivilFromDays(serial + 1);
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace motcua::engine {

// Microseconds since 1970-01-01T00:00:00Z.
using Instant = int64_t;

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
// Asia/Ho_Chi_Minh: UTC+7, no daylight saving.
inline constexpr int64_t kVietnamOffsetMicros = 7 * kMicrosPerHour;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's
// algorithm; exact for every representable date).
constexpr int64_t DaysFromCivil(CivilDate d) {
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

// 0 = Monday ... 6 = Sunday.
constexpr int Weekday(CivilDate d) {
  const int64_t days = DaysFromCivil(d);  // 1970-01-01 was a Thursday (3).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

constexpr bool IsValidCivilDate(CivilDate d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return CivilFromDays(DaysFromCivil(d)) == d;
}

// Floor division that is correct for negative instants.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// The Vietnamese civil date of an instant.
constexpr CivilDate VietnamDateOf(Instant t) {
  return CivilFromDays(FloorDiv(t + kVietnamOffsetMicros, kMicrosPerDay));
}

// Microseconds since Vietnamese midnight of the instant's civil date.
constexpr int64_t VietnamTimeOfDay(Instant t) {
  const int64_t local = t + kVietnamOffsetMicros;
  return local - FloorDiv(local, kMicrosPerDay) * kMicrosPerDay;
}

// The instant of Vietnamese midnight starting `d`.
constexpr Instant VietnamMidnight(CivilDate d) {
  return DaysFromCivil(d) * kMicrosPerDay - kVietnamOffsetMicros;
}

// "2026-01-05".
std::string FormatDate(CivilDate d);
// "2026-01-05T09:30:00+07:00" (seconds precision, Vietnam time).
std::string FormatVietnamInstant(Instant t);

}  // namespace motcua::engine

// Report periods (kỳ báo cáo) of Decree 09/2019/NĐ-CP, Art. 12.
//
// Model. A period is a closed range of Vietnamese civil dates [first, last],
// i.e. the instants [start, end) = [00:00 of `first`, 00:00 of the day after
// `last`) in Asia/Ho_Chi_Minh. "In progress" is read at the last instant of
// the period, end - 1 µs (the 14th at 23:59:59.999999); at that instant the
// whole last day has passed, so a dossier due on the 14th and still open then
// is overdue in the period (its overdue state is read at `end`, the one rule
// of engine/lifecycle/overdue.h; Circular 01/2020/TT-VPCP
// Biểu số 06 col 13). "Carried over" is read at `start`.
//
// The data cut-off days (Decree 09 Art. 12) and the ranges given here:
//  - Month m of year y: 15 of the previous month .. 14/m (January:
//    15/12 of y-1 .. 14/01).
//  - Quarter q: 15 of the month before the quarter .. 14 of its last month
//    (Q1 15/12 of y-1 .. 14/03; Q2 15/03 .. 14/06; Q3 15/06 .. 14/09;
//    Q4 15/09 .. 14/12).
//  - Half-year: both halves are Decree 09 periods (Art. 12, six-monthly
//    reports): the first half 15/12 of y-1 .. 14/06 ("6 tháng đầu năm"),
//    the second half 15/06 .. 14/12 ("6 tháng cuối năm").
//  - Nine months (used by the annual socio-economic cycle, not a Decree 09
//    period; its legal_basis is empty): 15/12 of y-1 .. 14/09.
//  - Year: 15/12 of y-1 .. 14/12 of y.
//  - Custom: any [from, to] with from <= to.
// So the periods of a year nest and tile: the four quarters tile the year;
// the first half is Q1 + Q2, nine months Q1..Q3.
//
// Errors: InvalidArgument for a month outside 1..12, a quarter outside 1..4,
// a half outside 1..2, a year outside 1901..9998, an invalid date or
// from > to. Never aborts on input.
//
// Thread safety: plain values and pure functions.
//
// Example:
//   Result<Period> q = Quarter(2026, 1);
//   // q->first = 2025-12-15, q->last = 2026-03-14, q->name_vi "Quý I năm 2026"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

// The reporting periods and their data cut-off days (thời gian chốt số
// liệu báo cáo định kỳ).
inline constexpr std::string_view kDecree09Periods =
    "Nghị định 09/2019/NĐ-CP, Điều 12";

enum class PeriodKind : uint8_t {
  kMonth,
  kQuarter,
  kHalfYear,
  kNineMonths,
  kYear,
  kCustom,
};

struct Period {
  PeriodKind kind = PeriodKind::kCustom;
  int year = 0;    // the reporting year (the year of `last`)
  int number = 0;  // month 1..12, quarter 1..4, half 1..2; else 0
  CivilDate first;
  CivilDate last;
  Instant start = 0;    // 00:00 Vietnam time of `first`
  Instant end = 0;      // 00:00 Vietnam time of the day after `last`
  std::string name_vi;  // "Quý I năm 2026"
  std::string name_en;  // "Q1 2026"
  // The text that defines the period: kDecree09Periods for months,
  // quarters, both half-years and years; empty for nine months and custom
  // ranges, which no decree defines.
  std::string legal_basis;

  // The instant the cut-off figures are read at (end - 1 µs).
  Instant cutoff() const { return end - 1; }
  bool Contains(Instant t) const { return start <= t && t < end; }

  friend bool operator==(const Period&, const Period&) = default;
};

Result<Period> Month(int year, int month);
Result<Period> Quarter(int year, int quarter);
Result<Period> HalfYear(int year, int half);
Result<Period> NineMonths(int year);
Result<Period> Year(int year);
Result<Period> Custom(CivilDate from, CivilDate to);

// "15/12/2025 - 14/03/2026" (Vietnamese date order).
std::string FormatPeriodRange(const Period& period);

}  // namespace motcua::engine

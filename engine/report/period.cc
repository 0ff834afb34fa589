#include "engine/report/period.h"

#include <cstdio>

namespace motcua::engine {
namespace {

Status CheckYear(int year) {
  if (year < 1901 || year > 9998) {
    return InvalidArgument("year: expected 1901..9998, got " +
                           std::to_string(year));
  }
  return {};
}

// The 15th of the month before `month` of `year`.
CivilDate FifteenthBefore(int year, int month) {
  return month == 1 ? CivilDate{year - 1, 12, 15}
                    : CivilDate{year, month - 1, 15};
}

Period Make(PeriodKind kind, int year, int number, CivilDate first,
            CivilDate last, std::string vi, std::string en) {
  Period p;
  p.kind = kind;
  p.year = year;
  p.number = number;
  p.first = first;
  p.last = last;
  p.start = VietnamMidnight(first);
  p.end = VietnamMidnight(CivilFromDays(DaysFromCivil(last) + 1));
  p.name_vi = std::move(vi);
  p.name_en = std::move(en);
  if (kind != PeriodKind::kNineMonths && kind != PeriodKind::kCustom) {
    p.legal_basis = std::string(kDecree09Periods);
  }
  return p;
}

std::string Dmy(CivilDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

constexpr const char* kMonthsEn[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kRoman[] = {"I", "II", "III", "IV"};

}  // namespace

Result<Period> Month(int year, int month) {
  if (Status s = CheckYear(year); !s.ok()) return s.error();
  if (month < 1 || month > 12) {
    return InvalidArgument("month: expected 1..12, got " +
                           std::to_string(month));
  }
  const std::string y = std::to_string(year);
  return Make(PeriodKind::kMonth, year, month, FifteenthBefore(year, month),
              {year, month, 14}, "Tháng " + std::to_string(month) + " năm " + y,
              std::string(kMonthsEn[month - 1]) + " " + y);
}

Result<Period> Quarter(int year, int quarter) {
  if (Status s = CheckYear(year); !s.ok()) return s.error();
  if (quarter < 1 || quarter > 4) {
    return InvalidArgument("quarter: expected 1..4, got " +
                           std::to_string(quarter));
  }
  const std::string y = std::to_string(year);
  const int last_month = 3 * quarter;
  return Make(PeriodKind::kQuarter, year, quarter,
              FifteenthBefore(year, last_month - 2), {year, last_month, 14},
              std::string("Quý ") + kRoman[quarter - 1] + " năm " + y,
              "Q" + std::to_string(quarter) + " " + y);
}

Result<Period> HalfYear(int year, int half) {
  if (Status s = CheckYear(year); !s.ok()) return s.error();
  if (half < 1 || half > 2) {
    return InvalidArgument("half: expected 1 or 2, got " +
                           std::to_string(half));
  }
  const std::string y = std::to_string(year);
  if (half == 1) {
    return Make(PeriodKind::kHalfYear, year, 1, {year - 1, 12, 15},
                {year, 6, 14}, "6 tháng đầu năm " + y, "First half of " + y);
  }
  return Make(PeriodKind::kHalfYear, year, 2, {year, 6, 15}, {year, 12, 14},
              "6 tháng cuối năm " + y, "Second half of " + y);
}

Result<Period> NineMonths(int year) {
  if (Status s = CheckYear(year); !s.ok()) return s.error();
  const std::string y = std::to_string(year);
  return Make(PeriodKind::kNineMonths, year, 0, {year - 1, 12, 15},
              {year, 9, 14}, "9 tháng năm " + y, "Nine months of " + y);
}

Result<Period> Year(int year) {
  if (Status s = CheckYear(year); !s.ok()) return s.error();
  const std::string y = std::to_string(year);
  return Make(PeriodKind::kYear, year, 0, {year - 1, 12, 15}, {year, 12, 14},
              "Năm " + y, "Year " + y);
}

Result<Period> Custom(CivilDate from, CivilDate to) {
  if (!IsValidCivilDate(from) || from.year < 1901 || from.year > 9998) {
    return InvalidArgument("from: not a valid date");
  }
  if (!IsValidCivilDate(to) || to.year < 1901 || to.year > 9998) {
    return InvalidArgument("to: not a valid date");
  }
  if (to < from) {
    return InvalidArgument("to: " + FormatDate(to) + " is before from " +
                           FormatDate(from));
  }
  return Make(PeriodKind::kCustom, to.year, 0, from, to,
              "Từ ngày " + Dmy(from) + " đến ngày " + Dmy(to),
              FormatDate(from) + " to " + FormatDate(to));
}

std::string FormatPeriodRange(const Period& p) {
  return Dmy(p.first) + " - " + Dmy(p.last);
}

}  // namespace motcua::engine

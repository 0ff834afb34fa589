#include "engine/calendar/holiday_rules.h"

#include <algorithm>
#include <map>

#include "engine/calendar/lunar_calendar.h"

namespace motcua::engine {
namespace {

struct HolidayText {
  Holiday holiday;
  std::string_view name;
  std::string_view keyword;
};

constexpr HolidayText kHolidayTexts[kHolidayCount] = {
    {Holiday::kNewYear, "Tết Dương lịch", "new_year"},
    {Holiday::kTet, "Tết Âm lịch", "tet"},
    {Holiday::kHungKings, "Giỗ Tổ Hùng Vương", "hung_kings"},
    {Holiday::kReunificationDay, "Ngày Chiến thắng", "reunification"},
    {Holiday::kLabourDay, "Ngày Quốc tế Lao động", "labour"},
    {Holiday::kNationalDay, "Quốc khánh", "national_day"},
};

CivilDate AddDays(CivilDate d, int64_t n) {
  return CivilFromDays(DaysFromCivil(d) + n);
}

bool IsRestDay(CivilDate d, const WorkingWeekdays& working_weekdays) {
  return !working_weekdays[Weekday(d)];
}

// Length of the unbroken run of days off around 2/9 if `extra` is the
// second National Day holiday (rest days count, compensation does not).
int BreakLength(int year, CivilDate extra, const WorkingWeekdays& week) {
  const CivilDate second = {year, 9, 2};
  auto off = [&](CivilDate d) {
    return d == second || d == extra || IsRestDay(d, week);
  };
  int length = 1;
  for (CivilDate d = AddDays(second, -1); off(d); d = AddDays(d, -1)) {
    ++length;
  }
  for (CivilDate d = AddDays(second, 1); off(d); d = AddDays(d, 1)) {
    ++length;
  }
  return length;
}

CivilDate NationalDayExtraDate(int year, NationalDayExtra choice,
                               const WorkingWeekdays& week) {
  const CivilDate first = {year, 9, 1};
  const CivilDate third = {year, 9, 3};
  switch (choice) {
    case NationalDayExtra::kSeptember1:
      return first;
    case NationalDayExtra::kSeptember3:
      return third;
    case NationalDayExtra::kLongestBreak:
      break;
  }
  const bool first_ok = !IsRestDay(first, week);
  const bool third_ok = !IsRestDay(third, week);
  if (first_ok && third_ok) {
    return BreakLength(year, third, week) > BreakLength(year, first, week)
               ? third
               : first;
  }
  return third_ok ? third : first;
}

}  // namespace

std::string_view HolidayName(Holiday holiday) {
  return kHolidayTexts[static_cast<int>(holiday)].name;
}

std::string_view HolidayKeyword(Holiday holiday) {
  return kHolidayTexts[static_cast<int>(holiday)].keyword;
}

std::optional<Holiday> HolidayFromKeyword(std::string_view keyword) {
  for (const HolidayText& text : kHolidayTexts) {
    if (text.keyword == keyword) {
      return text.holiday;
    }
  }
  return std::nullopt;
}

std::vector<RuleDayOff> RuleDaysOff(int year, const HolidayRules& rules,
                                    const WorkingWeekdays& working_weekdays) {
  std::map<int64_t, RuleDayOff> days;  // by day number: sorted, one per date
  auto add_holiday = [&](CivilDate d, Holiday h) {
    days.emplace(DaysFromCivil(d), RuleDayOff{d, RuleDayKind::kHoliday, h});
  };
  add_holiday({year, 1, 1}, Holiday::kNewYear);
  const CivilDate tet = LunarNewYear(year);
  const int before = std::clamp(rules.tet_days_before_new_year, 0, 5);
  for (int i = 0; i < 5; ++i) {
    add_holiday(AddDays(tet, i - before), Holiday::kTet);
  }
  // 10/3 always exists: every lunar month has at least 29 days.
  add_holiday(*LunarToSolar({year, 3, 10, false}), Holiday::kHungKings);
  add_holiday({year, 4, 30}, Holiday::kReunificationDay);
  add_holiday({year, 5, 1}, Holiday::kLabourDay);
  add_holiday({year, 9, 2}, Holiday::kNationalDay);
  add_holiday(
      NationalDayExtraDate(year, rules.national_day_extra, working_weekdays),
      Holiday::kNationalDay);
  if (rules.compensate_rest_day_holidays) {
    std::vector<RuleDayOff> on_rest_days;
    for (const auto& [serial, day] : days) {
      if (IsRestDay(day.date, working_weekdays)) {
        on_rest_days.push_back(day);
      }
    }
    // In date order, each takes the first free working day after it, so a
    // block of holidays pushes its compensation past the whole block.
    for (const RuleDayOff& day : on_rest_days) {
      int64_t d = DaysFromCivil(day.date) + 1;
      while (days.contains(d) ||
             IsRestDay(CivilFromDays(d), working_weekdays)) {
        ++d;
      }
      days.emplace(
          d, RuleDayOff{CivilFromDays(d), RuleDayKind::kCompensatoryDayOff,
                        day.holiday});
    }
  }
  std::vector<RuleDayOff> out;
  out.reserve(days.size());
  for (const auto& [serial, day] : days) {
    out.push_back(day);
  }
  return out;
}

}  // namespace motcua::engine

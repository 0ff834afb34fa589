#include "engine/calendar/holiday_rules.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/calendar/line_fields.h"
#include "engine/calendar/lunar_calendar.h"

namespace motcua::engine {
namespace {

// The citation rule days carried before holidays became data; kept so that
// answers for rule-based years do not change.
constexpr char kLabourCode112[] = "Bộ luật Lao động 45/2019/QH14, Điều 112";

CivilDate AddDays(CivilDate d, int64_t n) {
  return CivilFromDays(DaysFromCivil(d) + n);
}

bool IsRestDay(CivilDate d, const WorkingWeekdays& working_weekdays) {
  return !working_weekdays[Weekday(d)];
}

// Length of the unbroken run of days off around `main` if `extra` is the
// second day of the holiday (rest days count, compensation does not).
int BreakLength(CivilDate main, CivilDate extra, const WorkingWeekdays& week) {
  auto off = [&](CivilDate d) {
    return d == main || d == extra || IsRestDay(d, week);
  };
  int length = 1;
  for (CivilDate d = AddDays(main, -1); off(d); d = AddDays(d, -1)) {
    ++length;
  }
  for (CivilDate d = AddDays(main, 1); off(d); d = AddDays(d, 1)) {
    ++length;
  }
  return length;
}

CivilDate AdjacentDay(CivilDate main, NationalDayExtra choice,
                      const WorkingWeekdays& week) {
  const CivilDate before = AddDays(main, -1);
  const CivilDate after = AddDays(main, 1);
  switch (choice) {
    case NationalDayExtra::kSeptember1:
      return before;
    case NationalDayExtra::kSeptember3:
      return after;
    case NationalDayExtra::kLongestBreak:
      break;
  }
  const bool before_ok = !IsRestDay(before, week);
  const bool after_ok = !IsRestDay(after, week);
  if (before_ok && after_ok) {
    return BreakLength(main, after, week) > BreakLength(main, before, week)
               ? after
               : before;
  }
  return after_ok ? after : before;
}

// The dates of one holiday's occurrence in `year`, before the effective
// range is applied.
std::vector<CivilDate> Occurrence(int year, const HolidayDefinition& h,
                                  const HolidayRules& rules,
                                  const WorkingWeekdays& week) {
  std::vector<CivilDate> out;
  auto span = [&](CivilDate first, int days) {
    for (int i = 0; i < days; ++i) {
      out.push_back(AddDays(first, i));
    }
  };
  switch (h.rule) {
    case HolidayDateRule::kSolar:
      span({year, h.month, h.day}, h.days);
      break;
    case HolidayDateRule::kLunar:
      // Lunar year Y-1 reaches into January of Y; keep what falls in Y.
      for (int lunar_year : {year - 1, year}) {
        Result<CivilDate> d = LunarToSolar({lunar_year, h.month, h.day, false});
        if (d.ok()) {
          span(*d, h.days);
        }
      }
      break;
    case HolidayDateRule::kLunarNewYear: {
      const int before = std::clamp(rules.tet_days_before_new_year, 0, h.days);
      span(AddDays(LunarNewYear(year), -before), h.days);
      break;
    }
    case HolidayDateRule::kSolarWithAdjacent: {
      const CivilDate main = {year, h.month, h.day};
      out.push_back(main);
      out.push_back(AdjacentDay(main, rules.national_day_extra, week));
      break;
    }
  }
  std::erase_if(out, [&](CivilDate d) {
    return d.year != year || (h.from && d < *h.from) ||
           (h.until && *h.until < d);
  });
  return out;
}

}  // namespace

std::vector<HolidayDefinition> LabourCode2019Holidays() {
  auto def = [](std::string_view key, std::string_view name,
                HolidayDateRule rule, int month, int day, int days) {
    HolidayDefinition h;
    h.key = std::string(key);
    h.name = std::string(name);
    h.rule = rule;
    h.month = month;
    h.day = day;
    h.days = days;
    h.source = kLabourCode112;
    return h;
  };
  using R = HolidayDateRule;
  return {
      def(kNewYear, "Tết Dương lịch", R::kSolar, 1, 1, 1),
      def(kTet, "Tết Âm lịch", R::kLunarNewYear, 1, 1, 5),
      def(kHungKings, "Giỗ Tổ Hùng Vương", R::kLunar, 3, 10, 1),
      def(kReunificationDay, "Ngày Chiến thắng", R::kSolar, 4, 30, 1),
      def(kLabourDay, "Ngày Quốc tế Lao động", R::kSolar, 5, 1, 1),
      def(kNationalDay, "Quốc khánh", R::kSolarWithAdjacent, 9, 2, 2),
  };
}

const HolidayDefinition* HolidayRules::Find(std::string_view key) const {
  for (const HolidayDefinition& h : holidays) {
    if (h.key == key) {
      return &h;
    }
  }
  return nullptr;
}

Status ValidateHolidays(const std::vector<HolidayDefinition>& holidays) {
  if (holidays.empty()) {
    return InvalidArgument(
        "holiday table: no holidays; list at least the Labour Code's");
  }
  std::set<std::string> keys;
  for (const HolidayDefinition& h : holidays) {
    const std::string where = "holiday '" + h.key + "': ";
    if (!line_fields::IsHolidayKey(h.key)) {
      return InvalidArgument(where + "key must be [a-z][a-z0-9_]*");
    }
    if (!keys.insert(h.key).second) {
      return InvalidArgument(where + "defined twice");
    }
    if (h.name.empty()) {
      return InvalidArgument(where + "name is empty");
    }
    if (h.source.empty()) {
      return InvalidArgument(where + "source is empty; cite the legal text");
    }
    if (h.days < 1 || h.days > 10) {
      return InvalidArgument(where + "days " + std::to_string(h.days) +
                             " is outside 1..10");
    }
    switch (h.rule) {
      case HolidayDateRule::kSolar:
      case HolidayDateRule::kSolarWithAdjacent: {
        // 2001 is not a leap year: 29/2 does not exist every year.
        const CivilDate d = {2001, h.month, h.day};
        if (!IsValidCivilDate(d)) {
          return InvalidArgument(where + "solar date " + std::to_string(h.day) +
                                 "/" + std::to_string(h.month) +
                                 " does not exist every year");
        }
        if (h.rule == HolidayDateRule::kSolarWithAdjacent && h.days != 2) {
          return InvalidArgument(where +
                                 "a day with an adjacent day has days 2, not " +
                                 std::to_string(h.days));
        }
        if (AddDays(d, h.days - 1).year != 2001 ||
            (h.rule == HolidayDateRule::kSolarWithAdjacent &&
             (AddDays(d, 1).year != 2001 || AddDays(d, -1).year != 2001))) {
          return InvalidArgument(where + "its days cross 31/12 or 1/1");
        }
        break;
      }
      case HolidayDateRule::kLunar:
        if (h.month < 1 || h.month > 12 || h.day < 1 || h.day > 29) {
          return InvalidArgument(
              where +
              "lunar date must be day 1..29 of month 1..12 (day 30 "
              "does not exist every year)");
        }
        break;
      case HolidayDateRule::kLunarNewYear:
        break;
    }
    if (h.from && h.until && *h.until < *h.from) {
      return InvalidArgument(where + "in force until " + FormatDate(*h.until) +
                             ", before it comes into force on " +
                             FormatDate(*h.from));
    }
  }
  return {};
}

std::vector<RuleDayOff> RuleDaysOff(int year, const HolidayRules& rules,
                                    const WorkingWeekdays& working_weekdays) {
  std::map<int64_t, RuleDayOff> days;  // by day number: sorted, one per date
  for (const HolidayDefinition& h : rules.holidays) {
    for (CivilDate d : Occurrence(year, h, rules, working_weekdays)) {
      days.emplace(DaysFromCivil(d),
                   RuleDayOff{d, RuleDayKind::kHoliday, h.key});
    }
  }
  if (rules.compensate_rest_day_holidays) {
    std::vector<RuleDayOff> on_rest_days;
    for (const auto& [serial, day] : days) {
      const HolidayDefinition* h = rules.Find(day.holiday);
      if (h != nullptr && h->compensate &&
          IsRestDay(day.date, working_weekdays)) {
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
      if (CivilFromDays(d).year != year) {
        continue;
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

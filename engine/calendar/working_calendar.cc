#include "engine/calendar/working_calendar.h"

#include <algorithm>
#include <map>

#include "engine/calendar/lunar_calendar.h"

namespace motcua::engine {
namespace {

constexpr char kCompensatorySource[] =
    "Bộ luật Lao động 45/2019/QH14, Điều 111 (nghỉ bù)";

DayKind FromScheduleKind(ScheduleDayKind kind) {
  switch (kind) {
    case ScheduleDayKind::kHoliday:
      return DayKind::kHoliday;
    case ScheduleDayKind::kCompensatoryDayOff:
      return DayKind::kCompensatoryDayOff;
    case ScheduleDayKind::kSwappedDayOff:
      return DayKind::kSwappedDayOff;
    case ScheduleDayKind::kDecidedDayOff:
      return DayKind::kDecidedDayOff;
    case ScheduleDayKind::kSwappedWorkingDay:
      return DayKind::kSwappedWorkingDay;
  }
  return DayKind::kDecidedDayOff;
}

std::string OutOfRange(const CalendarConfig& config, const std::string& what) {
  return "calendar " + config.name + " covers " +
         std::to_string(config.first_year) + ".." +
         std::to_string(config.last_year) + "; " + what +
         " is outside it: widen first_year/last_year in its config";
}

Status ValidateConfig(const CalendarConfig& c) {
  if (c.name.empty() || c.name.find_first_of(" \t\r\n") != std::string::npos) {
    return InvalidArgument("calendar name '" + c.name +
                           "' must be non-empty and contain no blanks");
  }
  const std::string where = "calendar " + c.name + ": ";
  if (std::none_of(c.working_weekdays.begin(), c.working_weekdays.end(),
                   [](bool b) { return b; })) {
    return InvalidArgument(where + "no working weekday");
  }
  if (c.working_hours.empty()) {
    return InvalidArgument(where + "no working hours");
  }
  int previous_end = 0;
  for (const WorkingPeriod& p : c.working_hours) {
    if (p.start_minute < previous_end || p.end_minute <= p.start_minute ||
        p.end_minute > 24 * 60) {
      return InvalidArgument(where +
                             "working hours must be sorted, non-empty, "
                             "non-overlapping periods within 00:00-24:00");
    }
    previous_end = p.end_minute;
  }
  if (c.receipt_cutoff_minute &&
      (*c.receipt_cutoff_minute < 0 || *c.receipt_cutoff_minute > 24 * 60)) {
    return InvalidArgument(where + "receipt cut-off outside 00:00-24:00");
  }
  if (c.holiday_rules.holidays.size() > 100) {
    return InvalidArgument(where + "more than 100 holidays");
  }
  if (Status s = ValidateHolidays(c.holiday_rules.holidays); !s.ok()) {
    return InvalidArgument(where + s.error().message);
  }
  if (c.holiday_rules.tet_days_before_new_year < 0 ||
      c.holiday_rules.tet_days_before_new_year > 5) {
    return InvalidArgument(where + "tet_days_before_new_year must be 0..5");
  }
  if (c.first_year > c.last_year || c.first_year < kFirstLunarSupportedYear ||
      c.last_year > kLastLunarSupportedYear) {
    return InvalidArgument(
        where + "year range " + std::to_string(c.first_year) + ".." +
        std::to_string(c.last_year) + " must be ordered and within 1900..2199");
  }
  return {};
}

}  // namespace

std::string_view DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kWorkingDay:
      return "working_day";
    case DayKind::kWeeklyRest:
      return "weekly_rest";
    case DayKind::kHoliday:
      return "holiday";
    case DayKind::kCompensatoryDayOff:
      return "compensatory";
    case DayKind::kSwappedDayOff:
      return "swapped";
    case DayKind::kDecidedDayOff:
      return "decided";
    case DayKind::kSwappedWorkingDay:
      return "swapped_working_day";
  }
  return "?";
}

Result<std::shared_ptr<const WorkingCalendar>> WorkingCalendar::Create(
    CalendarConfig config, std::vector<OfficialSchedule> schedules,
    int64_t version) {
  if (Status s = ValidateConfig(config); !s.ok()) {
    return s.error();
  }
  std::shared_ptr<WorkingCalendar> cal(new WorkingCalendar());
  cal->config_ = std::move(config);
  cal->version_ = version;
  for (OfficialSchedule& s : schedules) {
    const int year = s.year;
    if (year < cal->config_.first_year || year > cal->config_.last_year) {
      return InvalidArgument(OutOfRange(
          cal->config_, "the official schedule for " + std::to_string(year)));
    }
    if (!cal->schedules_.emplace(year, std::move(s)).second) {
      return InvalidArgument("calendar " + cal->config_.name +
                             ": two official schedules for " +
                             std::to_string(year));
    }
  }
  if (Status s = cal->Build(); !s.ok()) {
    return s.error();
  }
  return std::shared_ptr<const WorkingCalendar>(std::move(cal));
}

int8_t WorkingCalendar::HolidayIndex(std::string_view key) const {
  const auto& holidays = config_.holiday_rules.holidays;
  for (size_t i = 0; i < holidays.size(); ++i) {
    if (holidays[i].key == key) {
      return static_cast<int8_t>(i);
    }
  }
  return -1;
}

Status WorkingCalendar::Build() {
  for (const WorkingPeriod& p : config_.working_hours) {
    day_length_ += (p.end_minute - p.start_minute) * kMicrosPerMinute;
  }
  first_serial_ = DaysFromCivil({config_.first_year, 1, 1});
  const int64_t end_serial = DaysFromCivil({config_.last_year + 1, 1, 1});
  days_.assign(end_serial - first_serial_, DayCode{});
  for (int64_t i = 0; i < static_cast<int64_t>(days_.size()); ++i) {
    if (!config_.working_weekdays[Weekday(CivilFromDays(first_serial_ + i))]) {
      days_[i].kind = DayKind::kWeeklyRest;
    }
  }
  for (int year = config_.first_year; year <= config_.last_year; ++year) {
    auto official = schedules_.find(year);
    if (official == schedules_.end()) {
      for (const RuleDayOff& d :
           RuleDaysOff(year, config_.holiday_rules, config_.working_weekdays)) {
        DayCode& code = days_[DaysFromCivil(d.date) - first_serial_];
        code.kind = d.kind == RuleDayKind::kHoliday
                        ? DayKind::kHoliday
                        : DayKind::kCompensatoryDayOff;
        code.holiday = HolidayIndex(d.holiday);
      }
      continue;
    }
    for (const ScheduleDay& d : official->second.days) {
      DayCode& code = days_[DaysFromCivil(d.date) - first_serial_];
      if (d.kind == ScheduleDayKind::kSwappedWorkingDay &&
          code.kind != DayKind::kWeeklyRest) {
        return InvalidArgument("official schedule " + std::to_string(year) +
                               " makes " + FormatDate(d.date) +
                               " a worked rest day, but it is already a " +
                               "working day in calendar " + config_.name +
                               "; remove the 'work' line or fix the date");
      }
      code.holiday = -1;
      if (!d.holiday.empty()) {
        code.holiday = HolidayIndex(d.holiday);
        if (code.holiday < 0) {
          return InvalidArgument(
              "official schedule " + std::to_string(year) + " names holiday '" +
              d.holiday + "' on " + FormatDate(d.date) +
              ", which the holiday table of calendar " + config_.name +
              " does not define; fix the key or add the holiday to "
              "holidays.rules");
        }
      }
      code.kind = FromScheduleKind(d.kind);
      code.official = true;
    }
  }
  working_before_.assign(days_.size() + 1, 0);
  for (size_t i = 0; i < days_.size(); ++i) {
    const DayKind k = days_[i].kind;
    working_before_[i + 1] =
        working_before_[i] +
        (k == DayKind::kWorkingDay || k == DayKind::kSwappedWorkingDay ? 1 : 0);
  }
  return {};
}

bool WorkingCalendar::Covers(CivilDate date) const {
  return date.year >= config_.first_year && date.year <= config_.last_year;
}

Result<int64_t> WorkingCalendar::IndexOf(CivilDate date) const {
  if (!Covers(date)) {
    return InvalidArgument(OutOfRange(config_, FormatDate(date)));
  }
  return DaysFromCivil(date) - first_serial_;
}

DayInfo WorkingCalendar::Describe(int64_t index) const {
  const DayCode& code = days_[index];
  DayInfo info;
  info.date = CivilFromDays(first_serial_ + index);
  info.kind = code.kind;
  info.official = code.official;
  const HolidayDefinition* holiday =
      code.holiday >= 0 ? &config_.holiday_rules.holidays[code.holiday]
                        : nullptr;
  if (holiday != nullptr) {
    info.holiday = holiday->key;
    info.holiday_name = holiday->name;
  }
  if (code.official) {
    const OfficialSchedule& s = schedules_.at(info.date.year);
    auto it = std::lower_bound(
        s.days.begin(), s.days.end(), info.date,
        [](const ScheduleDay& d, CivilDate date) { return d.date < date; });
    info.note = it->note;
    const ScheduleSource* source = s.FindSource(it->source_id);
    info.source = source != nullptr ? source->citation : it->source_id;
  } else if (code.kind == DayKind::kHoliday && holiday != nullptr) {
    info.source = holiday->source;
  } else if (code.kind == DayKind::kCompensatoryDayOff) {
    info.source = kCompensatorySource;
  }
  return info;
}

Result<DayInfo> WorkingCalendar::Day(CivilDate date) const {
  Result<int64_t> index = IndexOf(date);
  if (!index.ok()) {
    return index.error();
  }
  return Describe(*index);
}

Result<bool> WorkingCalendar::IsWorkingDay(CivilDate date) const {
  Result<int64_t> index = IndexOf(date);
  if (!index.ok()) {
    return index.error();
  }
  return working_before_[*index + 1] != working_before_[*index];
}

Result<YearDays> WorkingCalendar::DaysOff(int year) const {
  Result<int64_t> first = IndexOf({year, 1, 1});
  if (!first.ok()) {
    return first.error();
  }
  YearDays out;
  out.calendar = config_.name;
  out.calendar_version = version_;
  out.year = year;
  out.official_schedule = HasOfficialSchedule(year);
  const int64_t end = DaysFromCivil({year + 1, 1, 1}) - first_serial_;
  for (int64_t i = *first; i < end; ++i) {
    if (days_[i].kind != DayKind::kWorkingDay) {
      out.days.push_back(Describe(i));
    }
  }
  return out;
}

Result<CivilDate> WorkingCalendar::AddWorkingDays(CivilDate date, int n) const {
  Result<int64_t> index = IndexOf(date);
  if (!index.ok()) {
    return index.error();
  }
  if (n <= 0) {
    return date;
  }
  // The first index whose count of earlier working days reaches the target
  // is one past the n-th working day.
  const int32_t target = working_before_[*index + 1] + n;
  auto it =
      std::lower_bound(working_before_.begin(), working_before_.end(), target);
  if (it == working_before_.end()) {
    return InvalidArgument(OutOfRange(
        config_,
        std::to_string(n) + " working days after " + FormatDate(date)));
  }
  return CivilFromDays(first_serial_ + (it - working_before_.begin()) - 1);
}

Result<int> WorkingCalendar::WorkingDaysAfter(CivilDate from,
                                              CivilDate to) const {
  Result<int64_t> a = IndexOf(from);
  if (!a.ok()) {
    return a.error();
  }
  Result<int64_t> b = IndexOf(to);
  if (!b.ok()) {
    return b.error();
  }
  return std::max(0, working_before_[*b + 1] - working_before_[*a + 1]);
}

Instant WorkingCalendar::StartOfWorkingDay(CivilDate date) const {
  return VietnamMidnight(date) +
         config_.working_hours.front().start_minute * kMicrosPerMinute;
}

Instant WorkingCalendar::EndOfWorkingDay(CivilDate date) const {
  return VietnamMidnight(date) +
         config_.working_hours.back().end_minute * kMicrosPerMinute;
}

int64_t WorkingCalendar::WithinDay(int64_t time_of_day) const {
  int64_t sum = 0;
  for (const WorkingPeriod& p : config_.working_hours) {
    const int64_t start = p.start_minute * kMicrosPerMinute;
    const int64_t end = p.end_minute * kMicrosPerMinute;
    sum += std::clamp(time_of_day - start, int64_t{0}, end - start);
  }
  return sum;
}

Result<int64_t> WorkingCalendar::Cumulative(Instant t) const {
  Result<int64_t> index = IndexOf(VietnamDateOf(t));
  if (!index.ok()) {
    return index.error();
  }
  const bool working = working_before_[*index + 1] != working_before_[*index];
  return working_before_[*index] * day_length_ +
         (working ? WithinDay(VietnamTimeOfDay(t)) : 0);
}

Result<Instant> WorkingCalendar::NextWorkingInstant(Instant t) const {
  const CivilDate date = VietnamDateOf(t);
  Result<bool> working = IsWorkingDay(date);
  if (!working.ok()) {
    return working.error();
  }
  if (*working) {
    const int64_t tod = VietnamTimeOfDay(t);
    for (const WorkingPeriod& p : config_.working_hours) {
      if (tod < p.end_minute * kMicrosPerMinute) {
        return VietnamMidnight(date) +
               std::max(tod, p.start_minute * kMicrosPerMinute);
      }
    }
  }
  Result<CivilDate> next = AddWorkingDays(date, 1);
  if (!next.ok()) {
    return next.error();
  }
  return StartOfWorkingDay(*next);
}

Result<int64_t> WorkingCalendar::WorkingTimeBetween(Instant a,
                                                    Instant b) const {
  Result<int64_t> fa = Cumulative(a);
  if (!fa.ok()) {
    return fa.error();
  }
  Result<int64_t> fb = Cumulative(b);
  if (!fb.ok()) {
    return fb.error();
  }
  return *fb - *fa;
}

Result<Instant> WorkingCalendar::AddWorkingTime(Instant from,
                                                int64_t micros) const {
  if (micros < 0) {
    return InvalidArgument("cannot add negative working time (" +
                           std::to_string(micros) + " µs)");
  }
  if (micros == 0) {
    return from;
  }
  Result<int64_t> start = Cumulative(from);
  if (!start.ok()) {
    return start.error();
  }
  const int64_t target = *start + micros;
  // The target is reached on the q-th working day of the table, r into it.
  const int64_t q = (target + day_length_ - 1) / day_length_;
  int64_t r = target - (q - 1) * day_length_;
  auto it = std::lower_bound(working_before_.begin(), working_before_.end(), q);
  if (it == working_before_.end()) {
    return InvalidArgument(OutOfRange(
        config_, "the end of " + std::to_string(micros / kMicrosPerMinute) +
                     " working minutes after " + FormatVietnamInstant(from)));
  }
  const Instant midnight =
      (first_serial_ + (it - working_before_.begin()) - 1) * kMicrosPerDay -
      kVietnamOffsetMicros;
  for (const WorkingPeriod& p : config_.working_hours) {
    const int64_t length = (p.end_minute - p.start_minute) * kMicrosPerMinute;
    if (r <= length) {
      return midnight + p.start_minute * kMicrosPerMinute + r;
    }
    r -= length;
  }
  return Internal("working time arithmetic overran a day");  // unreachable
}

std::vector<std::string> MissingHolidays(const OfficialSchedule& schedule,
                                         const CalendarConfig& config) {
  std::map<std::string, int> required;
  for (const RuleDayOff& d : RuleDaysOff(schedule.year, config.holiday_rules,
                                         config.working_weekdays)) {
    if (d.kind == RuleDayKind::kHoliday) ++required[d.holiday];
  }
  std::map<std::string, int> marked;
  for (const ScheduleDay& d : schedule.days) {
    if (d.kind == ScheduleDayKind::kHoliday) ++marked[d.holiday];
  }
  std::vector<std::string> missing;
  for (const auto& [key, days] : required) {
    const int have = marked.contains(key) ? marked.at(key) : 0;
    if (have < days) {
      missing.push_back(key + ": the rules give " + std::to_string(days) +
                        (days == 1 ? " day" : " days") +
                        ", the schedule marks " + std::to_string(have));
    }
  }
  return missing;
}

}  // namespace motcua::engine

// A named, versioned working-day calendar: which dates are working days,
// why the others are not, and how much working time lies between instants.
//
// Model. A calendar is an immutable value built from a CalendarConfig (its
// week, working hours, paper cut-off, holiday rules) and the official
// yearly schedules it has adopted. For every date in [first_year, last_year]
// it precomputes a day table: the kind of day and a running count of
// working days, so every query below is O(1) or O(log days).
//   - A year with an official schedule: the schedule's days plus the weekly
//     rest days it does not mention; the holiday rules are not consulted.
//   - A year without one: the Labour Code rules (holiday_rules.h) plus the
//     weekly rest days. DayInfo::official and YearDays::official_schedule
//     say which, so no answer hides that it was computed from rules.
// Working time is the sum of the working periods (e.g. 07:00-11:30 and
// 13:30-17:00, Vietnamese time) of working days; a swapped working Saturday
// has the same hours as any working day.
//
// Versions. `version` is assigned by the owner (CalendarRegistry) and
// changes whenever the config or a schedule changes; results computed from a
// calendar record (name, version). A schedule published later does not
// rewrite anything already computed: see deadline.h.
//
// Ambiguous cases, answered:
//  - An instant exactly at the end of a working period (11:30, 17:00) is
//    outside working time; at the start (07:00, 13:30) it is inside.
//  - AddWorkingTime returns the EARLIEST instant at which the time is used
//    up: 8 working hours from 07:00 Monday end at 17:00 Monday, not 07:00
//    Tuesday (they are the same amount of working time).
//  - Dates outside [first_year, last_year] are an InvalidArgument error,
//    never guessed: widen the range in the config.
//
// Thread safety: immutable after Create; share as shared_ptr<const ...>.
//
// Example:
//   auto cal = WorkingCalendar::Create({.name = "ha-noi"}, {}, 1);
//   bool open = *(*cal)->IsWorkingDay({2023, 1, 2});   // false: nghỉ bù
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/holiday_rules.h"
#include "engine/calendar/official_schedule.h"
#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

// [start, end) in minutes after Vietnamese midnight.
struct WorkingPeriod {
  int start_minute = 0;
  int end_minute = 0;

  friend bool operator==(const WorkingPeriod&, const WorkingPeriod&) = default;
};

// What time of day a deadline counted in working days falls due (deadline.h
// has the worked examples). Both give the same appointment DATE.
enum class AppointmentTime : uint8_t {
  // Default: the end of working hours of the N-th working day after the
  // receipt date (the receipt day is day 0 and is not counted).
  kEndOfWorkingDay,
  // The receipt's time of day on the N-th working day after the receipt
  // date (practice in many provinces: "hẹn trả lúc 9 giờ 30 ngày ...").
  kSameTimeOfDay,
};

struct CalendarConfig {
  // The calendar's key: a province or agency ("ha-noi", "000.00.31.H12").
  std::string name;
  WorkingWeekdays working_weekdays = kMondayToFriday;
  // Sorted, non-overlapping, within one day. Default 07:00-11:30, 13:30-17:00.
  std::vector<WorkingPeriod> working_hours = {{7 * 60, 11 * 60 + 30},
                                              {13 * 60 + 30, 17 * 60}};
  // The desk's afternoon cut-off for moving paper dossiers (DOMAIN.md §3,
  // practice). It moves NO new deadline: counting follows Civil Code 2015
  // Art. 147 and a procedure's own cut-off (deadline.h). Only dossiers
  // stored before that rule (CountingRules::legacy_calendar_cutoff) still
  // count with it, as their printed appointments were. Default 15:00.
  std::optional<int> receipt_cutoff_minute = 15 * 60;
  AppointmentTime appointment_time = AppointmentTime::kEndOfWorkingDay;
  HolidayRules holiday_rules;
  // The years the day table covers (within 1900..2199).
  int first_year = 2000;
  int last_year = 2099;

  friend bool operator==(const CalendarConfig&,
                         const CalendarConfig&) = default;
};

enum class DayKind : uint8_t {
  kWorkingDay,
  kWeeklyRest,          // a rest day of the calendar's week
  kHoliday,             // `holiday` itself
  kCompensatoryDayOff,  // nghỉ bù for `holiday`
  kSwappedDayOff,       // a weekday off in exchange for a worked rest day
  kDecidedDayOff,       // another day off by official decision
  kSwappedWorkingDay,   // a weekly rest day that is worked (làm bù)
};

struct DayInfo {
  CivilDate date;
  DayKind kind = DayKind::kWorkingDay;
  // For kHoliday, kCompensatoryDayOff: the holiday's key ("tet") and name
  // ("Tết Âm lịch") from the calendar's holiday table; empty otherwise.
  std::string holiday;
  std::string holiday_name;
  // From the year's official schedule (true) or from rules (false).
  bool official = false;
  // Official days: the cited decision. Rule days: the holiday's legal
  // source from the holiday table (compensatory days: Art. 111).
  std::string source;
  std::string note;  // the schedule's note, if any

  bool working() const {
    return kind == DayKind::kWorkingDay || kind == DayKind::kSwappedWorkingDay;
  }
};

// What ListDaysOff shows for one calendar and year.
struct YearDays {
  std::string calendar;
  int64_t calendar_version = 0;
  int year = 0;
  // True when an official schedule decided the year; false: rules.
  bool official_schedule = false;
  // Every date that is not a working day, and every weekly rest day that
  // is worked, in date order.
  std::vector<DayInfo> days;
};

class WorkingCalendar {
 public:
  // InvalidArgument on a bad config (empty name, no working weekday, empty
  // or overlapping hours, cut-off outside the day, Tết placement outside
  // 0..5, year range outside 1900..2199, a holiday table that fails
  // ValidateHolidays), on two schedules for one year, a schedule outside
  // the range, a schedule naming a holiday key the table does not define,
  // or a "work" day that is not a rest day.
  static Result<std::shared_ptr<const WorkingCalendar>> Create(
      CalendarConfig config, std::vector<OfficialSchedule> schedules,
      int64_t version);

  const std::string& name() const { return config_.name; }
  int64_t version() const { return version_; }
  const CalendarConfig& config() const { return config_; }
  const std::map<int, OfficialSchedule>& schedules() const {
    return schedules_;
  }
  bool HasOfficialSchedule(int year) const { return schedules_.contains(year); }
  // Working time in one working day (8 hours by default), microseconds.
  int64_t working_day_length() const { return day_length_; }

  bool Covers(CivilDate date) const;
  Result<DayInfo> Day(CivilDate date) const;
  Result<bool> IsWorkingDay(CivilDate date) const;
  Result<YearDays> DaysOff(int year) const;

  // The n-th working day after `date` (n >= 1); `date` itself for n == 0.
  Result<CivilDate> AddWorkingDays(CivilDate date, int n) const;
  // How many working days d satisfy from < d <= to (0 if to <= from).
  Result<int> WorkingDaysAfter(CivilDate from, CivilDate to) const;
  // Start of the first / end of the last working period of `date`.
  Instant StartOfWorkingDay(CivilDate date) const;
  Instant EndOfWorkingDay(CivilDate date) const;
  // `t` if it lies in working time, else the start of the next period.
  Result<Instant> NextWorkingInstant(Instant t) const;
  // Working time in [a, b), microseconds; negative when b < a.
  Result<int64_t> WorkingTimeBetween(Instant a, Instant b) const;
  // The earliest instant t >= from with WorkingTimeBetween(from, t) ==
  // micros (micros >= 0; 0 returns `from`).
  Result<Instant> AddWorkingTime(Instant from, int64_t micros) const;

 private:
  struct DayCode {
    DayKind kind = DayKind::kWorkingDay;
    int8_t holiday = -1;  // index in config_.holiday_rules.holidays, or -1
    bool official = false;
  };

  WorkingCalendar() = default;
  Status Build();
  int8_t HolidayIndex(std::string_view key) const;
  Result<int64_t> IndexOf(CivilDate date) const;
  // Working time from the start of the table to `t`.
  Result<int64_t> Cumulative(Instant t) const;
  int64_t WithinDay(int64_t time_of_day) const;
  DayInfo Describe(int64_t index) const;

  CalendarConfig config_;
  std::map<int, OfficialSchedule> schedules_;
  int64_t version_ = 0;
  int64_t day_length_ = 0;
  int64_t first_serial_ = 0;   // DaysFromCivil of 1 January first_year
  std::vector<DayCode> days_;  // one per date
  std::vector<int32_t> working_before_;  // working days before index i
};

std::string_view DayKindName(DayKind kind);

// What `schedule` leaves out of the holidays `config`'s rules give its year,
// one line per holiday key ("national_day: the rules give 2 days, the
// schedule marks 0"): per key, the schedule must mark at least as many days
// "holiday KEY" as the rules give holiday days (Labour Code 2019 Art.
// 112(1)). Where they fall is the government's choice (Tết 2027 is
// 04/02-10/02, not the rules' 05/02-11/02), so only the counts are checked.
// Empty when the schedule is complete. Requires a year the lunar calendar
// supports.
std::vector<std::string> MissingHolidays(const OfficialSchedule& schedule,
                                         const CalendarConfig& config);

}  // namespace motcua::engine

#include "engine/calendar/calendar_registry.h"

namespace motcua::engine {
namespace {

std::vector<OfficialSchedule> Values(std::map<int, OfficialSchedule> m) {
  std::vector<OfficialSchedule> out;
  out.reserve(m.size());
  for (auto& [year, schedule] : m) {
    out.push_back(std::move(schedule));
  }
  return out;
}

}  // namespace

Status CalendarRegistry::Add(CalendarConfig config) {
  if (calendars_.contains(config.name)) {
    return Error{ErrorCode::kAlreadyExists,
                 "calendar " + config.name +
                     " already exists; use Replace to change its config"};
  }
  Result<std::shared_ptr<const WorkingCalendar>> cal =
      WorkingCalendar::Create(config, {}, 1);
  if (!cal.ok()) {
    return cal.error();
  }
  calendars_.emplace(config.name, *std::move(cal));
  return {};
}

Status CalendarRegistry::Rebuild(const WorkingCalendar& old,
                                 CalendarConfig config,
                                 std::map<int, OfficialSchedule> schedules) {
  Result<std::shared_ptr<const WorkingCalendar>> cal = WorkingCalendar::Create(
      std::move(config), Values(std::move(schedules)), old.version() + 1);
  if (!cal.ok()) {
    return cal.error();
  }
  calendars_[old.name()] = *std::move(cal);
  return {};
}

Status CalendarRegistry::Replace(CalendarConfig config) {
  Result<std::shared_ptr<const WorkingCalendar>> old = Get(config.name);
  if (!old.ok()) {
    return old.error();
  }
  return Rebuild(**old, std::move(config), (*old)->schedules());
}

Status CalendarRegistry::Publish(std::string_view calendar,
                                 OfficialSchedule schedule) {
  Result<std::shared_ptr<const WorkingCalendar>> old = Get(calendar);
  if (!old.ok()) {
    return old.error();
  }
  std::map<int, OfficialSchedule> schedules = (*old)->schedules();
  auto it = schedules.find(schedule.year);
  if (it != schedules.end() && it->second == schedule) {
    return {};
  }
  schedules[schedule.year] = std::move(schedule);
  return Rebuild(**old, (*old)->config(), std::move(schedules));
}

Status CalendarRegistry::Withdraw(std::string_view calendar, int year) {
  Result<std::shared_ptr<const WorkingCalendar>> old = Get(calendar);
  if (!old.ok()) {
    return old.error();
  }
  std::map<int, OfficialSchedule> schedules = (*old)->schedules();
  if (schedules.erase(year) == 0) {
    return NotFound("calendar " + std::string(calendar) +
                    " has no official schedule for " + std::to_string(year));
  }
  return Rebuild(**old, (*old)->config(), std::move(schedules));
}

void CalendarRegistry::Put(std::shared_ptr<const WorkingCalendar> calendar) {
  calendars_[calendar->name()] = std::move(calendar);
}

Result<std::shared_ptr<const WorkingCalendar>> CalendarRegistry::Get(
    std::string_view calendar) const {
  auto it = calendars_.find(calendar);
  if (it == calendars_.end()) {
    return NotFound("calendar '" + std::string(calendar) +
                    "' is not configured; known calendars are listed by "
                    "Names(), add it before use");
  }
  return it->second;
}

std::vector<std::string> CalendarRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, cal] : calendars_) {
    names.push_back(name);
  }
  return names;
}

}  // namespace motcua::engine

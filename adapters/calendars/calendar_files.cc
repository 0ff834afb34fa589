#include "adapters/calendars/calendar_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/calendar/holiday_table.h"

namespace motcua::adapters {
namespace {

using engine::CalendarConfig;
using engine::InvalidArgument;
using engine::Result;
using json = nlohmann::json;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return engine::NotFound("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "HH:MM" -> minutes after midnight.
std::optional<int> ParseMinute(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

Result<CalendarConfig> ParseOne(const json& j, const std::string& where) {
  if (!j.is_object()) return InvalidArgument(where + ": must be an object");
  CalendarConfig c;
  auto bad = [&](const std::string& key, const std::string& why) {
    return InvalidArgument(where + "." + key + ": " + why);
  };
  for (const auto& [key, v] : j.items()) {
    if (key == "name") {
      if (!v.is_string() || v.get<std::string>().empty()) {
        return bad(key, "a non-empty string is required");
      }
      c.name = v.get<std::string>();
    } else if (key == "description") {
      if (!v.is_string()) return bad(key, "must be a string");
    } else if (key == "working_weekdays") {
      static const std::map<std::string, int> kDays = {
          {"mon", 0}, {"tue", 1}, {"wed", 2}, {"thu", 3},
          {"fri", 4}, {"sat", 5}, {"sun", 6}};
      if (!v.is_array()) return bad(key, "must be a list like [\"mon\", ...]");
      c.working_weekdays.fill(false);
      for (const auto& d : v) {
        auto it =
            d.is_string() ? kDays.find(d.get<std::string>()) : kDays.end();
        if (it == kDays.end()) return bad(key, "days are mon..sun");
        c.working_weekdays[it->second] = true;
      }
    } else if (key == "working_hours") {
      if (!v.is_array())
        return bad(key, "must be a list like [\"07:00-11:30\"]");
      c.working_hours.clear();
      for (const auto& p : v) {
        const std::string s = p.is_string() ? p.get<std::string>() : "";
        auto start = ParseMinute(s.substr(0, 5));
        auto end = s.size() == 11 && s[5] == '-' ? ParseMinute(s.substr(6))
                                                 : std::nullopt;
        if (!start || !end) return bad(key, "\"" + s + "\" is not HH:MM-HH:MM");
        c.working_hours.push_back({*start, *end});
      }
    } else if (key == "receipt_cutoff") {
      if (v.is_null()) {
        c.receipt_cutoff_minute.reset();
      } else {
        auto m =
            v.is_string() ? ParseMinute(v.get<std::string>()) : std::nullopt;
        if (!m) return bad(key, "must be \"HH:MM\" or null");
        c.receipt_cutoff_minute = *m;
      }
    } else if (key == "appointment_time") {
      const std::string s = v.is_string() ? v.get<std::string>() : "";
      if (s == "end_of_working_day") {
        c.appointment_time = engine::AppointmentTime::kEndOfWorkingDay;
      } else if (s == "same_time_of_day") {
        c.appointment_time = engine::AppointmentTime::kSameTimeOfDay;
      } else {
        return bad(key, "is end_of_working_day or same_time_of_day");
      }
    } else if (key == "tet_days_before_new_year") {
      if (!v.is_number_integer()) return bad(key, "must be an integer 0..5");
      c.holiday_rules.tet_days_before_new_year = v.get<int>();
    } else if (key == "national_day_extra") {
      const std::string s = v.is_string() ? v.get<std::string>() : "";
      if (s == "longest_break") {
        c.holiday_rules.national_day_extra =
            engine::NationalDayExtra::kLongestBreak;
      } else if (s == "september_1") {
        c.holiday_rules.national_day_extra =
            engine::NationalDayExtra::kSeptember1;
      } else if (s == "september_3") {
        c.holiday_rules.national_day_extra =
            engine::NationalDayExtra::kSeptember3;
      } else {
        return bad(key, "is longest_break, september_1 or september_3");
      }
    } else if (key == "compensate_rest_day_holidays") {
      if (!v.is_boolean()) return bad(key, "must be true or false");
      c.holiday_rules.compensate_rest_day_holidays = v.get<bool>();
    } else if (key == "first_year" || key == "last_year") {
      if (!v.is_number_integer()) return bad(key, "must be an integer");
      (key == "first_year" ? c.first_year : c.last_year) = v.get<int>();
    } else {
      return bad(key, "unknown key");
    }
  }
  if (c.name.empty()) return InvalidArgument(where + ".name: is required");
  return c;
}

}  // namespace

Result<std::vector<CalendarConfig>> ParseCalendarConfigs(
    const std::string& text, const std::string& origin) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return InvalidArgument(origin + ": not valid JSON");
  }
  if (!j.is_object() || !j.contains("calendars") ||
      !j["calendars"].is_array()) {
    return InvalidArgument(origin + ": expected {\"calendars\": [...]}");
  }
  std::vector<CalendarConfig> out;
  std::set<std::string> names;
  for (size_t i = 0; i < j["calendars"].size(); ++i) {
    auto c = ParseOne(j["calendars"][i],
                      origin + ": calendars[" + std::to_string(i) + "]");
    if (!c.ok()) return c.error();
    if (!names.insert(c->name).second) {
      return InvalidArgument(origin + ": calendar \"" + c->name +
                             "\" is defined twice");
    }
    out.push_back(std::move(*c));
  }
  return out;
}

Result<std::vector<engine::HolidayDefinition>> LoadHolidayTable(
    const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  auto table = engine::ParseHolidayTable(*text);
  if (!table.ok()) {
    return InvalidArgument(path + ": " + table.error().message);
  }
  return table;
}

Result<std::vector<CalendarConfig>> LoadCalendarConfigs(
    const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  auto configs = ParseCalendarConfigs(*text, path);
  if (!configs.ok()) return configs.error();
  const std::string holidays_path =
      (std::filesystem::path(path).parent_path() / "holidays.rules").string();
  auto holidays = LoadHolidayTable(holidays_path);
  if (!holidays.ok()) return holidays.error();
  for (CalendarConfig& c : *configs) c.holiday_rules.holidays = *holidays;
  return configs;
}

Result<std::vector<engine::OfficialSchedule>> LoadScheduleDir(
    const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".schedule") {
      files.push_back(entry.path());
    }
  }
  if (ec) return engine::NotFound("cannot list " + dir + ": " + ec.message());
  std::map<int, engine::OfficialSchedule> by_year;
  std::map<int, std::string> origin;
  for (const auto& path : files) {
    auto text = ReadFile(path.string());
    if (!text.ok()) return text.error();
    auto schedule = engine::ParseOfficialSchedule(*text);
    if (!schedule.ok()) {
      return InvalidArgument(path.string() + ": " + schedule.error().message);
    }
    const int year = schedule->year;
    if (origin.contains(year)) {
      return InvalidArgument(path.string() + ": year " + std::to_string(year) +
                             " is also scheduled by " + origin[year]);
    }
    origin[year] = path.string();
    by_year.emplace(year, std::move(*schedule));
  }
  std::vector<engine::OfficialSchedule> out;
  for (auto& [year, s] : by_year) out.push_back(std::move(s));
  return out;
}

}  // namespace motcua::adapters

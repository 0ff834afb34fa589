#include "runtime/calendar_book.h"

#include <algorithm>

#include "engine/common/fnv.h"
#include "engine/common/text.h"

namespace motcua::runtime {
namespace {

using engine::CalendarConfig;
using engine::OfficialSchedule;
using engine::Result;

using Fnv = engine::Fnv64;

std::vector<OfficialSchedule> Values(const std::map<int, OfficialSchedule>& m) {
  std::vector<OfficialSchedule> out;
  for (const auto& [year, s] : m) out.push_back(s);
  return out;
}

}  // namespace

uint64_t CalendarFingerprint(const CalendarConfig& c,
                             const std::map<int, OfficialSchedule>& schedules) {
  Fnv h;
  h.Bytes(c.name);
  for (bool d : c.working_weekdays) h.U64(d);
  h.U64(c.working_hours.size());
  for (const auto& p : c.working_hours) {
    h.U64(static_cast<uint64_t>(p.start_minute));
    h.U64(static_cast<uint64_t>(p.end_minute));
  }
  h.U64(c.receipt_cutoff_minute
            ? static_cast<uint64_t>(*c.receipt_cutoff_minute) + 1
            : 0);
  h.U64(static_cast<uint64_t>(c.appointment_time));
  h.U64(static_cast<uint64_t>(c.holiday_rules.tet_days_before_new_year));
  h.U64(static_cast<uint64_t>(c.holiday_rules.national_day_extra));
  h.U64(c.holiday_rules.compensate_rest_day_holidays);
  // The default table is left out so that calendars built before holidays
  // were data keep their digest (and version) while it is unchanged.
  const bool default_holidays =
      c.holiday_rules.holidays == engine::LabourCode2019Holidays();
  if (!default_holidays) h.U64(c.holiday_rules.holidays.size());
  for (const engine::HolidayDefinition& d :
       default_holidays ? std::vector<engine::HolidayDefinition>()
                        : c.holiday_rules.holidays) {
    h.Bytes(d.key);
    h.Bytes(d.name);
    h.U64(static_cast<uint64_t>(d.rule));
    h.U64(static_cast<uint64_t>(d.month * 100 + d.day));
    h.U64(static_cast<uint64_t>(d.days));
    h.Bytes(d.from ? engine::FormatDate(*d.from) : "");
    h.Bytes(d.until ? engine::FormatDate(*d.until) : "");
    h.U64(d.compensate);
    h.Bytes(d.source);
  }
  h.U64(static_cast<uint64_t>(c.first_year));
  h.U64(static_cast<uint64_t>(c.last_year));
  for (const auto& [year, s] : schedules) {
    h.Bytes(engine::FormatOfficialSchedule(s));
  }
  return h.value();
}

Result<std::unique_ptr<CalendarBook>> CalendarBook::Open(
    std::vector<CalendarConfig> configs, std::vector<OfficialSchedule> shipped,
    engine::CalendarStore& store) {
  auto publications = store.ListPublications();
  if (!publications.ok()) return publications.error();
  auto stored_versions = store.ListCalendarVersions();
  if (!stored_versions.ok()) return stored_versions.error();
  std::map<std::string, engine::CalendarVersionRecord> versions;
  for (auto& v : *stored_versions) versions[v.calendar] = v;

  std::unique_ptr<CalendarBook> book(new CalendarBook(store));
  auto registry = std::make_shared<engine::CalendarRegistry>();
  std::vector<engine::CalendarVersionRecord> to_save;
  for (CalendarConfig& config : configs) {
    std::map<int, OfficialSchedule> schedules;
    for (const OfficialSchedule& s : shipped) {
      if (s.year >= config.first_year && s.year <= config.last_year) {
        schedules[s.year] = s;
      }
    }
    for (const auto& p : *publications) {
      if (p.calendar != config.name) continue;
      if (!p.text) {
        schedules.erase(p.year);
        continue;
      }
      auto parsed = engine::ParseOfficialSchedule(*p.text);
      if (!parsed.ok()) {
        return engine::Internal("stored schedule " + std::to_string(p.year) +
                                " of calendar " + p.calendar +
                                " no longer parses: " + parsed.error().message);
      }
      schedules[p.year] = std::move(*parsed);
    }
    const uint64_t fingerprint = CalendarFingerprint(config, schedules);
    int64_t version = 1;
    if (auto it = versions.find(config.name); it != versions.end()) {
      version =
          it->second.version + (it->second.fingerprint == fingerprint ? 0 : 1);
    }
    if (!versions.contains(config.name) ||
        versions[config.name].version != version) {
      to_save.push_back({config.name, version, fingerprint});
    }
    const std::string name = config.name;
    auto cal = engine::WorkingCalendar::Create(std::move(config),
                                               Values(schedules), version);
    if (!cal.ok()) {
      return engine::InvalidArgument("calendar " + name + ": " +
                                     cal.error().message);
    }
    registry->Put(std::move(*cal));
  }
  if (!to_save.empty()) {
    if (engine::Status s = store.SaveCalendarChanges({}, to_save); !s.ok()) {
      return s.error();
    }
  }
  book->calendars_ = std::move(registry);
  return book;
}

std::shared_ptr<const engine::CalendarRegistry> CalendarBook::Snapshot() const {
  std::lock_guard lock(read_mu_);
  return calendars_;
}

Result<CalendarBook::CalendarPtr> CalendarBook::Get(
    std::string_view name) const {
  auto registry = Snapshot();
  auto cal = registry->Get(name);
  if (cal.ok()) return *cal;
  std::string known;
  for (const std::string& n : registry->Names()) {
    known += (known.empty() ? "" : ", ") + n;
  }
  return engine::NotFound("calendar " + engine::QuoteText(name) +
                          " is not configured (known: " + known + ")");
}

std::vector<CalendarBook::CalendarPtr> CalendarBook::All() const {
  auto registry = Snapshot();
  std::vector<CalendarPtr> out;
  for (const std::string& n : registry->Names())
    out.push_back(*registry->Get(n));
  return out;
}

Result<std::vector<CalendarChange>> CalendarBook::Publish(
    const std::vector<std::string>& calendars, const OfficialSchedule& schedule,
    bool force, bool dry_run) {
  return Change(calendars, schedule.year, &schedule, force, dry_run);
}

Result<std::vector<CalendarChange>> CalendarBook::Withdraw(
    const std::vector<std::string>& calendars, int year) {
  return Change(calendars, year, nullptr, false, false);
}

Result<std::vector<CalendarChange>> CalendarBook::Change(
    const std::vector<std::string>& calendars, int year,
    const OfficialSchedule* schedule, bool force, bool dry_run) {
  std::lock_guard writer(writer_mu_);
  auto current = Snapshot();
  std::vector<std::string> names = calendars;
  if (names.empty()) names = current->Names();
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  auto next = std::make_shared<engine::CalendarRegistry>(*current);
  std::vector<CalendarChange> changes;
  std::vector<engine::SchedulePublication> publications;
  std::vector<engine::CalendarVersionRecord> versions;
  const std::optional<std::string> text =
      schedule ? std::optional(engine::FormatOfficialSchedule(*schedule))
               : std::nullopt;
  for (const std::string& name : names) {
    auto old = Get(name);
    if (!old.ok()) return old.error();
    const engine::WorkingCalendar& cal = **old;
    std::map<int, OfficialSchedule> schedules = cal.schedules();
    if (schedule && !force && cal.Covers({year, 1, 1})) {
      const std::vector<std::string> missing =
          engine::MissingHolidays(*schedule, cal.config());
      if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing) {
          list += (list.empty() ? "" : "; ") + m;
        }
        return engine::FailedPrecondition(
            "cannot publish the " + std::to_string(year) +
            " schedule to calendar " + name +
            ": it leaves out public holidays (Labour Code 2019 Art. 112(1)): " +
            list + "; complete it, or publish with force if the law changed");
      }
    }
    if (schedule) {
      auto it = schedules.find(year);
      if (it != schedules.end() && it->second == *schedule) {
        changes.push_back({name, cal.version(), false, *old, *old});
        continue;
      }
      schedules[year] = *schedule;
    } else if (schedules.erase(year) == 0) {
      changes.push_back({name, cal.version(), false, *old, *old});
      continue;
    }
    const int64_t version = cal.version() + 1;
    auto rebuilt = engine::WorkingCalendar::Create(cal.config(),
                                                   Values(schedules), version);
    if (!rebuilt.ok()) {
      return engine::InvalidArgument("calendar " + name + ": " +
                                     rebuilt.error().message);
    }
    publications.push_back({name, year, text});
    versions.push_back(
        {name, version, CalendarFingerprint(cal.config(), schedules)});
    changes.push_back({name, version, true, *old, *rebuilt});
    next->Put(std::move(*rebuilt));
  }
  if (!publications.empty() && !dry_run) {
    if (engine::Status s = store_.SaveCalendarChanges(publications, versions);
        !s.ok()) {
      return s.error();
    }
    std::lock_guard lock(read_mu_);
    calendars_ = std::move(next);
  }
  return changes;
}

}  // namespace motcua::runtime

#include "engine/calendar/official_schedule.h"

#include <algorithm>
#include <map>

#include "engine/calendar/line_fields.h"
#include "engine/calendar/lunar_calendar.h"
#include "engine/common/text.h"

namespace motcua::engine {
namespace {

using line_fields::IsHolidayKey;
using line_fields::IsValidSourceId;
using line_fields::NextField;
using line_fields::ParseDate;
using line_fields::ParseDigits;
using line_fields::Trim;

std::string_view KindKeyword(ScheduleDayKind kind) {
  switch (kind) {
    case ScheduleDayKind::kHoliday:
      return "holiday";
    case ScheduleDayKind::kCompensatoryDayOff:
      return "compensatory";
    case ScheduleDayKind::kSwappedDayOff:
      return "swapped";
    case ScheduleDayKind::kDecidedDayOff:
      return "decided";
    case ScheduleDayKind::kSwappedWorkingDay:
      return "work";
  }
  return "?";
}

class Parser {
 public:
  Result<OfficialSchedule> Parse(std::string_view text) {
    int line_no = 0;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view()
                                          : text.substr(nl + 1);
      ++line_no;
      line_ = line_no;
      line = Trim(line);
      if (line.empty() || line.front() == '#') {
        continue;
      }
      // Messages quote the line's words: they must stay valid UTF-8.
      if (!IsWellFormedUtf8(line)) {
        return Fail("not UTF-8; save the schedule as UTF-8");
      }
      Status status = ParseLine(line);
      if (!status.ok()) {
        return status.error();
      }
    }
    if (schedule_.year == 0) {
      return InvalidArgument(
          "official schedule: no 'year YYYY' line; add one before the "
          "entries");
    }
    for (const auto& [serial, day] : days_) {
      if (schedule_.FindSource(day.source_id) == nullptr) {
        return InvalidArgument(
            "official schedule " + std::to_string(schedule_.year) + ": " +
            FormatDate(day.date) + " cites source '" + day.source_id +
            "', which no 'source' line declares");
      }
      schedule_.days.push_back(day);
    }
    return std::move(schedule_);
  }

 private:
  Error Fail(const std::string& what) const {
    return InvalidArgument("official schedule line " + std::to_string(line_) +
                           ": " + what);
  }

  Status ParseLine(std::string_view line) {
    // Notes and citations are printed to desks and citizens: no NUL,
    // control or bidi-control characters (tabs separate fields).
    std::string printable(line);
    std::replace(printable.begin(), printable.end(), '\t', ' ');
    if (Status s = ValidateText(printable, "text", 0, 2000); !s.ok()) {
      return Fail(s.error().message);
    }
    const std::string_view directive = NextField(line);
    if (directive == "year") {
      return ParseYear(line);
    }
    if (schedule_.year == 0) {
      return Fail("'" + std::string(directive) +
                  "' before the 'year' line; the file must start with "
                  "'year YYYY'");
    }
    if (directive == "source") {
      return ParseSource(line);
    }
    if (directive == "off") {
      return ParseEntry(line, /*work=*/false);
    }
    if (directive == "work") {
      return ParseEntry(line, /*work=*/true);
    }
    return Fail("unknown directive '" + std::string(directive) +
                "'; expected year, source, off or work");
  }

  Status ParseYear(std::string_view rest) {
    if (schedule_.year != 0) {
      return Fail("a second 'year' line");
    }
    const std::string_view field = NextField(rest);
    const auto year = ParseDigits(field);
    if (!year || field.size() != 4 || !rest.empty()) {
      return Fail("expected 'year YYYY', found 'year " + std::string(field) +
                  (rest.empty() ? "" : " ") + std::string(rest) + "'");
    }
    if (*year < kFirstLunarSupportedYear || *year > kLastLunarSupportedYear) {
      return Fail("year " + std::to_string(*year) + " is outside 1900..2199");
    }
    schedule_.year = *year;
    return {};
  }

  Status ParseSource(std::string_view rest) {
    const std::string_view id = NextField(rest);
    if (!IsValidSourceId(id)) {
      return Fail("source id '" + std::string(id) +
                  "' must be letters, digits and ._-/");
    }
    if (rest.empty()) {
      return Fail("source " + std::string(id) +
                  " has no citation; write the decision's number and date");
    }
    if (schedule_.FindSource(id) != nullptr) {
      return Fail("source " + std::string(id) + " is declared twice");
    }
    schedule_.sources.push_back({std::string(id), std::string(rest)});
    return {};
  }

  Status ParseEntry(std::string_view rest, bool work) {
    const std::string_view dates = NextField(rest);
    const size_t dots = dates.find("..");
    const auto first = ParseDate(dates.substr(0, dots));
    const auto last = dots == std::string_view::npos
                          ? first
                          : ParseDate(dates.substr(dots + 2));
    if (!first || !last) {
      return Fail("'" + std::string(dates) +
                  "' is not a date (YYYY-MM-DD) or a range "
                  "(YYYY-MM-DD..YYYY-MM-DD)");
    }
    if (first->year != schedule_.year || last->year != schedule_.year) {
      return Fail(std::string(dates) + " is outside the schedule's year " +
                  std::to_string(schedule_.year));
    }
    if (*last < *first) {
      return Fail("range " + std::string(dates) + " ends before it starts");
    }
    ScheduleDay day;
    if (work) {
      day.kind = ScheduleDayKind::kSwappedWorkingDay;
    } else {
      const std::string_view kind = NextField(rest);
      if (kind == "holiday" || kind == "compensatory") {
        day.kind = kind == "holiday" ? ScheduleDayKind::kHoliday
                                     : ScheduleDayKind::kCompensatoryDayOff;
        const std::string_view keyword = NextField(rest);
        if (!IsHolidayKey(keyword)) {
          return Fail("holiday '" + std::string(keyword) +
                      "' is not a holiday key ([a-z][a-z0-9_]*, e.g. tet, "
                      "national_day; the calendar's holiday table lists "
                      "them)");
        }
        day.holiday = std::string(keyword);
      } else if (kind == "swapped") {
        day.kind = ScheduleDayKind::kSwappedDayOff;
      } else if (kind == "decided") {
        day.kind = ScheduleDayKind::kDecidedDayOff;
      } else {
        return Fail("unknown kind of day off '" + std::string(kind) +
                    "'; expected holiday, compensatory, swapped or decided");
      }
    }
    const std::string_view source = NextField(rest);
    if (!IsValidSourceId(source)) {
      return Fail("missing source id after " + std::string(dates) +
                  "; every entry cites a declared source");
    }
    day.source_id = std::string(source);
    day.note = std::string(rest);
    for (int64_t d = DaysFromCivil(*first); d <= DaysFromCivil(*last); ++d) {
      day.date = CivilFromDays(d);
      if (!days_.emplace(d, day).second) {
        return Fail(FormatDate(day.date) +
                    " is listed twice; list each date once");
      }
    }
    return {};
  }

  int line_ = 0;
  OfficialSchedule schedule_;
  std::map<int64_t, ScheduleDay> days_;
};

}  // namespace

const ScheduleSource* OfficialSchedule::FindSource(std::string_view id) const {
  for (const ScheduleSource& source : sources) {
    if (source.id == id) {
      return &source;
    }
  }
  return nullptr;
}

Result<OfficialSchedule> ParseOfficialSchedule(std::string_view text) {
  return Parser().Parse(text);
}

std::string FormatOfficialSchedule(const OfficialSchedule& schedule) {
  std::string out = "year " + std::to_string(schedule.year) + "\n";
  for (const ScheduleSource& source : schedule.sources) {
    out += "source " + source.id + " " + source.citation + "\n";
  }
  for (const ScheduleDay& day : schedule.days) {
    if (day.kind == ScheduleDayKind::kSwappedWorkingDay) {
      out += "work " + FormatDate(day.date);
    } else {
      out += "off " + FormatDate(day.date) + " ";
      out += KindKeyword(day.kind);
      if (!day.holiday.empty()) {
        out += " " + day.holiday;
      }
    }
    out += " " + day.source_id;
    if (!day.note.empty()) {
      out += " " + day.note;
    }
    out += "\n";
  }
  return out;
}

}  // namespace motcua::engine

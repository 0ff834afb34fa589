#include "engine/calendar/holiday_table.h"

#include <map>

#include "engine/calendar/line_fields.h"
#include "engine/common/text.h"

namespace motcua::engine {
namespace {

using line_fields::IsHolidayKey;
using line_fields::IsValidSourceId;
using line_fields::NextField;
using line_fields::ParseDate;
using line_fields::ParseDigits;
using line_fields::Trim;

class Parser {
 public:
  Result<std::vector<HolidayDefinition>> Parse(std::string_view text) {
    int line_no = 0;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view()
                                          : text.substr(nl + 1);
      line_ = ++line_no;
      line = Trim(line);
      if (line.empty() || line.front() == '#') {
        continue;
      }
      // Messages quote the line's words: they must stay valid UTF-8.
      if (!IsWellFormedUtf8(line)) {
        return Fail("not UTF-8; save the rules as UTF-8");
      }
      if (Status s = ParseLine(line); !s.ok()) {
        return s.error();
      }
    }
    if (Status s = ValidateHolidays(holidays_); !s.ok()) {
      return s.error();
    }
    return std::move(holidays_);
  }

 private:
  Error Fail(const std::string& what) const {
    return InvalidArgument("holidays line " + std::to_string(line_) + ": " +
                           what);
  }
  Error FailField(std::string_view field, std::string_view found,
                  const std::string& want) const {
    return Fail("field '" + std::string(field) + "': '" + std::string(found) +
                "' is not " + want);
  }

  Status ParseLine(std::string_view rest) {
    const std::string_view directive = NextField(rest);
    if (directive == "source") {
      return ParseSource(rest);
    }
    if (directive == "holiday") {
      return ParseHoliday(rest);
    }
    return Fail("unknown directive '" + std::string(directive) +
                "'; expected source or holiday");
  }

  Status ParseSource(std::string_view rest) {
    const std::string_view id = NextField(rest);
    if (!IsValidSourceId(id)) {
      return FailField("id", id, "letters, digits and ._-/");
    }
    if (rest.empty()) {
      return Fail("source " + std::string(id) +
                  " has no citation; write the text's number, date and issuer");
    }
    if (!sources_.emplace(std::string(id), std::string(rest)).second) {
      return Fail("source " + std::string(id) + " is declared twice");
    }
    return {};
  }

  // MM-DD into month/day.
  Status ParseMonthDay(std::string_view field, std::string_view s,
                       HolidayDefinition& h) {
    const auto m = s.size() == 5 && s[2] == '-' ? ParseDigits(s.substr(0, 2))
                                                : std::nullopt;
    const auto d = s.size() == 5 ? ParseDigits(s.substr(3, 2)) : std::nullopt;
    if (!m || !d) {
      return FailField(field, s, "a month and day MM-DD");
    }
    h.month = *m;
    h.day = *d;
    return {};
  }

  Status ParseHoliday(std::string_view rest) {
    HolidayDefinition h;
    const std::string_view key = NextField(rest);
    if (!IsHolidayKey(key)) {
      return FailField("key", key, "a holiday key [a-z][a-z0-9_]*");
    }
    h.key = std::string(key);
    const std::string_view rule = NextField(rest);
    if (rule == "solar" || rule == "lunar" || rule == "solar_adjacent") {
      h.rule = rule == "solar"   ? HolidayDateRule::kSolar
               : rule == "lunar" ? HolidayDateRule::kLunar
                                 : HolidayDateRule::kSolarWithAdjacent;
      if (Status s = ParseMonthDay("date", NextField(rest), h); !s.ok()) {
        return s;
      }
    } else if (rule == "lunar_new_year") {
      h.rule = HolidayDateRule::kLunarNewYear;
    } else {
      return FailField("rule", rule,
                       "solar, lunar, lunar_new_year or solar_adjacent");
    }
    if (const std::string_view word = NextField(rest); word != "days") {
      return FailField("days", word, "'days N'");
    }
    const std::string_view days = NextField(rest);
    const auto n = ParseDigits(days);
    if (!n || *n < 1 || *n > 10) {
      return FailField("days", days, "1..10");
    }
    h.days = *n;
    std::string_view word = NextField(rest);
    for (const char* bound : {"from", "until"}) {
      if (word != bound) {
        continue;
      }
      const std::string_view date = NextField(rest);
      const auto d = ParseDate(date);
      if (!d) {
        return FailField(bound, date, "a date YYYY-MM-DD");
      }
      (word == "from" ? h.from : h.until) = *d;
      word = NextField(rest);
    }
    if (word == "compensate" || word == "no_compensate") {
      h.compensate = word == "compensate";
    } else {
      return FailField("compensate", word,
                       "compensate or no_compensate (after days, from, "
                       "until)");
    }
    const std::string_view source = NextField(rest);
    auto it = sources_.find(std::string(source));
    if (it == sources_.end()) {
      return FailField("source", source,
                       "a source id declared by an earlier 'source' line");
    }
    h.source = it->second;
    if (rest.empty()) {
      return Fail(
          "field 'name': missing; end the line with the holiday's "
          "Vietnamese name");
    }
    h.name = std::string(rest);
    for (const HolidayDefinition& other : holidays_) {
      if (other.key == h.key) {
        return Fail("holiday '" + h.key + "' is defined twice");
      }
    }
    if (Status s = ValidateHolidays({h}); !s.ok()) {
      return Fail(s.error().message);
    }
    holidays_.push_back(std::move(h));
    return {};
  }

  int line_ = 0;
  std::map<std::string, std::string> sources_;
  std::vector<HolidayDefinition> holidays_;
};

}  // namespace

Result<std::vector<HolidayDefinition>> ParseHolidayTable(
    std::string_view text) {
  return Parser().Parse(text);
}

}  // namespace motcua::engine

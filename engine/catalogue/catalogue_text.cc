#include "engine/catalogue/catalogue_text.h"

#include <charconv>
#include <set>
#include <vector>

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t i = s.find(sep);
    out.push_back(Trim(s.substr(0, i)));
    if (i == std::string_view::npos) return out;
    s.remove_prefix(i + 1);
  }
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::string_view w : Split(s, ' ')) {
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

template <class T>
bool ParseInt(std::string_view s, T& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

std::optional<CivilDate> ParseDate(std::string_view s) {
  CivilDate d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' ||
      !ParseInt(s.substr(0, 4), d.year) || !ParseInt(s.substr(5, 2), d.month) ||
      !ParseInt(s.substr(8, 2), d.day) || !IsValidCivilDate(d)) {
    return std::nullopt;
  }
  return d;
}

class Parser {
 public:
  Result<CatalogueData> Run(std::string_view text) {
    int line_no = 0;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      const std::string_view line = Trim(text.substr(0, nl));
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      ++line_no;
      line_ = line_no;
      if (line.empty() || line.front() == '#') continue;
      // Messages quote the line's words: they must stay valid UTF-8.
      if (!IsWellFormedUtf8(line)) return Fail("not UTF-8; save as UTF-8");
      Status s = line.front() == '[' ? Header(line) : KeyValue(line);
      if (!s.ok()) return s.error();
    }
    if (Status s = Finish(); !s.ok()) return s.error();
    return std::move(data_);
  }

 private:
  enum class Kind { kNone, kAgency, kProcedure };

  Error Fail(std::string_view what) const {
    return InvalidArgument("line " + std::to_string(line_) + ": " +
                           (section_.empty() ? "" : section_ + ": ") +
                           std::string(what));
  }

  Status Finish() {
    if (kind_ == Kind::kNone) return {};
    const std::vector<std::string_view> required =
        kind_ == Kind::kAgency
            ? std::vector<std::string_view>{"name", "level", "calendar"}
            : std::vector<std::string_view>{"name",   "field",
                                            "level",  "effective_from",
                                            "budget", "channels"};
    for (std::string_view key : required) {
      if (!seen_.contains(std::string(key))) {
        line_ = section_line_;
        return Fail("missing key \"" + std::string(key) + "\"");
      }
    }
    kind_ = Kind::kNone;
    return {};
  }

  Status Header(std::string_view line) {
    if (Status s = Finish(); !s.ok()) return s;
    if (line.back() != ']') return Fail("a section header ends with ']'");
    const std::vector<std::string_view> w =
        Words(line.substr(1, line.size() - 2));
    section_ = std::string(line);
    section_line_ = line_;
    seen_.clear();
    if (w.size() == 2 && w[0] == "agency") {
      kind_ = Kind::kAgency;
      data_.agencies.push_back({});
      data_.agencies.back().code = std::string(w[1]);
      return {};
    }
    int version = 0;
    if (w.size() == 3 && w[0] == "procedure" && ParseInt(w[2], version)) {
      kind_ = Kind::kProcedure;
      data_.procedures.push_back({});
      data_.procedures.back().code = std::string(w[1]);
      data_.procedures.back().version = version;
      return {};
    }
    return Fail("expected [agency CODE] or [procedure CODE VERSION]");
  }

  Status KeyValue(std::string_view line) {
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Fail("expected key = value");
    const std::string key(Trim(line.substr(0, eq)));
    const std::string_view value = Trim(line.substr(eq + 1));
    if (kind_ == Kind::kNone)
      return Fail("key \"" + key + "\" before any section");
    const bool repeatable = key == "fee" || key == "step";
    if (!repeatable && !seen_.insert(key).second) {
      return Fail("key \"" + key + "\" given twice");
    }
    return kind_ == Kind::kAgency ? AgencyKey(key, value)
                                  : ProcedureKey(key, value);
  }

  Status AgencyKey(const std::string& key, std::string_view v) {
    Agency& a = data_.agencies.back();
    if (key == "name") {
      a.name = std::string(v);
    } else if (key == "level") {
      auto l = ParseAgencyLevel(v);
      if (!l) return Fail("unknown agency level \"" + std::string(v) + "\"");
      a.level = *l;
    } else if (key == "parent") {
      a.parent_code = std::string(v);
    } else if (key == "valid_from" || key == "valid_until") {
      auto d = ParseDate(v);
      if (!d) return Fail(key + ": expected YYYY-MM-DD");
      (key == "valid_from" ? a.valid_from : a.valid_until.emplace()) = *d;
    } else if (key == "successors") {
      for (std::string_view w : Words(v)) a.successors.emplace_back(w);
    } else if (key == "calendar") {
      a.calendar = std::string(v);
    } else if (key == "revision") {
      if (!ParseInt(v, a.revision)) return Fail("revision: expected a number");
    } else {
      return Fail("unknown key \"" + key + "\"");
    }
    return {};
  }

  Status ProcedureKey(const std::string& key, std::string_view v) {
    Procedure& p = data_.procedures.back();
    if (key == "name") {
      p.name = std::string(v);
    } else if (key == "field") {
      const auto parts = Split(v, '|');
      if (parts.size() != 2) return Fail("field: expected CODE | NAME");
      p.field_code = std::string(parts[0]);
      p.field_name = std::string(parts[1]);
    } else if (key == "level") {
      auto l = ParseProcedureLevel(v);
      if (!l) return Fail("unknown procedure level \"" + std::string(v) + "\"");
      p.level = *l;
    } else if (key == "effective_from" || key == "effective_until") {
      auto d = ParseDate(v);
      if (!d) return Fail(key + ": expected YYYY-MM-DD");
      (key == "effective_from" ? p.effective_from
                               : p.effective_until.emplace()) = *d;
    } else if (key == "budget") {
      auto b = ParseBudgetText(v);
      if (!b)
        return Fail(
            "budget: expected \"N working_days\", \"N working_hours\", "
            "\"N calendar_days\" or \"same_day\"");
      p.budget = *b;
    } else if (key == "receipt_cutoff") {
      const auto parts = Split(v, ':');
      int hh = -1;
      int mm = -1;
      if (parts.size() != 2 || parts[0].size() != 2 || parts[1].size() != 2 ||
          !ParseInt(parts[0], hh) || !ParseInt(parts[1], mm) || hh < 0 ||
          hh > 23 || mm < 0 || mm > 59) {
        return Fail("receipt_cutoff: expected HH:MM (e.g. 15:00)");
      }
      p.receipt_cutoff_minute = hh * 60 + mm;
    } else if (key == "channels") {
      p.channels = {false, false, false};
      for (std::string_view w : Words(v)) {
        if (w == "direct") {
          p.channels.direct = true;
        } else if (w == "postal") {
          p.channels.postal = true;
        } else if (w == "online") {
          p.channels.online = true;
        } else {
          return Fail("unknown channel \"" + std::string(w) + "\"");
        }
      }
    } else if (key == "result_by_post") {
      if (v != "yes" && v != "no") return Fail("result_by_post: yes or no");
      p.result_by_post = v == "yes";
    } else if (key == "fee") {
      const auto parts = Split(v, '|');
      int64_t amount = 0;
      if (parts.size() != 2 || !ParseInt(parts[1], amount)) {
        return Fail("fee: expected NAME | AMOUNT_VND");
      }
      p.fees.push_back({std::string(parts[0]), amount});
    } else if (key == "step") {
      const auto parts = Split(v, '|');
      std::optional<Budget> b;
      if (parts.size() != 3 || !(b = ParseBudgetText(parts[2]))) {
        return Fail("step: expected ROLE | AGENCY | BUDGET");
      }
      p.steps.push_back({std::string(parts[0]), std::string(parts[1]), *b});
    } else {
      return Fail("unknown key \"" + key + "\"");
    }
    return {};
  }

  CatalogueData data_;
  Kind kind_ = Kind::kNone;
  std::string section_;
  int section_line_ = 0;
  int line_ = 0;
  std::set<std::string> seen_;
};

}  // namespace

std::optional<Budget> ParseBudgetText(std::string_view text) {
  const std::vector<std::string_view> w = Words(text);
  if (w.size() == 1 && w[0] == "same_day") return Budget::SameDay();
  int n = 0;
  if (w.size() != 2 || !ParseInt(w[0], n)) return std::nullopt;
  if (w[1] == "working_days") return Budget::WorkingDays(n);
  if (w[1] == "working_hours") return Budget::WorkingHours(n);
  if (w[1] == "calendar_days") return Budget::CalendarDays(n);
  return std::nullopt;
}

Result<CatalogueData> ParseCatalogueText(std::string_view text) {
  return Parser().Run(text);
}

}  // namespace motcua::engine

// Fields of the line-oriented calendar data formats (official schedules,
// the holiday table): blank-separated fields, ISO dates, source ids.
//
// Thread safety: pure functions.
#pragma once

#include <algorithm>
#include <optional>
#include <string_view>

#include "engine/common/civil_time.h"

namespace motcua::engine::line_fields {

inline bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && IsBlank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits off the next blank-separated field of `rest`.
inline std::string_view NextField(std::string_view& rest) {
  rest = Trim(rest);
  size_t end = 0;
  while (end < rest.size() && !IsBlank(rest[end])) {
    ++end;
  }
  std::string_view field = rest.substr(0, end);
  rest = Trim(rest.substr(end));
  return field;
}

// 1..4 decimal digits.
inline std::optional<int> ParseDigits(std::string_view s) {
  if (s.empty() || s.size() > 4) {
    return std::nullopt;
  }
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

// YYYY-MM-DD, a real date.
inline std::optional<CivilDate> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return std::nullopt;
  }
  const auto y = ParseDigits(s.substr(0, 4));
  const auto m = ParseDigits(s.substr(5, 2));
  const auto d = ParseDigits(s.substr(8, 2));
  if (!y || !m || !d) {
    return std::nullopt;
  }
  const CivilDate date{*y, *m, *d};
  if (!IsValidCivilDate(date)) {
    return std::nullopt;
  }
  return date;
}

// Letters, digits and ._-/ (a decision's short id: "VPCP12729").
inline bool IsValidSourceId(std::string_view id) {
  if (id.empty()) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
           c == '/';
  });
}

// A holiday key: [a-z][a-z0-9_]* ("tet", "culture_day").
inline bool IsHolidayKey(std::string_view key) {
  if (key.empty() || key.front() < 'a' || key.front() > 'z') {
    return false;
  }
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace motcua::engine::line_fields

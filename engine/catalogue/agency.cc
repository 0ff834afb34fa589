#include "engine/catalogue/agency.h"

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"

namespace motcua::engine {
namespace {

constexpr std::string_view kLevelNames[kAgencyLevelCount] = {
    "central", "province",       "department", "district",
    "commune", "service_centre", "other"};

std::string Field(std::string_view field, std::string_view member) {
  return std::string(field) + "." + std::string(member);
}

}  // namespace

std::string_view AgencyLevelName(AgencyLevel level) {
  return kLevelNames[static_cast<int>(level)];
}

std::optional<AgencyLevel> ParseAgencyLevel(std::string_view name) {
  for (int i = 0; i < kAgencyLevelCount; ++i) {
    if (kLevelNames[i] == name) return static_cast<AgencyLevel>(i);
  }
  return std::nullopt;
}

bool SameAgencyContent(const Agency& a, const Agency& b) {
  Agency b_at_a = b;
  b_at_a.revision = a.revision;
  return a == b_at_a;
}

Status ValidateAgency(const Agency& a, std::string_view field) {
  if (auto f = ParseAgencyCode(a.code, Field(field, "code")); !f.ok()) {
    return f.error();
  }
  if (Status s = ValidateText(a.name, Field(field, "name"), 1, 300); !s.ok()) {
    return s;
  }
  if (!a.parent_code.empty()) {
    if (auto f = ParseAgencyCode(a.parent_code, Field(field, "parent_code"));
        !f.ok()) {
      return f.error();
    }
    if (a.parent_code == a.code) {
      return InvalidArgument(Field(field, "parent_code") +
                             ": an agency cannot be its own parent");
    }
  }
  if (a.revision < 1 || a.revision > 1'000'000) {
    return InvalidArgument(Field(field, "revision") + ": 1..1000000");
  }
  if (static_cast<int>(a.level) >= kAgencyLevelCount) {
    return InvalidArgument(Field(field, "level") + ": unknown level");
  }
  if (!IsValidCivilDate(a.valid_from)) {
    return InvalidArgument(Field(field, "valid_from") + ": not a date");
  }
  if (a.valid_until) {
    if (!IsValidCivilDate(*a.valid_until)) {
      return InvalidArgument(Field(field, "valid_until") + ": not a date");
    }
    if (*a.valid_until <= a.valid_from) {
      return InvalidArgument(
          Field(field, "valid_until") + ": " + FormatDate(*a.valid_until) +
          " is not after valid_from " + FormatDate(a.valid_from) +
          " (the period is [valid_from, valid_until))");
    }
  }
  if (!a.successors.empty() && !a.valid_until) {
    return InvalidArgument(Field(field, "successors") +
                           ": an agency with successors must have "
                           "valid_until (the day they take over)");
  }
  for (size_t i = 0; i < a.successors.size(); ++i) {
    const std::string f = Field(field, "successors[" + std::to_string(i) + "]");
    if (auto r = ParseAgencyCode(a.successors[i], f); !r.ok()) {
      return r.error();
    }
    if (a.successors[i] == a.code) {
      return InvalidArgument(f + ": an agency cannot succeed itself");
    }
  }
  if (!IsToken(a.calendar, 64)) {
    return InvalidArgument(Field(field, "calendar") +
                           ": required, the name of a working calendar "
                           "(1..64 characters of [A-Za-z0-9._:-])");
  }
  return {};
}

}  // namespace motcua::engine

// Agency (cơ quan, đơn vị): who receives and processes dossiers.
//
// Model. An agency is identified by its national code in either format
// (engine/dossier/identifiers.h: QCVN 102:2016 "000.00.31.H12" or Decision
// 20/2020 "H55.242"); the format is not a property of the agency, only of
// how its code is spelled. Each entry has a validity period
// [valid_from, valid_until) of Vietnamese civil dates; merged or split
// agencies (the 2025 reorganisation) keep their entry with valid_until set
// and name their successors, so old dossiers keep their original agency code
// and lookups on a later date can say where the work went.
//
// Ambiguous cases, answered:
//  - valid_until is exclusive: an agency merged "from 2025-07-01" has
//    valid_until = 2025-07-01 and is not valid on that day.
//  - An agency with successors but no valid_until is invalid: a successor
//    only makes sense once the agency stops.
//  - revision counts the agency's versions (1 = as first entered). Changing
//    an existing agency at run time (name, calendar, validity, successors)
//    must name the next revision: a changed calendar moves every later
//    appointment, so it is never a silent rewrite (runtime/catalogue_book.h).
//  - The district level (cấp huyện) exists for entries before 2025-07-01;
//    the catalogue does not forbid it later, the data simply has none.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

enum class AgencyLevel : uint8_t {
  kCentral,        // bộ, ngành trung ương
  kProvince,       // UBND tỉnh / thành phố trực thuộc trung ương
  kDepartment,     // sở, ban, ngành cấp tỉnh
  kDistrict,       // UBND cấp huyện (until 2025-06-30)
  kCommune,        // UBND xã, phường, đặc khu
  kServiceCentre,  // trung tâm phục vụ hành chính công (one-stop desk)
  kOther,  // chi nhánh, đơn vị trực thuộc (thuế, đất đai, ...)
};
inline constexpr int kAgencyLevelCount = 7;
// "province", "department", ...; ParseAgencyLevel is the inverse.
std::string_view AgencyLevelName(AgencyLevel level);
std::optional<AgencyLevel> ParseAgencyLevel(std::string_view name);

struct Agency {
  std::string code;
  std::string name;
  std::string parent_code;  // empty for a top-level agency
  AgencyLevel level = AgencyLevel::kProvince;
  CivilDate valid_from{2000, 1, 1};
  std::optional<CivilDate> valid_until;  // exclusive
  std::vector<std::string> successors;   // codes taking over its work
  // The working calendar (engine/calendar) its deadlines are counted on.
  std::string calendar;
  // 1 for the first entry; each explicit replacement adds one.
  int revision = 1;

  bool ValidOn(CivilDate date) const {
    return valid_from <= date && (!valid_until || date < *valid_until);
  }
  friend bool operator==(const Agency&, const Agency&) = default;
};

// True when `a` and `b` say the same thing, whatever their revisions.
bool SameAgencyContent(const Agency& a, const Agency& b);

// Field rules of one entry, the first failure as InvalidArgument naming
// `field` + "." + the member ("agencies[2].valid_until: ...").
Status ValidateAgency(const Agency& agency, std::string_view field);

}  // namespace motcua::engine

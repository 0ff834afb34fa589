// Catalogue: the agencies and the versioned procedures a server knows.
//
// Model. A plain value. Build() takes CatalogueData (what a loader fills:
// the adapter reading deploy/catalogue, or ParseCatalogueText) and checks
// every entry and every cross-reference; later changes go through
// PutAgency and AddProcedureVersion, which keep the same rules, so a
// Catalogue value is always consistent.
//
// Rules:
//  - Agency codes are unique; parent and successor codes must exist; an
//    agency cannot be its own parent or successor.
//  - Procedure (code, version) pairs are unique; versions of one code are
//    numbered 1, 2, ... in order of effective_from, and their effective
//    ranges do not overlap.
//  - A fixed step agency must exist.
//
// Versioning (AddProcedureVersion), the ambiguous cases answered:
//  - The new version must be numbered latest + 1 and start after the latest
//    version started.
//  - If the latest version is open-ended, it is closed the day the new one
//    starts (the usual case: a decision publishes a replacement "from
//    2025-07-01"). If it already ends after the new start, the ranges would
//    overlap: FailedPrecondition naming both. A gap is allowed (the
//    procedure was not offered in between).
//  - Versions are never deleted or edited: dossiers already received carry
//    a copy of theirs.
//
// Lookups by date: FindProcedure(code, receipt date) gives the version in
// force; FindAgency(code, date) fails with FailedPrecondition for an agency
// not valid that day, naming its successors.
//
// Thread safety: a plain value; readers share copies (copy-on-write in the
// service layer, like CalendarRegistry).
//
// Example:
//   auto cat = Catalogue::Build(std::move(data));
//   auto p = cat->FindProcedure("1.001193", {2026, 1, 5});   // version 2
//   auto a = cat->FindAgency("H55.10.1", {2026, 1, 5});
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/catalogue/agency.h"
#include "engine/catalogue/procedure.h"
#include "engine/common/result.h"

namespace motcua::engine {

struct CatalogueData {
  std::vector<Agency> agencies;
  std::vector<Procedure> procedures;
};

class Catalogue {
 public:
  // InvalidArgument naming "agencies[i].field" / "procedures[i].field" for
  // the first bad entry or reference; versions of a code may come in any
  // order but must satisfy the rules above once sorted.
  static Result<Catalogue> Build(CatalogueData data);

  // Inserts or replaces an agency (e.g. to close it and name successors).
  Status PutAgency(Agency agency);
  // See "Versioning" above.
  Status AddProcedureVersion(Procedure procedure);

  // NotFound for an unknown code; FailedPrecondition when not valid `on`.
  Result<const Agency*> FindAgency(std::string_view code, CivilDate on) const;
  // NotFound for an unknown code; FailedPrecondition when no version is in
  // force `on` (naming the versions' ranges).
  Result<const Procedure*> FindProcedure(std::string_view code,
                                         CivilDate on) const;
  // Any validity; nullptr when unknown.
  const Agency* AgencyByCode(std::string_view code) const;
  // All versions of a code, oldest first (empty when unknown).
  std::vector<const Procedure*> Versions(std::string_view code) const;

  const std::map<std::string, Agency, std::less<>>& agencies() const {
    return agencies_;
  }
  // By (code, version).
  const std::map<std::pair<std::string, int>, Procedure>& procedures() const {
    return procedures_;
  }

 private:
  Status CheckAgencyRefs(const Agency& a, std::string_view field) const;
  Status CheckProcedureRefs(const Procedure& p, std::string_view field) const;

  std::map<std::string, Agency, std::less<>> agencies_;
  std::map<std::pair<std::string, int>, Procedure> procedures_;
};

}  // namespace motcua::engine

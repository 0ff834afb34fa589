// Access control: who a caller is (a Principal), what it may do (its roles)
// and for which agencies (its scope), plus the masks applied to personal data
// a role does not need. Pure: the services layer authenticates the caller and
// asks these functions; README "Security" has the roles table.
//
// Model.
//  - A principal has one or more roles. `carrier` is held for named carriers
//    ("carrier:vnpost"); every other role is held for a set of agencies, where
//    an agency covers its subtree in the catalogue (Agency::parent_code), and
//    "*" covers every agency.
//  - A principal is usable from creation until it expires or is revoked.
//  - The token or certificate that proves a principal is the adapters'
//    business; here a principal is data.
//
// Personal data (Decree 13/2023/NĐ-CP): the applicant's personal
// identification number, phone, address and, in lists, name. MaskDigits keeps
// the first four and last two characters ("0791******12"), MaskName keeps
// each word's initial ("N*** V*** A***"), an address is withheld entirely.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue/catalogue.h"
#include "engine/common/civil_time.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

// Each role's rights are listed in README "Security". Values are stored.
enum class Role : uint8_t {
  kDesk = 1,           // receive, transfer, return, desk-side actions
  kAgencyOfficer = 2,  // processing actions; reads of its agencies' dossiers
  kCarrier = 3,        // postal reports for its own carriers
  kStatistician = 4,   // reports and indicators; Form 06 submissions
  kCatalogueAdmin = 5,
  kCalendarAdmin = 6,
  kTokenAdmin = 7,
  kAuditor = 8,      // read-only everything, including the access log
  kPortal = 9,       // the citizen portal: lookups and ratings for citizens
  kPortalSync = 10,  // the national portal's sync adapter: acknowledgements
  kOperator = 11,    // AdminService: backups, retention purges (for "*")
};
inline constexpr Role kMaxRole = Role::kOperator;

// "desk", "agency_officer", "carrier", "statistician", "catalogue_admin",
// "calendar_admin", "token_admin", "auditor", "portal", "portal_sync",
// "operator".
std::string_view RoleName(Role role);

// Every role holds for the agencies in `agencies` ("*": all) except carrier,
// which holds for the carriers in `carriers`.
struct Principal {
  std::string id;    // public, e.g. "p-3f9c0a7d1e2b4c68"; never secret
  std::string name;  // who it is for: "Bộ phận một cửa huyện A"
  std::vector<Role> roles;
  std::vector<std::string> agencies;  // agency codes, or "*"
  std::vector<std::string> carriers;  // carrier ids, for Role::kCarrier
  // When set, actions taken with this principal are by this officer (an
  // action naming another officer is refused).
  std::string officer;
  // When set, a verified mutual-TLS client certificate whose subject common
  // name equals this is this principal.
  std::string certificate_name;
  Instant created_at = 0;
  Instant expires_at = 0;  // 0 = never
  Instant revoked_at = 0;  // 0 = not revoked
  std::string created_by;  // the principal id that created it

  friend bool operator==(const Principal&, const Principal&) = default;
};

// Parses "desk", "carrier:vnpost", ... into roles and carriers of `out`
// (appending). InvalidArgument naming `field` otherwise.
Status AddRoleSpec(std::string_view spec, std::string_view field,
                   Principal& out);
// The specs of a principal's roles, as AddRoleSpec reads them.
std::vector<std::string> RoleSpecs(const Principal& p);

// Checks a principal about to be created: a name (ValidateText, 1..200),
// 1..9 roles without repeats, agency codes that parse (or "*") for any role
// but carrier, 1..100 agencies when such a role is held, carrier ids for the
// carrier role, officer and certificate name texts, expiry after creation.
Status ValidatePrincipal(const Principal& p);

bool HasRole(const Principal& p, Role role);
// Neither revoked nor expired at `now`.
bool IsUsable(const Principal& p, Instant now);
// "*" is among its agencies.
bool CoversEveryAgency(const Principal& p);
// `agency` or one of its ancestors (by the catalogue's parent links) is
// among the principal's agencies. An agency the catalogue does not know is
// covered only when listed itself (or by "*").
bool CoversAgency(const Principal& p, std::string_view agency,
                  const Catalogue& catalogue);
// `agency` is `root` or below it by the catalogue's parent links.
bool InSubtree(const Catalogue& catalogue, std::string_view agency,
               std::string_view root);
// The carrier role for `carrier`.
bool ActsForCarrier(const Principal& p, std::string_view carrier);

// The agencies that took part in a dossier: the receiving agency, the
// holder, and every agency named by an event (acting or receiving).
std::vector<std::string> ParticipatingAgencies(
    const Dossier& d, const std::vector<DossierEvent>& history);

// See the file comment. Byte-safe on any input (never cuts a UTF-8
// sequence).
std::string MaskDigits(std::string_view value);
std::string MaskName(std::string_view full_name);
// Masks every personal field of `a` (the name too when `in_list`).
void MaskApplicant(Applicant& a, bool in_list);

}  // namespace motcua::engine

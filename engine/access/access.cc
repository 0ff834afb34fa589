#include "engine/access/access.h"

#include <algorithm>
#include <array>
#include <set>

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"

namespace motcua::engine {
namespace {

constexpr std::array<std::string_view, 11> kRoleNames = {
    "desk",         "agency_officer",  "carrier",
    "statistician", "catalogue_admin", "calendar_admin",
    "token_admin",  "auditor",         "portal",
    "portal_sync",  "operator"};

bool IsCarrierId(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray
// continuation or an invalid byte: masks never need validity, only never
// to cut a sequence).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC2 && lead < 0xE0) return 2;
  return 1;
}

}  // namespace

std::string_view RoleName(Role role) {
  const auto i = static_cast<size_t>(role);
  if (i == 0 || i > kRoleNames.size()) return "unknown";
  return kRoleNames[i - 1];
}

Status AddRoleSpec(std::string_view spec, std::string_view field,
                   Principal& out) {
  std::string_view name = spec;
  std::string_view carrier;
  if (const size_t colon = spec.find(':'); colon != std::string_view::npos) {
    name = spec.substr(0, colon);
    carrier = spec.substr(colon + 1);
  }
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] != name) continue;
    const auto role = static_cast<Role>(i + 1);
    if (role == Role::kCarrier) {
      if (!IsCarrierId(carrier)) {
        return InvalidArgument(std::string(field) +
                               ": carrier needs its id, \"carrier:<id>\" with "
                               "1..32 characters of [a-z0-9-]");
      }
      if (std::find(out.carriers.begin(), out.carriers.end(), carrier) ==
          out.carriers.end()) {
        out.carriers.emplace_back(carrier);
      }
    } else if (spec.size() != name.size()) {
      return InvalidArgument(std::string(field) + ": only carrier takes \":\"");
    }
    if (!HasRole(out, role)) out.roles.push_back(role);
    return {};
  }
  return InvalidArgument(
      std::string(field) + ": unknown role " + QuoteText(spec, 40) +
      "; one of desk, agency_officer, carrier:<id>, statistician, "
      "catalogue_admin, calendar_admin, token_admin, auditor, portal");
}

std::vector<std::string> RoleSpecs(const Principal& p) {
  std::vector<std::string> out;
  for (Role r : p.roles) {
    if (r == Role::kCarrier) {
      for (const std::string& c : p.carriers) out.push_back("carrier:" + c);
    } else {
      out.emplace_back(RoleName(r));
    }
  }
  return out;
}

Status ValidatePrincipal(const Principal& p) {
  if (Status s = ValidateText(p.name, "name", 1, 200); !s.ok()) return s;
  if (p.roles.empty() || p.roles.size() > kRoleNames.size()) {
    return InvalidArgument("roles: at least one role");
  }
  std::set<Role> seen;
  bool agency_role = false;
  for (Role r : p.roles) {
    if (r < Role::kDesk || r > kMaxRole) {
      return InvalidArgument("roles: unknown role");
    }
    if (!seen.insert(r).second) {
      return InvalidArgument("roles: " + std::string(RoleName(r)) +
                             " given twice");
    }
    if (r != Role::kCarrier) agency_role = true;
  }
  if (HasRole(p, Role::kCarrier) != !p.carriers.empty()) {
    return InvalidArgument("roles: carriers are named as carrier:<id>");
  }
  for (const std::string& c : p.carriers) {
    if (!IsCarrierId(c)) {
      return InvalidArgument("roles: carrier ids are 1..32 of [a-z0-9-]");
    }
  }
  if (agency_role && (p.agencies.empty() || p.agencies.size() > 100)) {
    return InvalidArgument(
        "agencies: 1..100 agency codes (or \"*\" for every agency) for the "
        "roles held for agencies");
  }
  if (!agency_role && !p.agencies.empty()) {
    return InvalidArgument(
        "agencies: the carrier role is not held for "
        "agencies; leave agencies empty");
  }
  for (const std::string& a : p.agencies) {
    if (a == "*") continue;
    if (auto f = ParseAgencyCode(a, "agencies"); !f.ok()) return f.error();
  }
  if (!p.officer.empty()) {
    if (Status s = ValidateText(p.officer, "officer", 1, 100); !s.ok()) {
      return s;
    }
  }
  if (!p.certificate_name.empty() && !IsToken(p.certificate_name, 200)) {
    return InvalidArgument(
        "certificate_name: 1..200 characters of [A-Za-z0-9._:-]");
  }
  if (p.expires_at != 0 && p.expires_at <= p.created_at) {
    return InvalidArgument("expires_at: must be later than now");
  }
  return {};
}

bool HasRole(const Principal& p, Role role) {
  return std::find(p.roles.begin(), p.roles.end(), role) != p.roles.end();
}

bool IsUsable(const Principal& p, Instant now) {
  if (p.revoked_at != 0) return false;
  return p.expires_at == 0 || now < p.expires_at;
}

bool CoversEveryAgency(const Principal& p) {
  return std::find(p.agencies.begin(), p.agencies.end(), "*") !=
         p.agencies.end();
}

bool InSubtree(const Catalogue& catalogue, std::string_view agency,
               std::string_view root) {
  std::string_view code = agency;
  // Parent links are validated acyclic by the catalogue; the bound only
  // guards against a future change breaking that.
  for (int depth = 0; depth < 64 && !code.empty(); ++depth) {
    if (code == root) return true;
    const Agency* a = catalogue.AgencyByCode(code);
    if (a == nullptr) return false;
    code = a->parent_code;
  }
  return false;
}

bool CoversAgency(const Principal& p, std::string_view agency,
                  const Catalogue& catalogue) {
  if (CoversEveryAgency(p)) return true;
  return std::any_of(p.agencies.begin(), p.agencies.end(),
                     [&](const std::string& root) {
                       return InSubtree(catalogue, agency, root);
                     });
}

bool ActsForCarrier(const Principal& p, std::string_view carrier) {
  return HasRole(p, Role::kCarrier) &&
         std::find(p.carriers.begin(), p.carriers.end(), carrier) !=
             p.carriers.end();
}

std::vector<std::string> ParticipatingAgencies(
    const Dossier& d, const std::vector<DossierEvent>& history) {
  std::set<std::string> out = {d.agency_code};
  if (!d.holder_agency.empty()) out.insert(d.holder_agency);
  for (const DossierEvent& e : history) {
    if (const auto* t = std::get_if<DossierTransitioned>(&e.body)) {
      if (!t->agency_code.empty()) out.insert(t->agency_code);
      if (!t->to_agency.empty()) out.insert(t->to_agency);
    }
  }
  return {out.begin(), out.end()};
}

std::string MaskDigits(std::string_view value) {
  // Characters, not bytes: the value is normally ASCII digits.
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < value.size();) {
    const size_t n = std::min(SequenceLength(value[i]), value.size() - i);
    chars.push_back(value.substr(i, n));
    i += n;
  }
  std::string out;
  if (chars.size() <= 6) return std::string(chars.size(), '*');
  for (size_t i = 0; i < chars.size(); ++i) {
    if (i < 4 || i + 2 >= chars.size()) {
      out.append(chars[i]);
    } else {
      out.push_back('*');
    }
  }
  return out;
}

std::string MaskName(std::string_view full_name) {
  std::string out;
  bool word_start = true;
  for (size_t i = 0; i < full_name.size();) {
    const size_t n =
        std::min(SequenceLength(full_name[i]), full_name.size() - i);
    const std::string_view c = full_name.substr(i, n);
    i += n;
    if (c == " ") {
      word_start = true;
      continue;
    }
    if (!word_start) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(c);
    out.append("***");
    word_start = false;
  }
  return out;
}

void MaskApplicant(Applicant& a, bool in_list) {
  a.personal_id = MaskDigits(a.personal_id);
  if (!a.phone.empty()) a.phone = MaskDigits(a.phone);
  if (!a.address.empty()) a.address = "***";
  if (in_list) a.full_name = MaskName(a.full_name);
}

}  // namespace motcua::engine

#include "services/access_control.h"

#include <algorithm>

#include "engine/common/text.h"
#include "services/rpc_log.h"

namespace motcua::services {
namespace {

using engine::Principal;
using engine::Role;

constexpr std::string_view kBearer = "Bearer ";

std::string RoleList(std::initializer_list<Role> roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += " or ";
    out += engine::RoleName(r);
  }
  return out;
}

}  // namespace

engine::Result<std::unique_ptr<AccessControl>> AccessControl::Open(
    engine::AccessStore& store, const engine::TokenSecrets& secrets,
    const engine::Clock& clock) {
  std::unique_ptr<AccessControl> ac(new AccessControl(store, secrets, clock));
  auto stored = store.ListPrincipals();
  if (!stored.ok()) return stored.error();
  std::unique_lock lock(ac->mu_);
  for (const engine::StoredPrincipal& p : *stored) ac->Index(p);
  return ac;
}

void AccessControl::Index(const engine::StoredPrincipal& p) {
  if (auto old = by_id_.find(p.principal.id); old != by_id_.end()) {
    by_token_hash_.erase(old->second.token_hash);
    if (!old->second.principal.certificate_name.empty()) {
      by_certificate_.erase(old->second.principal.certificate_name);
    }
  }
  by_id_[p.principal.id] = p;
  auto shared = std::make_shared<const Principal>(p.principal);
  if (!p.token_hash.empty()) by_token_hash_[p.token_hash] = shared;
  if (!p.principal.certificate_name.empty()) {
    by_certificate_[p.principal.certificate_name] = shared;
  }
}

engine::Result<bool> AccessControl::Bootstrap(
    const std::function<engine::Status(const std::string&)>& hand_over) {
  std::lock_guard write(write_mu_);
  {
    std::shared_lock lock(mu_);
    if (!by_id_.empty()) return false;
  }
  Principal spec;
  spec.name = "bootstrap administrator";
  // Carrier reports on gRPC are for named carriers only; the break-glass
  // principal has none (it creates carrier principals instead).
  for (int r = 1; r <= static_cast<int>(engine::kMaxRole); ++r) {
    if (static_cast<Role>(r) != Role::kCarrier) {
      spec.roles.push_back(static_cast<Role>(r));
    }
  }
  spec.agencies = {"*"};
  engine::StoredPrincipal stored;
  auto created = Prepare(std::move(spec), false, Principal{}, stored);
  if (!created.ok()) return created.error();
  if (engine::Status s = hand_over(created->token); !s.ok()) return s.error();
  if (engine::Status s = store_.PutPrincipal(stored); !s.ok()) {
    return s.error();
  }
  std::unique_lock lock(mu_);
  Index(stored);
  return true;
}

engine::Result<PrincipalPtr> AccessControl::Authenticate(
    const grpc::ServerContextBase& context) const {
  auto principal = Identify(context);
  if (principal.ok()) NoteCallPrincipal(context, **principal);
  return principal;
}

engine::Result<PrincipalPtr> AccessControl::Identify(
    const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  const auto [begin, end] = metadata.equal_range("authorization");
  const engine::Instant now = clock_.Now();
  if (begin != end) {
    if (std::next(begin) != end) {
      return engine::Unauthenticated(
          "authorization: send one \"Bearer <token>\" header, not several");
    }
    const std::string_view value(begin->second.data(), begin->second.size());
    if (!value.starts_with(kBearer)) {
      return engine::Unauthenticated(
          "authorization: expected \"Bearer <token>\"");
    }
    const std::string_view token = value.substr(kBearer.size());
    if (!secrets_.LooksLikeToken(token)) {
      return engine::Unauthenticated("authorization: not a motcua token");
    }
    const std::string hash = secrets_.Hash(token);
    std::shared_lock lock(mu_);
    auto it = by_token_hash_.find(hash);
    if (it == by_token_hash_.end()) {
      return engine::Unauthenticated("authorization: unknown token");
    }
    if (!engine::IsUsable(*it->second, now)) {
      return engine::Unauthenticated(
          "authorization: token expired or revoked (principal " +
          it->second->id + ")");
    }
    return it->second;
  }
  // A client certificate, verified by the TLS handshake against
  // --tls-client-ca.
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth && auth->IsPeerAuthenticated()) {
    for (const grpc::string_ref& cn :
         auth->FindPropertyValues("x509_common_name")) {
      std::shared_lock lock(mu_);
      auto it = by_certificate_.find(std::string_view(cn.data(), cn.size()));
      if (it == by_certificate_.end()) continue;
      if (!engine::IsUsable(*it->second, now)) {
        return engine::Unauthenticated("client certificate: principal " +
                                       it->second->id + " expired or revoked");
      }
      return it->second;
    }
    return engine::Unauthenticated(
        "client certificate: no principal names this certificate");
  }
  return engine::Unauthenticated(
      "credentials required: send \"authorization: Bearer <token>\" "
      "metadata (README \"Security\")");
}

engine::Result<PrincipalPtr> AccessControl::Require(
    const grpc::ServerContextBase& context,
    std::initializer_list<Role> roles) const {
  auto p = Authenticate(context);
  if (!p.ok()) return p.error();
  for (Role r : roles) {
    if (engine::HasRole(**p, r)) return p;
  }
  return engine::PermissionDenied("principal " + (*p)->id + " needs role " +
                                  RoleList(roles));
}

engine::Result<AccessControl::Created> AccessControl::Prepare(
    Principal spec, bool certificate_only, const Principal& by,
    engine::StoredPrincipal& stored) {
  auto id = secrets_.NewPrincipalId();
  if (!id.ok()) return id.error();
  spec.id = std::move(*id);
  spec.created_at = clock_.Now();
  spec.created_by = by.id;
  spec.revoked_at = 0;
  if (engine::Status s = engine::ValidatePrincipal(spec); !s.ok()) {
    return s.error();
  }
  if (certificate_only && spec.certificate_name.empty()) {
    return engine::InvalidArgument(
        "certificate_name: required with certificate_only");
  }
  if (!spec.certificate_name.empty()) {
    std::shared_lock lock(mu_);
    if (auto it = by_certificate_.find(spec.certificate_name);
        it != by_certificate_.end() &&
        engine::IsUsable(*it->second, spec.created_at)) {
      return engine::AlreadyExists("certificate_name: principal " +
                                   it->second->id +
                                   " already has this certificate; revoke it "
                                   "first");
    }
  }
  Created created;
  stored = {spec, ""};
  if (!certificate_only) {
    auto token = secrets_.NewToken();
    if (!token.ok()) return token.error();
    created.token = std::move(*token);
    stored.token_hash = secrets_.Hash(created.token);
  }
  created.principal = std::move(spec);
  return created;
}

engine::Result<AccessControl::Created> AccessControl::Create(
    Principal spec, bool certificate_only, const Principal& by) {
  std::lock_guard write(write_mu_);
  engine::StoredPrincipal stored;
  auto created = Prepare(std::move(spec), certificate_only, by, stored);
  if (!created.ok()) return created.error();
  if (engine::Status s = store_.PutPrincipal(stored); !s.ok()) {
    return s.error();
  }
  std::unique_lock lock(mu_);
  Index(stored);
  return created;
}

engine::Result<Principal> AccessControl::Revoke(std::string_view id) {
  std::lock_guard write(write_mu_);
  engine::StoredPrincipal stored;
  {
    std::shared_lock lock(mu_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) {
      return engine::NotFound("id: no principal " + engine::QuoteText(id, 40));
    }
    stored = it->second;
  }
  if (stored.principal.revoked_at != 0) return stored.principal;
  stored.principal.revoked_at = clock_.Now();
  if (engine::Status s = store_.PutPrincipal(stored); !s.ok()) {
    return s.error();
  }
  std::unique_lock lock(mu_);
  Index(stored);
  return stored.principal;
}

std::vector<Principal> AccessControl::List(bool include_revoked) const {
  std::vector<Principal> out;
  std::shared_lock lock(mu_);
  for (const auto& [id, p] : by_id_) {
    if (!include_revoked && p.principal.revoked_at != 0) continue;
    out.push_back(p.principal);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Principal& a, const Principal& b) {
                     return a.created_at < b.created_at;
                   });
  return out;
}

engine::Status RequireAgency(const Principal& p, Role role,
                             std::string_view agency, std::string_view field,
                             const engine::Catalogue& catalogue) {
  if (!engine::HasRole(p, role)) {
    return engine::PermissionDenied("principal " + p.id + " needs role " +
                                    std::string(engine::RoleName(role)));
  }
  if (!engine::CoversAgency(p, agency, catalogue)) {
    return engine::PermissionDenied(
        std::string(field) + ": principal " + p.id + " may not act for " +
        engine::QuoteText(agency, 40) + " (not among its agencies)");
  }
  return {};
}

engine::Status RequireEveryAgency(const Principal& p,
                                  std::initializer_list<Role> roles) {
  bool held = false;
  for (Role r : roles) held = held || engine::HasRole(p, r);
  if (!held) {
    return engine::PermissionDenied("principal " + p.id + " needs role " +
                                    RoleList(roles));
  }
  if (!engine::CoversEveryAgency(p)) {
    return engine::PermissionDenied("principal " + p.id +
                                    " needs its role for every agency (\"*\")");
  }
  return {};
}

}  // namespace motcua::services

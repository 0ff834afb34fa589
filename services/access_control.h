// AccessControl: who is calling (authentication) and whether it may (roles
// and agency scope, engine/access/access.h), plus the principals' lifecycle:
// the bootstrap principal, creation and revocation of tokens.
//
// Credentials. The gRPC metadata "authorization: Bearer <token>", or a
// verified mutual-TLS client certificate whose subject common name a
// principal names (certificate_name). A missing, malformed, unknown,
// expired or revoked credential is UNAUTHENTICATED; a known principal
// without the role or the agency is PERMISSION_DENIED. Messages never echo
// the token.
//
// Principals live in memory (a few thousand at most), keyed by token hash;
// every change is written to the AccessStore first, so a token is usable, or
// refused after revocation, on the very next call.
//
// Every handler starts with Require(context, {roles...}) before it looks at
// its request, so an anonymous caller learns nothing from validation
// messages.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/access/access.h"
#include "engine/catalogue/catalogue.h"
#include "engine/common/result.h"
#include "engine/ports/access_store.h"
#include "engine/ports/clock.h"
#include "engine/ports/token_secrets.h"

namespace motcua::services {

using PrincipalPtr = std::shared_ptr<const engine::Principal>;

class AccessControl {
 public:
  static engine::Result<std::unique_ptr<AccessControl>> Open(
      engine::AccessStore& store, const engine::TokenSecrets& secrets,
      const engine::Clock& clock);

  // On the first start (no principal stored yet): creates the break-glass
  // principal "bootstrap administrator" with every role but carrier for
  // every agency, hands its token to `hand_over` (which writes the token
  // file) and then stores the principal. False when principals exist
  // already. On an error nothing is stored.
  engine::Result<bool> Bootstrap(
      const std::function<engine::Status(const std::string& token)>& hand_over);

  // The calling principal (see the file comment). It is also named on the
  // call's access-log line (services/rpc_log.h).
  engine::Result<PrincipalPtr> Authenticate(
      const grpc::ServerContextBase& context) const;
  // Authenticate, then one of `roles` is held (PERMISSION_DENIED naming the
  // roles needed).
  engine::Result<PrincipalPtr> Require(
      const grpc::ServerContextBase& context,
      std::initializer_list<engine::Role> roles) const;

  struct Created {
    engine::Principal principal;
    std::string token;  // empty for a certificate-only principal
  };
  // Validates `spec` (engine::ValidatePrincipal), gives it an id, a token
  // unless certificate_only, and stores it.
  engine::Result<Created> Create(engine::Principal spec, bool certificate_only,
                                 const engine::Principal& by);
  // NotFound for an unknown id. Revoking twice keeps the first time.
  engine::Result<engine::Principal> Revoke(std::string_view id);
  // By creation time.
  std::vector<engine::Principal> List(bool include_revoked) const;

 private:
  engine::Result<PrincipalPtr> Identify(
      const grpc::ServerContextBase& context) const;
  AccessControl(engine::AccessStore& store, const engine::TokenSecrets& secrets,
                const engine::Clock& clock)
      : store_(store), secrets_(secrets), clock_(clock) {}
  // Adds `p` to the maps; mu_ held exclusively.
  void Index(const engine::StoredPrincipal& p);
  // Gives `spec` an id, its creation time, a token unless certificate_only,
  // and validates it; write_mu_ held.
  engine::Result<Created> Prepare(engine::Principal spec, bool certificate_only,
                                  const engine::Principal& by,
                                  engine::StoredPrincipal& stored);

  engine::AccessStore& store_;
  const engine::TokenSecrets& secrets_;
  const engine::Clock& clock_;
  std::mutex write_mu_;  // one change at a time
  mutable std::shared_mutex mu_;
  std::map<std::string, engine::StoredPrincipal, std::less<>> by_id_;
  std::map<std::string, PrincipalPtr, std::less<>> by_token_hash_;
  std::map<std::string, PrincipalPtr, std::less<>> by_certificate_;
};

// PERMISSION_DENIED unless `p` holds `role` for `agency` (its subtree);
// `field` names the request field the agency came from.
engine::Status RequireAgency(const engine::Principal& p, engine::Role role,
                             std::string_view agency, std::string_view field,
                             const engine::Catalogue& catalogue);
// PERMISSION_DENIED unless `p` holds one of `roles` for every agency ("*").
engine::Status RequireEveryAgency(const engine::Principal& p,
                                  std::initializer_list<engine::Role> roles);

}  // namespace motcua::services

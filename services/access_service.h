// motcua.v1.TokenAdminService (principals and their tokens: token_admin for
// every agency), motcua.v1.AccessService (WhoAmI: any principal) and
// motcua.v1.AuditService (the access log: auditor).
//
// Thread safety: gRPC calls the handlers concurrently; the classes hold only
// references to thread-safe collaborators.
#pragma once

#include "engine/ports/access_store.h"
#include "motcua/v1/access.grpc.pb.h"
#include "runtime/catalogue_book.h"
#include "services/access_control.h"

namespace motcua::services {

// The proto form of a principal.
void ToProto(const engine::Principal& p, motcua::v1::Principal* out);

class TokenAdminService final
    : public motcua::v1::TokenAdminService::CallbackService {
 public:
  explicit TokenAdminService(AccessControl& access) : access_(access) {}

  grpc::ServerUnaryReactor* CreateToken(
      grpc::CallbackServerContext* context,
      const motcua::v1::CreateTokenRequest* request,
      motcua::v1::CreateTokenResponse* response) override;
  grpc::ServerUnaryReactor* ListTokens(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListTokensRequest* request,
      motcua::v1::ListTokensResponse* response) override;
  grpc::ServerUnaryReactor* RevokeToken(
      grpc::CallbackServerContext* context,
      const motcua::v1::RevokeTokenRequest* request,
      motcua::v1::RevokeTokenResponse* response) override;

 private:
  AccessControl& access_;
};

class AccessService final : public motcua::v1::AccessService::CallbackService {
 public:
  explicit AccessService(const AccessControl& access) : access_(access) {}

  grpc::ServerUnaryReactor* WhoAmI(
      grpc::CallbackServerContext* context,
      const motcua::v1::WhoAmIRequest* request,
      motcua::v1::WhoAmIResponse* response) override;

 private:
  const AccessControl& access_;
};

class AuditService final : public motcua::v1::AuditService::CallbackService {
 public:
  AuditService(const AccessControl& access, const engine::AccessStore& store,
               const runtime::CatalogueBook& catalogue)
      : access_(access), store_(store), catalogue_(catalogue) {}

  grpc::ServerUnaryReactor* ListAccessLog(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListAccessLogRequest* request,
      motcua::v1::ListAccessLogResponse* response) override;

 private:
  const AccessControl& access_;
  const engine::AccessStore& store_;
  const runtime::CatalogueBook& catalogue_;
};

}  // namespace motcua::services

#include "services/access_service.h"

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"
#include "services/text_normalization.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::Role;

// Scanned per ListAccessLog call at most, so a scoped auditor's page over
// other agencies' records stays bounded.
constexpr size_t kMaxScan = 10000;

}  // namespace

void ToProto(const engine::Principal& p, pb::Principal* out) {
  out->set_id(p.id);
  out->set_name(p.name);
  for (const std::string& r : engine::RoleSpecs(p)) out->add_roles(r);
  for (const std::string& a : p.agencies) out->add_agencies(a);
  out->set_officer(p.officer);
  out->set_certificate_name(p.certificate_name);
  ToTimestamp(p.created_at, out->mutable_created_at());
  if (p.expires_at != 0) ToTimestamp(p.expires_at, out->mutable_expires_at());
  if (p.revoked_at != 0) ToTimestamp(p.revoked_at, out->mutable_revoked_at());
  out->set_created_by(p.created_by);
}

grpc::ServerUnaryReactor* TokenAdminService::CreateToken(
    grpc::CallbackServerContext* context, const pb::CreateTokenRequest* request,
    pb::CreateTokenResponse* response) {
  auto caller = access_.Require(*context, {Role::kTokenAdmin});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (engine::Status s = RequireEveryAgency(**caller, {Role::kTokenAdmin});
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  engine::Principal spec;
  spec.name = Nfc(request->name());
  if (request->roles_size() > 20 || request->agencies_size() > 100) {
    return FinishCall(context,
                      engine::InvalidArgument(
                          "roles, agencies: at most 20 roles, 100 agencies"));
  }
  for (int i = 0; i < request->roles_size(); ++i) {
    if (engine::Status s = engine::AddRoleSpec(
            request->roles(i), "roles[" + std::to_string(i) + "]", spec);
        !s.ok()) {
      return FinishCall(context, s.error());
    }
  }
  for (const std::string& a : request->agencies()) spec.agencies.push_back(a);
  spec.officer = Nfc(request->officer());
  spec.certificate_name = request->certificate_name();
  if (request->has_expires_at()) {
    auto t = FromTimestamp(request->expires_at(), "expires_at");
    if (!t.ok()) return FinishCall(context, t.error());
    spec.expires_at = *t;
  }
  auto created =
      access_.Create(std::move(spec), request->certificate_only(), **caller);
  if (!created.ok()) return FinishCall(context, created.error());
  ToProto(created->principal, response->mutable_principal());
  response->set_token(created->token);
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TokenAdminService::ListTokens(
    grpc::CallbackServerContext* context, const pb::ListTokensRequest* request,
    pb::ListTokensResponse* response) {
  auto caller = access_.Require(*context, {Role::kTokenAdmin, Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (engine::Status s =
          RequireEveryAgency(**caller, {Role::kTokenAdmin, Role::kAuditor});
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  for (const engine::Principal& p : access_.List(request->include_revoked())) {
    ToProto(p, response->add_principals());
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TokenAdminService::RevokeToken(
    grpc::CallbackServerContext* context, const pb::RevokeTokenRequest* request,
    pb::RevokeTokenResponse* response) {
  auto caller = access_.Require(*context, {Role::kTokenAdmin});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (engine::Status s = RequireEveryAgency(**caller, {Role::kTokenAdmin});
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  if (!engine::IsToken(request->id(), 64)) {
    return FinishCall(context,
                      engine::InvalidArgument("id: required, a principal id"));
  }
  auto revoked = access_.Revoke(request->id());
  if (!revoked.ok()) return FinishCall(context, revoked.error());
  ToProto(*revoked, response->mutable_principal());
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* AccessService::WhoAmI(
    grpc::CallbackServerContext* context, const pb::WhoAmIRequest*,
    pb::WhoAmIResponse* response) {
  auto caller = access_.Authenticate(*context);
  if (!caller.ok()) return FinishCall(context, caller.error());
  ToProto(**caller, response->mutable_principal());
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* AuditService::ListAccessLog(
    grpc::CallbackServerContext* context,
    const pb::ListAccessLogRequest* request,
    pb::ListAccessLogResponse* response) {
  auto caller = access_.Require(*context, {Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (request->page_size() < 0 || request->page_size() > 1000) {
    return FinishCall(context,
                      engine::InvalidArgument("page_size: must be 0..1000"));
  }
  const size_t page = request->page_size() == 0
                          ? 100
                          : static_cast<size_t>(request->page_size());
  const engine::Principal& auditor = **caller;
  auto catalogue = catalogue_.Snapshot();
  uint64_t after = request->after_seq();
  size_t scanned = 0;
  while (static_cast<size_t>(response->records_size()) < page &&
         scanned < kMaxScan) {
    auto records = store_.ReadAccessRecords(after, page);
    if (!records.ok()) return FinishCall(context, records.error());
    if (records->empty()) break;
    for (const engine::AccessRecord& r : *records) {
      after = r.seq;
      ++scanned;
      // A scoped auditor sees the records of its agencies' dossiers (the
      // receiving agency is the code's first part).
      const std::string_view agency =
          std::string_view(r.dossier_code).substr(0, r.dossier_code.find('-'));
      if (!engine::CoversAgency(auditor, agency, *catalogue)) continue;
      pb::AccessRecord* out = response->add_records();
      out->set_seq(r.seq);
      ToTimestamp(r.at, out->mutable_at());
      out->set_principal_id(r.principal_id);
      out->set_principal_name(r.principal_name);
      out->set_method(r.method);
      out->set_dossier_code(r.dossier_code);
      for (const std::string& f : r.fields) out->add_fields(f);
      if (static_cast<size_t>(response->records_size()) == page) break;
    }
  }
  response->set_next_after_seq(after);
  return FinishCall(context, grpc::Status::OK);
}

}  // namespace motcua::services

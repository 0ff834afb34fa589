// motcua.v1.CatalogueService (read) and motcua.v1.CatalogueAdminService
// (ApplyCatalogue) over a CatalogueBook.
//
// Thread safety: handlers run concurrently; CatalogueBook is thread-safe.
#pragma once

#include "engine/ports/clock.h"
#include "motcua/v1/catalogue.grpc.pb.h"
#include "runtime/catalogue_book.h"
#include "services/access_control.h"

namespace motcua::services {

class CatalogueService final
    : public motcua::v1::CatalogueService::CallbackService {
 public:
  CatalogueService(const AccessControl& access,
                   const runtime::CatalogueBook& book,
                   const engine::Clock& clock)
      : access_(access), book_(book), clock_(clock) {}

  grpc::ServerUnaryReactor* ListAgencies(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListAgenciesRequest* request,
      motcua::v1::ListAgenciesResponse* response) override;
  grpc::ServerUnaryReactor* ListProcedures(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListProceduresRequest* request,
      motcua::v1::ListProceduresResponse* response) override;
  grpc::ServerUnaryReactor* GetProcedure(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetProcedureRequest* request,
      motcua::v1::GetProcedureResponse* response) override;

 private:
  const AccessControl& access_;
  const runtime::CatalogueBook& book_;
  const engine::Clock& clock_;
};

class CatalogueAdminService final
    : public motcua::v1::CatalogueAdminService::CallbackService {
 public:
  CatalogueAdminService(const AccessControl& access,
                        runtime::CatalogueBook& book,
                        const engine::Clock& clock)
      : access_(access), book_(book), clock_(clock) {}

  grpc::ServerUnaryReactor* ApplyCatalogue(
      grpc::CallbackServerContext* context,
      const motcua::v1::ApplyCatalogueRequest* request,
      motcua::v1::ApplyCatalogueResponse* response) override;

 private:
  const AccessControl& access_;
  runtime::CatalogueBook& book_;
  const engine::Clock& clock_;
};

// Mapping shared with other services (GetDossier shows the procedure).
void ToProto(const engine::Procedure& p, motcua::v1::Procedure* out);
void ToProto(const engine::Agency& a, motcua::v1::Agency* out);

}  // namespace motcua::services

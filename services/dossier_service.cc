#include "services/dossier_service.h"

#include "engine/dossier/identifiers.h"
#include "services/dossier_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {

grpc::ServerUnaryReactor* DossierService::SubmitDossier(
    grpc::CallbackServerContext* context,
    const motcua::v1::SubmitDossierRequest* request,
    motcua::v1::SubmitDossierResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto command = FromProto(*request);
  if (!command.ok()) {
    reactor->Finish(ToGrpcStatus(command.error()));
    return reactor;
  }
  sequencer_.Receive(std::move(*command),
                     [reactor, response](engine::Result<ReceiveReply> reply) {
                       if (!reply.ok()) {
                         reactor->Finish(ToGrpcStatus(reply.error()));
                         return;
                       }
                       ToProto(reply->dossier, response->mutable_dossier());
                       response->set_replayed(reply->replayed);
                       reactor->Finish(grpc::Status::OK);
                     });
  return reactor;
}

grpc::ServerUnaryReactor* DossierService::GetDossier(
    grpc::CallbackServerContext* context,
    const motcua::v1::GetDossierRequest* request,
    motcua::v1::GetDossierResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (auto parsed = engine::ParseDossierCode(request->code(), "code");
      !parsed.ok()) {
    reactor->Finish(ToGrpcStatus(parsed.error()));
    return reactor;
  }
  auto found = store_.FindDossier(request->code());
  if (!found.ok()) {
    reactor->Finish(ToGrpcStatus(found.error()));
  } else if (!found->has_value()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                 "no dossier with code " + request->code()));
  } else {
    ToProto(**found, response->mutable_dossier());
    reactor->Finish(grpc::Status::OK);
  }
  return reactor;
}

}  // namespace motcua::services

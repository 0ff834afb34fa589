#include "services/portal_sync_service.h"

#include <string>
#include <utility>

#include "engine/common/field_violations.h"
#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"
#include "engine/lifecycle/portal_sync.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {

namespace pb = motcua::v1;

grpc::ServerUnaryReactor* PortalSyncService::AcknowledgeSync(
    grpc::CallbackServerContext* context,
    const pb::AcknowledgeSyncRequest* request,
    pb::AcknowledgeSyncResponse* response) {
  auto caller = access_.Require(*context, {engine::Role::kPortalSync});
  if (!caller.ok()) return FinishCall(context, caller.error());
  engine::FieldViolations violations;
  engine::CheckIdempotencyKey(request->client_id(), request->request_id(),
                              violations);
  auto code = engine::ParseDossierCode(request->code(), "code");
  violations.Add(code);
  engine::PortalSyncCommand command;
  command.synced_version = request->synced_version();
  command.portal_reference = request->portal_reference();
  if (request->has_synced_at()) {
    auto at = FromTimestamp(request->synced_at(), "synced_at");
    if (violations.Add(at)) command.at = *at;
  }
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  // The receiving agency is the code's own (an unknown dossier is the
  // sequencer's NOT_FOUND, once the caller may ask about that agency).
  if (engine::Status s =
          RequireAgency(**caller, engine::Role::kPortalSync, code->agency_code,
                        "code", *catalogue_.Snapshot());
      !s.ok()) {
    return FinishCall(context, s.error());
  }

  runtime::DossierCommand cmd;
  cmd.client_id = request->client_id();
  cmd.request_id = request->request_id();
  cmd.dossier_code = request->code();
  cmd.command = std::move(command);
  cmd.decide = [actor = request->client_id()](const engine::Dossier& d,
                                              const engine::WriteCommand& c,
                                              engine::Instant now) {
    return engine::DecidePortalSync(d, std::get<engine::PortalSyncCommand>(c),
                                    now, actor);
  };
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  sequencer_.Execute(
      std::move(cmd),
      [reactor, response](engine::Result<runtime::CommandReply> r) {
        if (!r.ok()) {
          reactor->Finish(ToGrpcStatus(r.error()));
          return;
        }
        response->set_version(r->dossier.version);
        response->set_portal_synced_version(r->dossier.portal_synced_version);
        response->set_replayed(r->replayed);
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

}  // namespace motcua::services

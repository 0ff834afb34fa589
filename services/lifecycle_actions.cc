#include "services/lifecycle_actions.h"

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"
#include "services/dossier_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {

void LifecycleActions::DossierToProto(const engine::Dossier& dossier,
                                      motcua::v1::Dossier* out) const {
  const engine::WorkingCalendar* calendar = nullptr;
  std::shared_ptr<const engine::WorkingCalendar> held;
  if (dossier.terms) {
    auto cal = calendars_.Get(dossier.terms->calendar);
    if (cal.ok()) {
      held = *cal;
      calendar = held.get();
    }
  }
  ToProto(dossier, out, calendar, clock_.Now());
}

grpc::ServerUnaryReactor* LifecycleActions::Act(
    grpc::CallbackServerContext* context,
    const motcua::v1::DossierAction* request,
    motcua::v1::DossierActionResponse* response, engine::Transition transition,
    engine::Role role) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto fail = [&](const engine::Error& e) {
    reactor->Finish(ToGrpcStatus(e));
    return reactor;
  };
  auto caller = access_.Require(*context, {role});
  if (!caller.ok()) return fail(caller.error());
  // Every bad field at once (google.rpc.BadRequest): the key, the code, what
  // the wire cannot represent and the engine's checks that need no dossier,
  // with the officer the credential will supply.
  engine::FieldViolations violations;
  engine::CheckIdempotencyKey(request->client_id(), request->request_id(),
                              violations);
  violations.Add(engine::ParseDossierCode(request->code(), "code"));
  engine::LifecycleCommand command =
      FromProto(*request, transition, violations);
  const std::string& officer = (*caller)->officer;
  const std::string requested_officer = command.officer;
  if (!officer.empty()) command.officer = officer;
  engine::CheckLifecycleCommand(command, violations);
  if (!violations.ok()) {
    reactor->Finish(ToGrpcStatus(violations));
    return reactor;
  }
  auto catalogue = catalogue_.Snapshot();
  if (engine::Status s = RequireAgency(**caller, role, command.agency_code,
                                       "agency_code", *catalogue);
      !s.ok()) {
    return fail(s.error());
  }
  if (!officer.empty() && !requested_officer.empty() &&
      requested_officer != officer) {
    return fail(engine::PermissionDenied(
        "officer: principal " + (*caller)->id + " acts as " +
        engine::QuoteText(officer, 40) + " only"));
  }

  runtime::DossierCommand cmd;
  cmd.client_id = request->client_id();
  cmd.request_id = request->request_id();
  cmd.dossier_code = request->code();
  cmd.expected_version = command.expected_version;
  cmd.command = std::move(command);
  auto calendars = calendars_.Snapshot();
  cmd.decide = [calendars, catalogue](const engine::Dossier& d,
                                      const engine::WriteCommand& c,
                                      engine::Instant now) {
    return engine::Decide(d, std::get<engine::LifecycleCommand>(c), now,
                          {*calendars, catalogue.get()});
  };
  sequencer_.Execute(
      std::move(cmd),
      [reactor, response](engine::Result<runtime::CommandReply> r) {
        if (!r.ok()) {
          reactor->Finish(ToGrpcStatus(r.error()));
          return;
        }
        // On the sequencer's thread: the stored state only; the
        // derived overdue/remaining figures (a clock replay) are
        // GetDossier's.
        ToProto(r->dossier, response->mutable_dossier());
        MaskPersonalData(response->mutable_dossier()->mutable_applicant(),
                         /*in_list=*/false);
        for (const engine::DossierEvent& e : r->events) {
          ToProto(e, response->add_events());
        }
        response->set_replayed(r->replayed);
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

}  // namespace motcua::services

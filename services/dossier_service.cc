#include "services/dossier_service.h"

#include <set>

#include "engine/dossier/identifiers.h"
#include "engine/lifecycle/admission.h"
#include "services/dossier_mapping.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::Transition;

// Most dossiers one ListDossiers call examines; a filtered page that needs
// more returns what it found and a token to continue.
constexpr size_t kMaxScan = 20000;

}  // namespace

grpc::ServerUnaryReactor* DossierService::SubmitDossier(
    grpc::CallbackServerContext* context,
    const pb::SubmitDossierRequest* request,
    pb::SubmitDossierResponse* response) {
  auto command = FromProto(*request);
  if (!command.ok()) return FinishCall(context, command.error());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto catalogue = catalogue_.Snapshot();
  auto calendars = calendars_.Snapshot();
  Admit admit = [catalogue, calendars](const engine::ReceiveCommand& c,
                                       engine::Instant now, uint32_t last) {
    return engine::Receive(c, now, last,
                           engine::AdmissionContext{*catalogue, *calendars});
  };
  sequencer_.Receive(
      std::move(*command), std::move(admit),
      [this, reactor, response](engine::Result<ReceiveReply> reply) {
        if (!reply.ok()) {
          reactor->Finish(ToGrpcStatus(reply.error()));
          return;
        }
        // On the sequencer's thread: the stored state only (see
        // LifecycleActions::DossierToProto).
        ToProto(reply->dossier, response->mutable_dossier());
        response->set_replayed(reply->replayed);
        response->set_lookup_secret(secrets_.SecretFor(reply->dossier.code));
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerUnaryReactor* DossierService::GetDossier(
    grpc::CallbackServerContext* context, const pb::GetDossierRequest* request,
    pb::GetDossierResponse* response) {
  if (auto parsed = engine::ParseDossierCode(request->code(), "code");
      !parsed.ok()) {
    return FinishCall(context, parsed.error());
  }
  auto found = store_.FindDossier(request->code());
  if (!found.ok()) return FinishCall(context, found.error());
  if (!found->has_value()) {
    return FinishCall(
        context, engine::NotFound("no dossier with code " + request->code()));
  }
  auto events = store_.ListEvents(request->code());
  if (!events.ok()) return FinishCall(context, events.error());
  actions_.DossierToProto(**found, response->mutable_dossier());
  for (const engine::DossierEvent& e : *events) {
    ToProto(e, response->add_history());
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* DossierService::ListDossiers(
    grpc::CallbackServerContext* context,
    const pb::ListDossiersRequest* request,
    pb::ListDossiersResponse* response) {
  if (request->page_size() < 0 || request->page_size() > 500) {
    return FinishCall(context,
                      engine::InvalidArgument("page_size: must be 0..500"));
  }
  // Filters and the cursor are checked, not matched blindly: a malformed
  // one would silently give an empty or restarted page.
  for (const auto& [value, field] :
       {std::pair{&request->agency_code(), "agency_code"},
        std::pair{&request->holder_agency(), "holder_agency"}}) {
    if (value->empty()) continue;
    if (auto f = engine::ParseAgencyCode(*value, field); !f.ok()) {
      return FinishCall(context, f.error());
    }
  }
  if (!request->procedure_code().empty()) {
    if (engine::Status s = engine::ValidateProcedureCode(
            request->procedure_code(), "procedure_code");
        !s.ok()) {
      return FinishCall(context, s.error());
    }
  }
  if (!request->page_token().empty() &&
      !engine::ParseDossierCode(request->page_token(), "page_token").ok()) {
    return FinishCall(context, engine::InvalidArgument(
                                   "page_token: not a token this server gave; "
                                   "start again without one"));
  }
  std::optional<engine::Instant> from, until;
  if (request->has_received_from()) {
    auto t = FromTimestamp(request->received_from(), "received_from");
    if (!t.ok()) return FinishCall(context, t.error());
    from = *t;
  }
  if (request->has_received_until()) {
    auto t = FromTimestamp(request->received_until(), "received_until");
    if (!t.ok()) return FinishCall(context, t.error());
    until = *t;
  }
  std::set<int> states;
  for (int s : request->states()) {
    if (!pb::DossierState_IsValid(s) || s == pb::DOSSIER_STATE_UNSPECIFIED) {
      return FinishCall(context,
                        engine::InvalidArgument("states: unknown value " +
                                                std::to_string(s)));
    }
    states.insert(s);
  }
  const size_t page = request->page_size() == 0 ? 100 : request->page_size();
  std::string cursor = request->page_token();
  size_t scanned = 0;
  while (scanned < kMaxScan) {
    auto batch = store_.ScanDossiers(cursor, 512);
    if (!batch.ok()) return FinishCall(context, batch.error());
    if (batch->empty()) {
      cursor.clear();
      break;
    }
    for (const engine::Dossier& d : *batch) {
      ++scanned;
      cursor = d.code;
      if (!request->agency_code().empty() &&
          d.agency_code != request->agency_code()) {
        continue;
      }
      if (!request->holder_agency().empty() &&
          d.holder_agency != request->holder_agency()) {
        continue;
      }
      if (!request->procedure_code().empty() &&
          d.procedure_code != request->procedure_code()) {
        continue;
      }
      if (from && d.received_at < *from) continue;
      if (until && d.received_at >= *until) continue;
      if (!states.empty() && !states.contains(ToProto(d.state))) continue;
      pb::Dossier proto;
      actions_.DossierToProto(d, &proto);
      if (request->overdue_only() && !proto.overdue()) continue;
      *response->add_dossiers() = std::move(proto);
      if (static_cast<size_t>(response->dossiers_size()) == page) {
        response->set_next_page_token(d.code);
        return FinishCall(context, grpc::Status::OK);
      }
    }
  }
  response->set_next_page_token(cursor);
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* DossierService::GetForms(
    grpc::CallbackServerContext* context, const pb::GetFormsRequest* request,
    pb::GetFormsResponse* response) {
  if (auto parsed = engine::ParseDossierCode(request->code(), "code");
      !parsed.ok()) {
    return FinishCall(context, parsed.error());
  }
  auto events = store_.ListEvents(request->code());
  if (!events.ok()) return FinishCall(context, events.error());
  if (events->empty()) {
    return FinishCall(
        context, engine::NotFound("no dossier with code " + request->code()));
  }
  if (engine::Status s = ToProto(*events, response); !s.ok()) {
    return FinishCall(context, s.error());
  }
  if (response->has_receipt_slip()) {
    response->mutable_receipt_slip()->set_lookup_secret(
        secrets_.SecretFor(request->code()));
  }
  return FinishCall(context, grpc::Status::OK);
}

#define MOTCUA_ACTION_IMPL(Service, Rpc, Transition)                          \
  grpc::ServerUnaryReactor* Service::Rpc(                                     \
      grpc::CallbackServerContext* context, const pb::DossierAction* request, \
      pb::DossierActionResponse* response) {                                  \
    return actions_.Act(context, request, response, Transition);              \
  }

MOTCUA_ACTION_IMPL(DossierService, AcceptOnline, Transition::kAcceptOnline)
MOTCUA_ACTION_IMPL(DossierService, RefuseAtReceipt,
                   Transition::kRefuseAtReceipt)
MOTCUA_ACTION_IMPL(DossierService, Transfer, Transition::kTransfer)
MOTCUA_ACTION_IMPL(DossierService, ReturnResult, Transition::kReturnResult)
MOTCUA_ACTION_IMPL(DossierService, ReceiveSupplement,
                   Transition::kReceiveSupplement)
MOTCUA_ACTION_IMPL(DossierService, ConfirmPayment, Transition::kConfirmPayment)
MOTCUA_ACTION_IMPL(DossierService, RequestWithdrawal,
                   Transition::kRequestWithdrawal)
MOTCUA_ACTION_IMPL(DossierService, Withdraw, Transition::kWithdraw)

MOTCUA_ACTION_IMPL(ProcessingService, StartProcessing,
                   Transition::kStartProcessing)
MOTCUA_ACTION_IMPL(ProcessingService, Forward, Transition::kForward)
MOTCUA_ACTION_IMPL(ProcessingService, RequestSupplement,
                   Transition::kRequestSupplement)
MOTCUA_ACTION_IMPL(ProcessingService, ReceiveSupplement,
                   Transition::kReceiveSupplement)
MOTCUA_ACTION_IMPL(ProcessingService, RequirePayment,
                   Transition::kRequirePayment)
MOTCUA_ACTION_IMPL(ProcessingService, ConfirmPayment,
                   Transition::kConfirmPayment)
MOTCUA_ACTION_IMPL(ProcessingService, RefuseAfterAppraisal,
                   Transition::kRefuseAfterAppraisal)
MOTCUA_ACTION_IMPL(ProcessingService, MarkResultReady,
                   Transition::kMarkResultReady)
MOTCUA_ACTION_IMPL(ProcessingService, Apologize, Transition::kApologize)
MOTCUA_ACTION_IMPL(ProcessingService, Stop, Transition::kStop)
MOTCUA_ACTION_IMPL(ProcessingService, RequestWithdrawal,
                   Transition::kRequestWithdrawal)
MOTCUA_ACTION_IMPL(ProcessingService, Withdraw, Transition::kWithdraw)
#undef MOTCUA_ACTION_IMPL

}  // namespace motcua::services

#include "services/postal_service.h"

#include <atomic>
#include <memory>

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"
#include "engine/postal/decide_postal.h"
#include "services/dossier_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;

constexpr int kMaxBatch = 500;

// A carrier reports for itself only, on gRPC as on the webhook (where the
// HMAC secret names the carrier).
engine::Status CheckCarrier(const engine::Principal& who,
                            const std::string& carrier,
                            const std::string& prefix) {
  if (engine::ActsForCarrier(who, carrier)) return {};
  return engine::PermissionDenied(prefix + "report.carrier: principal " +
                                  who.id + " does not report for carrier " +
                                  engine::QuoteText(carrier, 40));
}

// The request as a command; every bad field is recorded in `v`, named by its
// path in the request: what the wire cannot represent, then the engine's
// checks (CheckPostalCommand names the report's fields without "report.").
engine::PostalCommand FromProto(const pb::RecordPostalEventRequest& r,
                                const std::string& prefix, engine::Instant now,
                                const engine::Principal& who,
                                engine::FieldViolations& v) {
  // Another carrier's report is refused before its fields are judged.
  if (!r.report().carrier().empty()) {
    v.Add(CheckCarrier(who, r.report().carrier(), prefix));
  }
  engine::PostalCommand cmd;
  cmd.client_id = r.client_id();
  cmd.dossier_code = r.dossier_code();
  const bool kind_known =
      r.report().kind() >= pb::POSTAL_EVENT_KIND_INBOUND_PICKUP &&
      r.report().kind() <= pb::POSTAL_EVENT_KIND_RETURNED_TO_SENDER;
  cmd.report = services::FromProto(r.report(), prefix + "report", v);
  engine::FieldViolations checked;
  engine::CheckPostalCommand(cmd, now, checked);
  for (const engine::FieldViolation& f : checked.violations()) {
    const bool own = f.field == "client_id";
    // The kind-specific checks mean nothing without a known kind.
    if (!own && !kind_known) continue;
    v.Add(prefix + (own ? "" : "report.") + f.field, f.description);
  }
  return cmd;
}

void ToProto(const engine::PostalOutcome& o,
             pb::RecordPostalEventResponse* out) {
  out->set_duplicate(o.duplicate);
  out->set_dossier_code(o.dossier_code);
  out->set_version(o.version);
}

}  // namespace

void PostalRecorder::Record(engine::PostalCommand cmd, Done done) {
  if (engine::Status s = engine::ValidatePostalCommand(cmd, clock_.Now());
      !s.ok()) {
    return done(s.error());
  }
  std::string code = cmd.dossier_code;
  if (code.empty()) {
    auto owner = store_.FindByTrackingNumber(cmd.report.tracking_number);
    if (!owner.ok()) return done(owner.error());
    if (!owner->has_value()) {
      return done(engine::NotFound(
          "report.tracking_number: no dossier has tracking number " +
          cmd.report.tracking_number +
          " (a postal dossier is known once the desk has received it; retry "
          "later or send dossier_code)"));
    }
    code = **owner;
  } else if (auto parsed = engine::ParseDossierCode(code, "dossier_code");
             !parsed.ok()) {
    return done(parsed.error());
  }
  runtime::DossierCommand command;
  command.client_id = "postal:" + cmd.report.carrier;
  command.request_id = cmd.report.carrier_event_id;
  command.key_field = "carrier_event_id";
  command.dossier_code = code;
  command.command = std::move(cmd);
  command.decide = [](const engine::Dossier& d, const engine::WriteCommand& c,
                      engine::Instant now)
      -> engine::Result<std::vector<engine::DossierEvent>> {
    auto decision =
        engine::DecidePostal(d, std::get<engine::PostalCommand>(c), now);
    if (!decision.ok()) return decision.error();
    return std::move(decision->events);
  };
  sequencer_.Execute(
      std::move(command),
      [done = std::move(done)](engine::Result<runtime::CommandReply> r) {
        if (!r.ok()) return done(r.error());
        done(engine::PostalOutcome{r->replayed, r->dossier.code,
                                   r->dossier.version});
      });
}

grpc::ServerUnaryReactor* PostalService::RecordPostalEvent(
    grpc::CallbackServerContext* context,
    const pb::RecordPostalEventRequest* request,
    pb::RecordPostalEventResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto caller = access_.Require(*context, {engine::Role::kCarrier});
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.error()));
    return reactor;
  }
  engine::FieldViolations violations;
  engine::PostalCommand cmd =
      FromProto(*request, "", clock_.Now(), **caller, violations);
  if (!violations.ok()) {
    reactor->Finish(ToGrpcStatus(violations));
    return reactor;
  }
  sink_.Record(std::move(cmd),
               [reactor, response](engine::Result<engine::PostalOutcome> r) {
                 if (!r.ok()) {
                   reactor->Finish(ToGrpcStatus(r.error()));
                   return;
                 }
                 ToProto(*r, response);
                 reactor->Finish(grpc::Status::OK);
               });
  return reactor;
}

grpc::ServerUnaryReactor* PostalService::RecordPostalEvents(
    grpc::CallbackServerContext* context,
    const pb::RecordPostalEventsRequest* request,
    pb::RecordPostalEventsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto caller = access_.Require(*context, {engine::Role::kCarrier});
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.error()));
    return reactor;
  }
  const int n = request->events_size();
  if (n == 0 || n > kMaxBatch) {
    reactor->Finish(ToGrpcStatus(engine::InvalidArgument(
        "events: 1.." + std::to_string(kMaxBatch) + " reports per call")));
    return reactor;
  }
  for (int i = 0; i < n; ++i) response->add_results();
  // Each report is decided on its own; the call finishes with the last.
  auto pending = std::make_shared<std::atomic<int>>(n);
  // A slot's error, with the details a lone call's status would carry.
  auto fail = [](pb::PostalEventResult* slot, const grpc::Status& s) {
    slot->set_code(s.error_code());
    slot->set_message(s.error_message());
    if (s.error_details().empty() ||
        !slot->mutable_status()->ParseFromString(s.error_details())) {
      slot->mutable_status()->set_code(s.error_code());
      slot->mutable_status()->set_message(s.error_message());
    }
  };
  auto settle = [reactor, pending, fail](
                    pb::PostalEventResult* slot,
                    engine::Result<engine::PostalOutcome> r) {
    if (r.ok()) {
      ToProto(*r, slot->mutable_response());
    } else {
      fail(slot, ToGrpcStatus(r.error()));
    }
    if (pending->fetch_sub(1) == 1) reactor->Finish(grpc::Status::OK);
  };
  for (int i = 0; i < n; ++i) {
    pb::PostalEventResult* slot = response->mutable_results(i);
    const std::string prefix = "events[" + std::to_string(i) + "].";
    engine::FieldViolations violations;
    engine::PostalCommand cmd = FromProto(request->events(i), prefix,
                                          clock_.Now(), **caller, violations);
    if (!violations.ok()) {
      // Every bad field of the slot, not only the first.
      fail(slot, ToGrpcStatus(violations));
      if (pending->fetch_sub(1) == 1) reactor->Finish(grpc::Status::OK);
      continue;
    }
    sink_.Record(std::move(cmd),
                 [settle, slot](engine::Result<engine::PostalOutcome> r) {
                   settle(slot, std::move(r));
                 });
  }
  return reactor;
}

}  // namespace motcua::services

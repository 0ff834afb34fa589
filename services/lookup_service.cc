#include "services/lookup_service.h"

#include "engine/lifecycle/rating.h"
#include "engine/lookup/citizen_status.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {

namespace pb = motcua::v1;

std::string LookupService::KeyOf(
    const grpc::CallbackServerContext& context) const {
  std::vector<std::string_view> forwarded_for;
  // Used only from a trusted proxy or the HTTP/JSON gateway (CallerKey
  // ignores it otherwise).
  const auto [begin, end] =
      context.client_metadata().equal_range("x-forwarded-for");
  for (auto it = begin; it != end; ++it) {
    forwarded_for.emplace_back(it->second.data(), it->second.size());
  }
  return CallerKey(context.peer(), forwarded_for, proxies_);
}

grpc::ServerUnaryReactor* LookupService::LookupDossier(
    grpc::CallbackServerContext* context,
    const pb::LookupDossierRequest* request,
    pb::LookupDossierResponse* response) {
  if (auto caller = access_.Require(*context, {engine::Role::kPortal});
      !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto finish = [&](const grpc::Status& s) {
    reactor->Finish(s);
    return reactor;
  };
  if (!limiter_.Allow(KeyOf(*context))) {
    return finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                               "too many lookups from this address; try again "
                               "in a minute"));
  }
  engine::FieldViolations violations;
  if (request->code().empty() || request->code().size() > 128) {
    violations.Add("code", "required, as printed on the receipt slip");
  }
  if (request->secret().empty() || request->secret().size() > 64) {
    violations.Add("secret", "required, as printed on the receipt slip");
  }
  if (!violations.ok()) return finish(ToGrpcStatus(violations));
  const grpc::Status not_found(
      grpc::StatusCode::NOT_FOUND,
      "no dossier matches this code and secret; check both on the receipt "
      "slip");
  // Verify first, whatever the store holds: same work for every answer.
  const bool secret_ok = secrets_.Verify(request->code(), request->secret());
  auto found = store_.FindDossier(request->code());
  if (!found.ok()) return finish(ToGrpcStatus(found.error()));
  if (!secret_ok || !found->has_value()) return finish(not_found);
  auto log = store_.ListEvents(request->code());
  if (!log.ok()) return finish(ToGrpcStatus(log.error()));

  const engine::Dossier& d = **found;
  auto catalogue = catalogue_.Snapshot();
  std::shared_ptr<const engine::WorkingCalendar> calendar;
  if (d.terms) {
    if (auto cal = calendars_.Get(d.terms->calendar); cal.ok()) calendar = *cal;
  }
  const engine::CitizenStatus status = engine::BuildCitizenStatus(
      d, *log,
      [&](std::string_view code) {
        const engine::Agency* a = catalogue->AgencyByCode(code);
        return a != nullptr ? a->name : std::string(code);
      },
      clock_.Now(), calendar.get());

  pb::CitizenStatus* out = response->mutable_status();
  out->set_code(status.code);
  out->set_national_status(status.national_status);
  out->set_status_text(status.status_text);
  if (status.appointment) {
    ToTimestamp(*status.appointment, out->mutable_appointment());
  }
  out->set_appointment_text(status.appointment_text);
  out->set_holder_agency_code(status.holder_agency_code);
  out->set_holder_agency_name(status.holder_agency_name);
  for (const auto& step : status.steps_done) {
    auto* s = out->add_steps_done();
    s->set_text(step.text);
    ToTimestamp(step.at, s->mutable_at());
    s->set_at_text(step.at_text);
  }
  out->set_overdue(status.overdue);
  out->set_sms_text(status.sms_text);
  return finish(grpc::Status::OK);
}

}  // namespace motcua::services

namespace motcua::services {

grpc::ServerUnaryReactor* LookupService::RateDossier(
    grpc::CallbackServerContext* context, const pb::RateDossierRequest* request,
    pb::RateDossierResponse* response) {
  if (auto caller = access_.Require(*context, {engine::Role::kPortal});
      !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (!limiter_.Allow(KeyOf(*context))) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "too many requests from this address"));
    return reactor;
  }
  const bool secret_ok = secrets_.Verify(request->code(), request->secret());
  auto found = store_.FindDossier(request->code());
  if (!found.ok()) {
    reactor->Finish(ToGrpcStatus(found.error()));
    return reactor;
  }
  if (!secret_ok || !found->has_value()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                 "no dossier matches this code and secret"));
    return reactor;
  }
  runtime::DossierCommand cmd;
  // A dossier is rated once: the key is the dossier itself, so a retry of a
  // recorded rating is answered from it, and another rating is refused by
  // the engine ("already rated").
  cmd.client_id = "citizen";
  cmd.request_id = "rating:" + request->code();
  cmd.dossier_code = request->code();
  cmd.command = engine::RatingCommand{request->code(), request->rating(),
                                      request->complaint(), request->comment()};
  cmd.decide = [](const engine::Dossier& d, const engine::WriteCommand& c,
                  engine::Instant now) {
    const auto& r = std::get<engine::RatingCommand>(c);
    return engine::DecideRating(d, r.rating, r.complaint, r.comment, now);
  };
  sequencer_.Execute(
      std::move(cmd),
      [reactor, response](engine::Result<runtime::CommandReply> r) {
        if (!r.ok()) {
          // Another rating of a rated dossier reuses the key.
          if (r.error().code == engine::ErrorCode::kInvalidArgument &&
              r.error().message.rfind("request_id:", 0) == 0) {
            reactor->Finish(
                grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                             "this dossier was already rated; a dossier is "
                             "rated once"));
            return;
          }
          reactor->Finish(ToGrpcStatus(r.error()));
          return;
        }
        if (r->dossier.rating) {
          ToTimestamp(r->dossier.rating->at, response->mutable_rated_at());
        }
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

}  // namespace motcua::services

#include "services/catalogue_service.h"

#include "engine/common/field_violations.h"
#include "engine/common/text.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"
#include "services/text_normalization.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::InvalidArgument;

constexpr size_t kMaxCatalogueText = 1 << 20;

// `date` if set, else today in Vietnam.
engine::Result<engine::CivilDate> DateOrToday(bool has, const pb::Date& date,
                                              const std::string& field,
                                              const engine::Clock& clock) {
  if (!has) return engine::VietnamDateOf(clock.Now());
  return FromProto(date, field);
}

}  // namespace

void ToProto(const engine::Agency& a, pb::Agency* out) {
  out->set_code(a.code);
  out->set_name(a.name);
  out->set_parent_code(a.parent_code);
  out->set_level(std::string(engine::AgencyLevelName(a.level)));
  ToProto(a.valid_from, out->mutable_valid_from());
  if (a.valid_until) ToProto(*a.valid_until, out->mutable_valid_until());
  for (const std::string& s : a.successors) out->add_successors(s);
  out->set_revision(a.revision);
  out->set_calendar(a.calendar);
}

void ToProto(const engine::Procedure& p, pb::Procedure* out) {
  out->set_code(p.code);
  out->set_version(p.version);
  out->set_name(p.name);
  out->set_field_code(p.field_code);
  out->set_field_name(p.field_name);
  out->set_level(std::string(engine::ProcedureLevelName(p.level)));
  ToProto(p.effective_from, out->mutable_effective_from());
  if (p.effective_until) {
    ToProto(*p.effective_until, out->mutable_effective_until());
  }
  ToProto(p.budget, out->mutable_budget());
  out->set_channel_direct(p.channels.direct);
  out->set_channel_postal(p.channels.postal);
  out->set_channel_online(p.channels.online);
  out->set_result_by_post(p.result_by_post);
  out->set_receipt_cutoff(CutoffText(p.receipt_cutoff_minute));
  for (const engine::Fee& f : p.fees) {
    auto* fee = out->add_fees();
    fee->set_name(f.name);
    fee->set_amount_vnd(f.amount_vnd);
  }
  for (const engine::ProcedureStep& s : p.steps) {
    auto* step = out->add_steps();
    step->set_role(s.role);
    step->set_agency_code(s.agency_code);
    ToProto(s.budget, step->mutable_budget());
  }
}

grpc::ServerUnaryReactor* CatalogueService::ListAgencies(
    grpc::CallbackServerContext* context,
    const pb::ListAgenciesRequest* request,
    pb::ListAgenciesResponse* response) {
  if (auto caller = access_.Authenticate(*context); !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  std::optional<engine::CivilDate> on;
  if (request->has_valid_on()) {
    auto d = FromProto(request->valid_on(), "valid_on");
    if (!d.ok()) return FinishCall(context, d.error());
    on = *d;
  }
  auto catalogue = book_.Snapshot();
  for (const auto& [code, agency] : catalogue->agencies()) {
    if (on && !agency.ValidOn(*on)) continue;
    ToProto(agency, response->add_agencies());
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CatalogueService::ListProcedures(
    grpc::CallbackServerContext* context,
    const pb::ListProceduresRequest* request,
    pb::ListProceduresResponse* response) {
  if (auto caller = access_.Authenticate(*context); !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  engine::FieldViolations violations;
  auto on = DateOrToday(request->has_effective_on(), request->effective_on(),
                        "effective_on", clock_);
  violations.Add(on);
  if (request->page_size() < 0 || request->page_size() > 500) {
    violations.Add("page_size", "must be 0..500");
  }
  if (!request->level().empty() &&
      !engine::ParseProcedureLevel(request->level())) {
    violations.Add("level", "one of central, province, district, commune");
  }
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  const size_t page = request->page_size() == 0 ? 100 : request->page_size();
  // The page token is the last code of the previous page: procedures are
  // listed in code order, so the listing is stable under concurrent adds.
  const std::string& after = request->page_token();
  auto catalogue = book_.Snapshot();
  std::string last;
  for (const auto& [key, p] : catalogue->procedures()) {
    if (!after.empty() && key.first <= after) continue;
    if (!p.EffectiveOn(*on)) continue;
    if (!request->field_code().empty() &&
        p.field_code != request->field_code()) {
      continue;
    }
    if (!request->level().empty() &&
        engine::ProcedureLevelName(p.level) != request->level()) {
      continue;
    }
    if (static_cast<size_t>(response->procedures_size()) == page) {
      response->set_next_page_token(last);
      break;
    }
    ToProto(p, response->add_procedures());
    last = p.code;
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CatalogueService::GetProcedure(
    grpc::CallbackServerContext* context,
    const pb::GetProcedureRequest* request,
    pb::GetProcedureResponse* response) {
  if (auto caller = access_.Authenticate(*context); !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  auto catalogue = book_.Snapshot();
  const auto versions = catalogue->Versions(request->code());
  if (versions.empty()) {
    return FinishCall(context, engine::NotFound("no procedure with code \"" +
                                                request->code() + "\""));
  }
  for (const engine::Procedure* p : versions)
    response->add_versions(p->version);
  if (request->version() != 0) {
    for (const engine::Procedure* p : versions) {
      if (p->version == request->version()) {
        ToProto(*p, response->mutable_procedure());
        return FinishCall(context, grpc::Status::OK);
      }
    }
    return FinishCall(
        context,
        engine::NotFound("procedure " + request->code() + " has no version " +
                         std::to_string(request->version())));
  }
  auto on = DateOrToday(request->has_effective_on(), request->effective_on(),
                        "effective_on", clock_);
  if (!on.ok()) return FinishCall(context, on.error());
  auto p = catalogue->FindProcedure(request->code(), *on);
  if (!p.ok()) return FinishCall(context, p.error());
  ToProto(**p, response->mutable_procedure());
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CatalogueAdminService::ApplyCatalogue(
    grpc::CallbackServerContext* context,
    const pb::ApplyCatalogueRequest* request,
    pb::ApplyCatalogueResponse* response) {
  auto caller = access_.Require(*context, {engine::Role::kCatalogueAdmin});
  if (!caller.ok()) return FinishCall(context, caller.error());
  engine::FieldViolations violations;
  engine::CheckIdempotencyKey(request->client_id(), request->request_id(),
                              violations);
  if (request->catalogue_text().empty() ||
      request->catalogue_text().size() > kMaxCatalogueText) {
    violations.Add("catalogue_text", "required, at most 1 MiB");
  }
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto applied = book_.Apply(request->client_id(), request->request_id(),
                             Nfc(request->catalogue_text()), clock_.Now());
  if (!applied.ok()) return FinishCall(context, applied.error());
  response->set_change_seq(applied->seq);
  for (const std::string& a : applied->agencies) response->add_agencies(a);
  for (const auto& [code, version] : applied->procedures) {
    response->add_procedures(code + "@" + std::to_string(version));
  }
  response->set_replayed(applied->replayed);
  response->set_unchanged(applied->unchanged);
  return FinishCall(context, grpc::Status::OK);
}

}  // namespace motcua::services

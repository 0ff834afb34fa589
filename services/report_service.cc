#include "services/report_service.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string_view>

#include "engine/common/field_violations.h"
#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"
#include "engine/report/form06_csv.h"
#include "engine/report/indicators.h"
#include "engine/report/period.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::InvalidArgument;
using services::FromProto;
using services::ToProto;

engine::Result<engine::Period> PeriodOf(const pb::PeriodSpec& p,
                                        engine::FieldViolations& v) {
  engine::Result<engine::Period> period =
      InvalidArgument("period.kind: required");
  switch (p.kind()) {
    case pb::PERIOD_KIND_MONTH:
      period = engine::Month(p.year(), p.number());
      break;
    case pb::PERIOD_KIND_QUARTER:
      period = engine::Quarter(p.year(), p.number());
      break;
    case pb::PERIOD_KIND_HALF_YEAR:
      period = engine::HalfYear(p.year(), p.number());
      break;
    case pb::PERIOD_KIND_NINE_MONTHS:
      period = engine::NineMonths(p.year());
      break;
    case pb::PERIOD_KIND_YEAR:
      period = engine::Year(p.year());
      break;
    case pb::PERIOD_KIND_CUSTOM: {
      auto from = FromProto(p.from(), "period.from");
      auto to = FromProto(p.to(), "period.to");
      if (!from.ok() || !to.ok()) {
        v.Add(from);
        v.Add(to);
        return v.ToStatus().error();
      }
      period = engine::Custom(*from, *to);
      break;
    }
    default:
      break;
  }
  if (!period.ok() && period.error().message.rfind("period.", 0) != 0) {
    period = InvalidArgument("period: " + period.error().message);
  }
  v.Add(period);
  return period;
}

engine::Result<engine::Period> PeriodOf(const pb::PeriodSpec& p) {
  engine::FieldViolations v;
  return PeriodOf(p, v);
}

engine::Result<engine::Treatment> TreatmentOf(pb::Treatment t,
                                              engine::Treatment fallback,
                                              const std::string& field) {
  switch (t) {
    case pb::TREATMENT_UNSPECIFIED:
      return fallback;
    case pb::TREATMENT_EXCLUDE:
      return engine::Treatment::kExclude;
    case pb::TREATMENT_RESOLVED_ON_TIME:
      return engine::Treatment::kResolvedOnTime;
    case pb::TREATMENT_RESOLVED_BY_TIMELINESS:
      return engine::Treatment::kResolvedByTimeliness;
    default:
      return InvalidArgument(field + ": unknown value");
  }
}

engine::Result<engine::ReportConfig> ConfigOf(const pb::Treatments& t,
                                              engine::FieldViolations& v) {
  engine::ReportConfig c;
  auto w = TreatmentOf(t.withdrawn(), c.withdrawn, "treatments.withdrawn");
  v.Add(w);
  auto s = TreatmentOf(t.stopped(), c.stopped, "treatments.stopped");
  v.Add(s);
  auto r = TreatmentOf(t.refused_at_receipt(), c.refused_at_receipt,
                       "treatments.refused_at_receipt");
  v.Add(r);
  if (!w.ok()) return w.error();
  if (!s.ok()) return s.error();
  if (!r.ok()) return r.error();
  c.withdrawn = *w;
  c.stopped = *s;
  c.refused_at_receipt = *r;
  return c;
}

engine::Result<engine::ReportConfig> ConfigOf(const pb::Treatments& t) {
  engine::FieldViolations v;
  return ConfigOf(t, v);
}

engine::Result<engine::AgencyGrouping> GroupingOf(pb::AgencyGrouping g) {
  switch (g) {
    case pb::AGENCY_GROUPING_UNSPECIFIED:
    case pb::AGENCY_GROUPING_RECEIVING:
      return engine::AgencyGrouping::kReceivingAgency;
    case pb::AGENCY_GROUPING_RESOLVING:
      return engine::AgencyGrouping::kResolvingAgency;
    default:
      return InvalidArgument("grouping: unknown value");
  }
}

engine::Status CheckFormat(pb::ExportFormat f) {
  switch (f) {
    case pb::EXPORT_FORMAT_UNSPECIFIED:
    case pb::EXPORT_FORMAT_CSV:
    case pb::EXPORT_FORMAT_XLSX:
      return {};
    default:
      return InvalidArgument("format: unknown value");
  }
}

// Every bad field of a Form 06 request at once (google.rpc.BadRequest).
void CheckForm06Request(const pb::PeriodSpec& spec,
                        const pb::Treatments& treatments,
                        pb::AgencyGrouping grouping, pb::ExportFormat format,
                        engine::FieldViolations& v) {
  (void)PeriodOf(spec, v);
  (void)ConfigOf(treatments, v);
  v.Add(GroupingOf(grouping));
  v.Add(CheckFormat(format));
}

const char* LevelName(engine::ReportLevel l) {
  switch (l) {
    case engine::ReportLevel::kProvince:
      return "province";
    case engine::ReportLevel::kDistrict:
      return "district";
    case engine::ReportLevel::kCommune:
      return "commune";
  }
  return "";
}

void ToProto(const engine::Form06Counts& counts, pb::Form06Row* out) {
  for (int64_t c : counts.col) out->add_counts(c);
}

void ToProto(const engine::Form06& form, const engine::FactDictionary& dict,
             pb::Form06* out) {
  out->set_period_name(form.period.name_vi);
  out->set_period_legal_basis(form.period.legal_basis);
  ToProto(form.period.first, out->mutable_first_day());
  ToProto(form.period.last, out->mutable_last_day());
  out->set_treatment_note(form.treatment_note);
  for (const engine::Form06Row& row : form.rows) {
    auto* r = out->add_rows();
    r->set_kind(row.kind == engine::Form06RowKind::kLevel    ? "level"
                : row.kind == engine::Form06RowKind::kAgency ? "agency"
                                                             : "field");
    r->set_ordinal(row.ordinal);
    r->set_label(row.label);
    r->set_level(LevelName(row.level));
    if (row.kind != engine::Form06RowKind::kLevel &&
        row.agency < dict.agencies().size()) {
      r->set_agency_code(dict.agencies()[row.agency].code);
    }
    if (row.kind == engine::Form06RowKind::kField &&
        row.field < dict.fields().size()) {
      r->set_field_code(dict.fields()[row.field].code);
    }
    ToProto(row.counts, r);
  }
  auto* total = out->mutable_total();
  total->set_kind("total");
  total->set_label("Tổng cộng");
  ToProto(form.total, total);
}

std::string PeriodKey(const engine::Period& p) {
  return p.name_en + "/" + engine::FormatDate(p.first) + "/" +
         engine::FormatDate(p.last);
}

std::string VersionKey(const engine::Period& p, int version) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06d", version);
  return "form06/" + PeriodKey(p) + "/" + buf;
}

// What a submission asked for, normalised: the period's key and the
// treatments. Stored in the request record so that a key reused for
// another submission is refused instead of replayed.
std::string SubmissionAsked(const engine::Period& p,
                            const pb::Treatments& treatments) {
  return PeriodKey(p) + std::string(1, '\0') + treatments.SerializeAsString();
}

// A request record ("request/<client>/<request>"): the version key it
// produced, then NUL and SubmissionAsked(). Records written before issue 13
// hold the version key alone: nothing to compare, they replay.
struct RequestRecord {
  std::string_view version_key;
  std::optional<std::string_view> asked;
};

RequestRecord ParseRequestRecord(std::string_view value) {
  const size_t nul = value.find('\0');
  if (nul == std::string_view::npos) return {value, std::nullopt};
  return {value.substr(0, nul), value.substr(nul + 1)};
}

void Diff(const pb::Form06& before, const pb::Form06& after,
          google::protobuf::RepeatedPtrField<pb::CellChange>* out) {
  std::map<std::pair<std::string, std::string>, const pb::Form06Row*> old_rows;
  for (const auto& r : before.rows()) old_rows[{r.ordinal(), r.label()}] = &r;
  old_rows[{"", "Tổng cộng"}] = &before.total();
  auto compare = [&](const pb::Form06Row& r, const std::string& ordinal) {
    auto it = old_rows.find({ordinal, r.label()});
    for (int i = 0; i < r.counts_size(); ++i) {
      const int64_t was = it == old_rows.end() ? 0 : it->second->counts(i);
      if (was != r.counts(i)) {
        auto* c = out->Add();
        c->set_ordinal(r.ordinal());
        c->set_label(r.label());
        c->set_column(i + 3);
        c->set_before(was);
        c->set_after(r.counts(i));
      }
    }
  };
  for (const auto& r : after.rows()) compare(r, r.ordinal());
  compare(after.total(), "");
}

}  // namespace

namespace {

// The agency subtree a report is for: the requested agency (which the
// caller must cover), else all for a caller of every agency, else the
// caller's only agency.
engine::Result<std::string> ReportAgency(const engine::Principal& who,
                                         const std::string& requested,
                                         const engine::Catalogue& catalogue) {
  if (!requested.empty()) {
    if (engine::CoversAgency(who, requested, catalogue)) return requested;
    return engine::PermissionDenied(
        "agency_code: principal " + who.id + " may not report on " +
        engine::QuoteText(requested, 40) + " (not among its agencies)");
  }
  if (engine::CoversEveryAgency(who)) return std::string();
  if (who.agencies.size() == 1) return who.agencies.front();
  return engine::PermissionDenied(
      "agency_code: principal " + who.id +
      " reports on its own agencies only; name one of them");
}

}  // namespace

engine::Result<engine::Form06> ReportService::Build(
    const pb::PeriodSpec& spec, const pb::Treatments& treatments,
    pb::AgencyGrouping grouping, const std::string& agency_code) const {
  auto period = PeriodOf(spec);
  if (!period.ok()) return period.error();
  auto config = ConfigOf(treatments);
  if (!config.ok()) return config.error();
  auto grouped = GroupingOf(grouping);
  if (!grouped.ok()) return grouped.error();
  config->grouping = *grouped;
  std::shared_ptr<const engine::Catalogue> catalogue;
  if (!agency_code.empty()) catalogue = book_.Catalogue();
  engine::Form06 form;
  engine::Status scope_error;
  book_.Read([&](std::span<const engine::ReportFact> facts,
                 const std::vector<std::string>&,
                 const engine::FactDictionary& dict) {
    engine::AgencyScope scope;
    if (catalogue) {
      auto s = engine::SubtreeScope(*catalogue, dict, agency_code);
      if (!s.ok()) {
        scope_error = s.error();
        return;
      }
      scope = std::move(*s);
    }
    form = engine::BuildForm06(facts, *period, *config, dict, scope);
  });
  if (!scope_error.ok()) return scope_error.error();
  if (catalogue) {
    const engine::Agency* a = catalogue->AgencyByCode(agency_code);
    form.treatment_note += " Phạm vi: " + a->name + " (" + a->code +
                           ") và các cơ quan, đơn vị trực thuộc.";
  }
  return form;
}

engine::Status ReportService::Export(const engine::Form06& form,
                                     pb::ExportFormat format, std::string* file,
                                     std::string* name,
                                     std::string* type) const {
  // "mau06-Q1-2026": a file name without spaces (name_en is "Q1 2026").
  std::string base = "mau06-" + form.period.name_en;
  std::replace(base.begin(), base.end(), ' ', '-');
  switch (format) {
    case pb::EXPORT_FORMAT_UNSPECIFIED:
      return {};
    case pb::EXPORT_FORMAT_CSV:
      *file = engine::Form06Csv(form);
      *name = base + ".csv";
      *type = "text/csv; charset=utf-8";
      return {};
    case pb::EXPORT_FORMAT_XLSX: {
      auto bytes = xlsx_(form);
      if (!bytes.ok()) return bytes.error();
      *file = std::move(*bytes);
      *name = base + ".xlsx";
      *type =
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      return {};
    }
    default:
      return CheckFormat(format);
  }
}

grpc::ServerUnaryReactor* ReportService::GetForm06(
    grpc::CallbackServerContext* context, const pb::GetForm06Request* request,
    pb::GetForm06Response* response) {
  auto caller = access_.Require(
      *context, {engine::Role::kStatistician, engine::Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  auto agency =
      ReportAgency(**caller, request->agency_code(), *book_.Catalogue());
  if (!agency.ok()) return FinishCall(context, agency.error());
  engine::FieldViolations violations;
  CheckForm06Request(request->period(), request->treatments(),
                     request->grouping(), request->format(), violations);
  if (!violations.ok()) return FinishCall(context, violations);
  auto form = Build(request->period(), request->treatments(),
                    request->grouping(), *agency);
  if (!form.ok()) return FinishCall(context, form.error());
  book_.Read([&](std::span<const engine::ReportFact>,
                 const std::vector<std::string>&,
                 const engine::FactDictionary& dict) {
    ToProto(*form, dict, response->mutable_form());
  });
  if (engine::Status s = Export(
          *form, request->format(), response->mutable_file(),
          response->mutable_file_name(), response->mutable_content_type());
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* ReportService::SubmitForm06(
    grpc::CallbackServerContext* context,
    const pb::SubmitForm06Request* request,
    pb::SubmitForm06Response* response) {
  auto caller = access_.Require(*context, {engine::Role::kStatistician});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (engine::Status s =
          RequireEveryAgency(**caller, {engine::Role::kStatistician});
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  engine::FieldViolations violations;
  engine::CheckIdempotencyKey(request->client_id(), request->request_id(),
                              violations);
  auto period = PeriodOf(request->period(), violations);
  (void)ConfigOf(request->treatments(), violations);
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  std::lock_guard lock(submit_mu_);
  const std::string request_key =
      "request/" + request->client_id() + "/" + request->request_id();
  const std::string asked = SubmissionAsked(*period, request->treatments());
  if (auto prior = store_.FindSubmission(request_key); !prior.ok()) {
    return FinishCall(context, prior.error());
  } else if (prior->has_value()) {
    const RequestRecord record = ParseRequestRecord(**prior);
    if (record.asked && *record.asked != asked) {
      return FinishCall(
          context,
          InvalidArgument("request_id: \"" + request->request_id() +
                          "\" was already used by " + request->client_id() +
                          " for a submission of another period or other "
                          "treatments (" +
                          std::string(record.version_key) +
                          "); use a new request_id"));
    }
    auto stored = store_.FindSubmission(record.version_key);
    if (!stored.ok()) return FinishCall(context, stored.error());
    if (stored->has_value() &&
        response->mutable_submission()->ParseFromString(**stored)) {
      response->set_replayed(true);
      return FinishCall(context, grpc::Status::OK);
    }
    return FinishCall(context,
                      engine::Internal("submission record is corrupt"));
  }
  auto form = Build(request->period(), request->treatments(),
                    pb::AGENCY_GROUPING_UNSPECIFIED, "");
  if (!form.ok()) return FinishCall(context, form.error());
  auto versions = store_.ListSubmissions("form06/" + PeriodKey(*period) + "/");
  if (!versions.ok()) return FinishCall(context, versions.error());
  pb::Submission* sub = response->mutable_submission();
  sub->set_version(static_cast<int>(versions->size()) + 1);
  ToTimestamp(clock_.Now(), sub->mutable_submitted_at());
  sub->set_submitted_by(request->client_id());
  book_.Read([&](std::span<const engine::ReportFact>,
                 const std::vector<std::string>&,
                 const engine::FactDictionary& dict) {
    ToProto(*form, dict, sub->mutable_form());
  });
  if (!versions->empty()) {
    pb::Submission previous;
    if (previous.ParseFromString(versions->back().second)) {
      Diff(previous.form(), sub->form(), sub->mutable_changes());
    }
  }
  const std::string key = VersionKey(*period, sub->version());
  // One atomic, synced write: never a version without its request record.
  if (engine::Status s =
          store_.PutSubmission(key, sub->SerializeAsString(), request_key,
                               key + std::string(1, '\0') + asked);
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* ReportService::GetSubmission(
    grpc::CallbackServerContext* context,
    const pb::GetSubmissionRequest* request,
    pb::GetSubmissionResponse* response) {
  auto caller = access_.Require(
      *context, {engine::Role::kStatistician, engine::Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (engine::Status s = RequireEveryAgency(
          **caller, {engine::Role::kStatistician, engine::Role::kAuditor});
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  engine::FieldViolations violations;
  auto period = PeriodOf(request->period(), violations);
  violations.Add(CheckFormat(request->format()));
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto versions = store_.ListSubmissions("form06/" + PeriodKey(*period) + "/");
  if (!versions.ok()) return FinishCall(context, versions.error());
  const int n = static_cast<int>(versions->size());
  const int want = request->version() == 0 ? n : request->version();
  if (want < 1 || want > n) {
    return FinishCall(
        context,
        engine::NotFound("no submitted version " + std::to_string(want) +
                         " of form 06 for " + period->name_vi));
  }
  if (!response->mutable_submission()->ParseFromString(
          (*versions)[want - 1].second)) {
    return FinishCall(context,
                      engine::Internal("submission record is corrupt"));
  }
  if (request->format() != pb::EXPORT_FORMAT_UNSPECIFIED) {
    // Frozen figures are exported as they were submitted.
    engine::Form06 form;
    form.period = *period;
    const pb::Form06& f = response->submission().form();
    form.treatment_note = f.treatment_note();
    for (const auto& r : f.rows()) {
      engine::Form06Row row;
      row.kind = r.kind() == "level"    ? engine::Form06RowKind::kLevel
                 : r.kind() == "agency" ? engine::Form06RowKind::kAgency
                                        : engine::Form06RowKind::kField;
      row.ordinal = r.ordinal();
      row.label = r.label();
      for (int i = 0; i < r.counts_size() && i < 11; ++i) {
        row.counts.col[i] = r.counts(i);
      }
      form.rows.push_back(std::move(row));
    }
    for (int i = 0; i < f.total().counts_size() && i < 11; ++i) {
      form.total.col[i] = f.total().counts(i);
    }
    if (engine::Status s = Export(
            form, request->format(), response->mutable_file(),
            response->mutable_file_name(), response->mutable_content_type());
        !s.ok()) {
      return FinishCall(context, s.error());
    }
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* ReportService::GetIndicators(
    grpc::CallbackServerContext* context,
    const pb::GetIndicatorsRequest* request,
    pb::GetIndicatorsResponse* response) {
  auto caller = access_.Require(
      *context, {engine::Role::kStatistician, engine::Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  auto catalogue = book_.Catalogue();
  auto agency = ReportAgency(**caller, request->agency_code(), *catalogue);
  if (!agency.ok()) return FinishCall(context, agency.error());
  auto period = PeriodOf(request->period());
  if (!period.ok()) return FinishCall(context, period.error());
  const engine::IndicatorGroup group =
      request->group() == pb::INDICATOR_GROUP_PROCEDURE
          ? engine::IndicatorGroup::kProcedure
          : engine::IndicatorGroup::kAgency;
  engine::Status scope_error;
  book_.Read([&](std::span<const engine::ReportFact> all_facts,
                 const std::vector<std::string>&,
                 const engine::FactDictionary& dict) {
    std::span<const engine::ReportFact> facts = all_facts;
    std::vector<engine::ReportFact> scoped;
    if (!agency->empty()) {
      auto scope = engine::SubtreeScope(*catalogue, dict, *agency);
      if (!scope.ok()) {
        scope_error = scope.error();
        return;
      }
      for (const engine::ReportFact& f : all_facts) {
        if (f.agency < scope->size() && (*scope)[f.agency]) {
          scoped.push_back(f);
        }
      }
      facts = scoped;
    }
    for (const engine::Indicators& i :
         engine::BuildIndicators(facts, *period, group)) {
      auto* out = response->add_indicators();
      const auto& entries = group == engine::IndicatorGroup::kProcedure
                                ? dict.procedures()
                                : dict.agencies();
      if (i.id < entries.size()) {
        out->set_code(entries[i.id].code);
        out->set_name(entries[i.id].name);
      }
      out->set_received(i.received);
      out->set_resolved(i.resolved);
      out->set_on_time_share(i.on_time_share());
      out->set_online_share(i.online_share());
      out->set_direct_share(i.direct_share());
      out->set_postal_share(i.postal_share());
      out->set_electronic_result_share(i.electronic_result_share());
      out->set_satisfaction(i.decision766_satisfaction());
      out->set_rated(i.rated);
      out->set_average_processing_days(i.average_processing_days);
      out->set_median_processing_days(i.median_processing_days);
      out->set_digitization_share(i.digitization_share());
      out->set_portal_sync_share(i.portal_sync_share());
      out->set_online_payment_share(i.online_payment_share());
      out->set_average_processing_days_excluding_waiting(
          i.average_processing_days_net);
      out->set_median_processing_days_excluding_waiting(
          i.median_processing_days_net);
    }
  });
  if (!scope_error.ok()) return FinishCall(context, scope_error.error());
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* ReportService::GetOverdueList(
    grpc::CallbackServerContext* context,
    const pb::GetOverdueListRequest* request,
    pb::GetOverdueListResponse* response) {
  auto caller = access_.Require(
      *context, {engine::Role::kStatistician, engine::Role::kAuditor,
                 engine::Role::kDesk, engine::Role::kAgencyOfficer});
  if (!caller.ok()) return FinishCall(context, caller.error());
  auto catalogue = book_.Catalogue();
  engine::FieldViolations violations;
  if (!request->agency_code().empty()) {
    violations.Add(
        engine::ParseAgencyCode(request->agency_code(), "agency_code"));
  }
  engine::Instant at = clock_.Now();
  if (request->has_at()) {
    auto t = FromTimestamp(request->at(), "at");
    if (violations.Add(t)) at = *t;
  }
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  // Only overdue dossiers of the caller's agencies, and of the requested
  // subtree (which the caller must cover).
  const std::string& subtree = request->agency_code();
  if (!subtree.empty() &&
      !engine::CoversAgency(**caller, subtree, *catalogue)) {
    return FinishCall(context, engine::PermissionDenied(
                                   "agency_code: principal " + (*caller)->id +
                                   " may not report on " + subtree +
                                   " (not among its agencies)"));
  }
  std::vector<std::string> codes;
  book_.Read([&](std::span<const engine::ReportFact> facts,
                 const std::vector<std::string>& all_codes,
                 const engine::FactDictionary&) {
    for (uint32_t i : engine::OverdueAt(facts, at))
      codes.push_back(all_codes[i]);
  });
  for (const std::string& code : codes) {
    auto d = store_.FindDossier(code);
    if (!d.ok()) return FinishCall(context, d.error());
    if (!d->has_value() || !(*d)->terms) continue;
    auto cal = calendars_.Get((*d)->terms->calendar);
    if (!cal.ok()) continue;
    auto entry = engine::DescribeOverdue(**d, **cal, at);
    if (!entry.ok()) continue;
    if (!engine::CoversAgency(**caller, entry->responsible_agency,
                              *catalogue) ||
        (!subtree.empty() &&
         !engine::InSubtree(*catalogue, entry->responsible_agency, subtree))) {
      continue;
    }
    auto* out = response->add_dossiers();
    out->set_code(entry->code);
    out->set_responsible_agency(entry->responsible_agency);
    ToTimestamp(entry->appointment, out->mutable_appointment());
    out->set_working_days_late(entry->working_days_late);
    out->set_apology(
        entry->apology == engine::ApologyStatus::kApologized ? "apologized"
        : entry->apology == engine::ApologyStatus::kRequired ? "required"
                                                             : "none");
    out->set_apology_untimely(entry->apology_untimely);
  }
  return FinishCall(context, grpc::Status::OK);
}

}  // namespace motcua::services

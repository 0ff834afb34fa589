#include "services/dossier_service.h"

#include <set>

#include "engine/dossier/identifiers.h"
#include "engine/lifecycle/admission.h"
#include "engine/report/form06.h"
#include "engine/report/listing.h"
#include "services/dossier_mapping.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::Transition;

// Most dossiers one ListDossiers call loads (candidates from the report
// index that the exact filter may still drop); a page that needs more
// returns what it found and a token to continue.
constexpr size_t kMaxScan = 20000;

using engine::Role;

engine::AccessRecord Record(const engine::Principal& who, std::string method,
                            std::string code, std::vector<std::string> fields,
                            engine::Instant now) {
  engine::AccessRecord r;
  r.at = now;
  r.principal_id = who.id;
  r.principal_name = who.name;
  r.method = "motcua.v1.DossierService/" + std::move(method);
  r.dossier_code = std::move(code);
  r.fields = std::move(fields);
  return r;
}

pb::Applicant ApplicantOf(const engine::Dossier& d) {
  pb::Applicant a;
  a.set_full_name(d.applicant.full_name);
  a.set_personal_id(d.applicant.personal_id);
  a.set_phone(d.applicant.phone);
  a.set_address(d.applicant.address);
  return a;
}

// PERMISSION_DENIED unless one of the caller's agencies took part in `d`.
engine::Status CheckParticipant(const engine::Principal& who,
                                const engine::Dossier& d,
                                const std::vector<engine::DossierEvent>& events,
                                const engine::Catalogue& catalogue) {
  for (const std::string& a : engine::ParticipatingAgencies(d, events)) {
    if (engine::CoversAgency(who, a, catalogue)) return {};
  }
  return engine::PermissionDenied(
      "code: principal " + who.id +
      " may not read this dossier (none of its agencies took part in it)");
}

}  // namespace

void DossierService::FinishLogged(grpc::ServerUnaryReactor* reactor,
                                  std::vector<engine::AccessRecord> records) {
  access_log_.Record(std::move(records), [reactor](engine::Status s) {
    reactor->Finish(s.ok() ? grpc::Status::OK : ToGrpcStatus(s.error()));
  });
}

grpc::ServerUnaryReactor* DossierService::SubmitDossier(
    grpc::CallbackServerContext* context,
    const pb::SubmitDossierRequest* request,
    pb::SubmitDossierResponse* response) {
  auto caller = access_.Require(*context, {Role::kDesk});
  if (!caller.ok()) return FinishCall(context, caller.error());
  auto command = FromProto(*request);
  if (!command.ok()) return FinishCall(context, command.error());
  auto catalogue = catalogue_.Snapshot();
  if (engine::Status s =
          RequireAgency(**caller, Role::kDesk, command->agency_code,
                        "agency_code", *catalogue);
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto calendars = calendars_.Snapshot();
  runtime::Admit admit = [catalogue, calendars](const engine::ReceiveCommand& c,
                                                engine::Instant now,
                                                uint32_t last) {
    // The sequencer validated the command (once) before calling this.
    return engine::AdmitValidated(
        c, now, last, engine::AdmissionContext{*catalogue, *calendars});
  };
  sequencer_.Receive(
      std::move(*command), std::move(admit),
      [this, reactor, response](engine::Result<runtime::ReceiveReply> reply) {
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
  auto caller = access_.Require(
      *context, {Role::kDesk, Role::kAgencyOfficer, Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
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
  if (engine::Status s =
          CheckParticipant(**caller, **found, *events, *catalogue_.Snapshot());
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  actions_.DossierToProto(**found, response->mutable_dossier());
  for (const engine::DossierEvent& e : *events) {
    ToProto(e, response->add_history());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  FinishLogged(reactor, {Record(**caller, "GetDossier", request->code(),
                                PersonalFields(response->dossier().applicant()),
                                clock_.Now())});
  return reactor;
}

grpc::ServerUnaryReactor* DossierService::ListDossiers(
    grpc::CallbackServerContext* context,
    const pb::ListDossiersRequest* request,
    pb::ListDossiersResponse* response) {
  auto caller = access_.Require(
      *context,
      {Role::kDesk, Role::kAgencyOfficer, Role::kStatistician, Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  const engine::Principal& who = **caller;
  if (request->unmasked() && !engine::HasRole(who, Role::kDesk) &&
      !engine::HasRole(who, Role::kAgencyOfficer) &&
      !engine::HasRole(who, Role::kAuditor)) {
    return FinishCall(context,
                      engine::PermissionDenied(
                          "unmasked: principal " + who.id +
                          " needs role desk, agency_officer or auditor"));
  }
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
  auto catalogue = catalogue_.Snapshot();
  for (const auto& [value, field] :
       {std::pair{&request->agency_code(), "agency_code"},
        std::pair{&request->holder_agency(), "holder_agency"}}) {
    if (!value->empty() && !engine::CoversAgency(who, *value, *catalogue)) {
      return FinishCall(context, engine::PermissionDenied(
                                     std::string(field) + ": principal " +
                                     who.id + " may not read " + *value +
                                     "'s dossiers (not among its agencies)"));
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
  // The exact filter, on a loaded dossier.
  const auto matches = [&](const engine::Dossier& d) {
    if (!request->agency_code().empty() &&
        d.agency_code != request->agency_code()) {
      return false;
    }
    if (!request->holder_agency().empty() &&
        d.holder_agency != request->holder_agency()) {
      return false;
    }
    if (!request->procedure_code().empty() &&
        d.procedure_code != request->procedure_code()) {
      return false;
    }
    if (from && d.received_at < *from) return false;
    if (until && d.received_at >= *until) return false;
    if (!states.empty() && !states.contains(ToProto(d.state))) return false;
    // The caller's agencies: received or held by one of them.
    return engine::CoversAgency(who, d.agency_code, *catalogue) ||
           (!d.holder_agency.empty() &&
            engine::CoversAgency(who, d.holder_agency, *catalogue));
  };
  // Candidates come from the report index (engine/report/listing.h), in
  // code order after the cursor; each is loaded and filtered exactly. A
  // round asks for a few more than the page needs, since the prefilter
  // may keep some the exact filter drops.
  const bool unfiltered =
      request->agency_code().empty() && request->holder_agency().empty() &&
      request->procedure_code().empty() && states.empty() &&
      !request->overdue_only() && !from && engine::CoversEveryAgency(who);
  std::string cursor = request->page_token();
  size_t loaded = 0;
  bool more = true;
  const engine::Instant now = clock_.Now();
  while (more && loaded < kMaxScan &&
         static_cast<size_t>(response->dossiers_size()) < page) {
    const size_t want =
        2 * (page - static_cast<size_t>(response->dossiers_size())) + 16;
    std::vector<std::string> candidates;
    std::vector<engine::Dossier> scanned;
    // Without a filter the index rules nothing out: the store's code order
    // is the cheaper source (no heap over every fact).
    if (unfiltered) {
      auto batch = store_.ScanDossiers(cursor, want);
      if (!batch.ok()) return FinishCall(context, batch.error());
      scanned = std::move(*batch);
      for (const engine::Dossier& d : scanned) candidates.push_back(d.code);
    } else {
      index_.Read([&](std::span<const engine::ReportFact> facts,
                      const std::vector<std::string>& codes,
                      const engine::FactDictionary& dict) {
        engine::ListingFilter q;
        bool nothing = false;
        const auto id_of = [](const std::vector<engine::DictionaryEntry>& all,
                              const std::string& code) {
          std::optional<uint16_t> id;
          for (size_t i = 0; i < all.size(); ++i) {
            if (all[i].code == code) id = static_cast<uint16_t>(i);
          }
          return id;
        };
        if (!request->agency_code().empty()) {
          q.agency = id_of(dict.agencies(), request->agency_code());
          if (!q.agency) nothing = true;
        }
        if (!request->holder_agency().empty()) {
          q.holder = id_of(dict.agencies(), request->holder_agency());
          if (!q.holder) nothing = true;
        }
        if (!request->procedure_code().empty()) {
          q.procedure = id_of(dict.procedures(), request->procedure_code());
          if (!q.procedure) nothing = true;
        }
        if (nothing) return;
        q.received_from = from;
        if (!states.empty()) {
          q.ends_mask = 0;
          for (int i = 0; i < engine::kDossierStateCount; ++i) {
            const auto state = static_cast<engine::DossierState>(i);
            if (states.contains(ToProto(state))) {
              q.ends_mask |= 1u << static_cast<int>(engine::FactEndOf(state));
            }
          }
        }
        if (request->overdue_only()) q.overdue_at = engine::ToReportMinute(now);
        engine::AgencyScope scope;
        if (!engine::CoversEveryAgency(who)) {
          // The same rule as the exact filter (CoversAgency), per agency of
          // the dictionary: an agency the catalogue lost still matches itself.
          scope.assign(dict.agencies().size(), false);
          for (size_t i = 0; i < scope.size(); ++i) {
            scope[i] =
                engine::CoversAgency(who, dict.agencies()[i].code, *catalogue);
          }
          q.scope = &scope;
        }
        for (uint32_t i :
             engine::ListingCandidates(facts, codes, q, cursor, want)) {
          candidates.push_back(codes[i]);
        }
      });
    }
    more = candidates.size() == want;
    for (size_t k = 0; k < candidates.size(); ++k) {
      const std::string& code = candidates[k];
      cursor = code;
      ++loaded;
      std::optional<engine::Dossier> dossier;
      if (k < scanned.size()) {
        dossier = std::move(scanned[k]);
      } else {
        auto found = store_.FindDossier(code);
        if (!found.ok()) return FinishCall(context, found.error());
        dossier = std::move(*found);
      }
      if (!dossier || !matches(*dossier)) continue;
      pb::Dossier proto;
      actions_.DossierToProto(*dossier, &proto);
      if (request->overdue_only() && !proto.overdue()) continue;
      *response->add_dossiers() = std::move(proto);
      if (static_cast<size_t>(response->dossiers_size()) == page) {
        more = more || &code != &candidates.back();
        break;
      }
    }
  }
  if (!more) cursor.clear();
  response->set_next_page_token(cursor);
  if (!request->unmasked()) {
    for (pb::Dossier& d : *response->mutable_dossiers()) {
      MaskPersonalData(d.mutable_applicant(), /*in_list=*/true);
    }
    return FinishCall(context, grpc::Status::OK);
  }
  std::vector<engine::AccessRecord> records;
  for (const pb::Dossier& d : response->dossiers()) {
    records.push_back(Record(who, "ListDossiers", d.code(),
                             PersonalFields(d.applicant()), now));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  FinishLogged(reactor, std::move(records));
  return reactor;
}

grpc::ServerUnaryReactor* DossierService::GetForms(
    grpc::CallbackServerContext* context, const pb::GetFormsRequest* request,
    pb::GetFormsResponse* response) {
  auto caller = access_.Require(
      *context, {Role::kDesk, Role::kAgencyOfficer, Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
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
  // The forms are built from the log; the dossier it folds to gives the
  // agencies and the applicant without a second read.
  const engine::Dossier dossier = engine::Fold(*events);
  auto catalogue = catalogue_.Snapshot();
  if (engine::Status s =
          CheckParticipant(**caller, dossier, *events, *catalogue);
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  if (engine::Status s = ToProto(*events, response); !s.ok()) {
    return FinishCall(context, s.error());
  }
  std::vector<std::string> fields = PersonalFields(ApplicantOf(dossier));
  // The lookup secret defeats the citizen lookup's protection: only the
  // desk that received the dossier prints it.
  if (response->has_receipt_slip() &&
      RequireAgency(**caller, Role::kDesk, dossier.agency_code, "code",
                    *catalogue)
          .ok()) {
    response->mutable_receipt_slip()->set_lookup_secret(
        secrets_.SecretFor(request->code()));
    fields.emplace_back("lookup_secret");
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  FinishLogged(reactor, {Record(**caller, "GetForms", request->code(),
                                std::move(fields), clock_.Now())});
  return reactor;
}

#define MOTCUA_ACTION_IMPL(Service, Rpc, Transition, Role)                    \
  grpc::ServerUnaryReactor* Service::Rpc(                                     \
      grpc::CallbackServerContext* context, const pb::DossierAction* request, \
      pb::DossierActionResponse* response) {                                  \
    return actions_.Act(context, request, response, Transition, Role);        \
  }

MOTCUA_ACTION_IMPL(DossierService, AcceptOnline, Transition::kAcceptOnline,
                   engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, RefuseAtReceipt,
                   Transition::kRefuseAtReceipt, engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, Transfer, Transition::kTransfer,
                   engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, ReturnResult, Transition::kReturnResult,
                   engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, ReceiveSupplement,
                   Transition::kReceiveSupplement, engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, ConfirmPayment, Transition::kConfirmPayment,
                   engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, RequestWithdrawal,
                   Transition::kRequestWithdrawal, engine::Role::kDesk)
MOTCUA_ACTION_IMPL(DossierService, Withdraw, Transition::kWithdraw,
                   engine::Role::kDesk)

MOTCUA_ACTION_IMPL(ProcessingService, StartProcessing,
                   Transition::kStartProcessing, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, Forward, Transition::kForward,
                   engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, RequestSupplement,
                   Transition::kRequestSupplement, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, ReceiveSupplement,
                   Transition::kReceiveSupplement, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, RequirePayment,
                   Transition::kRequirePayment, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, ConfirmPayment,
                   Transition::kConfirmPayment, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, RefuseAfterAppraisal,
                   Transition::kRefuseAfterAppraisal,
                   engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, MarkResultReady,
                   Transition::kMarkResultReady, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, Apologize, Transition::kApologize,
                   engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, Stop, Transition::kStop,
                   engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, RequestWithdrawal,
                   Transition::kRequestWithdrawal, engine::Role::kAgencyOfficer)
MOTCUA_ACTION_IMPL(ProcessingService, Withdraw, Transition::kWithdraw,
                   engine::Role::kAgencyOfficer)
#undef MOTCUA_ACTION_IMPL

}  // namespace motcua::services

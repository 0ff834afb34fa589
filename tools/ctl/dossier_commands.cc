#include "tools/ctl/dossier_commands.h"

#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "motcua/v1/dossier.grpc.pb.h"
#include "tools/ctl/values.h"

namespace motcua::ctl {
namespace {

namespace pb = motcua::v1;

// Lower-case enum value names without their prefix: "in_processing".
template <typename Descriptor>
std::vector<std::string> ShortNames(const Descriptor* d,
                                    const std::string& prefix) {
  std::vector<std::string> names;
  for (int i = 0; i < d->value_count(); ++i) {
    std::string n = d->value(i)->name();
    if (n.rfind(prefix, 0) != 0 || n.ends_with("_UNSPECIFIED")) continue;
    n = n.substr(prefix.size());
    for (char& c : n) c = static_cast<char>(std::tolower(c));
    names.push_back(n);
  }
  return names;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(c));
  return s;
}

// 00:00 in Vietnam (UTC+7) of `date` plus `days`, as a Timestamp.
google::protobuf::Timestamp VietnamMidnight(const pb::Date& date, int days) {
  // Days from 1970-01-01 (H. Hinnant's days_from_civil).
  int y = date.year();
  const unsigned m = static_cast<unsigned>(date.month());
  const unsigned d = static_cast<unsigned>(date.day());
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t epoch_days =
      static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
  google::protobuf::Timestamp t;
  t.set_seconds((epoch_days + days) * 86400 - 7 * 3600);
  return t;
}

const FlagNames kListFlags = {
    {"agency_code", "--agency"},
    {"holder_agency", "--holder"},
    {"states", "--state"},
    {"procedure_code", "--procedure"},
    {"received_from", "--received-from"},
    {"received_until", "--received-to"},
    {"page_size", "--page-size"},
    {"page_token", "--page-token"},
    {"unmasked", "--unmasked"},
};

const FlagNames kActionFlags = {
    {"client_id", "--client-id"},
    {"request_id", "--request-id"},
    {"code", "CODE"},
    {"expected_version", "--expected-version"},
    {"officer", "--officer"},
    {"agency_code", "--agency"},
    {"at", "--at"},
    {"reason", "--reason"},
    {"to_agency", "--to-agency"},
    {"to_officer", "--to-officer"},
    {"documents", "--document"},
    {"amount_vnd", "--amount"},
    {"return_channel", "--return-channel"},
    {"new_appointment", "--new-appointment"},
    {"responsible_agency", "--responsible-agency"},
    {"electronic_result", "--electronic-result"},
    {"paid_online", "--paid-online"},
};

using ActionRpc = grpc::Status (*)(const std::shared_ptr<grpc::Channel>&,
                                   grpc::ClientContext*,
                                   const pb::DossierAction&,
                                   pb::DossierActionResponse*);

template <typename Service, auto kMethod>
grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel,
                  grpc::ClientContext* ctx, const pb::DossierAction& request,
                  pb::DossierActionResponse* response) {
  auto stub = Service::NewStub(channel);
  return ((*stub).*kMethod)(ctx, request, response);
}

using Desk = pb::DossierService;
using Processing = pb::ProcessingService;

// The optional fields an action reads (DossierAction's comments).
enum Field : unsigned {
  kReason = 1 << 0,
  kReasonRequired = 1 << 1,
  kTo = 1 << 2,
  kDocuments = 1 << 3,
  kAmount = 1 << 4,
  kReturnChannel = 1 << 5,
  kApology = 1 << 6,
  kElectronic = 1 << 7,
  kPaidOnline = 1 << 8,
};

struct ActionSpec {
  const char* name;
  const char* help;
  ActionRpc desk;        // DossierService's, or nullptr
  ActionRpc processing;  // ProcessingService's, or nullptr
  unsigned fields;
};

const ActionSpec kActions[] = {
    {"accept", "accept an online submission: the clock starts",
     Call<Desk, &Desk::Stub::AcceptOnline>, nullptr, 0},
    {"refuse", "refuse an online submission at receipt",
     Call<Desk, &Desk::Stub::RefuseAtReceipt>, nullptr, kReasonRequired},
    {"transfer", "hand over from the desk to the first processing agency",
     Call<Desk, &Desk::Stub::Transfer>, nullptr, kTo},
    {"start", "an agency takes the dossier up", nullptr,
     Call<Processing, &Processing::Stub::StartProcessing>, 0},
    {"forward", "to the next agency of the plan (liên thông)", nullptr,
     Call<Processing, &Processing::Stub::Forward>, kTo},
    {"request-supplement", "ask for documents: the clock is suspended", nullptr,
     Call<Processing, &Processing::Stub::RequestSupplement>,
     kReasonRequired | kDocuments},
    {"receive-supplement", "the documents came: the clock resumes",
     Call<Desk, &Desk::Stub::ReceiveSupplement>,
     Call<Processing, &Processing::Stub::ReceiveSupplement>, kDocuments},
    {"require-payment", "ask for fees: the clock is suspended", nullptr,
     Call<Processing, &Processing::Stub::RequirePayment>,
     kReasonRequired | kAmount},
    {"confirm-payment", "the fees were paid: the clock resumes",
     Call<Desk, &Desk::Stub::ConfirmPayment>,
     Call<Processing, &Processing::Stub::ConfirmPayment>, kPaidOnline},
    {"refuse-after-appraisal", "refuse the dossier after appraisal", nullptr,
     Call<Processing, &Processing::Stub::RefuseAfterAppraisal>,
     kReasonRequired},
    {"result-ready", "the last step is done; the result goes to the desk",
     nullptr, Call<Processing, &Processing::Stub::MarkResultReady>,
     kElectronic},
    {"return", "the result (or refusal) handed to the applicant",
     Call<Desk, &Desk::Stub::ReturnResult>, nullptr, kReturnChannel},
    {"apologize", "apology with a new appointment (Mẫu 04 / Mẫu số 4)", nullptr,
     Call<Processing, &Processing::Stub::Apologize>,
     kReasonRequired | kApology},
    {"stop", "stop processing", nullptr,
     Call<Processing, &Processing::Stub::Stop>, kReasonRequired},
    {"request-withdrawal", "the applicant asks to withdraw",
     Call<Desk, &Desk::Stub::RequestWithdrawal>,
     Call<Processing, &Processing::Stub::RequestWithdrawal>, kReason},
    {"withdraw", "confirm the withdrawal", Call<Desk, &Desk::Stub::Withdraw>,
     Call<Processing, &Processing::Stub::Withdraw>, kReason},
};

struct ActionOptions {
  std::string code, agency, officer, at, reason, to_agency, to_officer;
  std::vector<std::string> documents;
  int64_t amount = 0;
  uint64_t expected_version = 0;
  std::string return_channel, new_appointment, responsible_agency;
  bool electronic = false, paid_online = false;
  std::string by = "desk";
  IdempotencyFlags key;
};

void AddAction(CLI::App* dossier, Ctl& ctl, const ActionSpec& spec) {
  auto o = std::make_shared<ActionOptions>();
  CLI::App* c = dossier->add_subcommand(spec.name, spec.help);
  c->add_option("code", o->code, "the dossier code")->required();
  c->add_option("--agency", o->agency, "the acting agency (your agency)")
      ->required();
  c->add_option("--officer", o->officer, "the officer who acts")->required();
  c->add_option("--at", o->at, "when it happened, RFC 3339 (default: now)");
  c->add_option("--expected-version", o->expected_version,
                "refuse (ABORTED) unless the dossier is at this version");
  o->key.Add(c);
  if (spec.fields & (kReason | kReasonRequired)) {
    auto* r = c->add_option("--reason", o->reason, "the reason, in words");
    if (spec.fields & kReasonRequired) r->required();
  }
  if (spec.fields & kTo) {
    c->add_option("--to-agency", o->to_agency,
                  "the receiving agency (when the plan leaves it open)");
    c->add_option("--to-officer", o->to_officer, "the receiving officer");
  }
  if (spec.fields & kDocuments) {
    c->add_option("--document", o->documents,
                  "a document asked for or brought (repeatable)");
  }
  if (spec.fields & kAmount) {
    c->add_option("--amount", o->amount, "whole đồng, > 0")->required();
  }
  if (spec.fields & kReturnChannel) {
    c->add_option("--return-channel", o->return_channel,
                  "how the result was returned (default: the chosen "
                  "channel)")
        ->check(
            CLI::IsMember(ShortNames(pb::Channel_descriptor(), "CHANNEL_")));
  }
  if (spec.fields & kApology) {
    c->add_option("--new-appointment", o->new_appointment,
                  "the new appointment, RFC 3339")
        ->required();
    c->add_option("--responsible-agency", o->responsible_agency,
                  "the unit the letter names (lead agency only)");
  }
  if (spec.fields & kElectronic) {
    c->add_flag("--electronic-result", o->electronic,
                "the result is a digitally signed electronic document");
  }
  if (spec.fields & kPaidOnline) {
    c->add_flag("--paid-online", o->paid_online, "the fees were paid online");
  }
  if (spec.desk != nullptr && spec.processing != nullptr) {
    c->add_option("--by", o->by,
                  "desk (DossierService, role desk) or processing "
                  "(ProcessingService, role agency_officer)")
        ->check(CLI::IsMember({"desk", "processing"}))
        ->capture_default_str();
  }
  c->callback([&ctl, o, spec] {
    pb::DossierAction req;
    req.set_client_id(o->key.client_id);
    req.set_request_id(o->key.RequestId());
    req.set_code(o->code);
    req.set_expected_version(o->expected_version);
    req.set_officer(o->officer);
    req.set_agency_code(o->agency);
    if (!o->at.empty()) *req.mutable_at() = ParseInstant(o->at, "--at");
    req.set_reason(o->reason);
    req.set_to_agency(o->to_agency);
    req.set_to_officer(o->to_officer);
    for (const std::string& d : o->documents) {
      pb::Document* doc = req.add_documents();
      doc->set_name(d);
      doc->set_originals(1);
    }
    req.set_amount_vnd(o->amount);
    if (!o->return_channel.empty()) {
      pb::Channel channel = pb::CHANNEL_UNSPECIFIED;
      pb::Channel_Parse("CHANNEL_" + Upper(o->return_channel), &channel);
      req.set_return_channel(channel);
    }
    if (!o->new_appointment.empty()) {
      *req.mutable_new_appointment() =
          ParseInstant(o->new_appointment, "--new-appointment");
    }
    req.set_responsible_agency(o->responsible_agency);
    req.set_electronic_result(o->electronic);
    req.set_paid_online(o->paid_online);
    const ActionRpc rpc =
        spec.desk == nullptr || (o->by == "processing" && spec.processing)
            ? spec.processing
            : spec.desk;
    pb::DossierActionResponse resp;
    const auto channel = ctl.Channel();
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      resp.Clear();
      return rpc(channel, ctx, req, &resp);
    });
    ctl.FinishWrite(s, resp, kActionFlags, req.request_id());
  });
}

struct ListOptions {
  std::string agency, holder, procedure, from, to, page_token;
  std::vector<std::string> states;
  bool overdue = false, unmasked = false, all = false;
  int page_size = 100;
};

void AddList(CLI::App* dossier, Ctl& ctl) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* c = dossier->add_subcommand(
      "list", "dossiers matching filters, in code order, one page or --all");
  c->add_option("--agency", o->agency, "receiving agency");
  c->add_option("--holder", o->holder, "agency holding it now");
  c->add_option("--state", o->states, "a state (repeatable: any of them)")
      ->check(CLI::IsMember(
          ShortNames(pb::DossierState_descriptor(), "DOSSIER_STATE_")));
  c->add_option("--procedure", o->procedure, "procedure code");
  c->add_option("--received-from", o->from,
                "received on or after this date (YYYY-MM-DD, Vietnam)");
  c->add_option("--received-to", o->to,
                "received on or before this date (YYYY-MM-DD, Vietnam)");
  c->add_flag("--overdue", o->overdue, "only dossiers overdue now");
  c->add_flag("--unmasked", o->unmasked,
              "full personal data (recorded in the access log)");
  c->add_option("--page-size", o->page_size, "1..500")
      ->check(CLI::Range(1, 500))
      ->capture_default_str();
  auto* token =
      c->add_option("--page-token", o->page_token,
                    "continue from a previous reply's next_page_token");
  c->add_flag("--all", o->all, "follow next_page_token to the last page")
      ->excludes(token);
  c->callback([&ctl, o] {
    pb::ListDossiersRequest req;
    req.set_agency_code(o->agency);
    req.set_holder_agency(o->holder);
    for (const std::string& s : o->states) {
      pb::DossierState state = pb::DOSSIER_STATE_UNSPECIFIED;
      pb::DossierState_Parse("DOSSIER_STATE_" + Upper(s), &state);
      req.add_states(state);
    }
    req.set_procedure_code(o->procedure);
    if (!o->from.empty()) {
      *req.mutable_received_from() =
          VietnamMidnight(ParseDate(o->from, "--received-from"), 0);
    }
    if (!o->to.empty()) {
      *req.mutable_received_until() =
          VietnamMidnight(ParseDate(o->to, "--received-to"), 1);
    }
    req.set_overdue_only(o->overdue);
    req.set_unmasked(o->unmasked);
    req.set_page_size(o->page_size);
    req.set_page_token(o->page_token);
    auto stub = pb::DossierService::NewStub(ctl.Channel());
    pb::ListDossiersResponse all;
    while (true) {
      pb::ListDossiersResponse page;
      grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
        page.Clear();
        return stub->ListDossiers(ctx, req, &page);
      });
      if (!o->all || !s.ok()) {
        ctl.Finish(s, page, kListFlags);
        return;
      }
      for (pb::Dossier& d : *page.mutable_dossiers()) {
        *all.add_dossiers() = std::move(d);
      }
      if (page.next_page_token().empty()) break;
      req.set_page_token(page.next_page_token());
    }
    ctl.Finish(grpc::Status::OK, all);
  });
}

}  // namespace

void RegisterDossierCommands(CLI::App& app, Ctl& ctl) {
  CLI::App* dossier = app.add_subcommand("dossier", "dossiers: read, list, act")
                          ->require_subcommand(1);
  auto code = std::make_shared<std::string>();
  CLI::App* get = dossier->add_subcommand("get", "a dossier with its history");
  get->add_option("code", *code)->required();
  get->callback([&ctl, code] {
    pb::GetDossierRequest req;
    req.set_code(*code);
    pb::GetDossierResponse resp;
    auto stub = pb::DossierService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->GetDossier(ctx, req, &resp);
    }),
               resp, {{"code", "CODE"}});
  });
  AddList(dossier, ctl);
  CLI::App* forms = dossier->add_subcommand("forms", "the dossier's forms");
  forms->add_option("code", *code)->required();
  forms->callback([&ctl, code] {
    pb::GetFormsRequest req;
    req.set_code(*code);
    pb::GetFormsResponse resp;
    auto stub = pb::DossierService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->GetForms(ctx, req, &resp);
    }),
               resp, {{"code", "CODE"}});
  });
  for (const ActionSpec& spec : kActions) AddAction(dossier, ctl, spec);
}

}  // namespace motcua::ctl

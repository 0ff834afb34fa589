// motcuactl: the operator's command line for a running motcuad.
//
//   motcuactl [--target HOST:PORT] [--token-file FILE] [--ca FILE
//             [--cert FILE --key FILE]] dossier get CODE
//   motcuactl dossier list [--agency A] [--holder A] [--overdue] [--unmasked]
//   motcuactl dossier forms CODE
//   motcuactl calendar list
//   motcuactl calendar days-off CALENDAR YEAR
//   motcuactl calendar deadline CALENDAR RECEIVED_RFC3339 AMOUNT
//             [--unit working_days|working_hours|calendar_days|same_day]
//             [--cutoff HH:MM]
//   motcuactl calendar publish FILE [--calendar NAME ...] [--force]
//             [--dry-run]
//   motcuactl catalogue apply FILE
//   motcuactl events watch [--after SEQ] [--agency A] [--kind K ...]
//   motcuactl lookup CODE SECRET
//   motcuactl report form06 --year Y (--quarter Q | --month M | --half H |
//             --nine-months | --whole-year) [--format csv|xlsx --out FILE]
//             [--by-resolving-agency] [--agency CODE]
//   motcuactl report submit ... (same period flags)
//   motcuactl report indicators ... [--by-procedure]
//   motcuactl report overdue
//   motcuactl token create --name N --role R [--role R ...] [--agency A ...]
//             [--officer O] [--expires RFC3339] [--certificate-name CN
//             [--certificate-only]]
//   motcuactl token list [--all]
//   motcuactl token revoke ID
//   motcuactl token whoami
//   motcuactl audit log [--after SEQ] [--limit N]
//   motcuactl status
//   motcuactl admin backup --to DIR      (tools/ctl_admin.h)
//
// Credentials (README "Security"): the bearer token is read from
// --token-file, else $MOTCUA_TOKEN, else ./data/bootstrap-admin.token.
// --ca connects with TLS trusting that CA; --cert/--key add a client
// certificate.
//
// Replies are printed as JSON (protobuf's JSON mapping); errors as
// "CODE: message" on stderr with exit status 1.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/catalogue.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tools/ctl_admin.h"

namespace {

namespace pb = motcua::v1;

// The names of the codes motcuad answers with (others print as numbers).
std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    default:
      return "gRPC code " + std::to_string(static_cast<int>(code));
  }
}

int Print(const grpc::Status& s, const google::protobuf::Message& m) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", CodeName(s.error_code()).c_str(),
                 s.error_message().c_str());
    return 1;
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  std::cout << json;
  return 0;
}

// Where the bearer token comes from (see the file comment).
std::string g_token_file;

const std::string& Token() {
  static const std::string token = [] {
    std::string t;
    if (g_token_file.empty()) {
      if (const char* env = std::getenv("MOTCUA_TOKEN"); env != nullptr) {
        t = env;
      }
    }
    if (t.empty()) {
      std::ifstream in(g_token_file.empty() ? "data/bootstrap-admin.token"
                                            : g_token_file);
      std::getline(in, t);
      if (!in && !g_token_file.empty()) {
        std::fprintf(stderr, "motcuactl: cannot read %s\n",
                     g_token_file.c_str());
        std::exit(2);
      }
    }
    while (!t.empty() &&
           (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) {
      t.pop_back();
    }
    return t;
  }();
  return token;
}

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!Token().empty()) ctx->AddMetadata("authorization", "Bearer " + Token());
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(60));
  return ctx;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "motcuactl: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string RequestId() {
  return "motcuactl-" +
         std::to_string(
             std::chrono::system_clock::now().time_since_epoch().count());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"motcuactl: operate a running motcuad"};
  std::string target = "127.0.0.1:50051";
  app.add_option("--target", target, "motcuad address")->capture_default_str();
  app.add_option("--token-file", g_token_file,
                 "file holding the bearer token (default: $MOTCUA_TOKEN, "
                 "else data/bootstrap-admin.token)");
  std::string ca_file, cert_file, key_file;
  app.add_option("--ca", ca_file, "TLS: trust this CA (PEM)");
  app.add_option("--cert", cert_file, "TLS: client certificate (PEM)");
  app.add_option("--key", key_file, "TLS: client key (PEM)");
  app.require_subcommand(1);
  int rc = 0;
  auto channel = [&] {
    if (ca_file.empty()) {
      return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
    }
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFile(ca_file);
    if (!cert_file.empty()) tls.pem_cert_chain = ReadFile(cert_file);
    if (!key_file.empty()) tls.pem_private_key = ReadFile(key_file);
    return grpc::CreateChannel(target, grpc::SslCredentials(tls));
  };

  auto* dossier =
      app.add_subcommand("dossier", "dossiers")->require_subcommand(1);
  std::string code, agency, holder;
  bool overdue = false;
  auto* get = dossier->add_subcommand("get", "a dossier with its history");
  get->add_option("code", code)->required();
  get->callback([&] {
    pb::GetDossierRequest req;
    req.set_code(code);
    pb::GetDossierResponse resp;
    rc = Print(pb::DossierService::NewStub(channel())->GetDossier(Ctx().get(),
                                                                  req, &resp),
               resp);
  });
  auto* list =
      dossier->add_subcommand("list", "dossiers, filtered (first page)");
  list->add_option("--agency", agency);
  list->add_option("--holder", holder);
  list->add_flag("--overdue", overdue);
  bool unmasked = false;
  list->add_flag("--unmasked", unmasked,
                 "full personal data (recorded in the access log)");
  list->callback([&] {
    pb::ListDossiersRequest req;
    req.set_unmasked(unmasked);
    req.set_agency_code(agency);
    req.set_holder_agency(holder);
    req.set_overdue_only(overdue);
    req.set_page_size(500);
    pb::ListDossiersResponse resp;
    rc = Print(pb::DossierService::NewStub(channel())->ListDossiers(Ctx().get(),
                                                                    req, &resp),
               resp);
  });
  auto* forms = dossier->add_subcommand("forms", "the dossier's legal forms");
  forms->add_option("code", code)->required();
  forms->callback([&] {
    pb::GetFormsRequest req;
    req.set_code(code);
    pb::GetFormsResponse resp;
    rc = Print(pb::DossierService::NewStub(channel())->GetForms(Ctx().get(),
                                                                req, &resp),
               resp);
  });

  auto* calendar = app.add_subcommand("calendar", "working calendars")
                       ->require_subcommand(1);
  std::string name, received, file;
  int year = 0, days = 0;
  std::string unit = "working_days", cutoff;
  std::vector<std::string> calendars;
  calendar->add_subcommand("list", "configured calendars")->callback([&] {
    pb::ListCalendarsResponse resp;
    rc = Print(pb::CalendarService::NewStub(channel())->ListCalendars(
                   Ctx().get(), pb::ListCalendarsRequest(), &resp),
               resp);
  });
  auto* days_off = calendar->add_subcommand("days-off", "a year's days off");
  days_off->add_option("calendar", name)->required();
  days_off->add_option("year", year)->required();
  days_off->callback([&] {
    pb::ListDaysOffRequest req;
    req.set_calendar(name);
    req.set_year(year);
    pb::ListDaysOffResponse resp;
    rc = Print(pb::CalendarService::NewStub(channel())->ListDaysOff(Ctx().get(),
                                                                    req, &resp),
               resp);
  });
  auto* deadline = calendar->add_subcommand("deadline", "an appointment");
  deadline->add_option("calendar", name)->required();
  deadline
      ->add_option("received", received,
                   "RFC 3339, e.g. 2026-01-05T09:30:00+07:00")
      ->required();
  deadline->add_option("amount", days, "days or hours (0 for same_day)")
      ->required();
  deadline->add_option("--unit", unit,
                       "working_days (default), working_hours, "
                       "calendar_days or same_day");
  deadline->add_option("--cutoff", cutoff,
                       "the procedure's receipt cut-off, e.g. 15:00");
  deadline->callback([&] {
    pb::ComputeDeadlineRequest req;
    req.set_calendar(name);
    if (!google::protobuf::util::TimeUtil::FromString(
            received, req.mutable_received_at())) {
      std::fprintf(stderr, "motcuactl: %s is not an RFC 3339 instant\n",
                   received.c_str());
      rc = 2;
      return;
    }
    pb::BudgetUnit u = pb::BUDGET_UNIT_UNSPECIFIED;
    if (!pb::BudgetUnit_Parse("BUDGET_UNIT_" + Upper(unit), &u)) {
      std::fprintf(stderr, "motcuactl: unknown unit %s\n", unit.c_str());
      rc = 2;
      return;
    }
    req.mutable_budget()->set_unit(u);
    req.mutable_budget()->set_amount(days);
    req.set_receipt_cutoff(cutoff);
    pb::ComputeDeadlineResponse resp;
    rc = Print(pb::CalendarService::NewStub(channel())->ComputeDeadline(
                   Ctx().get(), req, &resp),
               resp);
  });
  auto* publish =
      calendar->add_subcommand("publish", "publish a year's official schedule");
  publish->add_option("file", file)->required();
  publish->add_option("--calendar", calendars, "default: every calendar");
  bool force = false;
  publish->add_flag("--force", force,
                    "publish even if it leaves out holidays the rules give");
  bool dry_run = false;
  publish->add_flag("--dry-run", dry_run,
                    "store nothing; print the days that change and the open "
                    "dossiers whose appointment would move");
  publish->callback([&] {
    pb::PublishScheduleRequest req;
    req.set_force(force);
    req.set_dry_run(dry_run);
    req.set_client_id("motcuactl");
    req.set_request_id(RequestId());
    for (const auto& c : calendars) req.add_calendars(c);
    req.set_schedule_text(ReadFile(file));
    pb::PublishScheduleResponse resp;
    rc = Print(pb::CalendarAdminService::NewStub(channel())->PublishSchedule(
                   Ctx().get(), req, &resp),
               resp);
  });

  auto* catalogue = app.add_subcommand("catalogue", "agencies and procedures")
                        ->require_subcommand(1);
  auto* apply = catalogue->add_subcommand("apply", "apply catalogue text");
  apply->add_option("file", file)->required();
  apply->callback([&] {
    pb::ApplyCatalogueRequest req;
    req.set_client_id("motcuactl");
    req.set_request_id(RequestId());
    req.set_catalogue_text(ReadFile(file));
    pb::ApplyCatalogueResponse resp;
    rc = Print(pb::CatalogueAdminService::NewStub(channel())->ApplyCatalogue(
                   Ctx().get(), req, &resp),
               resp);
  });

  auto* events =
      app.add_subcommand("events", "the event stream")->require_subcommand(1);
  uint64_t after = 0;
  std::vector<std::string> kinds;
  bool follow = false;
  auto* watch = events->add_subcommand("watch", "print events as JSON lines");
  watch->add_option("--after", after, "global sequence to resume after");
  watch->add_option("--agency", agency);
  watch->add_option("--kind", kinds);
  watch->add_flag("--follow", follow, "keep following new events");
  watch->callback([&] {
    pb::WatchEventsRequest req;
    req.set_after_seq(after);
    req.set_agency_code(agency);
    for (const auto& k : kinds) req.add_kinds(k);
    req.set_stop_at_head(!follow);
    auto ctx = Ctx();
    ctx->set_deadline(std::chrono::system_clock::time_point::max());
    auto reader =
        pb::EventService::NewStub(channel())->WatchEvents(ctx.get(), req);
    pb::LogEvent e;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    while (reader->Read(&e)) {
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(e, &json, options);
      std::cout << json << "\n" << std::flush;
    }
    grpc::Status s = reader->Finish();
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", CodeName(s.error_code()).c_str(),
                   s.error_message().c_str());
      rc = 1;
    }
  });

  std::string secret;
  auto* lookup = app.add_subcommand("lookup", "a citizen's status lookup");
  lookup->add_option("code", code)->required();
  lookup->add_option("secret", secret)->required();
  lookup->callback([&] {
    pb::LookupDossierRequest req;
    req.set_code(code);
    req.set_secret(secret);
    pb::LookupDossierResponse resp;
    rc = Print(pb::LookupService::NewStub(channel())->LookupDossier(Ctx().get(),
                                                                    req, &resp),
               resp);
  });

  auto* report =
      app.add_subcommand("report", "control reports")->require_subcommand(1);
  int report_year = 0, quarter = 0, month = 0, half = 0;
  bool nine = false, whole = false, by_procedure = false;
  std::string format, out, scope_agency;
  bool by_resolver = false;
  auto period_flags = [&](CLI::App* c) {
    c->add_option("--year", report_year, "reporting year")->required();
    c->add_option("--quarter", quarter, "1..4");
    c->add_option("--month", month, "1..12");
    c->add_option("--half", half, "1..2");
    c->add_flag("--nine-months", nine);
    c->add_flag("--whole-year", whole);
  };
  auto period = [&] {
    pb::PeriodSpec p;
    p.set_year(report_year);
    if (quarter) {
      p.set_kind(pb::PERIOD_KIND_QUARTER);
      p.set_number(quarter);
    } else if (month) {
      p.set_kind(pb::PERIOD_KIND_MONTH);
      p.set_number(month);
    } else if (half) {
      p.set_kind(pb::PERIOD_KIND_HALF_YEAR);
      p.set_number(half);
    } else if (nine) {
      p.set_kind(pb::PERIOD_KIND_NINE_MONTHS);
    } else if (whole) {
      p.set_kind(pb::PERIOD_KIND_YEAR);
    }
    return p;
  };
  auto save = [&](const std::string& bytes, const std::string& name) {
    const std::string path = out.empty() ? name : out;
    std::ofstream(path, std::ios::binary) << bytes;
    std::fprintf(stderr, "motcuactl: wrote %s (%zu bytes)\n", path.c_str(),
                 bytes.size());
  };
  auto* form06 = report->add_subcommand("form06", "Form 06 for a period");
  period_flags(form06);
  form06->add_option("--format", format,
                     "csv or xlsx (default: JSON on stdout)");
  form06->add_option("--out", out, "file to write the export to");
  form06->add_flag("--by-resolving-agency", by_resolver,
                   "rows by the resolving (lead) agency, not the receiving");
  form06->add_option("--agency", scope_agency,
                     "only this agency and the agencies below it");
  form06->callback([&] {
    pb::GetForm06Request req;
    *req.mutable_period() = period();
    if (by_resolver) req.set_grouping(pb::AGENCY_GROUPING_RESOLVING);
    req.set_agency_code(scope_agency);
    req.set_format(format == "csv"    ? pb::EXPORT_FORMAT_CSV
                   : format == "xlsx" ? pb::EXPORT_FORMAT_XLSX
                                      : pb::EXPORT_FORMAT_UNSPECIFIED);
    pb::GetForm06Response resp;
    grpc::Status s = pb::ReportService::NewStub(channel())->GetForm06(
        Ctx().get(), req, &resp);
    if (s.ok() && !resp.file().empty()) {
      save(resp.file(), resp.file_name());
      return;
    }
    rc = Print(s, resp);
  });
  auto* submit =
      report->add_subcommand("submit", "freeze Form 06 as a new version");
  period_flags(submit);
  submit->callback([&] {
    pb::SubmitForm06Request req;
    req.set_client_id("motcuactl");
    req.set_request_id(RequestId());
    *req.mutable_period() = period();
    pb::SubmitForm06Response resp;
    rc = Print(pb::ReportService::NewStub(channel())->SubmitForm06(Ctx().get(),
                                                                   req, &resp),
               resp);
  });
  auto* indicators =
      report->add_subcommand("indicators", "Decision 766 indicators");
  period_flags(indicators);
  indicators->add_flag("--by-procedure", by_procedure);
  indicators->callback([&] {
    pb::GetIndicatorsRequest req;
    *req.mutable_period() = period();
    req.set_group(by_procedure ? pb::INDICATOR_GROUP_PROCEDURE
                               : pb::INDICATOR_GROUP_AGENCY);
    pb::GetIndicatorsResponse resp;
    rc = Print(pb::ReportService::NewStub(channel())->GetIndicators(Ctx().get(),
                                                                    req, &resp),
               resp);
  });
  report->add_subcommand("overdue", "dossiers overdue now")->callback([&] {
    pb::GetOverdueListResponse resp;
    rc = Print(pb::ReportService::NewStub(channel())->GetOverdueList(
                   Ctx().get(), pb::GetOverdueListRequest(), &resp),
               resp);
  });

  auto* token = app.add_subcommand("token", "principals and their tokens")
                    ->require_subcommand(1);
  std::string token_name, officer, expires, certificate_name, token_id;
  std::vector<std::string> roles, agencies;
  bool certificate_only = false, all = false;
  auto* create =
      token->add_subcommand("create", "a new principal; prints its token once");
  create->add_option("--name", token_name, "who it is for")->required();
  create
      ->add_option("--role", roles,
                   "desk, agency_officer, carrier:<id>, statistician, "
                   "catalogue_admin, calendar_admin, token_admin, auditor, "
                   "portal, portal_sync, operator")
      ->required();
  create->add_option("--agency", agencies, "agency code (subtree), or *");
  create->add_option("--officer", officer, "actions are by this officer");
  create->add_option("--expires", expires, "RFC 3339 expiry");
  create->add_option("--certificate-name", certificate_name,
                     "client certificate common name (mutual TLS)");
  create->add_flag("--certificate-only", certificate_only,
                   "no token: the client certificate only");
  create->callback([&] {
    pb::CreateTokenRequest req;
    req.set_name(token_name);
    for (const std::string& r : roles) req.add_roles(r);
    for (const std::string& a : agencies) req.add_agencies(a);
    req.set_officer(officer);
    req.set_certificate_name(certificate_name);
    req.set_certificate_only(certificate_only);
    if (!expires.empty() && !google::protobuf::util::TimeUtil::FromString(
                                expires, req.mutable_expires_at())) {
      std::fprintf(stderr, "motcuactl: --expires: not RFC 3339\n");
      std::exit(2);
    }
    pb::CreateTokenResponse resp;
    rc = Print(pb::TokenAdminService::NewStub(channel())->CreateToken(
                   Ctx().get(), req, &resp),
               resp);
  });
  auto* list_tokens = token->add_subcommand("list", "principals");
  list_tokens->add_flag("--all", all, "revoked ones too");
  list_tokens->callback([&] {
    pb::ListTokensRequest req;
    req.set_include_revoked(all);
    pb::ListTokensResponse resp;
    rc = Print(pb::TokenAdminService::NewStub(channel())->ListTokens(
                   Ctx().get(), req, &resp),
               resp);
  });
  auto* revoke = token->add_subcommand("revoke", "revoke a principal at once");
  revoke->add_option("id", token_id)->required();
  revoke->callback([&] {
    pb::RevokeTokenRequest req;
    req.set_id(token_id);
    pb::RevokeTokenResponse resp;
    rc = Print(pb::TokenAdminService::NewStub(channel())->RevokeToken(
                   Ctx().get(), req, &resp),
               resp);
  });
  token->add_subcommand("whoami", "the principal of this token")->callback([&] {
    pb::WhoAmIResponse resp;
    rc = Print(pb::AccessService::NewStub(channel())->WhoAmI(
                   Ctx().get(), pb::WhoAmIRequest(), &resp),
               resp);
  });
  auto* audit =
      app.add_subcommand("audit", "the access log")->require_subcommand(1);
  uint64_t after_record = 0;
  int limit = 100;
  auto* log = audit->add_subcommand("log", "reads of personal data");
  log->add_option("--after", after_record,
                  "records after this sequence number");
  log->add_option("--limit", limit, "at most this many (1..1000)");
  log->callback([&] {
    pb::ListAccessLogRequest req;
    req.set_after_seq(after_record);
    req.set_page_size(limit);
    pb::ListAccessLogResponse resp;
    rc = Print(pb::AuditService::NewStub(channel())->ListAccessLog(Ctx().get(),
                                                                   req, &resp),
               resp);
  });

  motcua::ctl::AddAdminCommands(app, {channel, Ctx, Print}, rc);

  CLI11_PARSE(app, argc, argv);
  return rc;
}

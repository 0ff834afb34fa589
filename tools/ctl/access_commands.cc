#include "tools/ctl/access_commands.h"

#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "tools/ctl/values.h"

namespace motcua::ctl {
namespace {

namespace pb = motcua::v1;

struct TokenOptions {
  std::string name, officer, expires, certificate_name, id;
  std::vector<std::string> roles, agencies;
  bool certificate_only = false, all = false;
  uint64_t after = 0;
  int limit = 100;
};

}  // namespace

void RegisterTokenCommands(CLI::App& app, Ctl& ctl) {
  auto o = std::make_shared<TokenOptions>();
  CLI::App* token = app.add_subcommand("token", "principals and their tokens")
                        ->require_subcommand(1);
  CLI::App* create =
      token->add_subcommand("create", "a new principal; prints its token once");
  create->add_option("--name", o->name, "who it is for")->required();
  create
      ->add_option("--role", o->roles,
                   "desk, agency_officer, carrier:<id>, statistician, "
                   "catalogue_admin, calendar_admin, token_admin, auditor, "
                   "portal, portal_sync")
      ->required();
  create->add_option("--agency", o->agencies, "agency code (subtree), or *");
  create->add_option("--officer", o->officer, "actions are by this officer");
  create->add_option("--expires", o->expires, "RFC 3339 expiry");
  create->add_option("--certificate-name", o->certificate_name,
                     "client certificate common name (mutual TLS)");
  create->add_flag("--certificate-only", o->certificate_only,
                   "no token: the client certificate only");
  create->callback([&ctl, o] {
    pb::CreateTokenRequest req;
    req.set_name(o->name);
    for (const std::string& r : o->roles) req.add_roles(r);
    for (const std::string& a : o->agencies) req.add_agencies(a);
    req.set_officer(o->officer);
    req.set_certificate_name(o->certificate_name);
    req.set_certificate_only(o->certificate_only);
    if (!o->expires.empty()) {
      *req.mutable_expires_at() = ParseInstant(o->expires, "--expires");
    }
    pb::CreateTokenResponse resp;
    auto ctx = ctl.Context();
    // Not retried: a create that reached the server would make a second
    // principal.
    ctl.Finish(pb::TokenAdminService::NewStub(ctl.Channel())
                   ->CreateToken(ctx.get(), req, &resp),
               resp,
               {{"name", "--name"},
                {"roles", "--role"},
                {"agencies", "--agency"},
                {"officer", "--officer"},
                {"expires_at", "--expires"},
                {"certificate_name", "--certificate-name"}});
  });
  CLI::App* list = token->add_subcommand("list", "principals");
  list->add_flag("--all", o->all, "revoked ones too");
  list->callback([&ctl, o] {
    pb::ListTokensRequest req;
    req.set_include_revoked(o->all);
    pb::ListTokensResponse resp;
    auto stub = pb::TokenAdminService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ListTokens(ctx, req, &resp);
    }),
               resp);
  });
  CLI::App* revoke =
      token->add_subcommand("revoke", "revoke a principal at once");
  revoke->add_option("id", o->id)->required();
  revoke->callback([&ctl, o] {
    pb::RevokeTokenRequest req;
    req.set_id(o->id);
    pb::RevokeTokenResponse resp;
    auto stub = pb::TokenAdminService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->RevokeToken(ctx, req, &resp);
    }),
               resp, {{"id", "ID"}});
  });
  token->add_subcommand("whoami", "the principal of this token")
      ->callback([&ctl] {
        pb::WhoAmIResponse resp;
        auto stub = pb::AccessService::NewStub(ctl.Channel());
        ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
          return stub->WhoAmI(ctx, pb::WhoAmIRequest(), &resp);
        }),
                   resp);
      });

  CLI::App* audit =
      app.add_subcommand("audit", "the access log")->require_subcommand(1);
  CLI::App* log = audit->add_subcommand("log", "reads of personal data");
  log->add_option("--after", o->after, "records after this sequence number");
  log->add_option("--limit", o->limit, "at most this many")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  log->callback([&ctl, o] {
    pb::ListAccessLogRequest req;
    req.set_after_seq(o->after);
    req.set_page_size(o->limit);
    pb::ListAccessLogResponse resp;
    auto stub = pb::AuditService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ListAccessLog(ctx, req, &resp);
    }),
               resp, {{"after_seq", "--after"}, {"page_size", "--limit"}});
  });
}

namespace {

struct EventOptions {
  uint64_t after = 0;
  std::string agency, code, secret;
  std::vector<std::string> kinds;
  bool follow = false;
};

}  // namespace

void RegisterEventCommands(CLI::App& app, Ctl& ctl) {
  auto o = std::make_shared<EventOptions>();
  CLI::App* events =
      app.add_subcommand("events", "the event stream")->require_subcommand(1);
  CLI::App* watch =
      events->add_subcommand("watch", "print events as JSON lines");
  watch->add_option("--after", o->after, "global sequence to resume after");
  watch->add_option("--agency", o->agency);
  watch->add_option("--kind", o->kinds, "an event kind (repeatable)");
  watch->add_flag("--follow", o->follow, "keep following new events");
  watch->callback([&ctl, o] {
    pb::WatchEventsRequest req;
    req.set_after_seq(o->after);
    req.set_agency_code(o->agency);
    for (const std::string& k : o->kinds) req.add_kinds(k);
    req.set_stop_at_head(!o->follow);
    auto ctx = ctl.Context();
    ctx->set_deadline(std::chrono::system_clock::time_point::max());
    auto reader =
        pb::EventService::NewStub(ctl.Channel())->WatchEvents(ctx.get(), req);
    pb::LogEvent e;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    while (reader->Read(&e)) {
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(e, &json, options);
      std::cout << json << "\n" << std::flush;
    }
    ctl.Check(reader->Finish(), {{"after_seq", "--after"},
                                 {"agency_code", "--agency"},
                                 {"kinds", "--kind"}});
  });

  CLI::App* lookup = app.add_subcommand("lookup", "a citizen's status lookup");
  lookup->add_option("code", o->code)->required();
  lookup->add_option("secret", o->secret)->required();
  lookup->callback([&ctl, o] {
    pb::LookupDossierRequest req;
    req.set_code(o->code);
    req.set_secret(o->secret);
    pb::LookupDossierResponse resp;
    auto stub = pb::LookupService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->LookupDossier(ctx, req, &resp);
    }),
               resp, {{"code", "CODE"}, {"secret", "SECRET"}});
  });
}

}  // namespace motcua::ctl

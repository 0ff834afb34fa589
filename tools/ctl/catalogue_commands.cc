#include "tools/ctl/catalogue_commands.h"

#include <memory>
#include <string>

#include "motcua/v1/catalogue.grpc.pb.h"
#include "tools/ctl/values.h"

namespace motcua::ctl {
namespace {

namespace pb = motcua::v1;

struct Options {
  std::string on, field, level, page_token, code, file;
  int page_size = 100;
  int version = 0;
  bool all = false;
  IdempotencyFlags key;
};

void AddList(CLI::App* catalogue, Ctl& ctl) {
  auto o = std::make_shared<Options>();
  CLI::App* c = catalogue->add_subcommand(
      "list", "procedure versions in force on a date, one page or --all");
  c->add_option("--on", o->on, "in force on this date (default: today)");
  c->add_option("--field", o->field, "field of work code, e.g. HT");
  c->add_option("--level", o->level, "central, province, district, commune")
      ->check(CLI::IsMember({"central", "province", "district", "commune"}));
  c->add_option("--page-size", o->page_size, "1..500")
      ->check(CLI::Range(1, 500))
      ->capture_default_str();
  auto* token = c->add_option("--page-token", o->page_token,
                              "from a previous reply's next_page_token");
  c->add_flag("--all", o->all, "follow next_page_token to the last page")
      ->excludes(token);
  c->callback([&ctl, o] {
    pb::ListProceduresRequest req;
    if (!o->on.empty()) *req.mutable_effective_on() = ParseDate(o->on, "--on");
    req.set_field_code(o->field);
    req.set_level(o->level);
    req.set_page_size(o->page_size);
    req.set_page_token(o->page_token);
    const FlagNames flags = {{"effective_on", "--on"},
                             {"field_code", "--field"},
                             {"level", "--level"},
                             {"page_size", "--page-size"},
                             {"page_token", "--page-token"}};
    auto stub = pb::CatalogueService::NewStub(ctl.Channel());
    pb::ListProceduresResponse all;
    while (true) {
      pb::ListProceduresResponse page;
      grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
        page.Clear();
        return stub->ListProcedures(ctx, req, &page);
      });
      if (!o->all || !s.ok()) {
        ctl.Finish(s, page, flags);
        return;
      }
      for (pb::Procedure& p : *page.mutable_procedures()) {
        *all.add_procedures() = std::move(p);
      }
      if (page.next_page_token().empty()) break;
      req.set_page_token(page.next_page_token());
    }
    ctl.Finish(grpc::Status::OK, all);
  });
}

}  // namespace

void RegisterCatalogueCommands(CLI::App& app, Ctl& ctl) {
  CLI::App* catalogue =
      app.add_subcommand("catalogue", "agencies and procedures")
          ->require_subcommand(1);
  AddList(catalogue, ctl);

  auto o = std::make_shared<Options>();
  CLI::App* agencies = catalogue->add_subcommand("agencies", "agencies");
  agencies->add_option("--on", o->on,
                       "only agencies valid on this date (default: all)");
  agencies->callback([&ctl, o] {
    pb::ListAgenciesRequest req;
    if (!o->on.empty()) *req.mutable_valid_on() = ParseDate(o->on, "--on");
    pb::ListAgenciesResponse resp;
    auto stub = pb::CatalogueService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ListAgencies(ctx, req, &resp);
    }),
               resp, {{"valid_on", "--on"}});
  });

  CLI::App* get = catalogue->add_subcommand(
      "get", "a procedure: the version in force, or --version N");
  get->add_option("code", o->code, "procedure code, e.g. 1.001193")->required();
  auto* version = get->add_option("--version", o->version, "version number")
                      ->check(CLI::PositiveNumber);
  get->add_option("--on", o->on, "the version in force on this date")
      ->excludes(version);
  get->callback([&ctl, o] {
    pb::GetProcedureRequest req;
    req.set_code(o->code);
    req.set_version(o->version);
    if (!o->on.empty()) *req.mutable_effective_on() = ParseDate(o->on, "--on");
    pb::GetProcedureResponse resp;
    auto stub = pb::CatalogueService::NewStub(ctl.Channel());
    ctl.Finish(
        ctl.Call([&](grpc::ClientContext* ctx) {
          return stub->GetProcedure(ctx, req, &resp);
        }),
        resp,
        {{"code", "CODE"}, {"version", "--version"}, {"effective_on", "--on"}});
  });

  CLI::App* apply = catalogue->add_subcommand(
      "apply", "apply catalogue text (the same file again is a no-op)");
  apply->add_option("file", o->file, "catalogue text file")->required();
  o->key.Add(apply);
  apply->callback([&ctl, o] {
    pb::ApplyCatalogueRequest req;
    req.set_client_id(o->key.client_id);
    req.set_request_id(o->key.RequestId());
    req.set_catalogue_text(ReadFile(o->file));
    pb::ApplyCatalogueResponse resp;
    auto stub = pb::CatalogueAdminService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ApplyCatalogue(ctx, req, &resp);
    });
    ctl.FinishWrite(s, resp,
                    {{"catalogue_text", o->file},
                     {"client_id", "--client-id"},
                     {"request_id", "--request-id"}},
                    req.request_id());
  });
}

}  // namespace motcua::ctl

#include "tools/ctl_admin.h"

#include <chrono>
#include <string>

#include "motcua/v1/admin.grpc.pb.h"

namespace motcua::ctl {
namespace {

namespace pb = motcua::v1;

// The server names the request field; the operator typed a flag.
grpc::Status WithFlagName(const grpc::Status& s) {
  const std::string field = "to_dir:";
  const std::string& m = s.error_message();
  if (s.ok() || m.compare(0, field.size(), field) != 0) return s;
  return grpc::Status(s.error_code(), "--to:" + m.substr(field.size()));
}

}  // namespace

void AddAdminCommands(CLI::App& app, AdminCommandDeps deps, int& rc) {
  auto shared = std::make_shared<AdminCommandDeps>(std::move(deps));
  app.add_subcommand("status",
                     "the server's health, version, write queue and last "
                     "commit (any staff role)")
      ->callback([shared, &rc] {
        pb::GetStatusResponse resp;
        rc = shared->print(pb::AdminService::NewStub(shared->channel())
                               ->GetStatus(shared->context().get(),
                                           pb::GetStatusRequest(), &resp),
                           resp);
      });
  auto* admin = app.add_subcommand("admin", "operating the server (operator)")
                    ->require_subcommand(1);
  auto to_dir = std::make_shared<std::string>();
  auto* backup = admin->add_subcommand(
      "backup",
      "an online, consistent backup into DIR on the server's machine; DIR is "
      "new or a backup directory made earlier (incremental)");
  backup
      ->add_option("--to", *to_dir,
                   "absolute directory on the server, outside its data "
                   "directory")
      ->required()
      ->check([](const std::string& dir) -> std::string {
        if (dir.empty() || dir[0] != '/') {
          return "must be an absolute path on the server's machine";
        }
        return "";
      });
  backup->callback([shared, to_dir, &rc] {
    pb::BackupRequest req;
    req.set_to_dir(*to_dir);
    pb::BackupResponse resp;
    auto ctx = shared->context();
    // A backup of a large store takes a while.
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(2));
    const grpc::Status s = pb::AdminService::NewStub(shared->channel())
                               ->Backup(ctx.get(), req, &resp);
    rc = shared->print(WithFlagName(s), resp);
  });
}

}  // namespace motcua::ctl

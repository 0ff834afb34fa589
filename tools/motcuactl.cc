// motcuactl: the operator's command line for a running motcuad.
//
//   motcuactl [--target HOST:PORT] [--tls-ca FILE [--tls-cert FILE
//             --tls-key FILE] [--tls-server-name NAME]] [--token-file FILE]
//             COMMAND ...
//   motcuactl dossier get|list|forms|<action> ...   (tools/ctl/dossier_*)
//   motcuactl catalogue list|agencies|get|apply ... (tools/ctl/catalogue_*)
//   motcuactl calendar list|days-off|deadline|get|publish|withdraw ...
//   motcuactl report form06|submit|indicators|overdue ...
//   motcuactl token create|list|revoke|whoami, audit log
//   motcuactl events watch, lookup CODE SECRET
//   motcuactl status, admin backup --to DIR        (tools/ctl_admin.h)
//
// `motcuactl COMMAND --help` lists each command's flags. Connection, token,
// output and exit statuses: tools/ctl/ctl.h.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "tools/ctl/access_commands.h"
#include "tools/ctl/calendar_commands.h"
#include "tools/ctl/catalogue_commands.h"
#include "tools/ctl/ctl.h"
#include "tools/ctl/dossier_commands.h"
#include "tools/ctl/report_commands.h"
#include "tools/ctl_admin.h"

namespace {

// Every command group, in the order --help lists them. A new group is one
// line here (and its .cc in tools/CMakeLists.txt).
// status and admin backup, printed and exited like every other command.
void RegisterAdminCommands(CLI::App& app, motcua::ctl::Ctl& ctl) {
  static int rc = 0;  // AddAdminCommands' copy; ctl keeps the exit status
  motcua::ctl::AddAdminCommands(
      app,
      {.channel = [&ctl] { return ctl.Channel(); },
       .context = [&ctl] { return ctl.Context(); },
       .print =
           [&ctl](const grpc::Status& s, const google::protobuf::Message& m) {
             ctl.Finish(s, m);
             return ctl.exit_status();
           }},
      rc);
}

constexpr motcua::ctl::CommandGroup kCommandGroups[] = {
    motcua::ctl::RegisterDossierCommands,
    motcua::ctl::RegisterCatalogueCommands,
    motcua::ctl::RegisterCalendarCommands,
    motcua::ctl::RegisterReportCommands,
    motcua::ctl::RegisterTokenCommands,
    motcua::ctl::RegisterEventCommands,
    RegisterAdminCommands,
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"motcuactl: operate a running motcuad"};
  motcua::ctl::Ctl ctl;
  ctl.AddConnectionOptions(app);
  app.require_subcommand(1);
  for (motcua::ctl::CommandGroup group : kCommandGroups) group(app, ctl);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors (flags that exclude each other, a --format outside the
    // set, ...) exit 2, naming the flags; --help exits 0.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const motcua::ctl::UsageError& e) {
    std::fprintf(stderr, "motcuactl: %s\n", e.what());
    return 2;
  }
  return ctl.exit_status();
}

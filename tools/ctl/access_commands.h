// motcuactl token ... (principals and their tokens: create, list, revoke,
// whoami), audit log (the access log of unmasked reads), events watch (the
// event stream as JSON lines) and lookup (a citizen's status lookup).
#pragma once

#include <CLI/CLI.hpp>

#include "tools/ctl/ctl.h"

namespace motcua::ctl {

void RegisterTokenCommands(CLI::App& app, Ctl& ctl);
void RegisterEventCommands(CLI::App& app, Ctl& ctl);

}  // namespace motcua::ctl

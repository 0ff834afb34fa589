// motcuactl calendar ...: working calendars (list, days-off, deadline) and
// official schedules (CalendarAdminService: get, publish [--dry-run],
// withdraw).
//
//   motcuactl calendar publish deploy/calendars/vn-2027.schedule --dry-run
//   motcuactl calendar get vn 2026 --out vn-2026.schedule
//   motcuactl calendar withdraw 2027 --calendar vn
#pragma once

#include <CLI/CLI.hpp>

#include "tools/ctl/ctl.h"

namespace motcua::ctl {

void RegisterCalendarCommands(CLI::App& app, Ctl& ctl);

}  // namespace motcua::ctl

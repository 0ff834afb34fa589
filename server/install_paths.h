// Where motcuad finds its shipped data when no flag names it: the installed
// data directory (README "Install"), found next to the binary so an
// installation works under any prefix:
//   <prefix>/bin/motcuad  -> <prefix>/share/motcua/{calendars,catalogue,postal}
// (the GNUInstallDirs bin and data directories CMake installs to). When the
// binary's own path cannot be read (no /proc), the prefix configured at
// build time (CMAKE_INSTALL_PREFIX) is used. A build-tree binary has no
// installed data: give --calendars, --catalogue and --postal-statuses, as
// deploy/run.sh and the tests do.
#pragma once

#include <string>
#include <string_view>

namespace motcua::services {

// The installed data directory's `relative` entry, e.g.
// InstalledDataPath("calendars") == "/usr/share/motcua/calendars" for
// /usr/bin/motcuad.
std::string InstalledDataPath(std::string_view relative);

}  // namespace motcua::services

// motcuactl catalogue ...: read the catalogue (list procedures with filters
// and paging, agencies, get one procedure) and apply catalogue text
// (CatalogueAdminService.ApplyCatalogue). Applying is idempotent by content:
// the same file again stores nothing and answers "unchanged": true.
//
//   motcuactl catalogue list --field HT --level commune --all
//   motcuactl catalogue get 1.001193 --on 2026-01-05
//   motcuactl catalogue apply deploy/catalogue/extra.catalogue
#pragma once

#include <CLI/CLI.hpp>

#include "tools/ctl/ctl.h"

namespace motcua::ctl {

void RegisterCatalogueCommands(CLI::App& app, Ctl& ctl);

}  // namespace motcua::ctl

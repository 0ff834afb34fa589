// Reading the shipped catalogue: every "*.catalogue" file of a directory
// (format: deploy/catalogue/README.md), parsed by the engine and merged.
//
// Thread safety: free function without shared state.
#pragma once

#include <string>

#include "engine/catalogue/catalogue.h"
#include "engine/common/result.h"

namespace motcua::adapters {

// The entries of every *.catalogue file in `dir`, in file-name order;
// errors name the file (and the engine's message names the line).
engine::Result<engine::CatalogueData> LoadCatalogueDir(const std::string& dir);

}  // namespace motcua::adapters

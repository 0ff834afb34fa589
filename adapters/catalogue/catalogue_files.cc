#include "adapters/catalogue/catalogue_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/catalogue/catalogue_text.h"

namespace motcua::adapters {

engine::Result<engine::CatalogueData> LoadCatalogueDir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".catalogue") {
      files.push_back(entry.path());
    }
  }
  if (ec) return engine::NotFound("cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  engine::CatalogueData all;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return engine::NotFound("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    auto data = engine::ParseCatalogueText(text.str());
    if (!data.ok()) {
      return engine::InvalidArgument(path.string() + ": " +
                                     data.error().message);
    }
    std::move(data->agencies.begin(), data->agencies.end(),
              std::back_inserter(all.agencies));
    std::move(data->procedures.begin(), data->procedures.end(),
              std::back_inserter(all.procedures));
  }
  return all;
}

}  // namespace motcua::adapters

#include "server/install_paths.h"

#include <filesystem>
#include <system_error>

namespace motcua::services {

std::string InstalledDataPath(std::string_view relative) {
  std::error_code ec;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path data;
  if (!ec && exe.has_parent_path()) {
    // <prefix>/<bindir>/motcuad -> <prefix>; the bin directory may be
    // nested (bindir "sbin" or "lib/motcua/bin").
    std::filesystem::path prefix = exe.parent_path();
    for (const auto& part : std::filesystem::path(MOTCUA_INSTALL_BINDIR)) {
      if (!part.empty()) prefix = prefix.parent_path();
    }
    data = prefix / MOTCUA_INSTALL_DATADIR / "motcua";
  } else {
    data = std::filesystem::path(MOTCUA_INSTALL_FULL_DATADIR) / "motcua";
  }
  return (data / relative).string();
}

}  // namespace motcua::services

#include "server/restore.h"

#include <cstdio>

#include "adapters/rocksdb/backup.h"

namespace motcua::services {

int RestoreAndExit(const std::string& from_dir, const std::string& data_dir) {
  auto restored = adapters::RestoreBackup(from_dir, data_dir);
  if (!restored.ok()) {
    std::fprintf(stderr, "motcuad: restore: %s\n",
                 restored.error().message.c_str());
    return 1;
  }
  std::string files;
  for (const std::string& f : restored->files) files += " " + f;
  std::printf(
      "motcuad: restored backup %u (taken at unix time %lld) into %s; "
      "files:%s\n",
      restored->backup_id, static_cast<long long>(restored->taken_at_seconds),
      data_dir.c_str(), files.empty() ? " none" : files.c_str());
  return 0;
}

}  // namespace motcua::services

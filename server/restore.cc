#include "server/restore.h"

#include <cstdio>
#include <ctime>

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
  const std::time_t taken =
      static_cast<std::time_t>(restored->taken_at_seconds);
  std::tm utc{};
  char when[32] = "?";
  if (gmtime_r(&taken, &utc) != nullptr) {
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  }
  std::printf("motcuad: restored backup %u (taken %s) into %s; files:%s\n",
              restored->backup_id, when, data_dir.c_str(),
              files.empty() ? " none" : files.c_str());
  return 0;
}

}  // namespace motcua::services

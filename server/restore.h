// `motcuad --restore-from DIR --data NEW`: restores the latest backup of DIR
// (adapters/rocksdb/backup.h) into NEW, a missing or empty directory, and
// exits; `motcuad --data NEW` then serves it. README "Backup and restore".
#pragma once

#include <string>

namespace motcua::services {

// Prints what was restored (stdout) or why not (stderr); the exit status:
// 0 restored, 1 not (nothing was left in data_dir).
int RestoreAndExit(const std::string& from_dir, const std::string& data_dir);

}  // namespace motcua::services

// Small secret files beside the database: keys the server creates on its
// first start (lookup.key, token.key) and the bootstrap token it hands the
// operator (bootstrap-admin.token). Each is created with mode 0600 through a
// temporary file that is fsynced and renamed, so a crash never leaves half a
// key behind.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace motcua::adapters {

// `bytes` random bytes from OpenSSL's CSPRNG.
engine::Result<std::string> RandomBytes(size_t bytes);

// The key in `path` (which must be exactly `bytes` long), or a new random
// key written there when the file does not exist.
engine::Result<std::string> LoadOrCreateKey(const std::string& path,
                                            size_t bytes);

// Writes `content` to `path` (mode 0600, fsynced, renamed into place).
engine::Status WriteSecretFile(const std::string& path,
                               std::string_view content);

}  // namespace motcua::adapters

// TokenSecrets: the port that makes and hashes principals' bearer tokens
// (adapters/crypto/token_hasher.h). Only hashes are ever stored.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace motcua::engine {

class TokenSecrets {
 public:
  virtual ~TokenSecrets() = default;
  // A new random token (at least 128 bits of entropy).
  virtual Result<std::string> NewToken() const = 0;
  // A new public principal id.
  virtual Result<std::string> NewPrincipalId() const = 0;
  // True when `token` has the shape NewToken gives.
  virtual bool LooksLikeToken(std::string_view token) const = 0;
  // The stored form of `token`.
  virtual std::string Hash(std::string_view token) const = 0;
};

}  // namespace motcua::engine

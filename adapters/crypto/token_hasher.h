// TokenHasher: bearer tokens for motcua's principals.
//
// A token is "mct_" followed by 32 random bytes in unpadded base64url (256
// bits, 47 characters). The server keeps only HMAC-SHA256(pepper, token) in
// hex: the pepper is 32 random bytes in `token.key` beside the database, so
// a copy of the database alone cannot be used to test guesses. Losing
// token.key invalidates every token (issue new ones with the bootstrap
// procedure in README "Security").
//
// Thread safety: immutable after Open.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/common/result.h"
#include "engine/ports/token_secrets.h"

namespace motcua::adapters {

class TokenHasher final : public engine::TokenSecrets {
 public:
  // Loads `pepper_path`, or creates it when absent.
  static engine::Result<std::unique_ptr<TokenHasher>> Open(
      const std::string& pepper_path);
  // For tests: a fixed pepper.
  explicit TokenHasher(std::string pepper) : pepper_(std::move(pepper)) {}

  // A new random token.
  engine::Result<std::string> NewToken() const override;
  // A new public principal id, "p-" and 16 hex digits.
  engine::Result<std::string> NewPrincipalId() const override;
  // True when `token` has the shape NewToken gives (checked before hashing,
  // so junk is refused without work).
  bool LooksLikeToken(std::string_view token) const override;

  // Lower-case hex of HMAC-SHA256(pepper, token).
  std::string Hash(std::string_view token) const override;

 private:
  std::string pepper_;
};

}  // namespace motcua::adapters

// HmacLookupSecrets: LookupSecrets as HMAC-SHA256(server key, dossier code),
// the first 40 bits in Crockford base32 (8 characters: 2^40 guesses for one
// code, against a per-caller rate limit).
//
// The key is 32 random bytes in a file beside the database (`lookup.key`),
// created on first start (written to a temporary file, fsynced, renamed) and
// readable only by the server's user. Losing it invalidates every printed
// slip, so back it up with the data directory.
//
// Thread safety: immutable after Open.
#pragma once

#include <memory>
#include <string>

#include "engine/common/result.h"
#include "engine/ports/lookup_secrets.h"

namespace motcua::adapters {

class HmacLookupSecrets final : public engine::LookupSecrets {
 public:
  // Loads `key_path`, or creates it when absent.
  static engine::Result<std::unique_ptr<HmacLookupSecrets>> Open(
      const std::string& key_path);
  // For tests: a fixed key.
  explicit HmacLookupSecrets(std::string key) : key_(std::move(key)) {}

  std::string SecretFor(std::string_view dossier_code) const override;
  bool Verify(std::string_view dossier_code,
              std::string_view secret) const override;

 private:
  std::string key_;
};

}  // namespace motcua::adapters

// LookupSecrets: the port that gives each dossier the secret printed on its
// receipt slip, so that a citizen's lookup by code (codes are guessable:
// agency, date, sequence) proves possession of the slip before any status
// is shown.
//
// Secrets are derived, not stored: the same code always gives the same
// secret for a given server key, so reprinting a slip prints the same one.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <string>
#include <string_view>

namespace motcua::engine {

class LookupSecrets {
 public:
  virtual ~LookupSecrets() = default;
  // The secret to print for `dossier_code`, 8 characters of Crockford's
  // base32 (digits and upper-case letters without I, L, O, U).
  virtual std::string SecretFor(std::string_view dossier_code) const = 0;
  // Whether `secret` (case, spaces and dashes ignored) is the dossier's,
  // compared in constant time.
  virtual bool Verify(std::string_view dossier_code,
                      std::string_view secret) const = 0;
};

}  // namespace motcua::engine

#include "adapters/crypto/hmac_lookup_secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "adapters/crypto/key_file.h"

namespace motcua::adapters {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kKeyBytes = 32;

// Normalises what a citizen types: upper case; spaces and dashes dropped;
// O->0, I/L->1 (Crockford's reading rules).
std::string Normalise(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    out.push_back(c);
  }
  return out;
}

}  // namespace

engine::Result<std::unique_ptr<HmacLookupSecrets>> HmacLookupSecrets::Open(
    const std::string& key_path) {
  auto key = LoadOrCreateKey(key_path, kKeyBytes);
  if (!key.ok()) return key.error();
  return std::make_unique<HmacLookupSecrets>(std::move(*key));
}

std::string HmacLookupSecrets::SecretFor(std::string_view code) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(code.data()), code.size(), mac,
       &len);
  // First 40 bits, 5 bits per character.
  uint64_t bits = 0;
  for (int i = 0; i < 5; ++i) bits = (bits << 8) | mac[i];
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i) {
    out[i] = kAlphabet[bits & 31];
    bits >>= 5;
  }
  return out;
}

bool HmacLookupSecrets::Verify(std::string_view code,
                               std::string_view secret) const {
  const std::string expected = SecretFor(code);
  const std::string given = Normalise(secret);
  if (given.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace motcua::adapters

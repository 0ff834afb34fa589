#include "adapters/crypto/hmac_lookup_secrets.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

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
  std::ifstream in(key_path, std::ios::binary);
  if (in) {
    std::ostringstream key;
    key << in.rdbuf();
    if (key.str().size() != kKeyBytes) {
      return engine::Internal(key_path + " is not a 32-byte lookup key");
    }
    return std::make_unique<HmacLookupSecrets>(key.str());
  }
  std::string key(kKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), kKeyBytes) !=
      1) {
    return engine::Internal("cannot generate a lookup key");
  }
  const std::string tmp = key_path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return engine::Unavailable("cannot create " + tmp);
  const bool written =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(tmp.c_str(), key_path.c_str()) != 0) {
    return engine::Unavailable("cannot write " + key_path);
  }
  return std::make_unique<HmacLookupSecrets>(std::move(key));
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

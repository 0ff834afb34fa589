#include "adapters/crypto/token_hasher.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "adapters/crypto/key_file.h"

namespace motcua::adapters {
namespace {

constexpr size_t kPepperBytes = 32;
constexpr size_t kTokenBytes = 32;
constexpr std::string_view kPrefix = "mct_";
constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

std::string Base64Url(std::string_view bytes) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out.push_back(kBase64Url[(bits >> count) & 63]);
    }
  }
  if (count > 0) out.push_back(kBase64Url[(bits << (6 - count)) & 63]);
  return out;
}

}  // namespace

engine::Result<std::unique_ptr<TokenHasher>> TokenHasher::Open(
    const std::string& pepper_path) {
  auto pepper = LoadOrCreateKey(pepper_path, kPepperBytes);
  if (!pepper.ok()) return pepper.error();
  return std::make_unique<TokenHasher>(std::move(*pepper));
}

engine::Result<std::string> TokenHasher::NewToken() const {
  auto bytes = RandomBytes(kTokenBytes);
  if (!bytes.ok()) return bytes.error();
  return std::string(kPrefix) + Base64Url(*bytes);
}

engine::Result<std::string> TokenHasher::NewPrincipalId() const {
  auto bytes = RandomBytes(8);
  if (!bytes.ok()) return bytes.error();
  return "p-" + Hex(reinterpret_cast<const unsigned char*>(bytes->data()),
                    bytes->size());
}

bool TokenHasher::LooksLikeToken(std::string_view token) const {
  // 32 bytes are 43 base64url characters.
  if (token.size() != kPrefix.size() + 43 || !token.starts_with(kPrefix)) {
    return false;
  }
  for (char c : token.substr(kPrefix.size())) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string TokenHasher::Hash(std::string_view token) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), pepper_.data(), static_cast<int>(pepper_.size()),
       reinterpret_cast<const unsigned char*>(token.data()), token.size(), mac,
       &len);
  return Hex(mac, len);
}

}  // namespace motcua::adapters

// Fnv64: FNV-1a over length-prefixed fields, for stable digests of
// commands (idempotency fingerprints) and configurations (calendar
// versions). Not cryptographic: it tells a retry from a different request,
// it does not resist an adversary.
//
// Fields are length-prefixed, so ("ab", "c") and ("a", "bc") differ.
//
// Thread safety: a value; one per digest.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace motcua::engine {

class Fnv64 {
 public:
  void Bytes(std::string_view s) {
    U64(s.size());
    for (char c : s) Byte(static_cast<uint8_t>(c));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  // An optional integral or enum value: presence, then the value.
  template <class T>
  void Opt(const std::optional<T>& v) {
    U64(v ? 1 : 0);
    U64(v ? static_cast<uint64_t>(*v) : 0);
  }
  uint64_t value() const { return h_; }

 private:
  void Byte(uint8_t b) {
    h_ ^= b;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace motcua::engine

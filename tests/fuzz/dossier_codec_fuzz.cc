// The stored dossier and event formats (engine/dossier/dossier_codec.h) on
// arbitrary bytes: what a corrupted or foreign RocksDB value looks like.
// The first byte chooses dossier or event; whatever decodes must encode and
// decode again to an equal value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/dossier/dossier_codec.h"
#include "tests/fuzz/fuzz_check.h"

using motcua::fuzz::Check;
using motcua::fuzz::CheckUtf8;

namespace {

template <typename Decode, typename Encode>
void RoundTrip(std::string_view bytes, Decode decode, Encode encode) {
  auto first = decode(bytes);
  if (!first.ok()) {
    CheckUtf8(first.error().message, "decode error message");
    return;
  }
  std::string encoded = encode(*first);
  auto second = decode(encoded);
  Check(second.ok(), "re-encoded value does not decode",
        second.ok() ? std::string_view{} : second.error().message);
  Check(*second == *first, "round trip differs");
  Check(encode(*second) == encoded, "encoding is not stable");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    RoundTrip(bytes, motcua::engine::DecodeEvent, motcua::engine::EncodeEvent);
  } else {
    RoundTrip(bytes, motcua::engine::DecodeDossier,
              motcua::engine::EncodeDossier);
  }
  return 0;
}

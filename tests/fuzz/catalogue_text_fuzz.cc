// The catalogue text format (deploy/catalogue/*.catalogue): ParseCatalogueText
// then, on success, Catalogue::Build, as the catalogue loader does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/catalogue/catalogue.h"
#include "engine/catalogue/catalogue_text.h"
#include "tests/fuzz/fuzz_check.h"

using motcua::fuzz::CheckUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = motcua::engine::ParseCatalogueText(text);
  if (!parsed.ok()) {
    CheckUtf8(parsed.error().message, "catalogue parse error message");
    return 0;
  }
  auto built = motcua::engine::Catalogue::Build(std::move(*parsed));
  if (!built.ok()) {
    CheckUtf8(built.error().message, "catalogue build error message");
  }
  return 0;
}

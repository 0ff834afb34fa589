// A document of a dossier as listed on a receipt slip, a supplement request
// or a postal dispatch slip.
//
// Thread safety: plain value.
#pragma once

#include <cstdint>
#include <string>

namespace motcua::engine {

struct Document {
  std::string name;
  uint32_t originals = 0;
  uint32_t copies = 0;

  friend bool operator==(const Document&, const Document&) = default;
};

}  // namespace motcua::engine

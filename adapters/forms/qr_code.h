// QR codes of the printed forms (libqrencode): the module matrix of a text
// encoded as 8-bit bytes (UTF-8 passes through unchanged), error
// correction level M (15% of the code may be soiled or torn), the smallest
// version that holds it.
//
// Thread safety: pure function (libqrencode's encoder is reentrant).
//
// Example:
//   auto qr = EncodeQr("https://dvc.example.invalid/tra-cuu?code=H55.1-...");
//   if (qr.ok() && qr->dark(0, 0)) { ... }  // a finder pattern's corner
#pragma once

#include <string_view>
#include <vector>

#include "engine/common/result.h"

namespace motcua::adapters {

struct QrMatrix {
  int width = 0;            // modules per side (21 for version 1, +4 each)
  std::vector<bool> cells;  // row-major, true = dark
  bool dark(int x, int y) const {
    return cells[static_cast<size_t>(y) * width + x];
  }
};

// InvalidArgument for an empty text or one too long for any QR version
// (2,331 bytes at level M).
engine::Result<QrMatrix> EncodeQr(std::string_view text);

}  // namespace motcua::adapters

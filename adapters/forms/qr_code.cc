#include "adapters/forms/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <string>

namespace motcua::adapters {

engine::Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return engine::InvalidArgument("QR text is empty");
  // Beyond any QR version's capacity (2,953 bytes at level L).
  if (text.size() > 4096) {
    return engine::InvalidArgument("QR text of " + std::to_string(text.size()) +
                                   " bytes does not fit in a QR code");
  }
  // QRcode_encodeData takes a length, so embedded NULs are not truncation.
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (code == nullptr) {
    if (errno == ERANGE || errno == EINVAL) {
      return engine::InvalidArgument("QR text of " +
                                     std::to_string(text.size()) +
                                     " bytes does not fit in a QR code");
    }
    return engine::Internal("libqrencode failed to encode the QR text");
  }
  QrMatrix m;
  m.width = code->width;
  m.cells.resize(static_cast<size_t>(m.width) * m.width);
  for (size_t i = 0; i < m.cells.size(); ++i) {
    m.cells[i] = (code->data[i] & 1) != 0;  // bit 0: dark module
  }
  return m;
}

}  // namespace motcua::adapters

#include "adapters/forms/qr_code.h"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <string>

namespace motcua::adapters {
namespace {

// The 7x7 finder pattern with its top-left module at (x0, y0): a dark ring,
// a light ring, a dark 3x3 centre.
bool FinderAt(const QrMatrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const int ring = std::min(std::min(x, y), std::min(6 - x, 6 - y));
      const bool want = ring != 1;
      if (m.dark(x0 + x, y0 + y) != want) return false;
    }
  }
  return true;
}

TEST(QrCodeTest, MatrixIsLibqrencodesForTheText) {
  const std::string text =
      "https://dvc.example.invalid/tra-cuu?code=H55.1-260302-0001";
  auto m = EncodeQr(text);
  ASSERT_TRUE(m.ok()) << m.error().message;
  // 58 bytes at level M: version 4 (62 bytes), 33 modules a side.
  EXPECT_EQ(m->width, 33);
  EXPECT_TRUE(FinderAt(*m, 0, 0));
  EXPECT_TRUE(FinderAt(*m, m->width - 7, 0));
  EXPECT_TRUE(FinderAt(*m, 0, m->width - 7));
  EXPECT_FALSE(FinderAt(*m, m->width - 7, m->width - 7));

  QRcode* ref = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  ASSERT_NE(ref, nullptr);
  ASSERT_EQ(ref->width, m->width);
  for (int i = 0; i < ref->width * ref->width; ++i) {
    ASSERT_EQ(m->cells[i], (ref->data[i] & 1) != 0) << i;
  }
  QRcode_free(ref);

  // Another code, another matrix.
  auto other =
      EncodeQr("https://dvc.example.invalid/tra-cuu?code=H55.1-260302-0002");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->cells, m->cells);
}

TEST(QrCodeTest, RejectsEmptyAndOversizedText) {
  EXPECT_EQ(EncodeQr("").error().code, engine::ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodeQr(std::string(3000, 'x')).error().code,
            engine::ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodeQr(std::string(100000, 'x')).error().code,
            engine::ErrorCode::kInvalidArgument);
  // Bytes are bytes: an embedded NUL is encoded, not a terminator.
  auto nul = EncodeQr(std::string("a\0b", 3));
  ASSERT_TRUE(nul.ok());
  EXPECT_NE(nul->cells, EncodeQr("a")->cells);
}

}  // namespace
}  // namespace motcua::adapters

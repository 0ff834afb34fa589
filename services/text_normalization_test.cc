#include "services/text_normalization.h"

#include <gtest/gtest.h>

namespace motcua::services {
namespace {

TEST(TextNormalizationTest, NamesAreComposed) {
  // "Nguyễn" typed as e + combining circumflex + combining tilde.
  const std::string decomposed = "Nguye\xCC\x82\xCC\x83n";
  EXPECT_EQ(Nfc(decomposed), "Nguyễn");
  EXPECT_EQ(Nfc("Nguyễn"), "Nguyễn");
  EXPECT_EQ(Nfc("ascii"), "ascii");
  EXPECT_EQ(Nfc(""), "");
  // Ill-formed text is left for validation to refuse.
  EXPECT_EQ(Nfc("a\xFF"), "a\xFF");
}

}  // namespace
}  // namespace motcua::services

#include "adapters/crypto/hmac_lookup_secrets.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

TEST(HmacLookupSecretsTest, StableReadableAndKeyed) {
  HmacLookupSecrets a(std::string(32, 'a'));
  HmacLookupSecrets b(std::string(32, 'b'));
  const std::string s = a.SecretFor("H55.1-261125-0001");
  ASSERT_EQ(s.size(), 8u);
  EXPECT_EQ(s.find_first_of("ILOU"), std::string::npos);
  EXPECT_EQ(a.SecretFor("H55.1-261125-0001"), s);
  EXPECT_NE(a.SecretFor("H55.1-261125-0002"), s);
  EXPECT_NE(b.SecretFor("H55.1-261125-0001"), s);
}

TEST(HmacLookupSecretsTest, VerifyIsForgivingInFormOnly) {
  HmacLookupSecrets a(std::string(32, 'a'));
  const std::string code = "H55.1-261125-0001";
  std::string s = a.SecretFor(code);
  EXPECT_TRUE(a.Verify(code, s));
  std::string lower = s;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_TRUE(a.Verify(code, lower.substr(0, 4) + "-" + lower.substr(4)));
  std::string wrong = s;
  wrong[7] = wrong[7] == 'Z' ? 'Y' : 'Z';
  EXPECT_FALSE(a.Verify(code, wrong));
  EXPECT_FALSE(a.Verify(code, s.substr(0, 7)));
  EXPECT_FALSE(a.Verify("H55.1-261125-0002", s));
}

TEST(HmacLookupSecretsTest, KeyFileIsCreatedOnceAndReused) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/lookup.key";
  auto first = HmacLookupSecrets::Open(path);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(std::filesystem::file_size(path), 32u);
  EXPECT_EQ(std::filesystem::status(path).permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  auto again = HmacLookupSecrets::Open(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*first)->SecretFor("X"), (*again)->SecretFor("X"));
}

}  // namespace
}  // namespace motcua::adapters

#include "adapters/crypto/token_hasher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "adapters/crypto/key_file.h"

namespace motcua::adapters {
namespace {

TEST(TokenHasherTest, TokensAreRandomWellFormedAndHashedWithThePepper) {
  std::set<std::string> seen;
  TokenHasher a(std::string(32, 'a'));
  TokenHasher b(std::string(32, 'b'));
  for (int i = 0; i < 100; ++i) {
    auto t = a.NewToken();
    ASSERT_TRUE(t.ok());
    EXPECT_TRUE(a.LooksLikeToken(*t)) << *t;
    EXPECT_TRUE(seen.insert(*t).second);
  }
  const std::string token = *seen.begin();
  EXPECT_EQ(a.Hash(token).size(), 64u);
  EXPECT_EQ(a.Hash(token), a.Hash(token));
  EXPECT_NE(a.Hash(token), b.Hash(token));
  EXPECT_FALSE(a.LooksLikeToken("mct_short"));
  EXPECT_FALSE(a.LooksLikeToken(""));
  EXPECT_FALSE(a.LooksLikeToken("mct_" + std::string(42, 'A') + "\xff"));
  auto id = a.NewPrincipalId();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->size(), 18u);
}

TEST(TokenHasherTest, PepperFileIsCreatedOnceWithMode0600) {
  const std::string dir = std::filesystem::temp_directory_path() /
                          ("motcua_pepper_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/token.key";
  auto first = TokenHasher::Open(path);
  ASSERT_TRUE(first.ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = TokenHasher::Open(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*first)->Hash("x"), (*second)->Hash("x"));
  ASSERT_TRUE(WriteSecretFile(path, "short").ok());
  EXPECT_FALSE(TokenHasher::Open(path).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::adapters

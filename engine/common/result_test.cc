#include "engine/common/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace motcua::engine {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("x: odd");
  return x / 2;
}

TEST(ResultTest, ValueOrError) {
  auto ok = Half(4);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  EXPECT_TRUE(ok.status().ok());
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "x: odd");
  EXPECT_FALSE(bad.status().ok());
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, StatusDefaultsToOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  Status e = NotFound("nothing");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace motcua::engine

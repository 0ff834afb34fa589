#include "engine/codec/binary.h"

#include <gtest/gtest.h>

#include <limits>

namespace motcua::engine {
namespace {

TEST(BinaryCodecTest, RoundTrip) {
  BinaryWriter w;
  const uint64_t varints[] = {
      0, 1, 127, 128, 300, UINT32_MAX, std::numeric_limits<uint64_t>::max()};
  const int64_t signeds[] = {0, -1, 1, std::numeric_limits<int64_t>::min(),
                             std::numeric_limits<int64_t>::max()};
  for (uint64_t v : varints) w.PutVarint(v);
  for (int64_t v : signeds) w.PutSigned(v);
  w.PutString("Hồ sơ");
  w.PutBool(true);
  w.PutFixed32BE(0x01020304);
  w.PutFixed64BE(42);

  BinaryReader r(w.data());
  for (uint64_t v : varints) {
    uint64_t got = 0;
    ASSERT_TRUE(r.GetVarint(got));
    EXPECT_EQ(got, v);
  }
  for (int64_t v : signeds) {
    int64_t got = 0;
    ASSERT_TRUE(r.GetSigned(got));
    EXPECT_EQ(got, v);
  }
  std::string s;
  bool b = false;
  uint32_t f32 = 0;
  uint64_t f64 = 0;
  ASSERT_TRUE(r.GetString(s) && r.GetBool(b) && r.GetFixed32BE(f32) &&
              r.GetFixed64BE(f64));
  EXPECT_EQ(s, "Hồ sơ");
  EXPECT_TRUE(b);
  EXPECT_EQ(f32, 0x01020304u);
  EXPECT_EQ(f64, 42u);
  EXPECT_TRUE(r.done());
}

TEST(BinaryCodecTest, BigEndianSortsNumerically) {
  BinaryWriter a, b;
  a.PutFixed64BE(255);
  b.PutFixed64BE(256);
  EXPECT_LT(a.data(), b.data());
}

TEST(BinaryCodecTest, RejectsTruncatedAndOverlong) {
  BinaryWriter w;
  w.PutString("abcdef");
  const std::string full = w.data();
  for (size_t n = 0; n < full.size(); ++n) {
    SCOPED_TRACE(n);
    BinaryReader r(std::string_view(full).substr(0, n));
    std::string s;
    EXPECT_FALSE(r.GetString(s));
    EXPECT_FALSE(r.ok());
  }
  const std::string ten_continuations(11, '\xFF');
  BinaryReader overlong(ten_continuations);
  uint64_t v = 0;
  EXPECT_FALSE(overlong.GetVarint(v));
  BinaryReader big32("\xFF\xFF\xFF\xFF\x10");
  uint32_t v32 = 0;
  EXPECT_FALSE(big32.GetVarint32(v32));
}

}  // namespace
}  // namespace motcua::engine

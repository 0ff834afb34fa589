#include "engine/common/text.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

TEST(TextTest, CountsVietnameseCodePoints) {
  EXPECT_EQ(CountPrintableUtf8("Nguyễn Thị Ánh"), 14u);
  EXPECT_EQ(CountPrintableUtf8(""), 0u);
  EXPECT_EQ(CountPrintableUtf8("😀"), 1u);
}

TEST(TextTest, RejectsMalformedAndControl) {
  const char* bad[] = {"\xC3",          "\xC0\xAF",      "\xED\xA0\x80",
                       "\xF4\x90\x80\x80", "a\nb",        "a\tb",
                       "\x7F",          "\xC2\x85",      "\xFF"};
  for (const char* s : bad) {
    SCOPED_TRACE(s);
    EXPECT_FALSE(CountPrintableUtf8(s).has_value());
  }
}

TEST(TextTest, Tokens) {
  EXPECT_TRUE(IsToken("desk-01.hanoi:A_b", 64));
  EXPECT_FALSE(IsToken("", 64));
  EXPECT_FALSE(IsToken("a b", 64));
  EXPECT_FALSE(IsToken("abc", 2));
  EXPECT_FALSE(IsToken(std::string_view("a\0b", 3), 64));
}

}  // namespace
}  // namespace motcua::engine

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
  const char* bad[] = {"\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                       "a\nb", "a\tb",     "\x7F",         "\xC2\x85",
                       "\xFF"};
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

TEST(TextTest, Utf8PrefixNeverCutsASequence) {
  const std::string a_breve = "\xC4\x82";  // Ă, 2 bytes
  const std::string text = "a" + a_breve + a_breve;
  EXPECT_EQ(Utf8Prefix(text, 1), "a");
  EXPECT_EQ(Utf8Prefix(text, 2), "a");  // would split the first Ă
  EXPECT_EQ(Utf8Prefix(text, 3), "a" + a_breve);
  EXPECT_EQ(Utf8Prefix(text, 4), "a" + a_breve);
  EXPECT_EQ(Utf8Prefix(text, 99), text);
  EXPECT_EQ(Utf8Prefix("\xF0\x9F\x98\x80", 3), "");
  EXPECT_EQ(Utf8Prefix("\xF0\x9F\x98\x80", 0), "");
  for (size_t n = 0; n <= 40; ++n) {
    std::string s = "a";
    for (int i = 0; i < 50; ++i) s += a_breve;
    EXPECT_TRUE(IsWellFormedUtf8(Utf8Prefix(s, n))) << n;
  }
}

TEST(TextTest, QuoteTextIsAlwaysWellFormed) {
  EXPECT_EQ(QuoteText("abc"), "\"abc\"");
  EXPECT_EQ(QuoteText("a\xff"), "\"a\\xFF\"");
  EXPECT_EQ(QuoteText("a\nb"), "\"a\\u{000A}b\"");
  EXPECT_EQ(QuoteText("\xE2\x80\xAE"), "\"\\u{202E}\"");  // RLO
  EXPECT_EQ(QuoteText("say \"x\""), "\"say \\\"x\\\"\"");
  EXPECT_EQ(QuoteText("abcdef", 3), "\"abc...\"");
  std::string s = "a";
  for (int i = 0; i < 50; ++i) s += "\xC4\x82";
  const std::string quoted = QuoteText(s, 40);
  EXPECT_TRUE(IsWellFormedUtf8(quoted));
  EXPECT_EQ(quoted.size(), 1 + 1 + 39 * 2 + 3 + 1);
  EXPECT_TRUE(IsWellFormedUtf8(QuoteText("\xC3\x28\xED\xA0\x80\xF4")));
}

TEST(TextTest, WellFormed) {
  EXPECT_TRUE(IsWellFormedUtf8("Nguyễn\n"));
  EXPECT_FALSE(IsWellFormedUtf8("\xC3"));
  EXPECT_FALSE(IsWellFormedUtf8("\xED\xA0\x80"));
}

}  // namespace
}  // namespace motcua::engine

namespace motcua::engine {
namespace {

TEST(TextTest, ValidateTextRefusesWhatCanDisguiseAName) {
  EXPECT_TRUE(ValidateText("Nguyễn Văn An", "f", 1, 200).ok());
  EXPECT_TRUE(ValidateText("", "f", 0, 200).ok());
  const char* bad[] = {"An\xE2\x80\xAE",  // U+202E
                       "\xE2\x81\xA6x",   // U+2066
                       "\xE2\x80\x8F",    // U+200F
                       "a\nb", "\xFF"};
  for (const char* s : bad) {
    SCOPED_TRACE(s);
    auto st = ValidateText(s, "applicant.full_name", 1, 200);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().message.rfind("applicant.full_name: ", 0), 0u);
  }
  EXPECT_FALSE(ValidateText(std::string("a\0b", 3), "f", 0, 9).ok());
  // Blank after trimming spaces and zero-width characters.
  for (const char* s : {"   ", "\xE2\x80\x8B\xE2\x80\x8B", "\xEF\xBB\xBF "}) {
    SCOPED_TRACE(s);
    auto st = ValidateText(s, "f", 1, 200);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("required"), std::string::npos);
  }
  EXPECT_FALSE(ValidateText("abcd", "f", 1, 3).ok());
}

}  // namespace
}  // namespace motcua::engine

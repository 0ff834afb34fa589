#include "engine/notify/vietnamese_text.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

TEST(FoldVietnameseTest, EveryVowelWithEveryToneInBothCases) {
  // Each row: a base letter and its six tones (none, huyền, sắc, hỏi, ngã,
  // nặng).
  const struct {
    const char* ascii;
    const char* forms[6];
  } rows[] = {
      {"a", {"a", "à", "á", "ả", "ã", "ạ"}},
      {"a", {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"}},
      {"a", {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}},
      {"e", {"e", "è", "é", "ẻ", "ẽ", "ẹ"}},
      {"e", {"ê", "ề", "ế", "ể", "ễ", "ệ"}},
      {"i", {"i", "ì", "í", "ỉ", "ĩ", "ị"}},
      {"o", {"o", "ò", "ó", "ỏ", "õ", "ọ"}},
      {"o", {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"}},
      {"o", {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}},
      {"u", {"u", "ù", "ú", "ủ", "ũ", "ụ"}},
      {"u", {"ư", "ừ", "ứ", "ử", "ữ", "ự"}},
      {"y", {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"}},
      {"A", {"A", "À", "Á", "Ả", "Ã", "Ạ"}},
      {"A", {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"}},
      {"A", {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}},
      {"E", {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"}},
      {"E", {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}},
      {"I", {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"}},
      {"O", {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}},
      {"O", {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"}},
      {"O", {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}},
      {"U", {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"}},
      {"U", {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}},
      {"Y", {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"}},
      {"d", {"đ", "đ", "đ", "đ", "đ", "đ"}},
      {"D", {"Đ", "Đ", "Đ", "Đ", "Đ", "Đ"}},
  };
  for (const auto& row : rows) {
    for (const char* form : row.forms) {
      SCOPED_TRACE(form);
      EXPECT_EQ(FoldVietnamese(form), row.ascii);
    }
  }
}

TEST(FoldVietnameseTest, WordsPunctuationAndMalformedInput) {
  const struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"Nguyễn Thị Ánh", "Nguyen Thi Anh"},
      {"ĐƯỜNG TRÀNG TIỀN", "DUONG TRANG TIEN"},
      {"Ủy ban nhân dân phường", "Uy ban nhan dan phuong"},
      {"H55.41-260105-0001: 17:00", "H55.41-260105-0001: 17:00"},
      {"“Hồ sơ” – xong…", "\"Ho so\" - xong..."},
      {"Nguye\xcc\x82\xcc\x83n", "Nguyen"},  // decomposed ê + tilde
      {"日本", "??"},
      {"a\xff"
       "b",
       "a?b"},
      {"\xe1\xba", "??"},  // truncated sequence
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(FoldVietnamese(c.in), c.out);
  }
}

TEST(SmsTextTest, CutsAtOneHundredSixtyCharacters) {
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "Sở Tài nguyên ";
  const std::string sms = SmsText(long_text);
  EXPECT_LE(sms.size(), kSmsMaxChars);
  EXPECT_EQ(sms.substr(sms.size() - 3), "...");
  EXPECT_EQ(sms.rfind("So Tai nguyen", 0), 0u);
  EXPECT_EQ(SmsText("Hồ sơ đã có kết quả"), "Ho so da co ket qua");
}

}  // namespace
}  // namespace motcua::engine

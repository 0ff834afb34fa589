#include "engine/notify/vietnamese_text.h"

#include <cstdint>
#include <map>
#include <optional>

namespace motcua::engine {
namespace {

// Decodes one code point; nullopt (and one byte consumed) when malformed.
std::optional<char32_t> NextCodePoint(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80         ? 1
            : (b0 >> 5) == 6  ? 2
            : (b0 >> 4) == 14 ? 3
            : (b0 >> 3) == 30 ? 4
                              : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return std::nullopt;
  }
  char32_t cp = len == 1 ? b0 : b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

// Every Vietnamese letter with a diacritic, grouped by its ASCII base.
const std::map<char32_t, char>& FoldTable() {
  static const auto* table = [] {
    const struct {
      char base;
      std::string_view letters;
    } groups[] = {
        {'a', "àáảãạăằắẳẵặâầấẩẫậ"},
        {'A', "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
        {'e', "èéẻẽẹêềếểễệ"},
        {'E', "ÈÉẺẼẸÊỀẾỂỄỆ"},
        {'i', "ìíỉĩị"},
        {'I', "ÌÍỈĨỊ"},
        {'o', "òóỏõọôồốổỗộơờớởỡợ"},
        {'O', "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
        {'u', "ùúủũụưừứửữự"},
        {'U', "ÙÚỦŨỤƯỪỨỬỮỰ"},
        {'y', "ỳýỷỹỵ"},
        {'Y', "ỲÝỶỸỴ"},
        {'d', "đ"},
        {'D', "Đ"},
        {'-', "–—"},
        {'\'', "‘’"},
        {'"', "“”"},
    };
    auto* m = new std::map<char32_t, char>;
    for (const auto& g : groups) {
      size_t i = 0;
      while (i < g.letters.size()) {
        if (auto cp = NextCodePoint(g.letters, i)) (*m)[*cp] = g.base;
      }
    }
    return m;
  }();
  return *table;
}

}  // namespace

std::string FoldVietnamese(std::string_view utf8) {
  const auto& table = FoldTable();
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    const std::optional<char32_t> cp = NextCodePoint(utf8, i);
    if (!cp) {
      out.push_back('?');
    } else if (*cp < 0x80) {
      out.push_back(static_cast<char>(*cp));
    } else if (*cp >= 0x300 && *cp <= 0x36F) {
      continue;  // combining mark of decomposed text
    } else if (*cp == 0x2026) {
      out += "...";
    } else if (auto it = table.find(*cp); it != table.end()) {
      out.push_back(it->second);
    } else {
      out.push_back('?');
    }
  }
  return out;
}

std::string SmsText(std::string_view utf8) {
  std::string s = FoldVietnamese(utf8);
  if (s.size() <= kSmsMaxChars) return s;
  size_t cut = kSmsMaxChars - 3;
  const size_t space = s.rfind(' ', cut);
  if (space != std::string::npos && space > cut - 20) cut = space;
  s.resize(cut);
  return s + "...";
}

}  // namespace motcua::engine

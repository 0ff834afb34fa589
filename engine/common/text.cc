#include "engine/common/text.h"

#include <cstdint>

#include "engine/common/field_violations.h"

namespace motcua::engine {

namespace {

struct CodePoint {
  uint32_t value = 0;
  size_t length = 0;  // bytes
};

// The well-formed UTF-8 sequence at s[i], or nullopt.
std::optional<CodePoint> DecodeAt(std::string_view s, size_t i) {
  const auto b0 = static_cast<uint8_t>(s[i]);
  uint32_t cp = 0;
  size_t len = 0;
  if (b0 < 0x80) {
    return CodePoint{b0, 1};
  } else if ((b0 & 0xE0) == 0xC0) {
    cp = b0 & 0x1F;
    len = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    cp = b0 & 0x0F;
    len = 3;
  } else if ((b0 & 0xF8) == 0xF0) {
    cp = b0 & 0x07;
    len = 4;
  } else {
    return std::nullopt;
  }
  if (i + len > s.size()) return std::nullopt;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return std::nullopt;
  }
  return CodePoint{cp, len};
}

bool IsControl(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

bool IsBidiControl(uint32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

bool IsWellFormedUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto cp = DecodeAt(s, i);
    if (!cp) return false;
    i += cp->length;
  }
  return true;
}

std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back up over continuation bytes to the start of the sequence that
  // straddles the cut, unless it ends exactly at the cut.
  size_t start = end;
  while (start > 0 && end - start < 3 &&
         (static_cast<uint8_t>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  return s.substr(0, start);
}

std::string QuoteText(std::string_view s, size_t max_code_points) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  size_t i = 0;
  size_t count = 0;
  while (i < s.size()) {
    if (count == max_code_points) {
      out += "...";
      break;
    }
    auto cp = DecodeAt(s, i);
    if (!cp) {
      const auto b = static_cast<uint8_t>(s[i]);
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      ++i;
    } else if (IsControl(cp->value) || IsBidiControl(cp->value)) {
      out += "\\u{";
      for (int shift = 12; shift >= 0; shift -= 4) {
        out += kHex[(cp->value >> shift) & 0xF];
      }
      out += "}";
      i += cp->length;
    } else {
      if (cp->value == '"' || cp->value == '\\') out += '\\';
      out.append(s.substr(i, cp->length));
      i += cp->length;
    }
    ++count;
  }
  out += "\"";
  return out;
}

std::optional<size_t> CountPrintableUtf8(std::string_view s) {
  size_t count = 0;
  size_t i = 0;
  while (i < s.size()) {
    auto cp = DecodeAt(s, i);
    if (!cp || IsControl(cp->value)) return std::nullopt;
    ++count;
    i += cp->length;
  }
  return count;
}

namespace {

// Spaces and characters that draw nothing: a text of only these is blank.
bool IsBlank(uint32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 ||
         cp == 0xFEFF || cp == 0x180E;
}

}  // namespace

Status ValidateText(std::string_view value, std::string_view field, size_t min,
                    size_t max) {
  size_t count = 0;
  bool visible = false;
  size_t i = 0;
  while (i < value.size()) {
    auto cp = DecodeAt(value, i);
    if (!cp || IsControl(cp->value)) {
      return InvalidArgument(std::string(field) +
                             ": must be UTF-8 text without control characters");
    }
    if (IsBidiControl(cp->value)) {
      return InvalidArgument(
          std::string(field) +
          ": contains a bidirectional control character (U+202A-U+202E, "
          "U+2066-U+2069, U+200E/F, U+061C), which can make text display "
          "as something else; remove it");
    }
    visible = visible || !IsBlank(cp->value);
    ++count;
    i += cp->length;
  }
  if (count < min || (min > 0 && !visible)) {
    return InvalidArgument(std::string(field) + ": is required" +
                           (count > 0 ? " (it holds only spaces or invisible "
                                        "characters)"
                                      : ""));
  }
  if (count > max) {
    return InvalidArgument(std::string(field) + ": " + std::to_string(count) +
                           " characters, at most " + std::to_string(max) +
                           " allowed");
  }
  return {};
}

bool IsToken(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status ValidateIdempotencyKey(std::string_view client_id,
                              std::string_view request_id) {
  FieldViolations v;
  CheckIdempotencyKey(client_id, request_id, v);
  return v.ToStatus();
}

}  // namespace motcua::engine

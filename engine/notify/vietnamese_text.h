// Text for citizens: Vietnamese dates and times (DateText, MinuteText: one
// format for forms, lookups and notifications, engine/common/
// vietnamese_date.h), and the ASCII fold that SMS gateways need (DOMAIN.md
// §8).
//
// FoldVietnamese removes Vietnamese diacritics from UTF-8 text: every
// precomposed letter with a tone mark (grave, acute, hook above, tilde, dot
// below) and the letters ă â ê ô ơ ư fold to their base letter, đ/Đ to d/D,
// in both cases; combining marks (U+0300-U+036F, for decomposed input) are
// dropped; other non-ASCII characters become '?' except a few punctuation
// marks with an obvious ASCII twin (– — ‘ ’ “ ” …); malformed UTF-8 bytes
// become '?'. ASCII passes through unchanged.
//
// Ambiguous cases, answered:
//  - "Nguyễn" folds to "Nguyen", "ĐƯỜNG" to "DUONG", "Ủy" to "Uy".
//  - SmsText cuts at 160 characters, on a space when one is near, and ends
//    with "..." when it cut: an SMS segment in GSM 03.38 is 160 characters.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/common/vietnamese_date.h"

namespace motcua::engine {

inline constexpr size_t kSmsMaxChars = 160;

std::string FoldVietnamese(std::string_view utf8);

// FoldVietnamese(text), then cut to at most kSmsMaxChars (see above).
std::string SmsText(std::string_view utf8);

}  // namespace motcua::engine

// Text checks shared by request validation: UTF-8 well-formedness and
// character counts. Limits in motcua are in Unicode code points, because a
// Vietnamese name such as "Nguyễn Thị Ánh" is 14 characters but 20 bytes.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace motcua::engine {

// The number of code points in `s`, or nullopt when `s` is not well-formed
// UTF-8 (overlong forms, surrogates and values past U+10FFFF are rejected)
// or contains a C0/C1 control character other than none at all: names and
// addresses never legitimately hold tabs or newlines.
std::optional<size_t> CountPrintableUtf8(std::string_view s);

// True when `s` is well-formed UTF-8 (any code point, controls included).
bool IsWellFormedUtf8(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not end
// inside a UTF-8 sequence. Only whole sequences are cut off; an ill-formed
// byte stays as it is (callers that need valid text use QuoteText).
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

// `s` quoted for an error message or a log line: always well-formed UTF-8
// whatever `s` holds. Ill-formed bytes become \xNN, control and bidi-control
// characters \u{XXXX}, '"' and '\\' are escaped, and text past
// `max_code_points` is cut at a code point boundary and marked "...".
// Example: QuoteText("a\xff") == "\"a\\xFF\"".
std::string QuoteText(std::string_view s, size_t max_code_points = 80);

// A free-text field of a request (a name, an address, a reason): well-formed
// UTF-8 without control characters (C0, C1: no NUL, tab or newline) or
// bidirectional controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069,
// which can make a name display as another), of min..max code points; when
// min >= 1, something must remain after trimming spaces and invisible
// characters (zero-width space and joiners, word joiner, BOM), so a name
// made only of U+200B is "required". Callers normalise to NFC first (the
// services layer, with ICU). InvalidArgument naming `field`.
Status ValidateText(std::string_view value, std::string_view field, size_t min,
                    size_t max);

// True when every byte of `s` is in [A-Za-z0-9._:-] and 1 <= size <= max.
bool IsToken(std::string_view s, size_t max);

// The idempotency key every mutating request carries: client_id (1..64)
// and request_id (1..128), both tokens; InvalidArgument naming the field.
Status ValidateIdempotencyKey(std::string_view client_id,
                              std::string_view request_id);

}  // namespace motcua::engine

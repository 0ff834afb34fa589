// What every fuzz target asserts beyond "no crash, no sanitizer report": a
// failed check prints what was wrong and aborts, which libFuzzer records as
// a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "engine/common/text.h"

namespace motcua::fuzz {

[[noreturn]] inline void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz check failed: %s: %.*s\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void Check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) Fail(what, detail);
}

// Error messages reach clients as protobuf strings and JSON: they must be
// valid UTF-8 whatever the input was.
inline void CheckUtf8(std::string_view text, const char* what) {
  Check(engine::IsWellFormedUtf8(text), what, text);
}

}  // namespace motcua::fuzz

// ASSERT_OK for the tests: a Status or a Result (engine/common/result.h)
// that must be OK, its error message shown otherwise. The expression is
// evaluated once. Test code only (it expands to GoogleTest macros).
//
// Example:
//   ASSERT_OK(walker.Do(cmd));          // a Status
//   auto events = Decide(d, cmd, now, ctx);
//   ASSERT_OK(events);                  // a Result, then use *events
#pragma once

#include "engine/common/result.h"

namespace motcua::engine::testing {

inline Status StatusOf(const Status& s) { return s; }
template <class T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}

}  // namespace motcua::engine::testing

#define ASSERT_OK(expr)                                        \
  do {                                                         \
    const ::motcua::engine::Status assert_ok_status_ =         \
        ::motcua::engine::testing::StatusOf(expr);             \
    ASSERT_TRUE(assert_ok_status_.ok())                        \
        << #expr << ": " << assert_ok_status_.error().message; \
  } while (0)

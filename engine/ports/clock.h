// Clock: the port through which the server reads the time. The engine never
// reads a clock; its callers pass `now` in. Tests use a manual clock.
//
// Thread safety: Now() may be called from any thread.
#pragma once

#include "engine/common/civil_time.h"

namespace motcua::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant, UTC microseconds.
  virtual Instant Now() const = 0;
};

}  // namespace motcua::engine

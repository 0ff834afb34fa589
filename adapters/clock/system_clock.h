// SystemClock: the Clock port over the machine's real-time clock.
//
// Thread safety: stateless.
#pragma once

#include <chrono>

#include "engine/ports/clock.h"

namespace motcua::adapters {

class SystemClock final : public engine::Clock {
 public:
  engine::Instant Now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace motcua::adapters

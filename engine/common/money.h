// Amounts of money in requests: whole Vietnamese đồng, bounded so that no
// amount a desk, an agency or a carrier types can overflow a sum, a report
// or the notification text ("9.223.372.036.854.775.807 đồng").
//
// kMaxAmountVnd is 1,000 billion đồng (10^12): far above any fee, charge or
// financial obligation of an administrative procedure, and small enough
// that a million of them add up without overflowing int64.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace motcua::engine {

inline constexpr int64_t kMaxAmountVnd = 1'000'000'000'000;

// InvalidArgument naming `field` unless `amount` is in [min, kMaxAmountVnd].
inline Status ValidateAmountVnd(int64_t amount, std::string_view field,
                                int64_t min) {
  if (amount >= min && amount <= kMaxAmountVnd) return {};
  return InvalidArgument(std::string(field) + ": " + std::to_string(amount) +
                         " is outside " + std::to_string(min) +
                         "..1000000000000 (whole đồng)");
}

}  // namespace motcua::engine

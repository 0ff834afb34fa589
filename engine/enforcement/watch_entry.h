// WatchEntry: one instant at which the sweeper must look at a dossier — a
// row of the durable deadline index (ARCHITECTURE.md "Deadlines and
// events"), kept in the same write batch as the dossier's events.
//
// Identity: (code, kind, step, deadline). `deadline` is the deadline the
// entry is about (the appointment in force, or the step's deadline): when a
// suspension, resumption or re-appointment moves it, that is a new deadline
// version and a new entry, so each notice fires once per deadline version.
// `due` is when to fire: the deadline itself for overdue kinds, earlier for
// warnings.
//
// Thread safety: plain value.
#pragma once

#include <cstdint>
#include <string>

#include "engine/common/civil_time.h"

namespace motcua::engine {

// Stored: append only.
enum class WatchKind : uint8_t {
  kDueSoon = 0,          // the dossier's appointment is near
  kOverdue = 1,          // the dossier's appointment has passed
  kStepDueSoon = 2,      // an inter-agency step's deadline is near
  kStepOverdue = 3,      // an inter-agency step's deadline has passed
  kApologyRequired = 4,  // the regime's apology lead time is reached
};
inline constexpr int kWatchKindCount = 5;

struct WatchEntry {
  Instant due = 0;
  std::string code;
  WatchKind kind = WatchKind::kOverdue;
  uint32_t step = 0;  // step kinds only
  Instant deadline = 0;

  friend bool operator==(const WatchEntry&, const WatchEntry&) = default;
  friend auto operator<=>(const WatchEntry&, const WatchEntry&) = default;
};

}  // namespace motcua::engine

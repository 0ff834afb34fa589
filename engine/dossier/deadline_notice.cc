#include "engine/dossier/deadline_notice.h"

#include <cstdio>
#include <cstdlib>

namespace motcua::engine {
namespace {

constexpr std::string_view kKindNames[kWatchKindCount] = {
    "due_soon", "overdue", "step_due_soon", "step_overdue", "apology_required",
};

}  // namespace

std::string_view WatchKindName(WatchKind kind) {
  const int i = static_cast<int>(kind);
  if (i < 0 || i >= kWatchKindCount) {
    std::fprintf(stderr, "%s:%d: invariant violated: unknown WatchKind\n",
                 __FILE__, __LINE__);
    std::abort();
  }
  return kKindNames[i];
}

std::optional<WatchKind> ParseWatchKind(std::string_view name) {
  for (int i = 0; i < kWatchKindCount; ++i) {
    if (kKindNames[i] == name) return static_cast<WatchKind>(i);
  }
  return std::nullopt;
}

bool IsStepKind(WatchKind kind) {
  return kind == WatchKind::kStepDueSoon || kind == WatchKind::kStepOverdue;
}

}  // namespace motcua::engine

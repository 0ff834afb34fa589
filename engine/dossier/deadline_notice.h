// Deadline notices: the sweeper's record, in a dossier's event log, that a
// deadline watch fired (ARCHITECTURE.md "Deadlines and events"; the rules
// that decide it are in engine/enforcement/watch.h).
//
// A DeadlineNoticed event says "at `noticed_at`, the deadline `deadline` of
// the dossier (kinds kDueSoon, kOverdue, kApologyRequired) or of its
// inter-agency step `step` (kStepDueSoon, kStepOverdue) reached the point
// `kind` names; `agency_code` is the agency held responsible". It is a fact
// for the event stream, reports and the agencies' dashboards; it is not a
// lifecycle transition:
//  - it never changes the state, the holder, the clock, the appointment or
//    Dossier::last_event_at (so the "not before the dossier's latest event"
//    rule of Decide is unaffected: a desk may still record an action that
//    happened before the sweeper noticed something);
//  - it does take a version (version + 1), like every event, so a command
//    carrying the version read before the notice is ABORTED and re-read;
//  - Apply appends a DeadlineNotice to Dossier::notices; (kind, step,
//    deadline) is what makes a notice "already given" for a deadline version.
//
// WatchKind is the deadline index's enum (engine/enforcement/watch_entry.h,
// a header-only plain value); it is stored here by its numeric value.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/enforcement/watch_entry.h"

namespace motcua::engine {

// "due_soon", "overdue", "step_due_soon", "step_overdue",
// "apology_required"; stable, used in messages and by adapters.
std::string_view WatchKindName(WatchKind kind);
std::optional<WatchKind> ParseWatchKind(std::string_view name);
// kStepDueSoon and kStepOverdue.
bool IsStepKind(WatchKind kind);

// The event body (see the file comment).
struct DeadlineNoticed {
  WatchKind kind = WatchKind::kOverdue;
  uint32_t step = 0;       // step kinds: StepRecord::index; else 0
  Instant deadline = 0;    // the appointment in force, or the step deadline
  Instant noticed_at = 0;  // the sweeper's `now`
  // The step's agency for step kinds; the holding agency for dossier kinds.
  std::string agency_code;
  // Working time from noticed_at to the deadline on the dossier's calendar,
  // microseconds; <= 0 once the deadline has passed (0 when no working time
  // has elapsed since, e.g. the night after a 17:00 deadline).
  int64_t remaining_micros = 0;

  friend bool operator==(const DeadlineNoticed&,
                         const DeadlineNoticed&) = default;
};

// What a dossier keeps of each notice (Dossier::notices).
struct DeadlineNotice {
  WatchKind kind = WatchKind::kOverdue;
  uint32_t step = 0;
  Instant deadline = 0;
  Instant noticed_at = 0;
  std::string agency_code;

  friend bool operator==(const DeadlineNotice&,
                         const DeadlineNotice&) = default;
};

}  // namespace motcua::engine

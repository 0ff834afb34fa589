// DeadlineProjection: the deadline index (engine/enforcement, the `watches`
// rows the sweeper reads) as a Projection. For every dossier a batch
// touches — changed, or re-examined by the sweeper (ChangedDossier::
// appended false) — its entries are recomputed and written in the same
// batch, replacing the ones stored (CommitBatch::watches), so a fired or
// stale entry leaves the index with the commit that made it so.
//
// The index is on disk only: nothing to publish, nothing to drop on a
// failed commit (AfterCommit does nothing).
//
// Thread safety: as Projection; `entries` runs on the sequencer's thread.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "engine/enforcement/watch.h"
#include "runtime/calendar_book.h"
#include "runtime/projection.h"

namespace motcua::runtime {

// The deadline-index entries a dossier needs now.
using WatchEntriesOf =
    std::function<std::vector<engine::WatchEntry>(const engine::Dossier&)>;

class DeadlineProjection final : public Projection {
 public:
  explicit DeadlineProjection(WatchEntriesOf entries)
      : entries_(std::move(entries)) {}
  // The engine's rules (engine::WatchEntries) with each dossier's calendar;
  // a dossier without terms, or whose calendar is not configured, has none.
  DeadlineProjection(const CalendarBook& calendars, engine::WatchConfig config);

  std::string_view name() const override { return "deadline index"; }
  engine::Status Stage(std::span<const ChangedDossier> changed,
                       engine::CommitBatch& batch) override;
  void AfterCommit(bool) override {}

 private:
  const WatchEntriesOf entries_;
};

}  // namespace motcua::runtime

#include "runtime/deadline_projection.h"

#include <utility>

namespace motcua::runtime {

DeadlineProjection::DeadlineProjection(const CalendarBook& calendars,
                                       engine::WatchConfig config)
    : entries_([&calendars, config](const engine::Dossier& d) {
        if (!d.terms) return std::vector<engine::WatchEntry>();
        auto cal = calendars.Get(d.terms->calendar);
        if (!cal.ok()) return std::vector<engine::WatchEntry>();
        auto entries = engine::WatchEntries(d, **cal, config);
        return entries.ok() ? std::move(*entries)
                            : std::vector<engine::WatchEntry>();
      }) {}

engine::Status DeadlineProjection::Stage(
    std::span<const ChangedDossier> changed, engine::CommitBatch& batch) {
  for (const ChangedDossier& c : changed) {
    batch.watches.emplace_back(c.after.code, entries_(c.after));
  }
  return {};
}

}  // namespace motcua::runtime

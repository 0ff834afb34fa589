// Projection: a derived view of the dossiers (an index) that the write path
// keeps equal to them by writing its rows in the SAME commit as the events.
// Two exist: the deadline index (DeadlineProjection, deadline_projection.h)
// and the report index (ReportBook, report_book.h). They are registered in
// one place (server/server.cc, SequencerOptions::projections) and called
// by the sequencer in that order for every batch.
//
// Contract, per batch (sequencer.h "Shape of a commit"):
//   1. Stage(changed, batch): add this projection's rows for the dossiers
//      the batch changed to `batch`. It may keep what it staged (facts to
//      publish later) but must not publish it yet: the commit may fail.
//      A Stage error aborts the whole batch: nothing is stored, every
//      command of the batch is answered Unavailable, and every projection
//      is then told AfterCommit(false).
//   2. AfterCommit(committed): the outcome of the one WriteBatch. true:
//      publish what was staged; false: drop it (the next batch stages again
//      from the dossiers as stored).
// Stage and AfterCommit alternate strictly, on the sequencer's thread. A
// batch that is committed calls both even when it changed no dossier (an
// empty span); a batch whose commands were all answered without staging
// anything is not committed and calls neither.
//
// Thread safety: Stage/AfterCommit on the sequencer's thread only; whatever
// a projection offers readers is its own business (ReportBook::Read).
//
// Example (a projection counting dossiers per state, published on commit):
//   Status Stage(std::span<const ChangedDossier> changed, CommitBatch& b) {
//     for (const ChangedDossier& c : changed) {
//       if (c.appended) staged_.push_back(c.after.code);
//     }
//     return {};
//   }
//   void AfterCommit(bool ok) { if (ok) Publish(staged_); staged_.clear(); }
#pragma once

#include <span>
#include <string_view>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/ports/dossier_store.h"

namespace motcua::runtime {

// A dossier the batch touched, as the batch leaves it.
struct ChangedDossier {
  const engine::Dossier& after;
  // True when the batch appended events to it (its state is written in the
  // batch). False for a dossier only re-examined: a sweeper command whose
  // decision appended nothing (DossierCommand::refresh_watch) asks for its
  // deadline entries to be recomputed; other projections skip it.
  bool appended = true;
};

class Projection {
 public:
  virtual ~Projection() = default;

  // For messages and logs ("deadline index", "report index").
  virtual std::string_view name() const = 0;
  // Stages this projection's rows for `changed` into `batch`.
  virtual engine::Status Stage(std::span<const ChangedDossier> changed,
                               engine::CommitBatch& batch) = 0;
  // Told the outcome of the commit Stage contributed to.
  virtual void AfterCommit(bool committed) = 0;
};

}  // namespace motcua::runtime

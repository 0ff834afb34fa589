// ReportBook: the report index in memory — one 52-byte ReportFact per
// dossier (engine/report/report_fact.h) and the dictionary of agency, field
// and procedure ids — kept equal to the dossiers by the write path.
//
// It is the sequencer's second Projection (projection.h; registered in
// server/server.cc after the deadline index).
//
// Durability: the sequencer calls Stage() with the dossiers a batch changes;
// their facts (and the dictionary, when it grew) are written as report rows
// in the SAME CommitBatch as the events, so the index can never disagree
// with the dossiers it summarises. AfterCommit(true) then publishes them to
// readers; AfterCommit(false) drops them. At start the rows are loaded (no
// dossier is read); a database without rows (an older one), or with facts
// of an older format (report_fact.h: format 1), is indexed from its
// dossiers once, keeping the dictionary's ids.
//
// Readers (reports) run on gRPC threads under a shared lock; the writer
// takes the lock only to publish a batch.
//
// Thread safety: Stage/AfterCommit on the sequencer thread; Read anywhere.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ports/dossier_store.h"
#include "engine/report/report_fact.h"
#include "runtime/calendar_book.h"
#include "runtime/catalogue_book.h"
#include "runtime/projection.h"

namespace motcua::runtime {

class ReportBook final : public Projection {
 public:
  static engine::Result<std::unique_ptr<ReportBook>> Open(
      engine::DossierStore& store, const CalendarBook& calendars,
      const CatalogueBook& catalogue);

  // Projection: stages the facts of the dossiers the batch appended to
  // (a dossier only re-examined by the sweeper keeps its fact), publishes
  // them on commit, drops them otherwise.
  std::string_view name() const override { return "report index"; }
  engine::Status Stage(std::span<const ChangedDossier> changed,
                       engine::CommitBatch& batch) override;
  void AfterCommit(bool committed) override;

  // Calls `read` with every fact (and its dossier code, same index) and the
  // dictionary, under the shared lock.
  void Read(const std::function<void(std::span<const engine::ReportFact> facts,
                                     const std::vector<std::string>& codes,
                                     const engine::FactDictionary& dictionary)>&
                read) const;

  // The catalogue in force (agency names and parent links), for scoping a
  // report to an agency's subtree.
  std::shared_ptr<const engine::Catalogue> Catalogue() const {
    return catalogue_.Snapshot();
  }

  // The fact a dossier would have, for checks against the index.
  engine::Result<engine::ReportFact> Recompute(
      const engine::Dossier& d, engine::FactDictionary& dict) const;

 private:
  ReportBook(const CalendarBook& calendars, const CatalogueBook& catalogue)
      : calendars_(calendars), catalogue_(catalogue) {}

  const CalendarBook& calendars_;
  const CatalogueBook& catalogue_;

  // Published state (readers).
  mutable std::shared_mutex mu_;
  std::vector<engine::ReportFact> facts_;
  std::vector<std::string> codes_;
  std::map<std::string, size_t, std::less<>> index_;
  engine::FactDictionary dictionary_;

  // Writer's side (sequencer thread only).
  engine::FactDictionary staging_dictionary_;
  std::vector<std::pair<std::string, engine::ReportFact>> staged_;
  bool dictionary_staged_ = false;
};

// The dictionary's stored form (the "dict" report row).
std::string EncodeDictionary(const engine::FactDictionary& dictionary);
engine::Result<engine::FactDictionary> DecodeDictionary(std::string_view bytes);

}  // namespace motcua::runtime

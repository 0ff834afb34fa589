// MemoryStore: the in-memory twin of the RocksDB store, for tests and
// for running the engine without a disk. Same contracts (see
// engine/ports/dossier_store.h, calendar_store.h) except durability: writes
// are atomic but nothing outlives the object. SetFailCommits() simulates a
// failing medium.
//
// Thread safety: every method is safe to call concurrently (one mutex).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include "engine/ports/calendar_store.h"
#include "engine/ports/catalogue_store.h"
#include "engine/ports/dossier_store.h"

namespace motcua::adapters {

class MemoryStore final : public engine::DossierStore,
                          public engine::CalendarStore,
                          public engine::CatalogueStore {
 public:
  engine::Result<std::optional<engine::Dossier>> FindDossier(
      std::string_view code) const override;
  engine::Result<std::vector<engine::Dossier>> ScanDossiers(
      std::string_view after, size_t limit) const override;
  engine::Result<std::vector<engine::DossierEvent>> ListEvents(
      std::string_view code) const override;
  engine::Result<std::optional<engine::IdempotencyRecord>> FindRequest(
      std::string_view client_id, std::string_view request_id) const override;
  engine::Result<std::optional<std::string>> FindByTrackingNumber(
      std::string_view number) const override;
  engine::Result<uint32_t> LastSequence(std::string_view agency_code,
                                        engine::CivilDate date) const override;
  engine::Result<uint64_t> LastGlobalSequence() const override;
  engine::Result<std::vector<engine::LogEntry>> ReadLog(
      uint64_t after, size_t limit) const override;
  engine::Result<std::vector<engine::WatchEntry>> DueWatches(
      engine::Instant up_to, size_t limit) const override;
  engine::Result<std::optional<engine::Instant>> NextWatchDue(
      engine::Instant before) const override;
  engine::Status ForEachReportRow(
      const std::function<void(std::string_view, std::string_view)>& visit)
      const override;
  engine::Result<std::optional<std::string>> FindSubmission(
      std::string_view key) const override;
  engine::Result<std::vector<std::pair<std::string, std::string>>>
  ListSubmissions(std::string_view prefix) const override;
  engine::Status PutSubmission(std::string_view key, std::string_view value,
                               std::string_view request_key,
                               std::string_view request_value) override;
  engine::Result<uint64_t> FirstGlobalSequence() const override;
  engine::Status TrimLog(uint64_t before) override;
  engine::Status Commit(const engine::CommitBatch& batch) override;

  engine::Result<std::vector<engine::SchedulePublication>> ListPublications()
      const override;
  engine::Result<std::vector<engine::CalendarVersionRecord>>
  ListCalendarVersions() const override;
  engine::Status SaveCalendarChanges(
      const std::vector<engine::SchedulePublication>& publications,
      const std::vector<engine::CalendarVersionRecord>& versions) override;

  engine::Result<std::vector<engine::CatalogueChange>> ListCatalogueChanges()
      const override;
  engine::Status AppendCatalogueChange(
      const engine::CatalogueChange& change) override;

  // While true, every write fails with Unavailable and changes nothing.
  void SetFailCommits(bool fail);

 private:
  mutable std::mutex mu_;
  bool fail_commits_ = false;
  std::map<std::string, engine::Dossier, std::less<>> dossiers_;
  std::map<std::string, std::vector<engine::DossierEvent>, std::less<>> events_;
  std::map<std::pair<std::string, int64_t>, uint32_t> counters_;
  std::map<uint64_t, engine::LogEntry> log_;
  std::map<std::string, std::string, std::less<>> tracking_;
  std::set<engine::WatchEntry> watches_;
  std::map<std::string, std::string, std::less<>> report_rows_;
  std::map<std::string, std::string, std::less<>> submissions_;
  std::map<std::string, std::vector<engine::WatchEntry>> watch_sets_;
  std::map<std::pair<std::string, std::string>, engine::IdempotencyRecord>
      requests_;
  std::map<std::pair<std::string, int>, engine::SchedulePublication>
      publications_;
  std::map<std::string, engine::CalendarVersionRecord> versions_;
  std::vector<engine::CatalogueChange> catalogue_changes_;
};

}  // namespace motcua::adapters

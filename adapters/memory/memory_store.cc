#include "adapters/memory/memory_store.h"

namespace motcua::adapters {

using engine::CivilDate;
using engine::Dossier;
using engine::DossierEvent;
using engine::IdempotencyRecord;
using engine::Result;
using engine::Status;

Result<std::optional<Dossier>> MemoryStore::FindDossier(
    std::string_view code) const {
  std::lock_guard lock(mu_);
  auto it = dossiers_.find(code);
  if (it == dossiers_.end()) return std::optional<Dossier>();
  return std::optional<Dossier>(it->second);
}

Result<std::vector<Dossier>> MemoryStore::ScanDossiers(std::string_view after,
                                                       size_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<Dossier> out;
  for (auto it = dossiers_.upper_bound(after);
       it != dossiers_.end() && out.size() < limit; ++it) {
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<DossierEvent>> MemoryStore::ListEvents(
    std::string_view code) const {
  std::lock_guard lock(mu_);
  auto it = events_.find(code);
  if (it == events_.end()) return std::vector<DossierEvent>();
  return it->second;
}

Result<std::optional<IdempotencyRecord>> MemoryStore::FindRequest(
    std::string_view client_id, std::string_view request_id) const {
  std::lock_guard lock(mu_);
  auto it = requests_.find({std::string(client_id), std::string(request_id)});
  if (it == requests_.end()) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(it->second);
}

Result<std::optional<std::string>> MemoryStore::FindByTrackingNumber(
    std::string_view number) const {
  std::lock_guard lock(mu_);
  auto it = tracking_.find(number);
  if (it == tracking_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Result<uint32_t> MemoryStore::LastSequence(std::string_view agency_code,
                                           CivilDate date) const {
  std::lock_guard lock(mu_);
  auto it = counters_.find({std::string(agency_code), DaysFromCivil(date)});
  return it == counters_.end() ? 0u : it->second;
}

Result<uint64_t> MemoryStore::LastGlobalSequence() const {
  std::lock_guard lock(mu_);
  return log_.empty() ? uint64_t{0} : log_.rbegin()->first;
}

Result<std::vector<engine::LogEntry>> MemoryStore::ReadLog(uint64_t after,
                                                           size_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<engine::LogEntry> out;
  for (auto it = log_.upper_bound(after);
       it != log_.end() && out.size() < limit; ++it) {
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<engine::WatchEntry>> MemoryStore::DueWatches(
    engine::Instant up_to, size_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<engine::WatchEntry> out;
  for (const engine::WatchEntry& w : watches_) {
    if (w.due > up_to || out.size() >= limit) break;
    out.push_back(w);
  }
  return out;
}

Result<std::optional<engine::Instant>> MemoryStore::NextWatchDue(
    engine::Instant before) const {
  std::lock_guard lock(mu_);
  if (watches_.empty() || watches_.begin()->due >= before) {
    return std::optional<engine::Instant>();
  }
  return std::optional<engine::Instant>(watches_.begin()->due);
}

Status MemoryStore::ForEachReportRow(
    const std::function<void(std::string_view, std::string_view)>& visit)
    const {
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : report_rows_) visit(k, v);
  return {};
}

Result<std::optional<std::string>> MemoryStore::FindSubmission(
    std::string_view key) const {
  std::lock_guard lock(mu_);
  auto it = submissions_.find(key);
  if (it == submissions_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Result<std::vector<std::pair<std::string, std::string>>>
MemoryStore::ListSubmissions(std::string_view prefix) const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = submissions_.lower_bound(prefix);
       it != submissions_.end() && it->first.starts_with(prefix); ++it) {
    out.emplace_back(it->first, it->second);
  }
  return out;
}

Status MemoryStore::PutSubmission(std::string_view key, std::string_view value,
                                  std::string_view request_key,
                                  std::string_view request_value) {
  std::lock_guard lock(mu_);
  if (fail_commits_) {
    return engine::Unavailable("memory store: commits are failing (test)");
  }
  submissions_[std::string(key)] = std::string(value);
  submissions_[std::string(request_key)] = std::string(request_value);
  return {};
}

Result<uint64_t> MemoryStore::FirstGlobalSequence() const {
  std::lock_guard lock(mu_);
  return log_.empty() ? uint64_t{0} : log_.begin()->first;
}

Status MemoryStore::TrimLog(uint64_t before) {
  std::lock_guard lock(mu_);
  log_.erase(log_.begin(), log_.lower_bound(before));
  return {};
}

Status MemoryStore::Commit(const engine::CommitBatch& batch) {
  std::lock_guard lock(mu_);
  if (fail_commits_) {
    return engine::Unavailable("memory store: commits are failing (test)");
  }
  for (const Dossier& d : batch.dossiers) dossiers_[d.code] = d;
  for (const auto& e : batch.events) {
    events_[e.code].push_back(e.event);
    log_[e.global_seq] = {e.global_seq, e.code, e.event};
  }
  for (const auto& e : batch.rewritten) {
    std::vector<DossierEvent>& log = events_[e.code];
    if (e.event.version >= 1 && e.event.version <= log.size()) {
      log[e.event.version - 1] = e.event;
    }
    // The global log holds copies here (RocksDB's holds keys): update it.
    for (auto& [seq, entry] : log_) {
      if (entry.code == e.code && entry.event.version == e.event.version) {
        entry.event = e.event;
      }
    }
  }
  for (const auto& c : batch.counters) {
    counters_[{c.agency_code, DaysFromCivil(c.date)}] = c.last;
  }
  for (const auto& [number, code] : batch.tracking) tracking_[number] = code;
  for (const auto& [k, v] : batch.report_rows) report_rows_[k] = v;
  for (const auto& [code, entries] : batch.watches) {
    for (const engine::WatchEntry& old : watch_sets_[code]) watches_.erase(old);
    for (const engine::WatchEntry& w : entries) watches_.insert(w);
    watch_sets_[code] = entries;
  }
  for (const IdempotencyRecord& r : batch.requests) {
    requests_[{r.client_id, r.request_id}] = r;
  }
  return {};
}

Result<std::vector<engine::SchedulePublication>> MemoryStore::ListPublications()
    const {
  std::lock_guard lock(mu_);
  std::vector<engine::SchedulePublication> out;
  for (const auto& [key, p] : publications_) out.push_back(p);
  return out;
}

Result<std::vector<engine::CalendarVersionRecord>>
MemoryStore::ListCalendarVersions() const {
  std::lock_guard lock(mu_);
  std::vector<engine::CalendarVersionRecord> out;
  for (const auto& [key, v] : versions_) out.push_back(v);
  return out;
}

Status MemoryStore::SaveCalendarChanges(
    const std::vector<engine::SchedulePublication>& publications,
    const std::vector<engine::CalendarVersionRecord>& versions) {
  std::lock_guard lock(mu_);
  if (fail_commits_) {
    return engine::Unavailable("memory store: commits are failing (test)");
  }
  for (const auto& p : publications) publications_[{p.calendar, p.year}] = p;
  for (const auto& v : versions) versions_[v.calendar] = v;
  return {};
}

Result<std::vector<engine::CatalogueChange>> MemoryStore::ListCatalogueChanges()
    const {
  std::lock_guard lock(mu_);
  return catalogue_changes_;
}

Status MemoryStore::AppendCatalogueChange(
    const engine::CatalogueChange& change) {
  std::lock_guard lock(mu_);
  if (fail_commits_) {
    return engine::Unavailable("memory store: commits are failing (test)");
  }
  catalogue_changes_.push_back(change);
  return {};
}

void MemoryStore::SetFailCommits(bool fail) {
  std::lock_guard lock(mu_);
  fail_commits_ = fail;
}

}  // namespace motcua::adapters

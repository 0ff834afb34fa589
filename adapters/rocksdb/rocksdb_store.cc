#include "adapters/rocksdb/rocksdb_store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_manager.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <cstdarg>
#include <cstdio>
#include <limits>

#include "adapters/rocksdb/keys.h"
#include "adapters/rocksdb/records.h"
#include "adapters/rocksdb/snapshot_rebuild.h"
#include "engine/codec/binary.h"
#include "engine/dossier/dossier_codec.h"
#include "runtime/log.h"

namespace motcua::adapters {
namespace {

using engine::BinaryReader;
using engine::BinaryWriter;
using engine::Result;
using engine::Status;

const char* const kFamilies[] = {
    "default",    "dossiers", "events",      "counters",   "requests",
    "calendars",  "log",      "catalogue",   "tracking",   "watches",
    "watch_sets", "report",   "submissions", "principals", "access_log"};

// The store may work again later: the disk, a lock, a shutdown.
bool Transient(const rocksdb::Status& s) {
  return s.IsIOError() || s.IsNoSpace() || s.IsBusy() || s.IsTryAgain() ||
         s.IsShutdownInProgress() || s.IsTimedOut() || s.IsIncomplete();
}

// The one place rocksdb::Status becomes an engine error. RocksDB's text names
// files on the server, so it goes to stderr and never into a reply.
engine::Error FromRocks(const rocksdb::Status& s, std::string_view what) {
  runtime::Log(runtime::LogLevel::kError, "store_error",
               {{"operation", what}, {"error", s.ToString()}});
  if (Transient(s)) {
    return engine::Unavailable("the store cannot " + std::string(what) +
                               " right now; retry");
  }
  return engine::Internal("the store cannot " + std::string(what) +
                          ": its data is unreadable (see the server log)");
}

// RocksDB's own log, warnings and errors only, on stderr. Its default LOG
// file lives on the data volume: on a full disk it fails, and this RocksDB
// build asserts on the next line written to a failed file.
class StderrLogger final : public rocksdb::Logger {
 public:
  StderrLogger() : Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char line[1024];
    std::vsnprintf(line, sizeof line, format, ap);
    runtime::Log(runtime::LogLevel::kWarn, "rocksdb", {{"message", line}});
  }
};

// RocksDB recovers from a full disk by itself only once 64 MiB are free (its
// reserved buffer is the memtable size), which a small volume never has; the
// store resumes instead (RocksDbStore::MaybeResume). Lesser (soft) errors
// keep RocksDB's own recovery: they do not stop writes, so nothing here would
// notice them.
class NoSpaceRecovery final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason,
                            rocksdb::Status bg_error,
                            bool* auto_recovery) override {
    if (bg_error.IsNoSpace() &&
        bg_error.severity() >= rocksdb::Status::Severity::kHardError) {
      *auto_recovery = false;
    }
  }
};

}  // namespace

Result<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(
    const RocksDbOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_background_jobs = 2;
  if (options.env) db_options.env = options.env.get();
  db_options.info_log = std::make_shared<StderrLogger>();
  // One explicit SstFileManager: without a compaction buffer RocksDB adds its
  // 64 MiB reserve to every compaction's headroom after a NoSpace error, so
  // compactions on a small volume would stay refused.
  rocksdb::Status sfm_status;
  db_options.sst_file_manager.reset(rocksdb::NewSstFileManager(
      db_options.env, nullptr, "", 0, true, &sfm_status));
  if (!sfm_status.ok()) return FromRocks(sfm_status, "start");
  db_options.sst_file_manager->SetCompactionBufferSize(1 << 20);
  db_options.listeners.push_back(std::make_shared<NoSpaceRecovery>());

  // Bloom filters: most point reads on the write path are for keys that do
  // not exist yet (a new request id, a new dossier's deadline set), which
  // without a filter would search every level.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.memtable_whole_key_filtering = true;
  cf_options.memtable_prefix_bloom_size_ratio = 0.02;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : kFamilies) {
    descriptors.emplace_back(name, cf_options);
  }
  std::unique_ptr<RocksDbStore> store(new RocksDbStore());
  store->options_ = options;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors,
                                        &store->handles_, &raw);
  if (!s.ok()) {
    // For the operator starting the server: the path and RocksDB's reason.
    return engine::Unavailable("store: cannot open " + options.path + ": " +
                               s.ToString());
  }
  store->db_.reset(raw);
  // Column families by name: the order of kFamilies is free to change.
  const auto family = [&store](std::string_view name) {
    for (rocksdb::ColumnFamilyHandle* h : store->handles_) {
      if (h->GetName() == name) return h;
    }
    return static_cast<rocksdb::ColumnFamilyHandle*>(nullptr);
  };
  store->dossiers_ = family("dossiers");
  store->events_ = family("events");
  store->counters_ = family("counters");
  store->requests_ = family("requests");
  store->calendars_ = family("calendars");
  store->log_ = family("log");
  store->catalogue_ = family("catalogue");
  store->tracking_ = family("tracking");
  store->watches_ = family("watches");
  store->watch_sets_ = family("watch_sets");
  store->report_ = family("report");
  store->submissions_ = family("submissions");
  store->principals_ = family("principals");
  store->access_log_ = family("access_log");
  for (rocksdb::ColumnFamilyHandle* h :
       {store->dossiers_, store->events_, store->counters_, store->requests_,
        store->calendars_, store->log_, store->catalogue_, store->tracking_,
        store->watches_, store->watch_sets_, store->report_,
        store->submissions_, store->principals_, store->access_log_}) {
    if (h == nullptr)
      return engine::Internal("store: a column family is missing");
  }
  auto rebuilt =
      RebuildOutdatedSnapshots(*store->db_, {.meta = family("default"),
                                             .dossiers = store->dossiers_,
                                             .events = store->events_});
  if (!rebuilt.ok()) return rebuilt.error();
  {
    std::unique_ptr<rocksdb::Iterator> it(
        store->db_->NewIterator(rocksdb::ReadOptions(), store->access_log_));
    it->SeekToLast();
    if (it->Valid()) {
      BinaryReader key(it->key().ToStringView());
      if (!(key.GetFixed64BE(store->last_access_seq_) && key.done())) {
        return engine::Internal("stored access log key is corrupt");
      }
    } else if (!it->status().ok()) {
      return FromRocks(it->status(), "read access log");
    }
  }
  return store;
}

RocksDbStore::~RocksDbStore() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    db_->DestroyColumnFamilyHandle(h);
  }
  db_->Close();
}

void RocksDbStore::MaybeResume() {
  if (!write_failed_.load()) return;
  std::lock_guard lock(resume_mu_);
  if (!write_failed_.load()) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_resume_ < options_.resume_interval) return;
  last_resume_ = now;
  // Resuming flushes every memtable; tried on a disk still full, the flush's
  // failure escalates to an error only a restart clears. So wait until the
  // memtables' data fits, with a margin.
  // (The memtables' own size counts their bloom filters, megabytes that are
  // never written; their approximate data is what a flush writes.)
  uint64_t pending = 0;
  const std::string end(16, '\xff');
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    uint64_t count = 0;
    uint64_t size = 0;
    db_->GetApproximateMemTableStats(h, rocksdb::Range("", end), &count, &size);
    pending += size;
  }
  uint64_t free_space = 0;
  if (db_->GetEnv()->GetFreeSpace(options_.path, &free_space).ok() &&
      free_space < 2 * pending + (uint64_t{1} << 20)) {
    return;
  }
  rocksdb::Status s = db_->Resume();
  if (s.ok()) {
    write_failed_ = false;
    runtime::Log(runtime::LogLevel::kInfo, "store_writes_resumed");
  } else {
    runtime::Log(runtime::LogLevel::kWarn, "store_cannot_resume",
                 {{"error", s.ToString()},
                  {"restart_needed",
                   s.severity() >= rocksdb::Status::Severity::kFatalError}});
  }
}

engine::Error RocksDbStore::WriteFailed(const rocksdb::Status& s,
                                        std::string_view what) {
  runtime::Log(runtime::LogLevel::kError, "store_write_failed",
               {{"operation", what}, {"error", s.ToString()}});
  write_failed_ = true;
  if (Transient(s)) return engine::Unavailable("the store refused the write");
  return engine::Internal("the store refused the write: " + std::string(what) +
                          " failed (see the server log)");
}

Result<std::optional<engine::Dossier>> RocksDbStore::FindDossier(
    std::string_view code) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), dossiers_, rocksdb::Slice(code), &value);
  if (s.IsNotFound()) return std::optional<engine::Dossier>();
  if (!s.ok()) return FromRocks(s, "read dossier");
  auto d = engine::DecodeDossier(value.ToStringView());
  if (!d.ok()) return d.error();
  return std::optional<engine::Dossier>(std::move(*d));
}

Result<std::vector<engine::Dossier>> RocksDbStore::ScanDossiers(
    std::string_view after, size_t limit) const {
  std::vector<engine::Dossier> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), dossiers_));
  it->Seek(rocksdb::Slice(after));
  if (it->Valid() && it->key().ToStringView() == after) it->Next();
  for (; it->Valid() && out.size() < limit; it->Next()) {
    auto d = engine::DecodeDossier(it->value().ToStringView());
    if (!d.ok()) return d.error();
    out.push_back(std::move(*d));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan dossiers");
  return out;
}

Result<std::vector<engine::DossierEvent>> RocksDbStore::ListEvents(
    std::string_view code) const {
  std::string prefix(code);
  prefix.push_back('\0');
  std::vector<engine::DossierEvent> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), events_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    auto e = engine::DecodeEvent(it->value().ToStringView());
    if (!e.ok()) return e.error();
    out.push_back(std::move(*e));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read events");
  return out;
}

Result<std::optional<engine::IdempotencyRecord>> RocksDbStore::FindRequest(
    std::string_view client_id, std::string_view request_id) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), requests_,
                               RequestKey(client_id, request_id), &value);
  if (s.IsNotFound()) return std::optional<engine::IdempotencyRecord>();
  if (!s.ok()) return FromRocks(s, "read idempotency record");
  auto r = DecodeRequest(value.ToStringView());
  if (!r.ok()) return r.error();
  return std::optional<engine::IdempotencyRecord>(std::move(*r));
}

Result<std::optional<std::string>> RocksDbStore::FindByTrackingNumber(
    std::string_view number) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), tracking_,
                               rocksdb::Slice(number), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read tracking number");
  return std::optional<std::string>(std::string(value.ToStringView()));
}

Result<uint32_t> RocksDbStore::LastSequence(std::string_view agency_code,
                                            engine::CivilDate date) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), counters_,
                               CounterKey(agency_code, date), &value);
  if (s.IsNotFound()) return 0u;
  if (!s.ok()) return FromRocks(s, "read counter");
  BinaryReader in(value.ToStringView());
  uint32_t last = 0;
  if (!in.GetFixed32BE(last) || !in.done()) {
    return engine::Internal("stored counter for " + std::string(agency_code) +
                            " is corrupt");
  }
  return last;
}

Result<uint64_t> RocksDbStore::LogEdge(bool last) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), log_));
  if (last) {
    it->SeekToLast();
  } else {
    it->SeekToFirst();
  }
  if (!it->Valid()) {
    if (!it->status().ok()) return FromRocks(it->status(), "read log");
    return uint64_t{0};
  }
  BinaryReader in(it->key().ToStringView());
  uint64_t seq = 0;
  if (!in.GetFixed64BE(seq) || !in.done()) {
    return engine::Internal("stored log key is corrupt");
  }
  return seq;
}

Result<uint64_t> RocksDbStore::LastGlobalSequence() const {
  return LogEdge(/*last=*/true);
}

Result<std::vector<engine::LogEntry>> RocksDbStore::ReadLog(
    uint64_t after, size_t limit) const {
  std::vector<engine::LogEntry> out;
  BinaryWriter start;
  start.PutFixed64BE(after + 1);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), log_));
  for (it->Seek(start.data()); it->Valid() && out.size() < limit; it->Next()) {
    engine::LogEntry entry;
    BinaryReader key(it->key().ToStringView());
    const std::string_view pointer = it->value().ToStringView();
    const size_t nul = pointer.find('\0');
    if (!key.GetFixed64BE(entry.global_seq) || !key.done() ||
        nul == std::string_view::npos) {
      return engine::Internal("stored log entry is corrupt");
    }
    entry.code = std::string(pointer.substr(0, nul));
    rocksdb::PinnableSlice value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), events_,
                                 rocksdb::Slice(pointer), &value);
    if (!s.ok()) return FromRocks(s, "read logged event");
    auto event = engine::DecodeEvent(value.ToStringView());
    if (!event.ok()) return event.error();
    entry.event = std::move(*event);
    out.push_back(std::move(entry));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read log");
  return out;
}

Result<std::vector<engine::WatchEntry>> RocksDbStore::DueWatches(
    engine::Instant up_to, size_t limit) const {
  std::vector<engine::WatchEntry> out;
  // Every key due at or before up_to sorts below the bare 8-byte prefix of
  // up_to + 1; the iterator stops there instead of walking the tombstones
  // of later entries the write path deleted.
  const bool bounded = up_to < std::numeric_limits<engine::Instant>::max();
  BinaryWriter bound;
  bound.PutFixed64BE(SortableInstant(bounded ? up_to + 1 : up_to));
  const rocksdb::Slice bound_slice(bound.data());
  rocksdb::ReadOptions ro;
  if (bounded) ro.iterate_upper_bound = &bound_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, watches_));
  for (it->SeekToFirst(); it->Valid() && out.size() < limit; it->Next()) {
    auto w = DecodeWatchKey(it->key().ToStringView());
    if (!w.ok()) return w.error();
    if (w->due > up_to) break;
    out.push_back(std::move(*w));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read deadlines");
  return out;
}

Result<std::optional<engine::Instant>> RocksDbStore::NextWatchDue(
    engine::Instant before) const {
  BinaryWriter bound;
  bound.PutFixed64BE(SortableInstant(before));
  const rocksdb::Slice bound_slice(bound.data());
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &bound_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, watches_));
  it->SeekToFirst();
  if (!it->Valid()) {
    if (!it->status().ok()) return FromRocks(it->status(), "read deadlines");
    return std::optional<engine::Instant>();
  }
  auto w = DecodeWatchKey(it->key().ToStringView());
  if (!w.ok()) return w.error();
  return std::optional<engine::Instant>(w->due);
}

Status RocksDbStore::ForEachReportRow(
    const std::function<void(std::string_view, std::string_view)>& visit)
    const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), report_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    visit(it->key().ToStringView(), it->value().ToStringView());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read report index");
  return {};
}

Result<std::optional<std::string>> RocksDbStore::FindSubmission(
    std::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), submissions_,
                               rocksdb::Slice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "read submission");
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::pair<std::string, std::string>>>
RocksDbStore::ListSubmissions(std::string_view prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), submissions_));
  for (it->Seek(rocksdb::Slice(prefix));
       it->Valid() && it->key().starts_with(rocksdb::Slice(prefix));
       it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read submissions");
  return out;
}

Status RocksDbStore::PutSubmission(std::string_view key, std::string_view value,
                                   std::string_view request_key,
                                   std::string_view request_value) {
  rocksdb::WriteBatch batch;
  rocksdb::Status s =
      batch.Put(submissions_, rocksdb::Slice(key), rocksdb::Slice(value));
  if (s.ok()) {
    s = batch.Put(submissions_, rocksdb::Slice(request_key),
                  rocksdb::Slice(request_value));
  }
  if (!s.ok()) return FromRocks(s, "stage submission");
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  s = db_->Write(wo, &batch);
  if (!s.ok()) return WriteFailed(s, "save submission");
  return {};
}

Result<uint64_t> RocksDbStore::FirstGlobalSequence() const {
  return LogEdge(/*last=*/false);
}

Status RocksDbStore::TrimLog(uint64_t before) {
  BinaryWriter begin, end;
  begin.PutFixed64BE(0);
  end.PutFixed64BE(before);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s = db_->DeleteRange(wo, log_, begin.data(), end.data());
  if (!s.ok()) return WriteFailed(s, "trim log");
  return {};
}

Status RocksDbStore::Commit(const engine::CommitBatch& batch) {
  rocksdb::WriteBatch wb;
  for (const engine::Dossier& d : batch.dossiers) {
    wb.Put(dossiers_, d.code, engine::EncodeDossier(d));
  }
  for (const auto& e : batch.events) {
    const std::string key = EventKey(e.code, e.event.version);
    wb.Put(events_, key, engine::EncodeEvent(e.event));
    BinaryWriter seq;
    seq.PutFixed64BE(e.global_seq);
    wb.Put(log_, seq.data(), key);
  }
  for (const auto& e : batch.rewritten) {
    wb.Put(events_, EventKey(e.code, e.event.version),
           engine::EncodeEvent(e.event));
  }
  for (const auto& c : batch.counters) {
    BinaryWriter w;
    w.PutFixed32BE(c.last);
    wb.Put(counters_, CounterKey(c.agency_code, c.date), w.data());
  }
  for (const auto& [number, code] : batch.tracking) {
    wb.Put(tracking_, number, code);
  }
  for (const auto& [key, value] : batch.report_rows) {
    wb.Put(report_, key, value);
  }
  // The deadline index: the code's previous entries out, the new ones in.
  // Reading here is safe: the sequencer is the only writer.
  for (const auto& [code, entries] : batch.watches) {
    rocksdb::PinnableSlice old;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), watch_sets_, code, &old);
    if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read deadlines");
    if (s.ok()) {
      BinaryReader in(old.ToStringView());
      uint64_t n = 0;
      if (!in.GetVarint(n))
        return engine::Internal("stored deadline set is corrupt");
      for (uint64_t i = 0; i < n; ++i) {
        std::string key;
        if (!in.GetString(key)) {
          return engine::Internal("stored deadline set is corrupt");
        }
        wb.Delete(watches_, key);
      }
    }
    BinaryWriter set;
    set.PutVarint(entries.size());
    for (const engine::WatchEntry& w : entries) {
      const std::string key = WatchKey(w);
      wb.Put(watches_, key, "");
      set.PutString(key);
    }
    if (entries.empty()) {
      wb.Delete(watch_sets_, code);
    } else {
      wb.Put(watch_sets_, code, set.data());
    }
  }
  for (const auto& r : batch.requests) {
    wb.Put(requests_, RequestKey(r.client_id, r.request_id), EncodeRequest(r));
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  // A group commit inserts many keys sharing prefixes (codes, sequences).
  wo.memtable_insert_hint_per_batch = true;
  MaybeResume();
  rocksdb::Status s = db_->Write(wo, &wb);
  if (!s.ok()) return WriteFailed(s, "commit");
  return {};
}

Result<std::vector<engine::SchedulePublication>>
RocksDbStore::ListPublications() const {
  std::vector<engine::SchedulePublication> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), calendars_));
  for (it->Seek("p"); it->Valid() && it->key().starts_with("p"); it->Next()) {
    engine::SchedulePublication p;
    BinaryReader in(it->value().ToStringView());
    uint32_t year = 0;
    bool has_text = false;
    std::string text;
    if (!(in.GetString(p.calendar) && in.GetFixed32BE(year) &&
          in.GetBool(has_text) && in.GetString(text) && in.done())) {
      return engine::Internal("stored schedule publication is corrupt");
    }
    p.year = static_cast<int>(year);
    if (has_text) p.text = std::move(text);
    out.push_back(std::move(p));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read publications");
  return out;
}

Result<std::vector<engine::CalendarVersionRecord>>
RocksDbStore::ListCalendarVersions() const {
  std::vector<engine::CalendarVersionRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), calendars_));
  for (it->Seek("v"); it->Valid() && it->key().starts_with("v"); it->Next()) {
    engine::CalendarVersionRecord v;
    BinaryReader in(it->value().ToStringView());
    uint64_t version = 0;
    if (!(in.GetString(v.calendar) && in.GetFixed64BE(version) &&
          in.GetFixed64BE(v.fingerprint) && in.done())) {
      return engine::Internal("stored calendar version is corrupt");
    }
    v.version = static_cast<int64_t>(version);
    out.push_back(std::move(v));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read versions");
  return out;
}

Status RocksDbStore::SaveCalendarChanges(
    const std::vector<engine::SchedulePublication>& publications,
    const std::vector<engine::CalendarVersionRecord>& versions) {
  rocksdb::WriteBatch wb;
  for (const auto& p : publications) {
    BinaryWriter w;
    w.PutString(p.calendar);
    w.PutFixed32BE(static_cast<uint32_t>(p.year));
    w.PutBool(p.text.has_value());
    w.PutString(p.text.value_or(""));
    wb.Put(calendars_, PublicationKey(p.calendar, p.year), w.data());
  }
  for (const auto& v : versions) {
    BinaryWriter w;
    w.PutString(v.calendar);
    w.PutFixed64BE(static_cast<uint64_t>(v.version));
    w.PutFixed64BE(v.fingerprint);
    wb.Put(calendars_, VersionKey(v.calendar), w.data());
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s = db_->Write(wo, &wb);
  if (!s.ok()) return WriteFailed(s, "save calendar changes");
  return {};
}

Result<std::vector<engine::CatalogueChange>>
RocksDbStore::ListCatalogueChanges() const {
  std::vector<engine::CatalogueChange> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), catalogue_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    engine::CatalogueChange c;
    BinaryReader key(it->key().ToStringView());
    BinaryReader in(it->value().ToStringView());
    if (!(key.GetFixed64BE(c.seq) && key.done() && in.GetString(c.client_id) &&
          in.GetString(c.request_id) && in.GetString(c.text) &&
          in.GetSigned(c.applied_at) && in.done())) {
      return engine::Internal("stored catalogue change is corrupt");
    }
    out.push_back(std::move(c));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read catalogue");
  return out;
}

Status RocksDbStore::AppendCatalogueChange(const engine::CatalogueChange& c) {
  BinaryWriter key;
  key.PutFixed64BE(c.seq);
  BinaryWriter value;
  value.PutString(c.client_id);
  value.PutString(c.request_id);
  value.PutString(c.text);
  value.PutSigned(c.applied_at);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s = db_->Put(wo, catalogue_, key.data(), value.data());
  if (!s.ok()) return WriteFailed(s, "save catalogue change");
  return {};
}

namespace {

// Stored access record, format 1: version, at, principal id and name,
// method, dossier code, fields.
constexpr uint64_t kAccessFormat = 1;

}  // namespace

Result<std::vector<engine::StoredPrincipal>> RocksDbStore::ListPrincipals()
    const {
  std::vector<engine::StoredPrincipal> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), principals_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    engine::StoredPrincipal p;
    if (!DecodePrincipal(it->value().ToStringView(), p) ||
        p.principal.id != it->key().ToStringView()) {
      return engine::Internal("stored principal is corrupt");
    }
    out.push_back(std::move(p));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read principals");
  return out;
}

Status RocksDbStore::PutPrincipal(const engine::StoredPrincipal& p) {
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s =
      db_->Put(wo, principals_, p.principal.id, EncodePrincipal(p));
  if (!s.ok()) return WriteFailed(s, "save principal");
  return {};
}

Status RocksDbStore::AppendAccessRecords(
    std::vector<engine::AccessRecord>& records) {
  rocksdb::WriteBatch batch;
  uint64_t seq = last_access_seq_;
  for (engine::AccessRecord& a : records) {
    a.seq = ++seq;
    BinaryWriter key;
    key.PutFixed64BE(a.seq);
    BinaryWriter value;
    value.PutVarint(kAccessFormat);
    value.PutSigned(a.at);
    value.PutString(a.principal_id);
    value.PutString(a.principal_name);
    value.PutString(a.method);
    value.PutString(a.dossier_code);
    PutStrings(value, a.fields);
    batch.Put(access_log_, key.data(), value.data());
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  MaybeResume();
  rocksdb::Status s = db_->Write(wo, &batch);
  if (!s.ok()) return WriteFailed(s, "save access log");
  last_access_seq_ = seq;
  return {};
}

Result<std::vector<engine::AccessRecord>> RocksDbStore::ReadAccessRecords(
    uint64_t after_seq, size_t limit) const {
  std::vector<engine::AccessRecord> out;
  BinaryWriter start;
  start.PutFixed64BE(after_seq + 1);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), access_log_));
  for (it->Seek(start.data()); it->Valid() && out.size() < limit; it->Next()) {
    engine::AccessRecord a;
    BinaryReader key(it->key().ToStringView());
    BinaryReader in(it->value().ToStringView());
    uint64_t format = 0;
    if (!(key.GetFixed64BE(a.seq) && key.done() && in.GetVarint(format) &&
          format == kAccessFormat && in.GetSigned(a.at) &&
          in.GetString(a.principal_id) && in.GetString(a.principal_name) &&
          in.GetString(a.method) && in.GetString(a.dossier_code) &&
          GetStrings(in, a.fields) && in.done())) {
      return engine::Internal("stored access record is corrupt");
    }
    out.push_back(std::move(a));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read access log");
  return out;
}

Result<size_t> RocksDbStore::PurgeRequests(engine::Instant recorded_before) {
  constexpr size_t kPerBatch = 1000;
  size_t purged = 0;
  rocksdb::WriteBatch batch;
  const auto flush = [&]() -> Status {
    if (batch.Count() == 0) return {};
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    MaybeResume();
    rocksdb::Status s = db_->Write(wo, &batch);
    if (!s.ok()) return WriteFailed(s, "purge idempotency records");
    purged += batch.Count();
    batch.Clear();
    return {};
  };
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), requests_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto record = DecodeRequest(it->value().ToStringView());
    // A record that does not decode is left for the reads to report.
    if (!record.ok() || record->recorded_at >= recorded_before) continue;
    rocksdb::Status s = batch.Delete(requests_, it->key());
    if (!s.ok()) return FromRocks(s, "stage purge");
    if (batch.Count() >= kPerBatch) {
      if (Status f = flush(); !f.ok()) return f.error();
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan requests");
  if (Status f = flush(); !f.ok()) return f.error();
  return purged;
}

Status RocksDbStore::CompactErased() {
  // Every family's memtable out first: the WAL files that still hold the
  // erased values (written before the purge) become obsolete and are
  // deleted once nothing unflushed lives in them.
  rocksdb::FlushOptions flush;
  flush.wait = true;
  if (rocksdb::Status s = db_->Flush(flush, handles_); !s.ok()) {
    return FromRocks(s, "flush after erasure");
  }
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForce;
  options.exclusive_manual_compaction = false;
  for (rocksdb::ColumnFamilyHandle* family : {dossiers_, events_}) {
    rocksdb::Status s = db_->CompactRange(options, family, nullptr, nullptr);
    if (!s.ok()) return FromRocks(s, "compact after erasure");
  }
  return {};
}

RocksDbStats RocksDbStore::Stats() const {
  RocksDbStats stats;
  uint64_t v = 0;
  if (db_->GetIntProperty("rocksdb.actual-delayed-write-rate", &v)) {
    stats.delayed_write_rate = v;
  }
  if (db_->GetIntProperty("rocksdb.is-write-stopped", &v)) {
    stats.write_stopped = v != 0;
  }
  if (db_->GetIntProperty("rocksdb.num-running-compactions", &v)) {
    stats.running_compactions = v;
  }
  if (db_->GetIntProperty("rocksdb.num-running-flushes", &v)) {
    stats.running_flushes = v;
  }
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    if (db_->GetIntProperty(h, "rocksdb.compaction-pending", &v) && v != 0) {
      ++stats.compaction_pending;
    }
    if (db_->GetIntProperty(h, "rocksdb.estimate-pending-compaction-bytes",
                            &v)) {
      stats.pending_compaction_bytes += v;
    }
    if (db_->GetIntProperty(h, "rocksdb.live-sst-files-size", &v)) {
      stats.live_sst_bytes += v;
    }
  }
  stats.write_failed = write_failed_.load();
  return stats;
}

}  // namespace motcua::adapters

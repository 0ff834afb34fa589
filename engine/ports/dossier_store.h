// DossierStore: the port through which the write path and the readers reach
// durable state. Two adapters implement it: adapters/rocksdb (production)
// and adapters/memory (tests); tests/store_contract runs one suite on both.
//
// Model. The store holds, per dossier, its current state and its event log;
// per (agency, receipt date), the last dossier sequence assigned; per
// (client_id, request_id), the idempotency record of the reply. Commit()
// applies a CommitBatch atomically (all or nothing) and, when it returns OK,
// durably: the write has reached stable storage (RocksDB: one WriteBatch,
// WAL fsync). The sequencer is the only writer of dossier state; the other
// writers are administrative and documented at their method
// (PutSubmission, TrimLog). Readers may run concurrently with them and see
// each batch entirely or not at all.
//
// Errors: reads return NotFound only through an empty optional; a failure of
// the medium is Unavailable (retryable), a value that cannot be decoded is
// Internal.
//
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/enforcement/watch_entry.h"

namespace motcua::engine {

// Records written before fingerprints were versioned: their digests were
// computed by schemes this build no longer has (runtime/sequencer.h says
// how they match).
inline constexpr uint32_t kLegacyFingerprintScheme = 0;

struct IdempotencyRecord {
  std::string client_id;
  std::string request_id;
  // Fingerprint of the command as first received
  // (engine/idempotency/fingerprint.h), under `fingerprint_scheme`.
  uint64_t fingerprint = 0;
  // The dossier the first request created or changed.
  std::string dossier_code;
  // The versions of the events it appended: [first_version, last_version].
  // A replay answers with the dossier as of last_version.
  uint64_t first_version = 0;
  uint64_t last_version = 0;
  Instant recorded_at = 0;
  // The scheme `fingerprint` was computed under: engine::kFingerprintScheme
  // for what the sequencer writes, kLegacyFingerprintScheme for a record
  // the store decoded from the format before schemes were stored.
  uint32_t fingerprint_scheme = kLegacyFingerprintScheme;

  friend bool operator==(const IdempotencyRecord&,
                         const IdempotencyRecord&) = default;
};

struct SequenceCounter {
  std::string agency_code;
  CivilDate date;
  // The highest sequence assigned so far for (agency, date).
  uint32_t last = 0;
};

// One entry of the global event log: the order in which events were
// committed across all dossiers, for streaming and exporters.
struct LogEntry {
  uint64_t global_seq = 0;
  std::string code;
  DossierEvent event;
};

struct CommitBatch {
  // Dossiers to insert or replace, by code.
  std::vector<Dossier> dossiers;
  // Events to append: each is stored under (dossier code, event.version)
  // and in the global log under global_seq (strictly increasing, no gaps
  // across commits).
  struct CodedEvent {
    std::string code;
    DossierEvent event;
    uint64_t global_seq = 0;
  };
  std::vector<CodedEvent> events;
  // Events already stored, rewritten in place: the same code and version, a
  // new body (the personal-data purge, engine/dossier/personal_data.h). Not
  // logged again (global_seq unused): the global log's entry of the event
  // reads the new body.
  std::vector<CodedEvent> rewritten;
  std::vector<SequenceCounter> counters;
  std::vector<IdempotencyRecord> requests;
  // Postal tracking numbers newly tied to a dossier: (number, code).
  std::vector<std::pair<std::string, std::string>> tracking;
  // The complete new set of deadline-index entries of each dossier listed
  // (all entries of the code, replacing the ones stored; empty = none).
  std::vector<std::pair<std::string, std::vector<WatchEntry>>> watches;
  // Report index rows (engine/report): key -> value, upserted. Keys are the
  // report book's ("f" + code for a fact, "dict" for the dictionary).
  std::vector<std::pair<std::string, std::string>> report_rows;

  bool empty() const {
    return dossiers.empty() && events.empty() && rewritten.empty() &&
           counters.empty() && requests.empty() && tracking.empty() &&
           watches.empty() && report_rows.empty();
  }
};

class DossierStore {
 public:
  virtual ~DossierStore() = default;

  virtual Result<std::optional<Dossier>> FindDossier(
      std::string_view code) const = 0;
  // The dossier's events in version order; empty for an unknown code.
  // Up to `limit` dossiers with code > after, in code (byte) order.
  virtual Result<std::vector<Dossier>> ScanDossiers(std::string_view after,
                                                    size_t limit) const = 0;
  virtual Result<std::vector<DossierEvent>> ListEvents(
      std::string_view code) const = 0;
  virtual Result<std::optional<IdempotencyRecord>> FindRequest(
      std::string_view client_id, std::string_view request_id) const = 0;
  // The dossier a postal tracking number is tied to, if any.
  virtual Result<std::optional<std::string>> FindByTrackingNumber(
      std::string_view number) const = 0;
  // The last sequence assigned for (agency, date); 0 when none.
  virtual Result<uint32_t> LastSequence(std::string_view agency_code,
                                        CivilDate date) const = 0;
  // The highest global_seq committed; 0 when the log is empty.
  virtual Result<uint64_t> LastGlobalSequence() const = 0;
  // Up to `limit` log entries with global_seq > after, in order.
  virtual Result<std::vector<LogEntry>> ReadLog(uint64_t after,
                                                size_t limit) const = 0;
  // Deadline index, ordered by due instant: up to `limit` entries with
  // due <= up_to, earliest first. Entries due later are never visited (the
  // RocksDB adapter bounds its iterator there, so the deleted entries a busy
  // index leaves behind past `up_to` cost nothing).
  virtual Result<std::vector<WatchEntry>> DueWatches(Instant up_to,
                                                     size_t limit) const = 0;
  // The earliest due instant in the index if it is before `before`; empty
  // when the index has none that early. Bounded like DueWatches: the sweeper
  // passes the latest instant it would wake at anyway.
  virtual Result<std::optional<Instant>> NextWatchDue(Instant before) const = 0;
  // Every report index row, in key order.
  virtual Status ForEachReportRow(
      const std::function<void(std::string_view key, std::string_view value)>&
          visit) const = 0;
  // Frozen report submissions: key -> value, written once (durable).
  virtual Result<std::optional<std::string>> FindSubmission(
      std::string_view key) const = 0;
  virtual Result<std::vector<std::pair<std::string, std::string>>>
  ListSubmissions(std::string_view prefix) const = 0;
  // An administrative writer outside the sequencer: a report submission
  // (services/report_service.cc, SubmitForm06, serialised by the service's
  // own lock) changes no dossier, so it does not go through the sequencer. The
  // version record (`key` -> `value`) and its request's idempotency record
  // (`request_key` -> `request_value`) are written together, atomically and
  // durably (RocksDB: one WriteBatch, WAL fsync): a crash never leaves a
  // submission without its idempotency record.
  virtual Status PutSubmission(std::string_view key, std::string_view value,
                               std::string_view request_key,
                               std::string_view request_value) = 0;
  // The lowest global_seq still in the log (0 when empty).
  virtual Result<uint64_t> FirstGlobalSequence() const = 0;
  // Drops log entries with global_seq < before (retention). The events stay
  // in their dossiers' logs; only the global order index is trimmed.
  virtual Status TrimLog(uint64_t before) = 0;

  // Atomic and durable; see the file comment.
  virtual Status Commit(const CommitBatch& batch) = 0;
};

}  // namespace motcua::engine

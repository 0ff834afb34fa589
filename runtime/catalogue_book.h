// CatalogueBook: the server's catalogue of agencies and procedures, safe to
// read from any thread and changed only through Apply, which is durable.
//
// Start-up (Open): the shipped files are built into a Catalogue, then every
// change stored in the CatalogueStore is replayed in order. A stored
// procedure version that the files now also ship, identically, is skipped
// (an operator folded the change into the files); a different one with the
// same (code, version) stops the start with an error naming both, since two
// texts for one version would make old dossiers ambiguous.
//
// Apply: catalogue text (engine/catalogue/catalogue_text.h) with any number
// of [agency] and [procedure] sections. New agencies are inserted; procedures
// are added as new versions under Catalogue::AddProcedureVersion's rules. All
// or nothing: the first failing section rejects the whole text and nothing is
// stored. The same (client_id, request_id) with the same text replays the
// first answer; with another text it is InvalidArgument.
//
// Applying is idempotent by content too, whatever the request_id: a section
// the catalogue already holds exactly (an agency of the same content, any
// revision line aside; a procedure version equal to the stored one, or
// equal but for the end date that a later version gave it) is skipped and
// not listed. A text that changes nothing stores nothing and answers
// `unchanged` (so applying one file twice is a no-op the second time). A
// version number already used with other content is FailedPrecondition.
//
// Changing an existing agency (its name, calendar, validity or successors:
// e.g. closing it with valid_until after a merger) is an explicit, versioned
// change: the section must say `revision = N + 1`, N being the agency's
// current revision, or Apply fails with FailedPrecondition naming N. A
// section identical to the agency as it is changes nothing. A wrong
// revision is the catalogue's optimistic-concurrency check: two operators
// editing one agency cannot silently overwrite each other.
//
// The same checks at start-up and at run time: every agency Apply would
// store passes `check` (the server's: its calendar is defined), so stored
// data can never stop a later start. Should a stored change still fail at
// start-up (calendars.json edited since, a change stored by an older
// version), Open skips it, lists it in skipped(), and starts: the operator
// sees it (motcuad prints it) and re-applies a corrected change.
//
// Thread safety: Snapshot from any thread; Apply serialised internally.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalogue/catalogue.h"
#include "engine/ports/catalogue_store.h"

namespace motcua::runtime {

struct CatalogueApplied {
  uint64_t seq = 0;
  std::vector<std::string> agencies;
  std::vector<std::pair<std::string, int>> procedures;  // (code, version)
  bool replayed = false;
  // Every section was already in the catalogue as given: nothing was stored
  // and seq is the latest stored change's (0 when none).
  bool unchanged = false;
};

// The server's own rule for an agency beyond the catalogue's, e.g. "its
// calendar is defined"; an error message without the field prefix.
using AgencyCheck = std::function<engine::Status(const engine::Agency&)>;

class CatalogueBook {
 public:
  static engine::Result<std::unique_ptr<CatalogueBook>> Open(
      engine::CatalogueData shipped, engine::CatalogueStore& store,
      AgencyCheck check = nullptr);

  std::shared_ptr<const engine::Catalogue> Snapshot() const;

  // Stored changes Open could not apply, one line each ("change 3 by ops:
  // ..."); empty normally.
  const std::vector<std::string>& skipped() const { return skipped_; }

  engine::Result<CatalogueApplied> Apply(const std::string& client_id,
                                         const std::string& request_id,
                                         const std::string& text,
                                         engine::Instant now);

 private:
  CatalogueBook(engine::CatalogueStore& store, AgencyCheck check)
      : store_(store), check_(std::move(check)) {}

  engine::CatalogueStore& store_;
  AgencyCheck check_;
  std::vector<std::string> skipped_;
  std::mutex writer_mu_;
  mutable std::mutex read_mu_;
  std::shared_ptr<const engine::Catalogue> catalogue_;
  uint64_t last_seq_ = 0;
  // (client, request) -> (text, answer)
  std::map<std::pair<std::string, std::string>,
           std::pair<std::string, CatalogueApplied>>
      applied_;
};

}  // namespace motcua::runtime

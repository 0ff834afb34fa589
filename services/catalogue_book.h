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
// of [agency] and [procedure] sections. Agencies are inserted or replaced
// (e.g. closed with valid_until and successors); procedures are added as new
// versions under Catalogue::AddProcedureVersion's rules. All or nothing: the
// first failing section rejects the whole text and nothing is stored. The
// same (client_id, request_id) with the same text replays the first answer;
// with another text it is InvalidArgument.
//
// Thread safety: Snapshot from any thread; Apply serialised internally.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalogue/catalogue.h"
#include "engine/ports/catalogue_store.h"

namespace motcua::services {

struct CatalogueApplied {
  uint64_t seq = 0;
  std::vector<std::string> agencies;
  std::vector<std::pair<std::string, int>> procedures;  // (code, version)
  bool replayed = false;
};

class CatalogueBook {
 public:
  static engine::Result<std::unique_ptr<CatalogueBook>> Open(
      engine::CatalogueData shipped, engine::CatalogueStore& store);

  std::shared_ptr<const engine::Catalogue> Snapshot() const;

  engine::Result<CatalogueApplied> Apply(const std::string& client_id,
                                         const std::string& request_id,
                                         const std::string& text,
                                         engine::Instant now);

 private:
  explicit CatalogueBook(engine::CatalogueStore& store) : store_(store) {}

  engine::CatalogueStore& store_;
  std::mutex writer_mu_;
  mutable std::mutex read_mu_;
  std::shared_ptr<const engine::Catalogue> catalogue_;
  uint64_t last_seq_ = 0;
  // (client, request) -> (text, answer)
  std::map<std::pair<std::string, std::string>,
           std::pair<std::string, CatalogueApplied>>
      applied_;
};

}  // namespace motcua::services

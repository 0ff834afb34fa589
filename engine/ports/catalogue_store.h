// CatalogueStore: the port that keeps catalogue administration durable.
//
// Model. The shipped catalogue files are the base; every change an
// administrator applies at run time (a new agency, a closed agency with its
// successors, a new procedure version) is appended here as the catalogue
// text it was given (engine/catalogue/catalogue_text.h), in order. At start
// the server loads the files and replays the changes, so the catalogue in
// force survives restarts and every change stays auditable as written.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

struct CatalogueChange {
  uint64_t seq = 0;  // 1, 2, ... in the order applied
  std::string client_id;
  std::string request_id;
  std::string text;
  Instant applied_at = 0;

  friend bool operator==(const CatalogueChange&,
                         const CatalogueChange&) = default;
};

class CatalogueStore {
 public:
  virtual ~CatalogueStore() = default;
  // All changes, in seq order.
  virtual Result<std::vector<CatalogueChange>> ListCatalogueChanges() const = 0;
  // Durable before it returns.
  virtual Status AppendCatalogueChange(const CatalogueChange& change) = 0;
};

}  // namespace motcua::engine

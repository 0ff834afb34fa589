// AccessStore: the port that keeps principals (who may call, see
// engine/access/access.h) and the access log of personal-data reads durable.
//
// Principals are few (a province's desks, officers, carriers and admins) and
// are read once at start; the server keeps them in memory and writes every
// change through here before it takes effect. A principal's token is never
// stored, only its hash.
//
// The access log is append-only: records get consecutive sequence numbers
// from 1 and are never changed or removed by the server.
//
// Thread safety: every method may be called from any thread;
// AppendAccessRecords from one thread at a time (it assigns the sequence).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/access/access.h"
#include "engine/common/result.h"

namespace motcua::engine {

struct StoredPrincipal {
  Principal principal;
  // Hex of the token's keyed hash (adapters/crypto/token_hasher.h); empty
  // for a principal proved only by a client certificate.
  std::string token_hash;

  friend bool operator==(const StoredPrincipal&,
                         const StoredPrincipal&) = default;
};

// One answer that carried unmasked personal data.
struct AccessRecord {
  uint64_t seq = 0;  // assigned by AppendAccessRecords
  Instant at = 0;
  std::string principal_id;
  std::string principal_name;
  std::string method;  // the RPC, e.g. "motcua.v1.DossierService/GetDossier"
  std::string dossier_code;
  // "full_name", "personal_id", "phone", "address", "lookup_secret".
  std::vector<std::string> fields;

  friend bool operator==(const AccessRecord&, const AccessRecord&) = default;
};

class AccessStore {
 public:
  virtual ~AccessStore() = default;
  virtual Result<std::vector<StoredPrincipal>> ListPrincipals() const = 0;
  // Creates or replaces the principal with this id; durable before it
  // returns.
  virtual Status PutPrincipal(const StoredPrincipal& p) = 0;
  // Assigns each record the next sequence number and stores them in one
  // durable write.
  virtual Status AppendAccessRecords(std::vector<AccessRecord>& records) = 0;
  // Records with seq > after_seq, in order, at most `limit`.
  virtual Result<std::vector<AccessRecord>> ReadAccessRecords(
      uint64_t after_seq, size_t limit) const = 0;
};

}  // namespace motcua::engine

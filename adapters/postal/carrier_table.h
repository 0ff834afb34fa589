// CarrierTable: each carrier's status codes mapped to postal event kinds,
// loaded at start from a JSON file (deploy/postal/carrier_statuses.json,
// format documented in deploy/postal/README.md).
//
//   {"format": 1,
//    "carriers": {
//      "vnpost": {
//        "name": "...",
//        "statuses": {
//          "HS-100": {"kind": "inbound_pickup", "note": "..."},
//          "VC-400": {"kind": "ignore", "note": "in transit"}}}}}
//
// Kinds are PostalEventKindName values (engine/dossier/postal_event.h) or
// "ignore": a status the carrier reports that is no handover (sorting
// centre scans); the webhook answers it 200 with "ignored": true and
// records nothing. A status the table does not list is a 400 naming
// `status`: an unexpected code is a contract problem to fix, not to guess.
//
// Also here: the per-carrier HMAC secrets file, {"vnpost": "secret", ...}
// (kept out of the repository; deploy/postal/README.md).
//
// Thread safety: immutable after loading; share freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/common/result.h"
#include "engine/dossier/postal_event.h"

namespace motcua::adapters {

struct CarrierStatus {
  // nullopt: "ignore".
  std::optional<engine::PostalEventKind> kind;
  std::string note;
};

class CarrierTable {
 public:
  // InvalidArgument naming the JSON path of the first problem.
  static engine::Result<CarrierTable> Parse(std::string_view json_text);
  static engine::Result<CarrierTable> Load(const std::string& path);

  bool HasCarrier(std::string_view carrier) const;
  // Null when the carrier or the status is not in the table.
  const CarrierStatus* Find(std::string_view carrier,
                            std::string_view status) const;

 private:
  std::map<std::string, std::map<std::string, CarrierStatus, std::less<>>,
           std::less<>>
      carriers_;
};

// {"carrier": "secret"}: every secret at least 16 bytes.
engine::Result<std::map<std::string, std::string, std::less<>>>
ParseCarrierSecrets(std::string_view json_text);
engine::Result<std::map<std::string, std::string, std::less<>>>
LoadCarrierSecrets(const std::string& path);

}  // namespace motcua::adapters

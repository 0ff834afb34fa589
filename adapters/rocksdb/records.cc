#include "adapters/rocksdb/records.h"

namespace motcua::adapters {

using engine::BinaryReader;
using engine::BinaryWriter;
using engine::Result;

// Idempotency records, value formats (the key is client \0 request id):
//   1 (legacy, before fingerprint schemes were stored): client, request,
//     fingerprint (fixed64 BE), dossier code, first version, last version,
//     recorded_at. Decoded with kLegacyFingerprintScheme: its digest came
//     from a scheme this build no longer computes.
//   2: the same fields, then the fingerprint scheme (varint).
constexpr char kRequestFormatLegacy = 1;
constexpr char kRequestFormatV2 = 2;

std::string EncodeRequest(const engine::IdempotencyRecord& r) {
  BinaryWriter w;
  w.PutRaw(std::string_view(&kRequestFormatV2, 1));
  w.PutString(r.client_id);
  w.PutString(r.request_id);
  w.PutFixed64BE(r.fingerprint);
  w.PutString(r.dossier_code);
  w.PutVarint(r.first_version);
  w.PutVarint(r.last_version);
  w.PutSigned(r.recorded_at);
  w.PutVarint(r.fingerprint_scheme);
  return w.Release();
}

Result<engine::IdempotencyRecord> DecodeRequest(std::string_view bytes) {
  engine::IdempotencyRecord r;
  if (bytes.empty() ||
      (bytes[0] != kRequestFormatLegacy && bytes[0] != kRequestFormatV2)) {
    return engine::Internal("stored idempotency record has an unknown format");
  }
  const bool legacy = bytes[0] == kRequestFormatLegacy;
  BinaryReader in(bytes.substr(1));
  if (!(in.GetString(r.client_id) && in.GetString(r.request_id) &&
        in.GetFixed64BE(r.fingerprint) && in.GetString(r.dossier_code) &&
        in.GetVarint(r.first_version) && in.GetVarint(r.last_version) &&
        in.GetSigned(r.recorded_at) &&
        (legacy || in.GetVarint32(r.fingerprint_scheme)) && in.done())) {
    return engine::Internal("stored idempotency record is corrupt");
  }
  if (legacy) r.fingerprint_scheme = engine::kLegacyFingerprintScheme;
  return r;
}

// Stored principal, format 1: version, id, name, roles (count, values),
// agencies, carriers, officer, certificate name, created, expires, revoked,
// created by, token hash.
constexpr uint64_t kPrincipalFormat = 1;

void PutStrings(BinaryWriter& w, const std::vector<std::string>& v) {
  w.PutVarint(v.size());
  for (const std::string& s : v) w.PutString(s);
}

bool GetStrings(BinaryReader& r, std::vector<std::string>& v) {
  uint64_t n = 0;
  if (!r.GetVarint(n) || n > 10000) return false;
  v.resize(n);
  for (std::string& s : v) {
    if (!r.GetString(s)) return false;
  }
  return true;
}

std::string EncodePrincipal(const engine::StoredPrincipal& sp) {
  const engine::Principal& p = sp.principal;
  BinaryWriter w;
  w.PutVarint(kPrincipalFormat);
  w.PutString(p.id);
  w.PutString(p.name);
  w.PutVarint(p.roles.size());
  for (engine::Role r : p.roles) w.PutVarint(static_cast<uint64_t>(r));
  PutStrings(w, p.agencies);
  PutStrings(w, p.carriers);
  w.PutString(p.officer);
  w.PutString(p.certificate_name);
  w.PutSigned(p.created_at);
  w.PutSigned(p.expires_at);
  w.PutSigned(p.revoked_at);
  w.PutString(p.created_by);
  w.PutString(sp.token_hash);
  return w.Release();
}

bool DecodePrincipal(std::string_view in, engine::StoredPrincipal& sp) {
  engine::Principal& p = sp.principal;
  BinaryReader r(in);
  uint64_t format = 0;
  uint64_t roles = 0;
  if (!r.GetVarint(format) || format != kPrincipalFormat ||
      !r.GetString(p.id) || !r.GetString(p.name) || !r.GetVarint(roles) ||
      roles > 64) {
    return false;
  }
  for (uint64_t i = 0; i < roles; ++i) {
    uint64_t role = 0;
    if (!r.GetVarint(role) || role < 1 ||
        role > static_cast<uint64_t>(engine::kMaxRole)) {
      return false;
    }
    p.roles.push_back(static_cast<engine::Role>(role));
  }
  return GetStrings(r, p.agencies) && GetStrings(r, p.carriers) &&
         r.GetString(p.officer) && r.GetString(p.certificate_name) &&
         r.GetSigned(p.created_at) && r.GetSigned(p.expires_at) &&
         r.GetSigned(p.revoked_at) && r.GetString(p.created_by) &&
         r.GetString(sp.token_hash) && r.done();
}

}  // namespace motcua::adapters

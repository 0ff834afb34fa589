#include "engine/dossier/dossier_codec.h"

#include "engine/codec/binary.h"

namespace motcua::engine {
namespace {

// Event kind tags: append-only.
enum EventTag : uint64_t { kTagReceived = 1 };

void PutApplicant(BinaryWriter& w, const Applicant& a) {
  w.PutString(a.full_name);
  w.PutString(a.personal_id);
  w.PutString(a.phone);
  w.PutString(a.address);
}

bool GetApplicant(BinaryReader& r, Applicant& a) {
  return r.GetString(a.full_name) && r.GetString(a.personal_id) &&
         r.GetString(a.phone) && r.GetString(a.address);
}

void PutDocuments(BinaryWriter& w, const std::vector<Document>& docs) {
  w.PutVarint(docs.size());
  for (const Document& d : docs) {
    w.PutString(d.name);
    w.PutVarint(d.originals);
    w.PutVarint(d.copies);
  }
}

bool GetDocuments(BinaryReader& r, std::vector<Document>& docs) {
  uint64_t n = 0;
  if (!r.GetVarint(n) || n > 100000) return false;
  docs.resize(n);
  for (Document& d : docs) {
    if (!r.GetString(d.name) || !r.GetVarint32(d.originals) ||
        !r.GetVarint32(d.copies)) {
      return false;
    }
  }
  return true;
}

bool GetChannel(BinaryReader& r, Channel& c) {
  uint64_t v = 0;
  if (!r.GetVarint(v) || v > static_cast<uint64_t>(Channel::kOnline)) {
    return false;
  }
  c = static_cast<Channel>(v);
  return true;
}

bool GetFormat(std::string_view& bytes) {
  if (bytes.empty() || bytes[0] != kDossierFormatV1) return false;
  bytes.remove_prefix(1);
  return true;
}

Error Corrupt(std::string_view what) {
  return Internal("stored " + std::string(what) +
                  " is corrupt or of an unknown format");
}

}  // namespace

std::string EncodeDossier(const Dossier& d) {
  BinaryWriter w;
  w.PutRaw(std::string_view(&kDossierFormatV1, 1));
  w.PutString(d.code);
  w.PutString(d.agency_code);
  w.PutString(d.procedure_code);
  PutApplicant(w, d.applicant);
  w.PutVarint(static_cast<uint64_t>(d.channel));
  PutDocuments(w, d.documents);
  w.PutSigned(d.received_at);
  w.PutVarint(d.sequence);
  w.PutVarint(static_cast<uint64_t>(d.state));
  w.PutVarint(d.version);
  w.PutString(d.submitted_by);
  w.PutSigned(d.recorded_at);
  return w.Release();
}

Result<Dossier> DecodeDossier(std::string_view bytes) {
  if (!GetFormat(bytes)) return Corrupt("dossier");
  BinaryReader r(bytes);
  Dossier d;
  uint64_t state = 0;
  const bool ok = r.GetString(d.code) && r.GetString(d.agency_code) &&
                  r.GetString(d.procedure_code) &&
                  GetApplicant(r, d.applicant) && GetChannel(r, d.channel) &&
                  GetDocuments(r, d.documents) && r.GetSigned(d.received_at) &&
                  r.GetVarint32(d.sequence) && r.GetVarint(state) &&
                  state <= static_cast<uint64_t>(DossierState::kReceived) &&
                  r.GetVarint(d.version) && r.GetString(d.submitted_by) &&
                  r.GetSigned(d.recorded_at) && r.done();
  if (!ok) return Corrupt("dossier");
  d.state = static_cast<DossierState>(state);
  return d;
}

std::string EncodeEvent(const DossierEvent& e) {
  BinaryWriter w;
  w.PutRaw(std::string_view(&kDossierFormatV1, 1));
  w.PutVarint(e.version);
  w.PutSigned(e.recorded_at);
  w.PutString(e.actor);
  const auto& r = std::get<DossierReceived>(e.body);
  w.PutVarint(kTagReceived);
  w.PutString(r.code);
  w.PutString(r.agency_code);
  w.PutString(r.procedure_code);
  PutApplicant(w, r.applicant);
  w.PutVarint(static_cast<uint64_t>(r.channel));
  PutDocuments(w, r.documents);
  w.PutSigned(r.received_at);
  w.PutVarint(r.sequence);
  return w.Release();
}

Result<DossierEvent> DecodeEvent(std::string_view bytes) {
  if (!GetFormat(bytes)) return Corrupt("event");
  BinaryReader r(bytes);
  DossierEvent e;
  uint64_t tag = 0;
  if (!r.GetVarint(e.version) || !r.GetSigned(e.recorded_at) ||
      !r.GetString(e.actor) || !r.GetVarint(tag)) {
    return Corrupt("event");
  }
  if (tag != kTagReceived) return Corrupt("event");
  DossierReceived b;
  const bool ok = r.GetString(b.code) && r.GetString(b.agency_code) &&
                  r.GetString(b.procedure_code) &&
                  GetApplicant(r, b.applicant) && GetChannel(r, b.channel) &&
                  GetDocuments(r, b.documents) && r.GetSigned(b.received_at) &&
                  r.GetVarint32(b.sequence) && r.done();
  if (!ok) return Corrupt("event");
  e.body = std::move(b);
  return e;
}

}  // namespace motcua::engine

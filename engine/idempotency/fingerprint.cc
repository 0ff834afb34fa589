#include "engine/idempotency/fingerprint.h"

#include "engine/common/fnv.h"

namespace motcua::engine {
namespace {

// Each overload lists the fields of its command. A field added to a command
// must be added here (fingerprint_test.cc changes every field and fails
// otherwise) under a new kFingerprintScheme.

void Add(Fnv64& h, const std::vector<Document>& docs) {
  h.U64(docs.size());
  for (const Document& d : docs) {
    h.Bytes(d.name);
    h.U64(d.originals);
    h.U64(d.copies);
  }
}

void Add(Fnv64& h, const std::optional<std::string>& s) {
  h.U64(s ? 1 : 0);
  h.Bytes(s.value_or(""));
}

void Add(Fnv64& h, const ReceiveCommand& c) {
  h.Bytes("receipt");
  h.Bytes(c.agency_code);
  h.Bytes(c.procedure_code);
  h.Bytes(c.applicant.full_name);
  h.Bytes(c.applicant.personal_id);
  h.Bytes(c.applicant.phone);
  h.Bytes(c.applicant.address);
  h.Opt(c.channel);
  Add(h, c.documents);
  h.Opt(c.received_at);
  h.Opt(c.result_channel);
  Add(h, c.postal_tracking_number);
  h.U64(c.digitized ? 1 : 0);
}

void Add(Fnv64& h, const LifecycleCommand& c) {
  h.Bytes("lifecycle");
  h.U64(static_cast<uint64_t>(c.transition));
  h.Bytes(c.officer);
  h.Bytes(c.agency_code);
  h.Opt(c.at);
  h.Opt(c.expected_version);
  h.Bytes(c.reason);
  h.Bytes(c.to_agency);
  h.Bytes(c.to_officer);
  Add(h, c.documents);
  h.U64(static_cast<uint64_t>(c.amount_vnd));
  h.Opt(c.return_channel);
  h.Opt(c.new_appointment);
  h.Bytes(c.responsible_agency);
  h.U64(c.electronic_result ? 1 : 0);
  h.U64(c.paid_online ? 1 : 0);
}

void Add(Fnv64& h, const PostalCommand& c) {
  const PostalRecorded& r = c.report;
  h.Bytes("postal");
  h.Bytes(c.dossier_code);
  h.U64(static_cast<uint64_t>(r.kind));
  h.Bytes(r.carrier);
  h.Bytes(r.carrier_event_id);
  h.Bytes(r.carrier_status);
  h.Bytes(r.tracking_number);
  h.U64(static_cast<uint64_t>(r.at));
  h.Bytes(r.postal_worker);
  h.Bytes(r.officer);
  h.Bytes(r.record_number);
  Add(h, r.documents);
  h.U64(r.sealed ? 1 : 0);
  h.U64(static_cast<uint64_t>(r.fees_vnd));
  h.Bytes(r.recipient_name);
  h.Bytes(r.recipient_id);
  h.Bytes(r.reason);
}

void Add(Fnv64& h, const WatchEntry& e) {
  h.Bytes("deadline");
  h.U64(static_cast<uint64_t>(e.due));
  h.Bytes(e.code);
  h.U64(static_cast<uint64_t>(e.kind));
  h.U64(e.step);
  h.U64(static_cast<uint64_t>(e.deadline));
}

void Add(Fnv64& h, const RatingCommand& c) {
  h.Bytes("rating");
  h.Bytes(c.dossier_code);
  h.U64(static_cast<uint64_t>(c.rating));
  h.U64(c.complaint ? 1 : 0);
  h.Bytes(c.comment);
}

void Add(Fnv64& h, const RecalendarCommand& c) {
  h.Bytes("recalendar");
  h.Bytes(c.calendar);
  h.U64(static_cast<uint64_t>(c.version));
  h.Bytes(c.dossier_code);
}

void Add(Fnv64& h, const PortalSyncCommand& c) {
  h.Bytes("portal_sync");
  h.U64(c.synced_version);
  h.Bytes(c.portal_reference);
  h.Opt(c.at);
}

void Add(Fnv64& h, const PurgeCommand& c) {
  h.Bytes("personal_data_purge");
  h.U64(c.retention_years);
}

}  // namespace

uint64_t Fingerprint(const WriteCommand& cmd) {
  Fnv64 h;
  std::visit([&h](const auto& c) { Add(h, c); }, cmd);
  return h.value();
}

}  // namespace motcua::engine

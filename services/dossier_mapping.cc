#include "services/dossier_mapping.h"

#include "services/proto_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::Channel;

pb::Channel ToProto(Channel c) {
  switch (c) {
    case Channel::kDirect:
      return pb::CHANNEL_DIRECT;
    case Channel::kPostal:
      return pb::CHANNEL_POSTAL;
    case Channel::kOnline:
      return pb::CHANNEL_ONLINE;
  }
  return pb::CHANNEL_UNSPECIFIED;
}

pb::DossierState ToProto(engine::DossierState s) {
  switch (s) {
    case engine::DossierState::kReceived:
      return pb::DOSSIER_STATE_RECEIVED;
  }
  return pb::DOSSIER_STATE_UNSPECIFIED;
}

}  // namespace

engine::Result<engine::ReceiveCommand> FromProto(
    const pb::SubmitDossierRequest& r) {
  engine::ReceiveCommand c;
  c.client_id = r.client_id();
  c.request_id = r.request_id();
  c.agency_code = r.agency_code();
  c.procedure_code = r.procedure_code();
  c.applicant.full_name = r.applicant().full_name();
  c.applicant.personal_id = r.applicant().personal_id();
  c.applicant.phone = r.applicant().phone();
  c.applicant.address = r.applicant().address();
  switch (r.channel()) {
    case pb::CHANNEL_DIRECT:
      c.channel = Channel::kDirect;
      break;
    case pb::CHANNEL_POSTAL:
      c.channel = Channel::kPostal;
      break;
    case pb::CHANNEL_ONLINE:
      c.channel = Channel::kOnline;
      break;
    case pb::CHANNEL_UNSPECIFIED:
      break;
    default:
      return engine::InvalidArgument("channel: unknown value " +
                                     std::to_string(r.channel()));
  }
  c.documents.reserve(r.documents_size());
  for (const pb::Document& d : r.documents()) {
    c.documents.push_back({d.name(), d.originals(), d.copies()});
  }
  if (r.has_received_at()) {
    const auto& ts = r.received_at();
    // Timestamp's own valid range; beyond it microseconds would overflow.
    if (ts.seconds() < -62135596800LL || ts.seconds() > 253402300799LL ||
        ts.nanos() < 0 || ts.nanos() > 999999999) {
      return engine::InvalidArgument(
          "received_at: not a valid google.protobuf.Timestamp");
    }
    c.received_at = ts.seconds() * engine::kMicrosPerSecond + ts.nanos() / 1000;
  }
  return c;
}

void ToProto(const engine::Dossier& d, pb::Dossier* out) {
  out->set_code(d.code);
  out->set_agency_code(d.agency_code);
  out->set_procedure_code(d.procedure_code);
  auto* a = out->mutable_applicant();
  a->set_full_name(d.applicant.full_name);
  a->set_personal_id(d.applicant.personal_id);
  a->set_phone(d.applicant.phone);
  a->set_address(d.applicant.address);
  out->set_channel(ToProto(d.channel));
  for (const engine::Document& doc : d.documents) {
    auto* p = out->add_documents();
    p->set_name(doc.name);
    p->set_originals(doc.originals);
    p->set_copies(doc.copies);
  }
  ToTimestamp(d.received_at, out->mutable_received_at());
  out->set_sequence(d.sequence);
  out->set_state(ToProto(d.state));
  out->set_national_status(engine::NationalStatus(d.state));
  out->set_version(d.version);
  out->set_submitted_by(d.submitted_by);
  ToTimestamp(d.recorded_at, out->mutable_recorded_at());
}

}  // namespace motcua::services

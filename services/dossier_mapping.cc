#include "services/dossier_mapping.h"

#include "engine/access/access.h"
#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/overdue.h"
#include "services/proto_mapping.h"
#include "services/text_normalization.h"

namespace motcua::services {

namespace pb = motcua::v1;
using engine::Channel;

namespace {

// The public overloads (dossier_mapping.h, proto_mapping.h) stay visible
// beside the local ones.
using services::FromProto;
using services::ToProto;

engine::Result<std::optional<Channel>> FromProto(pb::Channel c,
                                                 const std::string& field) {
  switch (c) {
    case pb::CHANNEL_DIRECT:
      return std::optional(Channel::kDirect);
    case pb::CHANNEL_POSTAL:
      return std::optional(Channel::kPostal);
    case pb::CHANNEL_ONLINE:
      return std::optional(Channel::kOnline);
    case pb::CHANNEL_UNSPECIFIED:
      return std::optional<Channel>();
    default:
      return engine::InvalidArgument(field + ": unknown value " +
                                     std::to_string(c));
  }
}

std::vector<engine::Document> FromProto(
    const google::protobuf::RepeatedPtrField<pb::Document>& docs) {
  std::vector<engine::Document> out;
  out.reserve(docs.size());
  for (const pb::Document& d : docs) {
    out.push_back({Nfc(d.name()), d.originals(), d.copies()});
  }
  return out;
}

void ToProto(const std::vector<engine::Document>& docs,
             google::protobuf::RepeatedPtrField<pb::Document>* out) {
  for (const engine::Document& doc : docs) {
    auto* p = out->Add();
    p->set_name(doc.name);
    p->set_originals(doc.originals);
    p->set_copies(doc.copies);
  }
}

void ToProto(const engine::Applicant& a, pb::Applicant* out) {
  out->set_full_name(a.full_name);
  out->set_personal_id(a.personal_id);
  out->set_phone(a.phone);
  out->set_address(a.address);
}

pb::Regime ToProto(engine::RegimeId r) {
  switch (r) {
    case engine::RegimeId::kDecree61And107:
      return pb::REGIME_DECREE_61_107;
    case engine::RegimeId::kDecree118:
      return pb::REGIME_DECREE_118;
    case engine::RegimeId::kDecree61:
      return pb::REGIME_DECREE_61;
    case engine::RegimeId::kDecree118Circular01:
      return pb::REGIME_DECREE_118_CIRCULAR_01;
  }
  return pb::REGIME_UNSPECIFIED;
}

pb::ClockMarkKind ToProto(engine::ClockEventKind k) {
  switch (k) {
    case engine::ClockEventKind::kSuspend:
      return pb::CLOCK_MARK_KIND_SUSPEND;
    case engine::ClockEventKind::kResume:
      return pb::CLOCK_MARK_KIND_RESUME;
    case engine::ClockEventKind::kExtend:
      return pb::CLOCK_MARK_KIND_EXTEND;
    case engine::ClockEventKind::kReappoint:
      return pb::CLOCK_MARK_KIND_REAPPOINT;
  }
  return pb::CLOCK_MARK_KIND_UNSPECIFIED;
}

pb::SuspensionReason ToProto(engine::SuspensionReason r) {
  switch (r) {
    case engine::SuspensionReason::kSupplement:
      return pb::SUSPENSION_REASON_SUPPLEMENT;
    case engine::SuspensionReason::kPayment:
      return pb::SUSPENSION_REASON_PAYMENT;
    case engine::SuspensionReason::kOther:
      return pb::SUSPENSION_REASON_OTHER;
  }
  return pb::SUSPENSION_REASON_UNSPECIFIED;
}

void ToProto(const engine::ReceiptTerms& t, pb::ReceiptTerms* out) {
  out->set_procedure_version(t.procedure_version);
  out->set_procedure_name(t.procedure_name);
  out->set_field_code(t.field_code);
  out->set_field_name(t.field_name);
  out->set_regime(ToProto(t.regime));
  out->set_calendar(t.calendar);
  out->set_calendar_version(t.calendar_version);
  ToProto(t.budget, out->mutable_budget());
  for (const engine::PlannedStep& s : t.steps) {
    auto* step = out->add_steps();
    step->set_role(s.role);
    step->set_agency_code(s.agency_code);
    ToProto(s.budget, step->mutable_budget());
  }
  out->set_dossier_by_post(t.dossier_by_post);
  out->set_result_channel(ToProto(t.result_channel));
  out->set_awaiting_check(t.awaiting_check);
  if (!t.awaiting_check) ToTimestamp(t.clock_start, out->mutable_clock_start());
  out->set_receipt_cutoff(CutoffText(t.counting.receipt_cutoff_minute));
  out->set_legacy_counting(t.counting.legacy_calendar_cutoff);
}

void ToProto(const engine::FormHeader& h, pb::FormHeader* out) {
  out->set_regime(ToProto(h.regime));
  out->set_number(h.number);
  out->set_name(h.name);
  out->set_legal_basis(h.legal_basis);
  out->set_dossier_code(h.dossier_code);
}

void NoticeToProto(const engine::FormHeader& h, int ordinal,
                   const std::string& agency, const std::string& officer,
                   engine::Instant at, const std::string& at_text,
                   const std::string& reason, pb::NoticeForm* out) {
  ToProto(h, out->mutable_form());
  out->set_ordinal(ordinal);
  out->set_agency_code(agency);
  out->set_officer(officer);
  ToTimestamp(at, out->mutable_at());
  out->set_at_text(at_text);
  out->set_reason(reason);
}

// Sets `out` from a form builder's result; NotFound (the form did not
// arise) leaves it unset, other errors are returned.
template <class T, class F>
engine::Status Build(const engine::Result<T>& r, F&& set) {
  if (r.ok()) {
    set(*r);
    return {};
  }
  if (r.error().code == engine::ErrorCode::kNotFound ||
      r.error().code == engine::ErrorCode::kFailedPrecondition) {
    return {};
  }
  return r.error();
}

pb::PostalEventKind ToProto(engine::PostalEventKind k) {
  return static_cast<pb::PostalEventKind>(static_cast<int>(k) + 1);
}

}  // namespace

engine::PostalRecorded FromProto(const pb::PostalReport& r,
                                 const std::string& field,
                                 engine::FieldViolations& v) {
  engine::PostalRecorded out;
  if (r.kind() < pb::POSTAL_EVENT_KIND_INBOUND_PICKUP ||
      r.kind() > pb::POSTAL_EVENT_KIND_RETURNED_TO_SENDER) {
    v.Add(field + ".kind", "required");
  } else {
    out.kind = static_cast<engine::PostalEventKind>(r.kind() - 1);
  }
  out.carrier = r.carrier();
  out.carrier_event_id = r.carrier_event_id();
  out.carrier_status = r.carrier_status();
  out.tracking_number = r.tracking_number();
  if (!r.has_at()) {
    v.Add(field + ".at", "required");
  } else if (auto at = FromTimestamp(r.at(), field + ".at"); v.Add(at)) {
    out.at = *at;
  }
  out.postal_worker = Nfc(r.postal_worker());
  out.officer = Nfc(r.officer());
  out.record_number = r.record_number();
  out.documents = FromProto(r.documents());
  out.sealed = r.sealed();
  out.fees_vnd = r.fees_vnd();
  out.recipient_name = Nfc(r.recipient_name());
  out.recipient_id = r.recipient_id();
  out.reason = Nfc(r.reason());
  return out;
}

engine::Result<engine::PostalRecorded> FromProto(const pb::PostalReport& r,
                                                 const std::string& field) {
  engine::FieldViolations v;
  engine::PostalRecorded out = FromProto(r, field, v);
  if (!v.ok()) return v.ToStatus().error();
  return out;
}

void ToProto(const engine::PostalRecorded& r, pb::PostalReport* out) {
  out->set_kind(ToProto(r.kind));
  out->set_carrier(r.carrier);
  out->set_carrier_event_id(r.carrier_event_id);
  out->set_carrier_status(r.carrier_status);
  out->set_tracking_number(r.tracking_number);
  ToTimestamp(r.at, out->mutable_at());
  out->set_postal_worker(r.postal_worker);
  out->set_officer(r.officer);
  out->set_record_number(r.record_number);
  ToProto(r.documents, out->mutable_documents());
  out->set_sealed(r.sealed);
  out->set_fees_vnd(r.fees_vnd);
  out->set_recipient_name(r.recipient_name);
  out->set_recipient_id(r.recipient_id);
  out->set_reason(r.reason);
}

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
  using S = engine::DossierState;
  switch (s) {
    case S::kReceived:
      return pb::DOSSIER_STATE_RECEIVED;
    case S::kSubmittedOnline:
      return pb::DOSSIER_STATE_SUBMITTED_ONLINE;
    case S::kRefusedAtReceipt:
      return pb::DOSSIER_STATE_REFUSED_AT_RECEIPT;
    case S::kTransferred:
      return pb::DOSSIER_STATE_TRANSFERRED;
    case S::kInProcessing:
      return pb::DOSSIER_STATE_IN_PROCESSING;
    case S::kSupplementRequested:
      return pb::DOSSIER_STATE_SUPPLEMENT_REQUESTED;
    case S::kPaymentRequired:
      return pb::DOSSIER_STATE_PAYMENT_REQUIRED;
    case S::kWithdrawalRequested:
      return pb::DOSSIER_STATE_WITHDRAWAL_REQUESTED;
    case S::kWithdrawn:
      return pb::DOSSIER_STATE_WITHDRAWN;
    case S::kStopped:
      return pb::DOSSIER_STATE_STOPPED;
    case S::kRefused:
      return pb::DOSSIER_STATE_REFUSED;
    case S::kResultReady:
      return pb::DOSSIER_STATE_RESULT_READY;
    case S::kReturned:
      return pb::DOSSIER_STATE_RETURNED;
  }
  return pb::DOSSIER_STATE_UNSPECIFIED;
}

pb::Timeliness ToProto(engine::Timeliness t) {
  switch (t) {
    case engine::Timeliness::kEarly:
      return pb::TIMELINESS_EARLY;
    case engine::Timeliness::kOnTime:
      return pb::TIMELINESS_ON_TIME;
    case engine::Timeliness::kLate:
      return pb::TIMELINESS_LATE;
  }
  return pb::TIMELINESS_UNSPECIFIED;
}

engine::ReceiveCommand FromProto(const pb::SubmitDossierRequest& r,
                                 engine::FieldViolations& v) {
  engine::ReceiveCommand c;
  c.client_id = r.client_id();
  c.request_id = r.request_id();
  c.agency_code = r.agency_code();
  c.procedure_code = r.procedure_code();
  c.applicant.full_name = Nfc(r.applicant().full_name());
  c.applicant.personal_id = r.applicant().personal_id();
  c.applicant.phone = r.applicant().phone();
  c.applicant.address = Nfc(r.applicant().address());
  if (auto channel = FromProto(r.channel(), "channel"); v.Add(channel)) {
    c.channel = *channel;
  }
  if (auto result_channel = FromProto(r.result_channel(), "result_channel");
      v.Add(result_channel)) {
    c.result_channel = *result_channel;
  }
  c.documents = FromProto(r.documents());
  if (!r.postal_tracking_number().empty()) {
    c.postal_tracking_number = r.postal_tracking_number();
  }
  if (r.has_received_at()) {
    if (auto t = FromTimestamp(r.received_at(), "received_at"); v.Add(t)) {
      c.received_at = *t;
    }
  }
  c.digitized = r.digitized();
  return c;
}

engine::Result<engine::ReceiveCommand> FromProto(
    const pb::SubmitDossierRequest& r) {
  engine::FieldViolations v;
  engine::ReceiveCommand c = FromProto(r, v);
  if (!v.ok()) return v.ToStatus().error();
  return c;
}

engine::LifecycleCommand FromProto(const pb::DossierAction& a,
                                   engine::Transition t,
                                   engine::FieldViolations& v) {
  engine::LifecycleCommand c;
  c.transition = t;
  c.client_id = a.client_id();
  c.officer = Nfc(a.officer());
  c.agency_code = a.agency_code();
  if (a.has_at()) {
    if (auto at = FromTimestamp(a.at(), "at"); v.Add(at)) c.at = *at;
  }
  if (a.expected_version() != 0) c.expected_version = a.expected_version();
  c.reason = Nfc(a.reason());
  c.to_agency = a.to_agency();
  c.to_officer = Nfc(a.to_officer());
  c.documents = FromProto(a.documents());
  c.amount_vnd = a.amount_vnd();
  if (auto channel = FromProto(a.return_channel(), "return_channel");
      v.Add(channel)) {
    c.return_channel = *channel;
  }
  if (a.has_new_appointment()) {
    if (auto n = FromTimestamp(a.new_appointment(), "new_appointment");
        v.Add(n)) {
      c.new_appointment = *n;
    }
  }
  c.responsible_agency = a.responsible_agency();
  c.electronic_result = a.electronic_result();
  c.paid_online = a.paid_online();
  return c;
}

engine::Result<engine::LifecycleCommand> FromProto(const pb::DossierAction& a,
                                                   engine::Transition t) {
  engine::FieldViolations v;
  engine::LifecycleCommand c = FromProto(a, t, v);
  if (!v.ok()) return v.ToStatus().error();
  return c;
}

void ToProto(const engine::Dossier& d, pb::Dossier* out,
             const engine::WorkingCalendar* calendar, engine::Instant now) {
  out->set_code(d.code);
  out->set_agency_code(d.agency_code);
  out->set_procedure_code(d.procedure_code);
  ToProto(d.applicant, out->mutable_applicant());
  out->set_channel(ToProto(d.channel));
  ToProto(d.documents, out->mutable_documents());
  ToTimestamp(d.received_at, out->mutable_received_at());
  out->set_sequence(d.sequence);
  out->set_state(ToProto(d.state));
  out->set_national_status(engine::NationalStatus(d.state));
  out->set_version(d.version);
  out->set_submitted_by(d.submitted_by);
  ToTimestamp(d.recorded_at, out->mutable_recorded_at());
  if (!d.postal.empty()) {
    auto* postal = out->mutable_postal();
    postal->set_inbound_tracking_number(d.postal.inbound_tracking_number);
    postal->set_outbound_tracking_number(d.postal.outbound_tracking_number);
    postal->set_delivery_status(
        std::string(engine::DeliveryStatusName(d.postal.delivery())));
    for (const engine::PostalRecorded& leg : d.postal.legs) {
      ToProto(leg, postal->add_legs());
    }
  }
  for (const engine::DeadlineNotice& n : d.notices) {
    auto* notice = out->add_notices();
    notice->set_kind(std::string(engine::WatchKindName(n.kind)));
    notice->set_step(n.step);
    ToTimestamp(n.deadline, notice->mutable_deadline());
    ToTimestamp(n.noticed_at, notice->mutable_noticed_at());
    notice->set_agency_code(n.agency_code);
  }
  if (!d.terms) return;
  ToProto(*d.terms, out->mutable_terms());
  out->set_holder_agency(d.holder_agency);
  out->set_holder_officer(d.holder_officer);
  if (d.appointment != 0) {
    ToTimestamp(d.appointment, out->mutable_appointment());
    out->set_appointment_local(engine::FormatVietnamInstant(d.appointment));
  }
  if (d.original_appointment != 0) {
    ToTimestamp(d.original_appointment, out->mutable_original_appointment());
  }
  for (const engine::ClockMark& m : d.clock) {
    auto* mark = out->add_clock();
    mark->set_kind(ToProto(m.kind));
    ToTimestamp(m.at, mark->mutable_at());
    if (m.kind == engine::ClockEventKind::kSuspend) {
      mark->set_reason(ToProto(m.reason));
    }
    if (m.kind == engine::ClockEventKind::kReappoint) {
      ToTimestamp(m.appointment, mark->mutable_appointment());
    }
  }
  out->set_clock_suspended(d.clock_suspended());
  for (const engine::StepRecord& s : d.steps) {
    auto* step = out->add_steps();
    step->set_index(s.index);
    step->set_agency_code(s.agency_code);
    ToTimestamp(s.started_at, step->mutable_started_at());
    ToTimestamp(s.deadline, step->mutable_deadline());
    ToTimestamp(s.original_deadline, step->mutable_original_deadline());
    if (s.ended_at) ToTimestamp(*s.ended_at, step->mutable_ended_at());
    if (s.result) step->set_result(ToProto(*s.result));
  }
  for (engine::Instant t : d.supplement_requests) {
    ToTimestamp(t, out->add_supplement_requests());
  }
  for (engine::Instant t : d.reappointments) {
    ToTimestamp(t, out->add_reappointments());
  }
  for (engine::Instant t : d.untimely_apologies) {
    ToTimestamp(t, out->add_untimely_apologies());
  }
  out->set_digitized(d.digitized);
  out->set_electronic_result(d.electronic_result);
  out->set_paid_online(d.paid_online && !d.paid_otherwise);
  if (d.portal_synced_version > 0) {
    out->set_portal_synced_version(d.portal_synced_version);
    ToTimestamp(d.portal_synced_at, out->mutable_portal_synced_at());
    out->set_portal_reference(d.portal_reference);
  }
  if (d.personal_data_purged_at) {
    ToTimestamp(*d.personal_data_purged_at,
                out->mutable_personal_data_purged_at());
  }
  if (d.completed_at) ToTimestamp(*d.completed_at, out->mutable_completed_at());
  if (d.result) out->set_result(ToProto(*d.result));
  if (d.result_against_original) {
    out->set_result_against_original(ToProto(*d.result_against_original));
  }
  if (d.returned_at) ToTimestamp(*d.returned_at, out->mutable_returned_at());
  if (d.returned_by) out->set_returned_by(ToProto(*d.returned_by));
  // Overdue and remaining time are facts at `now`, for open dossiers only.
  if (calendar != nullptr && !d.completed_at && !engine::IsTerminal(d.state)) {
    auto clock = engine::DossierClock(d, *calendar);
    if (clock.ok()) {
      const engine::Instant at = std::max(now, d.last_event_at);
      auto reading = clock->Read(*calendar, at);
      // The one overdue rule (engine/lifecycle/overdue.h), shared with the
      // overdue list, Form 06 and the sweeper.
      auto overdue = engine::IsOverdueAt(d, *calendar, at);
      if (reading.ok() && overdue.ok()) {
        out->set_overdue(*overdue);
        out->set_remaining_working_seconds(reading->remaining_micros /
                                           engine::kMicrosPerSecond);
      }
    }
  }
}

void ToProto(const engine::DossierEvent& e, pb::DossierEvent* out) {
  out->set_version(e.version);
  ToTimestamp(e.recorded_at, out->mutable_recorded_at());
  out->set_actor(e.actor);
  if (const auto* r = std::get_if<engine::DossierReceived>(&e.body)) {
    out->set_kind("received");
    const bool online = r->terms && r->terms->awaiting_check;
    out->set_to_state(ToProto(online ? engine::DossierState::kSubmittedOnline
                                     : engine::DossierState::kReceived));
    out->set_agency_code(r->agency_code);
    ToTimestamp(r->received_at, out->mutable_at());
    ToProto(r->documents, out->mutable_documents());
    if (r->terms && r->terms->appointment != 0) {
      ToTimestamp(r->terms->appointment, out->mutable_appointment());
      out->set_calendar_version(r->terms->calendar_version);
    }
    out->set_digitized(r->digitized);
    return;
  }
  if (const auto* r = std::get_if<engine::DossierRated>(&e.body)) {
    // The level and comment are the citizen's; the history shows that a
    // rating was given, the rating itself is for the reports.
    out->set_kind("rated");
    ToTimestamp(r->at, out->mutable_at());
    return;
  }
  if (const auto* y = std::get_if<engine::PortalSynced>(&e.body)) {
    out->set_kind("portal_synced");
    ToTimestamp(y->at, out->mutable_at());
    out->set_portal_synced_version(y->synced_version);
    out->set_portal_reference(y->portal_reference);
    return;
  }
  if (const auto* g = std::get_if<engine::PersonalDataPurged>(&e.body)) {
    out->set_kind("personal_data_purged");
    ToTimestamp(e.recorded_at, out->mutable_at());
    out->set_retention_years(g->retention_years);
    ToTimestamp(g->closed_before, out->mutable_closed_before());
    out->set_reason("personal data erased: closed more than " +
                    std::to_string(g->retention_years) + " years ago");
    return;
  }
  if (const auto* m = std::get_if<engine::AppointmentMoved>(&e.body)) {
    out->set_kind("appointment_moved");
    ToTimestamp(m->at, out->mutable_at());
    ToTimestamp(m->before, out->mutable_previous_appointment());
    ToTimestamp(m->after, out->mutable_appointment());
    out->set_calendar_version(m->calendar_version);
    out->set_reason("official schedule of calendar " + m->calendar +
                    " changed (version " + std::to_string(m->calendar_version) +
                    ")");
    return;
  }
  if (const auto* n = std::get_if<engine::DeadlineNoticed>(&e.body)) {
    out->set_kind("deadline_" + std::string(engine::WatchKindName(n->kind)));
    ToTimestamp(n->noticed_at, out->mutable_at());
    out->set_agency_code(n->agency_code);
    auto* notice = out->mutable_notice();
    notice->set_kind(std::string(engine::WatchKindName(n->kind)));
    notice->set_step(n->step);
    ToTimestamp(n->deadline, notice->mutable_deadline());
    ToTimestamp(n->noticed_at, notice->mutable_noticed_at());
    notice->set_agency_code(n->agency_code);
    notice->set_remaining_working_seconds(n->remaining_micros /
                                          engine::kMicrosPerSecond);
    return;
  }
  if (const auto* p = std::get_if<engine::PostalRecorded>(&e.body)) {
    out->set_kind("postal_" +
                  std::string(engine::PostalEventKindName(p->kind)));
    ToTimestamp(p->at, out->mutable_at());
    ToProto(*p, out->mutable_postal());
    return;
  }
  const auto& t = std::get<engine::DossierTransitioned>(e.body);
  out->set_kind(std::string(engine::TransitionName(t.transition)));
  out->set_from_state(ToProto(t.from));
  out->set_to_state(ToProto(t.to));
  out->set_officer(t.officer);
  out->set_agency_code(t.agency_code);
  ToTimestamp(t.at, out->mutable_at());
  out->set_reason(t.reason);
  out->set_to_agency(t.to_agency);
  out->set_to_officer(t.to_officer);
  ToProto(t.documents, out->mutable_documents());
  out->set_amount_vnd(t.amount_vnd);
  if (t.return_channel) out->set_return_channel(ToProto(*t.return_channel));
  if (t.step_closed) {
    out->set_closed_step(t.step_closed->index);
    out->set_closed_step_result(ToProto(t.step_closed->result));
  }
  if (t.step_opened) {
    out->set_opened_step(t.step_opened->index);
    out->set_opened_step_agency(t.step_opened->agency_code);
    ToTimestamp(t.step_opened->deadline, out->mutable_opened_step_deadline());
  }
  if (t.appointment) ToTimestamp(*t.appointment, out->mutable_appointment());
  out->set_calendar_version(t.calendar_version);
  if (t.result) out->set_result(ToProto(*t.result));
  out->set_responsible_agency(t.responsible_agency);
  if (t.new_appointment) {
    ToTimestamp(*t.new_appointment, out->mutable_new_appointment());
  }
  out->set_untimely(t.untimely);
  out->set_electronic_result(t.electronic_result);
  out->set_paid_online(t.paid_online);
}

engine::Status ToProto(const std::vector<engine::DossierEvent>& log,
                       pb::GetFormsResponse* out) {
  using engine::Status;
  if (Status s = Build(engine::BuildReceiptSlip(log),
                       [&](const engine::ReceiptSlip& f) {
                         auto* p = out->mutable_receipt_slip();
                         ToProto(f.form, p->mutable_form());
                         p->set_agency_code(f.agency_code);
                         p->set_procedure_code(f.procedure_code);
                         p->set_procedure_name(f.procedure_name);
                         p->set_procedure_version(f.procedure_version);
                         ToProto(f.applicant, p->mutable_applicant());
                         ToProto(f.documents, p->mutable_documents());
                         p->set_channel(ToProto(f.channel));
                         p->set_result_channel(ToProto(f.result_channel));
                         ToTimestamp(f.received_at, p->mutable_received_at());
                         p->set_received_text(f.received_text);
                         ToTimestamp(f.appointment, p->mutable_appointment());
                         p->set_appointment_text(f.appointment_text);
                         p->set_budget_text(f.budget_text);
                         p->set_calendar(f.calendar);
                         p->set_calendar_version(f.calendar_version);
                         p->set_received_by(f.received_by);
                       });
      !s.ok()) {
    return s;
  }
  if (Status s =
          Build(engine::BuildSupplementRequests(log),
                [&](const std::vector<engine::SupplementRequestForm>& forms) {
                  for (const auto& f : forms) {
                    auto* p = out->add_supplement_requests();
                    NoticeToProto(f.form, f.ordinal, f.agency_code, f.officer,
                                  f.at, f.at_text, f.reason, p);
                    ToProto(f.documents, p->mutable_documents());
                  }
                });
      !s.ok()) {
    return s;
  }
  if (Status s = Build(engine::BuildRefusal(log),
                       [&](const engine::RefusalForm& f) {
                         auto* p = out->mutable_refusal();
                         NoticeToProto(f.form, 1, f.agency_code, f.officer,
                                       f.at, f.at_text, f.reason, p);
                         p->set_at_receipt(f.at_receipt);
                       });
      !s.ok()) {
    return s;
  }
  if (Status s = Build(
          engine::BuildApologies(log),
          [&](const std::vector<engine::ApologyForm>& forms) {
            for (const auto& f : forms) {
              auto* p = out->add_apologies();
              NoticeToProto(f.form, f.ordinal, f.agency_code, f.officer, f.at,
                            f.at_text, f.reason, p);
              ToTimestamp(f.previous_appointment,
                          p->mutable_previous_appointment());
              ToTimestamp(f.new_appointment, p->mutable_new_appointment());
              p->set_new_appointment_text(f.new_appointment_text);
              p->set_untimely(f.untimely);
              p->set_responsible_agency(f.responsible_agency);
            }
          });
      !s.ok()) {
    return s;
  }
  if (Status s = Build(engine::BuildStopNotice(log),
                       [&](const engine::StopNotice& f) {
                         NoticeToProto(f.form, 1, f.agency_code, f.officer,
                                       f.at, f.at_text, f.reason,
                                       out->mutable_stop_notice());
                       });
      !s.ok()) {
    return s;
  }
  if (Status s = Build(engine::BuildControlSheet(log),
                       [&](const engine::ControlSheet& f) {
                         auto* p = out->mutable_control_sheet();
                         ToProto(f.form, p->mutable_form());
                         for (const auto& r : f.rows) {
                           auto* row = p->add_rows();
                           row->set_from_agency(r.from_agency);
                           row->set_from_officer(r.from_officer);
                           row->set_to_agency(r.to_agency);
                           row->set_to_officer(r.to_officer);
                           ToTimestamp(r.at, row->mutable_at());
                           row->set_at_text(r.at_text);
                           if (r.step_result) {
                             row->set_step_result(ToProto(*r.step_result));
                           }
                           row->set_note(r.note);
                         }
                       });
      !s.ok()) {
    return s;
  }
  return Build(engine::BuildTrackingBookEntry(log),
               [&](const engine::TrackingBookEntry& f) {
                 auto* p = out->mutable_tracking_book_entry();
                 ToProto(f.form, p->mutable_form());
                 p->set_procedure_code(f.procedure_code);
                 p->set_procedure_name(f.procedure_name);
                 p->set_field_name(f.field_name);
                 p->set_applicant_name(f.applicant_name);
                 p->set_channel(ToProto(f.channel));
                 ToTimestamp(f.received_at, p->mutable_received_at());
                 ToTimestamp(f.appointment, p->mutable_appointment());
                 ToTimestamp(f.original_appointment,
                             p->mutable_original_appointment());
                 p->set_transferred_to(f.transferred_to);
                 if (f.completed_at) {
                   ToTimestamp(*f.completed_at, p->mutable_completed_at());
                 }
                 if (f.result) p->set_result(ToProto(*f.result));
                 if (f.returned_at) {
                   ToTimestamp(*f.returned_at, p->mutable_returned_at());
                 }
                 p->set_state(ToProto(f.state));
                 p->set_national_status(f.national_status);
                 for (const auto& a : f.late_agencies) p->add_late_agencies(a);
                 p->set_note(f.note);
               });
}

void MaskPersonalData(pb::Applicant* a, bool in_list) {
  engine::Applicant plain{a->full_name(), a->personal_id(), a->phone(),
                          a->address()};
  engine::MaskApplicant(plain, in_list);
  a->set_full_name(std::move(plain.full_name));
  a->set_personal_id(std::move(plain.personal_id));
  a->set_phone(std::move(plain.phone));
  a->set_address(std::move(plain.address));
}

std::vector<std::string> PersonalFields(const pb::Applicant& a) {
  std::vector<std::string> out;
  if (!a.full_name().empty()) out.emplace_back("full_name");
  if (!a.personal_id().empty()) out.emplace_back("personal_id");
  if (!a.phone().empty()) out.emplace_back("phone");
  if (!a.address().empty()) out.emplace_back("address");
  return out;
}

}  // namespace motcua::services

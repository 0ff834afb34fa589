#include "engine/lifecycle/forms.h"

#include <algorithm>

#include "engine/catalogue/procedure.h"
#include "engine/common/vietnamese_date.h"

namespace motcua::engine {
namespace {

// The receipt event and the terms every form needs.
Result<const DossierReceived*> Receipt(const std::vector<DossierEvent>& log) {
  if (log.empty()) return NotFound("the dossier has no events");
  const auto* r = std::get_if<DossierReceived>(&log.front().body);
  if (r == nullptr) return Internal("the log does not start with a receipt");
  if (!r->terms) {
    return FailedPrecondition("dossier " + r->code +
                              " was received without procedure terms; it "
                              "has no forms");
  }
  return r;
}

// The forms of the dossier's regime: the receipt's, or the one its online
// acceptance chose (regime.h). `log` starts with a receipt with terms.
FormHeader Header(const std::vector<DossierEvent>& log, FormKind kind) {
  const auto& r = std::get<DossierReceived>(log.front().body);
  RegimeId id = r.terms->regime;
  for (const DossierEvent& e : log) {
    const auto* t = std::get_if<DossierTransitioned>(&e.body);
    if (t != nullptr && t->transition == Transition::kAcceptOnline &&
        t->regime) {
      id = *t->regime;
    }
  }
  const Regime& regime = GetRegime(id);
  const FormRef& f = regime.form(kind);
  return {regime.id, std::string(f.number), std::string(f.name),
          std::string(f.legal_basis), r.code};
}

std::vector<const DossierTransitioned*> Transitions(
    const std::vector<DossierEvent>& log, Transition t) {
  std::vector<const DossierTransitioned*> out;
  for (const DossierEvent& e : log) {
    const auto* x = std::get_if<DossierTransitioned>(&e.body);
    if (x != nullptr && x->transition == t) out.push_back(x);
  }
  return out;
}

Instant ToMinute(Instant t) {
  return FloorDiv(t, kMicrosPerMinute) * kMicrosPerMinute;
}

std::string StepNote(const DossierTransitioned& t) {
  switch (t.transition) {
    case Transition::kTransfer:
      return "chuyển hồ sơ đến cơ quan giải quyết";
    case Transition::kForward:
      return "chuyển liên thông bước " +
             std::to_string(t.step_opened ? t.step_opened->index + 1 : 0);
    case Transition::kMarkResultReady:
      return "trả kết quả về bộ phận một cửa";
    case Transition::kRefuseAfterAppraisal:
      return "từ chối giải quyết: " + t.reason;
    case Transition::kReturnResult:
      return "trả kết quả cho người nộp (" +
             std::string(
                 ChannelName(t.return_channel.value_or(Channel::kDirect))) +
             ")";
    default:
      return t.reason;
  }
}

constexpr std::string_view kInboundNote = "bưu chính bàn giao hồ sơ";

// The handover rows of the postal legs (Decision 45/2016/QĐ-TTg): post -> desk
// (inbound handover, return to sender), desk -> post (outbound pickup), post ->
// applicant (delivery). Pickup at the applicant and failed attempts are
// not handovers of the dossier between its holders.
std::optional<ControlSheetRow> PostalRow(const DossierReceived& rec,
                                         const PostalRecorded& p) {
  ControlSheetRow row;
  row.at = ToMinute(p.at);
  row.at_text = MinuteText(p.at);
  switch (p.kind) {
    case PostalEventKind::kInboundHandover:
      row.from_agency = p.carrier;
      row.from_officer = p.postal_worker;
      row.to_agency = rec.agency_code;
      row.to_officer = p.officer;
      row.note = std::string(kInboundNote) + " (biên bản " + p.record_number +
                 ", số hiệu " + p.tracking_number + ")";
      return row;
    case PostalEventKind::kOutboundPickup:
      row.from_agency = rec.agency_code;
      row.from_officer = p.officer;
      row.to_agency = p.carrier;
      row.to_officer = p.postal_worker;
      row.note = "bàn giao kết quả cho bưu chính (sổ " + p.record_number +
                 ", số hiệu " + p.tracking_number + ")";
      return row;
    case PostalEventKind::kDelivered:
      row.from_agency = p.carrier;
      row.from_officer = p.postal_worker;
      row.to_officer = p.recipient_name;
      row.note = "bưu chính phát kết quả cho người nhận";
      return row;
    case PostalEventKind::kReturnedToSender:
      row.from_agency = p.carrier;
      row.from_officer = p.postal_worker;
      row.to_agency = rec.agency_code;
      row.note = "bưu chính chuyển hoàn kết quả" +
                 (p.reason.empty() ? std::string() : ": " + p.reason);
      return row;
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<ReceiptSlip> BuildReceiptSlip(const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  const DossierReceived& rec = **r;
  const Dossier d = Fold(log);
  if (d.state == DossierState::kSubmittedOnline ||
      d.state == DossierState::kRefusedAtReceipt) {
    return FailedPrecondition("dossier " + rec.code +
                              " was not accepted, so it has no receipt slip");
  }
  ReceiptSlip s;
  s.form = Header(log, FormKind::kReceiptSlip);
  s.agency_code = rec.agency_code;
  s.procedure_code = rec.procedure_code;
  s.procedure_name = rec.terms->procedure_name;
  s.procedure_version = rec.terms->procedure_version;
  s.applicant = rec.applicant;
  s.documents = rec.documents;
  s.channel = rec.channel;
  s.result_channel = rec.terms->result_channel;
  s.received_at = d.terms->clock_start;
  s.received_text = MinuteText(s.received_at);
  s.appointment = d.original_appointment;
  s.appointment_text = MinuteText(s.appointment);
  s.budget_text = BudgetText(rec.terms->budget);
  s.calendar = rec.terms->calendar;
  s.calendar_version = rec.terms->calendar_version;
  s.received_by = log.front().actor;
  return s;
}

Result<std::vector<SupplementRequestForm>> BuildSupplementRequests(
    const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  std::vector<SupplementRequestForm> out;
  for (const auto* t : Transitions(log, Transition::kRequestSupplement)) {
    out.push_back({Header(log, FormKind::kSupplementRequest),
                   static_cast<int>(out.size()) + 1, t->agency_code, t->officer,
                   t->at, MinuteText(t->at), t->reason, t->documents});
  }
  return out;
}

Result<RefusalForm> BuildRefusal(const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  for (Transition kind :
       {Transition::kRefuseAtReceipt, Transition::kRefuseAfterAppraisal}) {
    for (const auto* t : Transitions(log, kind)) {
      return RefusalForm{Header(log, FormKind::kRefusal),
                         kind == Transition::kRefuseAtReceipt,
                         t->agency_code,
                         t->officer,
                         t->at,
                         MinuteText(t->at),
                         t->reason};
    }
  }
  return NotFound("dossier " + (*r)->code + " was not refused");
}

Result<std::vector<ApologyForm>> BuildApologies(
    const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  std::vector<ApologyForm> out;
  // The appointment in force before each apology: replay up to it.
  Dossier d;
  for (const DossierEvent& e : log) {
    const Instant before = d.appointment;
    Apply(d, e);
    const auto* t = std::get_if<DossierTransitioned>(&e.body);
    if (t == nullptr || t->transition != Transition::kApologize) continue;
    // Recorded since the new date was kept on the event; before that only
    // timely apologies existed, and the date is the appointment they set.
    const Instant promised = t->new_appointment.value_or(d.appointment);
    ApologyForm f;
    f.form = Header(log, FormKind::kApology);
    f.ordinal = static_cast<int>(out.size()) + 1;
    f.agency_code = t->agency_code;
    f.responsible_agency =
        t->responsible_agency.empty() ? t->agency_code : t->responsible_agency;
    f.officer = t->officer;
    f.at = t->at;
    f.at_text = MinuteText(t->at);
    f.reason = t->reason;
    f.previous_appointment = before;
    f.new_appointment = promised;
    f.new_appointment_text = MinuteText(promised);
    f.untimely = t->untimely;
    out.push_back(std::move(f));
  }
  return out;
}

Result<StopNotice> BuildStopNotice(const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  for (const auto* t : Transitions(log, Transition::kStop)) {
    return StopNotice{Header(log, FormKind::kStopNotice),
                      t->agency_code,
                      t->officer,
                      t->at,
                      MinuteText(t->at),
                      t->reason};
  }
  return NotFound("dossier " + (*r)->code + " was not stopped");
}

Result<ControlSheet> BuildControlSheet(const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  ControlSheet sheet{Header(log, FormKind::kControlSheet), {}};
  bool collected_by_post = false;
  for (const DossierEvent& e : log) {
    const auto* p = std::get_if<PostalRecorded>(&e.body);
    if (p != nullptr && p->kind == PostalEventKind::kOutboundPickup) {
      collected_by_post = true;
    }
  }
  for (const DossierEvent& e : log) {
    if (const auto* p = std::get_if<PostalRecorded>(&e.body)) {
      if (auto row = PostalRow(**r, *p)) sheet.rows.push_back(std::move(*row));
      continue;
    }
    const auto* t = std::get_if<DossierTransitioned>(&e.body);
    if (t == nullptr) continue;
    // The post's collection of the result is that handover's row.
    if (t->transition == Transition::kReturnResult && collected_by_post &&
        t->return_channel == Channel::kPostal) {
      continue;
    }
    ControlSheetRow row;
    switch (t->transition) {
      case Transition::kTransfer:
      case Transition::kForward:
      case Transition::kMarkResultReady:
      case Transition::kRefuseAfterAppraisal:
        row.to_agency = t->to_agency;
        row.to_officer = t->to_officer;
        break;
      case Transition::kReturnResult:
        row.to_officer = (*r)->applicant.full_name;
        break;
      default:
        continue;
    }
    row.from_agency = t->agency_code;
    row.from_officer = t->officer;
    row.at = ToMinute(t->at);
    row.at_text = MinuteText(t->at);
    if (t->step_closed) row.step_result = t->step_closed->result;
    row.note = StepNote(*t);
    sheet.rows.push_back(std::move(row));
  }
  // Postal reports may arrive late; the sheet reads in time order, and the
  // post's handover to the desk precedes whatever the desk did that minute.
  auto inbound = [](const ControlSheetRow& r) {
    return r.note.rfind(kInboundNote, 0) == 0 ? 0 : 1;
  };
  std::stable_sort(sheet.rows.begin(), sheet.rows.end(),
                   [&](const ControlSheetRow& a, const ControlSheetRow& b) {
                     if (a.at != b.at) return a.at < b.at;
                     return inbound(a) < inbound(b);
                   });
  return sheet;
}

Result<TrackingBookEntry> BuildTrackingBookEntry(
    const std::vector<DossierEvent>& log) {
  auto r = Receipt(log);
  if (!r.ok()) return r.error();
  const Dossier d = Fold(log);
  TrackingBookEntry b;
  b.form = Header(log, FormKind::kTrackingBook);
  b.procedure_code = d.procedure_code;
  b.procedure_name = d.terms->procedure_name;
  b.field_name = d.terms->field_name;
  b.applicant_name = d.applicant.full_name;
  b.channel = d.channel;
  b.received_at = d.received_at;
  b.appointment = d.appointment;
  b.original_appointment = d.original_appointment;
  if (!d.steps.empty()) b.transferred_to = d.steps.front().agency_code;
  b.completed_at = d.completed_at;
  b.result = d.result;
  b.returned_at = d.returned_at;
  b.state = d.state;
  b.national_status = NationalStatus(d.state);
  for (const StepRecord& s : d.steps) {
    if (s.result == Timeliness::kLate) b.late_agencies.push_back(s.agency_code);
  }
  if (!d.reappointments.empty()) {
    b.note = "hẹn lại " + std::to_string(d.reappointments.size()) + " lần";
  }
  return b;
}

}  // namespace motcua::engine

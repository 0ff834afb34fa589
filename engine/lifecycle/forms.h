// The legal forms as data: structured values built from a dossier's event
// log, each with the number and name of the form in the dossier's regime
// (regime.h). Rendering (PDF, HTML, print) is not the engine's business.
//
//   form                         built from
//   receipt-and-appointment slip DossierReceived (+ accept_online)
//   supplement request           each request_supplement
//   refusal                      refuse_at_receipt or refuse_after_appraisal
//   apology and new appointment  each apologize
//   stop notice                  stop
//   process control sheet        one row per handover: transfer, forward,
//                                result ready / refusal back to the desk,
//                                return to the applicant; postal legs:
//                                post -> desk (inbound handover, return to
//                                sender), desk -> post (outbound pickup,
//                                which stands for the return_result row),
//                                post -> applicant (delivery); rows in time
//                                order (postal reports may arrive late)
//   tracking book entry          the whole log
//
// Ambiguous cases, answered:
//  - Times on the forms are Vietnamese civil time to the minute, in the one
//    format of forms and lookups (MinuteText, engine/common/
//    vietnamese_date.h: "09 giờ 30 phút, ngày 05 tháng 01 năm 2026"); the
//    Instant beside each is truncated to the minute as printed.
//  - The budget is printed in Vietnamese (BudgetText, procedure.h: "20 ngày
//    làm việc").
//  - The control sheet's step result is the result of the step the
//    handover ends (early / on time / late against that step's deadline);
//    the desk's first handover has none.
//  - An online submission not yet accepted has no slip (FailedPrecondition):
//    the slip carries an appointment, and there is none yet.
//  - A form that does not apply (no refusal in the log) is NotFound.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/lifecycle/regime.h"

namespace motcua::engine {

struct FormHeader {
  RegimeId regime = RegimeId::kDecree118;
  std::string number;  // "Mẫu số 01"; empty when the regime has no form
  std::string name;
  std::string legal_basis;
  std::string dossier_code;
};

struct ReceiptSlip {
  FormHeader form;
  std::string agency_code;
  std::string procedure_code;
  std::string procedure_name;
  int procedure_version = 0;
  Applicant applicant;
  std::vector<Document> documents;
  Channel channel = Channel::kDirect;
  Channel result_channel = Channel::kDirect;
  Instant received_at = 0;  // receipt (online: acceptance)
  std::string received_text;
  Instant appointment = 0;
  std::string appointment_text;
  std::string budget_text;  // "10 ngày làm việc"
  std::string calendar;
  int64_t calendar_version = 0;
  std::string received_by;  // client id that recorded it
};

struct SupplementRequestForm {
  FormHeader form;
  int ordinal = 1;  // 1st, 2nd request of the dossier
  std::string agency_code;
  std::string officer;
  Instant at = 0;
  std::string at_text;
  std::string reason;
  std::vector<Document> documents;
};

struct RefusalForm {
  FormHeader form;
  bool at_receipt = false;  // refused at receipt vs after appraisal
  std::string agency_code;
  std::string officer;
  Instant at = 0;
  std::string at_text;
  std::string reason;
};

// An apology and the new appointment it gives. An untimely one (later
// than the regime's lead time; decide.h, "Apologies") is a letter all the
// same: it prints the new date it promises, while the dossier stays due by
// the appointment in force.
struct ApologyForm {
  FormHeader form;
  int ordinal = 1;
  std::string agency_code;  // the agency that issued it
  // The unit named as responsible for the delay (the issuing agency for
  // apologies recorded before the field existed).
  std::string responsible_agency;
  std::string officer;
  Instant at = 0;
  std::string at_text;
  std::string reason;
  Instant previous_appointment = 0;
  Instant new_appointment = 0;
  std::string new_appointment_text;
  bool untimely = false;
};

struct StopNotice {
  FormHeader form;
  std::string agency_code;
  std::string officer;
  Instant at = 0;
  std::string at_text;
  std::string reason;
};

// Postal rows name the carrier ("vnpost") as the agency and the postal
// worker as the officer.
struct ControlSheetRow {
  std::string from_agency;
  std::string from_officer;
  std::string to_agency;   // empty for the return to the applicant
  std::string to_officer;  // the applicant's name on return
  Instant at = 0;          // truncated to the minute
  std::string at_text;
  std::optional<Timeliness> step_result;
  std::string note;
};

struct ControlSheet {
  FormHeader form;
  std::vector<ControlSheetRow> rows;
};

struct TrackingBookEntry {
  FormHeader form;
  std::string procedure_code;
  std::string procedure_name;
  std::string field_name;
  std::string applicant_name;
  Channel channel = Channel::kDirect;
  Instant received_at = 0;
  Instant appointment = 0;           // in force
  Instant original_appointment = 0;  // printed on the slip
  std::string transferred_to;        // first processing agency
  std::optional<Instant> completed_at;
  std::optional<Timeliness> result;
  std::optional<Instant> returned_at;
  DossierState state = DossierState::kReceived;
  int national_status = 0;
  // Agencies whose steps were late, in order (lateness attribution).
  std::vector<std::string> late_agencies;
  std::string note;
};

Result<ReceiptSlip> BuildReceiptSlip(const std::vector<DossierEvent>& log);
Result<std::vector<SupplementRequestForm>> BuildSupplementRequests(
    const std::vector<DossierEvent>& log);
Result<RefusalForm> BuildRefusal(const std::vector<DossierEvent>& log);
Result<std::vector<ApologyForm>> BuildApologies(
    const std::vector<DossierEvent>& log);
Result<StopNotice> BuildStopNotice(const std::vector<DossierEvent>& log);
Result<ControlSheet> BuildControlSheet(const std::vector<DossierEvent>& log);
Result<TrackingBookEntry> BuildTrackingBookEntry(
    const std::vector<DossierEvent>& log);

}  // namespace motcua::engine

// Translation between motcua.v1 dossier messages and engine types.
// Structural only: the engine validates; this file never decides whether a
// value is allowed, except that an out-of-range enum or Timestamp cannot be
// represented and is reported as INVALID_ARGUMENT naming the field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/common/field_violations.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/dossier/receipt.h"
#include "engine/lifecycle/decide.h"
#include "engine/lifecycle/forms.h"
#include "engine/postal/decide_postal.h"
#include "motcua/v1/dossier.pb.h"

namespace motcua::services {

engine::Result<engine::ReceiveCommand> FromProto(
    const motcua::v1::SubmitDossierRequest& request);

// The action as a lifecycle command for `transition`.
engine::Result<engine::LifecycleCommand> FromProto(
    const motcua::v1::DossierAction& action, engine::Transition transition);

// The same, collecting: what cannot be represented is recorded in `v` and
// left unset, so that the engine's checks can still run on the rest and the
// client hears about every bad field at once (google.rpc.BadRequest).
engine::ReceiveCommand FromProto(
    const motcua::v1::SubmitDossierRequest& request,
    engine::FieldViolations& v);
engine::LifecycleCommand FromProto(const motcua::v1::DossierAction& action,
                                   engine::Transition transition,
                                   engine::FieldViolations& v);

// The stored state. With a calendar (the dossier's), `overdue` and
// `remaining_working_seconds` are derived at `now`.
void ToProto(const engine::Dossier& dossier, motcua::v1::Dossier* out,
             const engine::WorkingCalendar* calendar = nullptr,
             engine::Instant now = 0);
void ToProto(const engine::DossierEvent& event, motcua::v1::DossierEvent* out);

// Masks the personal fields of `a` as engine::MaskApplicant does (the name
// too when `in_list`).
void MaskPersonalData(motcua::v1::Applicant* a, bool in_list);
// The names of the personal fields `a` carries (non-empty), as the access
// log records them: "full_name", "personal_id", "phone", "address".
std::vector<std::string> PersonalFields(const motcua::v1::Applicant& a);

// A carrier's report from the wire; InvalidArgument naming `field` for an
// unrepresentable kind or instant (the engine checks the rest).
engine::Result<engine::PostalRecorded> FromProto(
    const motcua::v1::PostalReport& report, const std::string& field);
engine::PostalRecorded FromProto(const motcua::v1::PostalReport& report,
                                 const std::string& field,
                                 engine::FieldViolations& v);
void ToProto(const engine::PostalRecorded& report,
             motcua::v1::PostalReport* out);

motcua::v1::Channel ToProto(engine::Channel c);
motcua::v1::DossierState ToProto(engine::DossierState s);
motcua::v1::Timeliness ToProto(engine::Timeliness t);

// Every form the log has produced (forms.h); NotFound forms are left unset.
engine::Status ToProto(const std::vector<engine::DossierEvent>& log,
                       motcua::v1::GetFormsResponse* out);

}  // namespace motcua::services

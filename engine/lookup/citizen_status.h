// The citizen-facing status of a dossier (issue 6 §5; DOMAIN.md §8): what a
// citizen sees when she looks her dossier up by code and receipt secret on
// the web, by phone or by SMS.
//
// Model: a pure view of the dossier and its event log, in Vietnamese:
//  - status_text per state (national portal status alongside): "Đã tiếp
//    nhận", "Đang giải quyết" (transferred or in processing), "Yêu cầu bổ
//    sung hồ sơ", "Đã có kết quả", "Đã trả kết quả", ...;
//  - the appointment in force ("17 giờ 00 phút, ngày 08 tháng 01 năm 2026");
//  none while an
//    online submission awaits the officer's check, or without terms;
//  - the holder agency (code and name, names from the catalogue through
//    `agency_name`);
//  - steps_done: the events a citizen recognises, oldest first by when they
//    happened (a late postal report takes its place in time): receipt,
//    transfer to X, supplement requested / received, payment required /
//    confirmed, forwarded to Y, re-appointment, result ready, refusal,
//    return, withdrawal, stop, the postal legs, and the citizen's own rating
//    ("Đã đánh giá mức độ hài lòng"; not its level, complaint or comment).
//    Starting processing and
//    the sweeper's deadline notices concern the agencies and are left out.
//  - overdue: the appointment date has passed without a result (the clock
//    rule of ReadDeadlines), false for completed or closed dossiers, and
//    false when no calendar is given (the caller could not load it) or the
//    calendar cannot answer;
//  - sms_text: code, status and the appointment (or the result date), ASCII,
//    at most 160 characters.
// No personal data: no applicant name, ID number, phone or address, no
// officer names, no reasons (free text may name people), no postal
// recipient.
//
// Thread safety: pure function.
//
// Example:
//   CitizenStatus s = BuildCitizenStatus(d, log, name_of, now, cal.get());
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

struct CitizenStatus {
  std::string code;
  int national_status = 0;
  std::string status_text;
  std::optional<Instant> appointment;
  std::string appointment_text;  // "17 giờ 00 phút, ngày 08 tháng 01 năm 2026";
                                 // empty if none
  std::string holder_agency_code;
  std::string holder_agency_name;
  struct Step {
    std::string text;
    Instant at = 0;
    std::string at_text;  // "09 giờ 30 phút, ngày 05 tháng 01 năm 2026"

    friend bool operator==(const Step&, const Step&) = default;
  };
  std::vector<Step> steps_done;
  bool overdue = false;
  std::string sms_text;

  friend bool operator==(const CitizenStatus&, const CitizenStatus&) = default;
};

// "Đang giải quyết", ...; every state has one.
std::string_view CitizenStatusText(DossierState state);

// `log` is the dossier's event log (d == Fold(log)); `agency_name` answers
// a display name for an agency code (return the code itself when unknown);
// `cal` is the dossier's calendar or null.
CitizenStatus BuildCitizenStatus(
    const Dossier& d, const std::vector<DossierEvent>& log,
    const std::function<std::string(std::string_view agency_code)>& agency_name,
    Instant now, const WorkingCalendar* cal);

}  // namespace motcua::engine

// Vietnamese dates and times as printed for people: the one format of the
// forms (receipt slip, supplement request, refusal, apology, control
// sheet), the citizen lookup and the applicants' notifications.
//
// The legal style of Vietnamese administrative documents (Decree
// 30/2020/NĐ-CP, Appendix I: "ngày ... tháng ... năm ..."), with the
// zero-padding that rule prescribes against later alteration: a day below
// 10 and the months 1 and 2 take a leading zero, other months do not:
//   "ngày 02 tháng 12 năm 2026", "ngày 15 tháng 3 năm 2026",
//   "ngày 08 tháng 01 năm 2026".
// Times are written as the forms of Circular 01/2018/TT-VPCP ask for them
// ("... giờ ... phút, ngày ... tháng ... năm ..."), hours and minutes on
// two digits, 24-hour clock: "17 giờ 00 phút, ngày 08 tháng 01 năm 2026".
//
// Every date is the Vietnamese civil date of the instant (UTC+7,
// civil_time.h): 2026-01-07T17:30:00Z is "00 giờ 30 phút, ngày 08 tháng 01
// năm 2026". Sub-minute parts are dropped (truncated, never rounded up).
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "engine/common/civil_time.h"

namespace motcua::engine {

// "ngày 08 tháng 01 năm 2026"
std::string VietnameseDate(CivilDate d);
// VietnameseDate of the instant's Vietnamese civil date.
std::string DateText(Instant t);
// "17 giờ 00 phút, ngày 08 tháng 01 năm 2026"
std::string MinuteText(Instant t);

}  // namespace motcua::engine

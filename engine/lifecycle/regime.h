// Rule regimes: which texts govern a dossier, chosen once by the date it
// counts as received and kept for its whole life. Each regime starts at
// its text's effective date:
//
//   kDecree61             from 2018-06-21: Decree 61/2018/NĐ-CP (in force
//                         21/06/2018); forms of Circular 01/2018/TT-VPCP.
//                         No limit on supplement requests or
//                         re-appointments: the "once" limits came with
//                         Decree 107/2021.
//   kDecree61And107       from 2021-12-06: Decree 61/2018 as amended by
//                         Decree 107/2021/NĐ-CP (dated and, as we read it,
//                         in force 06/12/2021): one supplement request
//                         during processing, one re-appointment.
//   kDecree118Circular01  from 2025-07-01: Decree 118/2025/NĐ-CP (in force
//                         01/07/2025), before its circular: the forms of
//                         Circular 01/2018 stay in use.
//   kDecree118            from 2025-09-15: Decree 118/2025 with the forms of
//                         Circular 03/2025/TT-VPCP (dated 15/09/2025; in
//                         force for its forms from that day, per published
//                         summaries of its Appendix I).
//
// What is not verified against the texts (issue 11 item 11), and so data
// to correct here, not code: the limits of Decree 118/2025 (one supplement
// request, one re-appointment, the apology one working day before the
// appointment) are those of 61/107 carried over, as the code had them; the
// text of Decree 118/2025 was not available to check them. The effective
// dates of Decree 107/2021 (taken as its signing date) and of Circular
// 03/2025's forms come from secondary sources. The one-working-day
// apology lead time of the original Decree 61/2018 is assumed, like the
// later regimes'.
//
// Limits and form names/numbers are data here, not code: the decide step
// (decide.h) and the forms (forms.h) read them from the dossier's regime.
//
// Ambiguous cases, answered:
//  - The boundary is by Vietnamese civil date of receipt: received
//    2025-06-30 23:59 (UTC+7) is 61/107 even if processed in July.
//  - An online submission counts as received when the officer has checked
//    and accepted it, so its regime is chosen again at acceptance (the
//    accept_online event records it when it differs from the submission's):
//    submitted 2025-06-30, accepted 2025-07-01 is 118/2025. Its code keeps
//    its submission date, and its procedure version stays the one pinned
//    at submission.
//  - Receipts before 2018-06-21 (entered late, or migrated) get the
//    earliest regime modelled, kDecree61: motcua models no earlier text
//    (Decision 09/2015/QĐ-TTg).
//  - Dossiers stored with an id before its range was narrowed keep it: a
//    dossier received in 2020 and stored as kDecree61And107 stays so.
//  - Limits count per dossier, not per agency: one supplement request in
//    the whole of processing, whichever agency asks.
//  - Circular 01/2018 has no form for stopping; the stop notice of those
//    regimes has an empty number and is an ordinary written notice.
//
// Thread safety: immutable static data.
#pragma once

#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

enum class FormKind : uint8_t {
  kReceiptSlip,  // giấy tiếp nhận hồ sơ và hẹn trả kết quả
  kSupplementRequest,  // phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
  kRefusal,  // phiếu từ chối tiếp nhận giải quyết hồ sơ
  kApology,  // xin lỗi và hẹn lại ngày trả kết quả / đề nghị gia hạn
  kStopNotice,    // thông báo dừng giải quyết
  kControlSheet,  // phiếu kiểm soát quá trình giải quyết hồ sơ
  kTrackingBook,  // sổ theo dõi hồ sơ
};
inline constexpr int kFormKindCount = 7;

struct FormRef {
  std::string_view number;  // "Mẫu số 01", "Mẫu số 1"; empty: no form
  std::string_view name;
  std::string_view legal_basis;  // the circular that publishes it
};

struct Regime {
  RegimeId id;
  std::string_view name;    // "61/2018 + 107/2021"
  std::string_view decree;  // full citation
  CivilDate first_receipt_date;
  // Supplement requests allowed during processing (per dossier); INT_MAX
  // when the regime sets no limit.
  int max_supplement_requests;
  // Apologies with a new appointment allowed (per dossier); INT_MAX when
  // the regime sets no limit.
  int max_reappointments;
  // An apology must be issued at least this many working days before the
  // appointment in force (the appointment date itself does not count).
  int apology_lead_working_days;
  FormRef forms[kFormKindCount];

  const FormRef& form(FormKind kind) const {
    return forms[static_cast<int>(kind)];
  }
};

// The regime for a dossier that counts as received on `receipt_date` (an
// online one: accepted on it).
const Regime& RegimeFor(CivilDate receipt_date);
const Regime& GetRegime(RegimeId id);

}  // namespace motcua::engine

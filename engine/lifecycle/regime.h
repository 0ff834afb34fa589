// Rule regimes: which decree governs a dossier, chosen once
// by its receipt date and kept for its whole life.
//
//   kDecree61And107  received until 2025-06-30: Decree 61/2018/NĐ-CP as
//                    amended by Decree 107/2021/NĐ-CP; forms of Circular
//                    01/2018/TT-VPCP (Mẫu 01–06).
//   kDecree118       received from 2025-07-01: Decree 118/2025/NĐ-CP;
//                    forms of Circular 03/2025/TT-VPCP (forms 1–7).
//
// Limits and form names/numbers are data here, not code: the decide step
// (decide.h) and the forms (forms.h) read them from the dossier's regime.
//
// Ambiguous cases, answered:
//  - The boundary is by Vietnamese civil date of receipt: received
//    2025-06-30 23:59 (UTC+7) is 61/107 even if processed in July.
//  - An online submission checked after 2025-07-01 but submitted before
//    keeps the regime of its submission date (its code carries that date).
//  - Limits count per dossier, not per agency: one supplement request in
//    the whole of processing, whichever agency asks.
//  - Circular 01/2018 has no form for stopping; the stop notice of that
//    regime has an empty number and is an ordinary written notice.
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
  // Supplement requests allowed during processing (per dossier).
  int max_supplement_requests;
  // Apologies with a new appointment allowed (per dossier).
  int max_reappointments;
  // An apology must be issued at least this many working days before the
  // appointment in force (the appointment date itself does not count).
  int apology_lead_working_days;
  FormRef forms[kFormKindCount];

  const FormRef& form(FormKind kind) const {
    return forms[static_cast<int>(kind)];
  }
};

// The regime for a dossier received on `receipt_date`.
const Regime& RegimeFor(CivilDate receipt_date);
const Regime& GetRegime(RegimeId id);

}  // namespace motcua::engine

#include "engine/lifecycle/regime.h"

#include <limits>

namespace motcua::engine {
namespace {

constexpr std::string_view kCircular01 = "Thông tư 01/2018/TT-VPCP";
constexpr std::string_view kCircular03 = "Thông tư 03/2025/TT-VPCP";
constexpr int kUnlimited = std::numeric_limits<int>::max();

// The forms of Circular 01/2018/TT-VPCP (Mẫu 01-06). It has no stop form:
// the stop notice of these regimes is an ordinary written notice.
constexpr FormRef kCircular01Forms[kFormKindCount] = {
    {"Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", kCircular01},
    {"Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", kCircular01},
    {"Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", kCircular01},
    {"Mẫu số 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", kCircular01},
    {"", "Thông báo dừng giải quyết hồ sơ", kCircular01},
    {"Mẫu số 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", kCircular01},
    {"Mẫu số 06", "Sổ theo dõi hồ sơ", kCircular01}};

// The forms of Circular 03/2025/TT-VPCP, names as its Appendix I lists
// them (Mẫu 1-7).
constexpr FormRef kCircular03Forms[kFormKindCount] = {
    {"Mẫu số 1", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", kCircular03},
    {"Mẫu số 2", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", kCircular03},
    {"Mẫu số 3", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", kCircular03},
    {"Mẫu số 4", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
     kCircular03},
    {"Mẫu số 5", "Thông báo dừng giải quyết hồ sơ", kCircular03},
    {"Mẫu số 6", "Phiếu kiểm soát quá trình giải quyết hồ sơ", kCircular03},
    {"Mẫu số 7", "Sổ theo dõi hồ sơ", kCircular03}};

Regime Make(RegimeId id, std::string_view name, std::string_view decree,
            CivilDate first, int supplements, int reappointments, int lead,
            const FormRef (&forms)[kFormKindCount]) {
  Regime r{id, name, decree, first, supplements, reappointments, lead, {}};
  for (int i = 0; i < kFormKindCount; ++i) r.forms[i] = forms[i];
  return r;
}

// In order of first receipt date (RegimeFor relies on it). The dates and
// limits, and how sure we are of them, are in regime.h.
const Regime kRegimes[] = {
    Make(RegimeId::kDecree61, "61/2018", "Nghị định 61/2018/NĐ-CP",
         {2018, 6, 21}, kUnlimited, kUnlimited, 1, kCircular01Forms),
    Make(RegimeId::kDecree61And107, "61/2018 + 107/2021",
         "Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP",
         {2021, 12, 6}, 1, 1, 1, kCircular01Forms),
    Make(RegimeId::kDecree118Circular01, "118/2025 (mẫu 01/2018)",
         "Nghị định 118/2025/NĐ-CP", {2025, 7, 1}, 1, 1, 1, kCircular01Forms),
    Make(RegimeId::kDecree118, "118/2025",
         "Nghị định 118/2025/NĐ-CP, sửa đổi bởi Nghị định 367/2025/NĐ-CP",
         {2025, 9, 15}, 1, 1, 1, kCircular03Forms),
};

}  // namespace

const Regime& RegimeFor(CivilDate receipt_date) {
  const Regime* found = &kRegimes[0];
  for (const Regime& r : kRegimes) {
    if (r.first_receipt_date <= receipt_date) found = &r;
  }
  return *found;
}

const Regime& GetRegime(RegimeId id) {
  for (const Regime& r : kRegimes) {
    if (r.id == id) return r;
  }
  return kRegimes[std::size(kRegimes) - 1];
}

}  // namespace motcua::engine

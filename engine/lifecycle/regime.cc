#include "engine/lifecycle/regime.h"

namespace motcua::engine {
namespace {

constexpr std::string_view kCircular01 = "Thông tư 01/2018/TT-VPCP";
constexpr std::string_view kCircular03 = "Thông tư 03/2025/TT-VPCP";

// Order follows FormKind.
const Regime kRegimes[] = {
    {RegimeId::kDecree61And107,
     "61/2018 + 107/2021",
     "Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP",
     {2000, 1, 1},
     1,
     1,
     1,
     {{"Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", kCircular01},
      {"Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", kCircular01},
      {"Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", kCircular01},
      {"Mẫu số 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", kCircular01},
      {"", "Thông báo dừng giải quyết hồ sơ", kCircular01},
      {"Mẫu số 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", kCircular01},
      {"Mẫu số 06", "Sổ theo dõi hồ sơ", kCircular01}}},
    {RegimeId::kDecree118,
     "118/2025",
     "Nghị định 118/2025/NĐ-CP, sửa đổi bởi Nghị định 367/2025/NĐ-CP",
     {2025, 7, 1},
     1,
     1,
     1,
     {{"Mẫu số 1", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", kCircular03},
      {"Mẫu số 2", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", kCircular03},
      // Names as Appendix I of Circular 03/2025/TT-VPCP lists them.
      {"Mẫu số 3", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", kCircular03},
      {"Mẫu số 4", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
       kCircular03},
      {"Mẫu số 5", "Thông báo dừng giải quyết hồ sơ", kCircular03},
      {"Mẫu số 6", "Phiếu kiểm soát quá trình giải quyết hồ sơ", kCircular03},
      {"Mẫu số 7", "Sổ theo dõi hồ sơ", kCircular03}}},
};

}  // namespace

const Regime& RegimeFor(CivilDate receipt_date) {
  return receipt_date < kRegimes[1].first_receipt_date ? kRegimes[0]
                                                       : kRegimes[1];
}

const Regime& GetRegime(RegimeId id) {
  return id == RegimeId::kDecree61And107 ? kRegimes[0] : kRegimes[1];
}

}  // namespace motcua::engine

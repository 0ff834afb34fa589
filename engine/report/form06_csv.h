// Form 06 as CSV: what the office opens in Excel and files.
//
// Layout (RFC 4180, UTF-8 with a byte-order mark so Excel reads the
// Vietnamese; CRLF line ends; fields quoted when they hold a comma, quote or
// line break):
//   1. the title "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" and the
//      form's reference (Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP);
//   2. the period: its Vietnamese name and "Từ ngày 15/12/2025 đến ngày
//      14/03/2026";
//   3. three heading rows as on the printed form (Biểu số 06/VPCP/KSTT,
//      Circular 01/2020/TT-VPCP): the column groups ("Số hồ sơ nhận giải
//      quyết" over 3..6, "Số hồ sơ đã giải quyết" over 7..10, "Số hồ sơ đang
//      giải quyết" over 11..13); "Tổng số" (3), "Trong đó" over 4..5, "Từ
//      kỳ trước" (6), "Tổng số" (7), "Trước hạn", "Đúng hạn", "Quá hạn",
//      "Tổng số" (11), "Trong hạn", "Quá hạn"; then "Trực tuyến" (4) and
//      "Trực tiếp, dịch vụ bưu chính" (5); then the row of column numbers
//      (1) .. (13). Column 3 = 4 + 5 + 6 and 3 = 7 + 11 (form06.h);
//   4. the rows of Form06::rows in order, then "Tổng cộng";
//   5. the treatment note (Form06::treatment_note).
// Numbers are plain integers, no thousands separators.
//
// Thread safety: a pure function.
//
// Example:
//   std::string bytes = Form06Csv(BuildForm06(facts, *q, {}, dict));
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "engine/report/form06.h"

namespace motcua::engine {

std::string Form06Csv(const Form06& form);

// The printed form's texts (Biểu số 06/VPCP/KSTT, Circular 01/2020/TT-VPCP),
// shared by the CSV and the XLSX export.
inline constexpr std::string_view kForm06Title =
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH";
inline constexpr std::string_view kForm06Reference =
    "Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP";
inline constexpr std::string_view kForm06GroupReceived =
    "Số hồ sơ nhận giải quyết";  // columns 3..6
inline constexpr std::string_view kForm06GroupResolved =
    "Số hồ sơ đã giải quyết";  // columns 7..10
inline constexpr std::string_view kForm06GroupInProgress =
    "Số hồ sơ đang giải quyết";  // columns 11..13
inline constexpr std::string_view kForm06OfWhich = "Trong đó";  // over 4..5

// The headings of columns 1..13 (index 0 is column 1), Vietnamese, as the
// lowest heading cell of each column prints them: column 3 "Tổng số",
// 4 "Trực tuyến", 5 "Trực tiếp, dịch vụ bưu chính", 6 "Từ kỳ trước", ...
const std::array<std::string_view, 13>& Form06ColumnHeadings();

}  // namespace motcua::engine

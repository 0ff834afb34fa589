// Form 06 as an Excel workbook (.xlsx), made with libxlsxwriter: the same
// content as the CSV (engine/report/form06_csv.h), laid out as the printed
// form of Circular 01/2020/TT-VPCP so the office can file it as it is.
//
// One worksheet, "Mẫu 06" (rows are 1-based, as Excel shows them):
//   1  the title "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", merged
//      across A:M, bold;
//   2  the form reference "Mẫu số 06, Thông tư 01/2020/TT-VPCP", merged;
//   3  "Kỳ báo cáo: Quý I năm 2026", merged;
//   4  "Từ ngày 15/12/2025 đến ngày 14/03/2026", merged;
//   6  the column groups: "STT" (A6:A7) and "Lĩnh vực giải quyết" (B6:B7)
//      merged down, "Số hồ sơ nhận giải quyết" over C6:F6, "Số hồ sơ đã giải
//      quyết" over G6:J6, "Số hồ sơ đang giải quyết" over K6:M6;
//   7  the headings of columns 3..13 (Form06ColumnHeadings());
//   8  the column numbers (1) .. (13);
//   9  Form06::rows in order, then "Tổng cộng"; level and agency subtotal
//      rows and the total are bold, field rows are not;
//   then a blank row and "Ghi chú: " + Form06::treatment_note, merged A:M,
//   wrapped.
// Figures are numeric cells (not text), so Excel can sum them; ordinals and
// labels are text. The heading rows repeat on every printed page; the page
// is A4 landscape, one page wide; panes are frozen below the column numbers.
//
// Made in memory through MakeXlsx (xlsx_workbook.h), whose errors it returns.
//
// Thread safety: a pure function apart from its own temporary file; calls
// may run concurrently.
//
// Example:
//   auto bytes = Form06Xlsx(engine::BuildForm06(facts, *q, {}, dict));
//   if (!bytes.ok()) return bytes.error();
#pragma once

#include <string>

#include "engine/common/result.h"
#include "engine/report/form06.h"

namespace motcua::adapters {

engine::Result<std::string> Form06Xlsx(const engine::Form06& form);

}  // namespace motcua::adapters

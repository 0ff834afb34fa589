// Form 06 as CSV: what the office opens in Excel and files.
//
// Layout (RFC 4180, UTF-8 with a byte-order mark so Excel reads the
// Vietnamese; CRLF line ends; fields quoted when they hold a comma, quote or
// line break):
//   1. the title "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" and the
//      form's reference (Mẫu số 06, Thông tư 01/2020/TT-VPCP);
//   2. the period: its Vietnamese name and "Từ ngày 15/12/2025 đến ngày
//      14/03/2026";
//   3. two heading rows (the column groups, then the columns) and the row of
//      column numbers (1) .. (13), as on the printed form;
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

// The headings of columns 1..13 (index 0 is column 1), Vietnamese.
const std::array<std::string_view, 13>& Form06ColumnHeadings();

}  // namespace motcua::engine

// A plain table (engine/report/table.h: the Decision 766 indicators, the
// overdue list) as an Excel workbook, made with libxlsxwriter the way Form
// 06 is (xlsx_workbook.h).
//
// One worksheet named `sheet` (at most 31 characters, none of []:*?/\):
//   row 1   the table's title, bold, merged across the columns;
//   row 3   the headings, bold, wrapped, bordered;
//   row 4.. the rows: text cells as text, number cells as numbers (so Excel
//           can sum them) shown with the cell's decimals.
// Panes are frozen below the headings, which repeat on every printed page;
// A4 landscape, one page wide.
//
// Thread safety: as MakeXlsx.
//
// Example:
//   auto bytes = TableXlsx(table, "Chỉ số 766");
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.h"
#include "engine/report/table.h"

namespace motcua::adapters {

engine::Result<std::string> TableXlsx(const engine::Table& table,
                                      const std::string& sheet);

}  // namespace motcua::adapters

#include "adapters/export/table_xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>

#include "adapters/export/xlsx_workbook.h"

namespace motcua::adapters {
namespace {

constexpr lxw_row_t kHeadingRow = 2;

lxw_format* Format(lxw_workbook* wb, bool bold, bool border, bool wrap) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, "Times New Roman");
  format_set_font_size(f, 12);
  if (bold) {
    format_set_bold(f);
  }
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  if (border) {
    format_set_border(f, LXW_BORDER_THIN);
  }
  if (wrap) {
    format_set_text_wrap(f);
  }
  return f;
}

}  // namespace

engine::Result<std::string> TableXlsx(const engine::Table& table,
                                      const std::string& sheet) {
  return MakeXlsx(sheet, [&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
    if (ws == nullptr) {
      return LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED;
    }
    lxw_error error = LXW_NO_ERROR;
    auto check = [&error](lxw_error e) {
      if (error == LXW_NO_ERROR) error = e;
    };
    lxw_format* title = Format(wb, true, false, false);
    format_set_font_size(title, 14);
    lxw_format* heading = Format(wb, true, true, true);
    format_set_align(heading, LXW_ALIGN_CENTER);
    lxw_format* text = Format(wb, false, true, true);
    // One number format per number of decimals ("0", "0.00", ...).
    std::vector<lxw_format*> numbers;
    auto number = [&](int decimals) {
      decimals = std::clamp(decimals, 0, 6);
      while (static_cast<int>(numbers.size()) <= decimals) {
        lxw_format* f = Format(wb, false, true, false);
        const int d = static_cast<int>(numbers.size());
        format_set_num_format(
            f, d == 0
                   ? "0"
                   : ("0." + std::string(static_cast<size_t>(d), '0')).c_str());
        numbers.push_back(f);
      }
      return numbers[static_cast<size_t>(decimals)];
    };

    const lxw_col_t columns =
        static_cast<lxw_col_t>(std::max<size_t>(1, table.headings.size()));
    if (columns > 1) {
      check(worksheet_merge_range(ws, 0, 0, 0, columns - 1, table.title.c_str(),
                                  title));
    } else {
      check(worksheet_write_string(ws, 0, 0, table.title.c_str(), title));
    }
    for (lxw_col_t c = 0; c < table.headings.size(); ++c) {
      check(worksheet_write_string(ws, kHeadingRow, c,
                                   table.headings[c].c_str(), heading));
      check(worksheet_set_column(ws, c, c, c == 1 ? 40 : 16, nullptr));
    }
    check(worksheet_set_row(ws, kHeadingRow, 48, nullptr));
    lxw_row_t row = kHeadingRow + 1;
    for (const std::vector<engine::Cell>& cells : table.rows) {
      for (lxw_col_t c = 0; c < cells.size(); ++c) {
        const engine::Cell& cell = cells[c];
        if (cell.kind == engine::Cell::Kind::kText) {
          check(worksheet_write_string(ws, row, c, cell.text.c_str(), text));
        } else {
          check(worksheet_write_number(ws, row, c, cell.number,
                                       number(cell.decimals)));
        }
      }
      ++row;
    }
    check(worksheet_repeat_rows(ws, kHeadingRow, kHeadingRow));
    worksheet_freeze_panes(ws, kHeadingRow + 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    return error;
  });
}

}  // namespace motcua::adapters

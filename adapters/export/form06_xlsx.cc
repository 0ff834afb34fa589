#include "adapters/export/form06_xlsx.h"

#include <xlsxwriter.h>

#include <string>

#include "adapters/export/xlsx_workbook.h"
#include "engine/report/form06_csv.h"

namespace motcua::adapters {
namespace {

using engine::Form06;
using engine::Form06Counts;
using engine::Form06Row;
using engine::Form06RowKind;

constexpr const char* kTotal = "Tổng cộng";

constexpr lxw_col_t kLastCol = 12;  // column M, the form's column 13
// Three heading rows as on Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP),
// the texts shared with the CSV (form06_csv.h).
constexpr lxw_row_t kHeadingRow = 5;
constexpr lxw_row_t kChannelRow = 7;
constexpr lxw_row_t kNumberRow = 8;
constexpr lxw_row_t kFirstDataRow = 9;

struct Formats {
  lxw_format* title;
  lxw_format* subtitle;
  lxw_format* heading;
  lxw_format* number_heading;
  lxw_format* text;
  lxw_format* text_bold;
  lxw_format* count;
  lxw_format* count_bold;
  lxw_format* note;
};

Formats MakeFormats(lxw_workbook* wb) {
  auto make = [wb](bool bold, uint8_t align, bool border, bool wrap) {
    lxw_format* f = workbook_add_format(wb);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, 12);
    if (bold) {
      format_set_bold(f);
    }
    format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border) {
      format_set_border(f, LXW_BORDER_THIN);
    }
    if (wrap) {
      format_set_text_wrap(f);
    }
    return f;
  };
  Formats f;
  f.title = make(true, LXW_ALIGN_CENTER, false, false);
  format_set_font_size(f.title, 14);
  f.subtitle = make(false, LXW_ALIGN_CENTER, false, false);
  format_set_italic(f.subtitle);
  f.heading = make(true, LXW_ALIGN_CENTER, true, true);
  f.number_heading = make(false, LXW_ALIGN_CENTER, true, false);
  format_set_italic(f.number_heading);
  f.text = make(false, LXW_ALIGN_LEFT, true, true);
  f.text_bold = make(true, LXW_ALIGN_LEFT, true, true);
  f.count = make(false, LXW_ALIGN_RIGHT, true, false);
  format_set_num_format(f.count, "0");
  f.count_bold = make(true, LXW_ALIGN_RIGHT, true, false);
  format_set_num_format(f.count_bold, "0");
  f.note = make(false, LXW_ALIGN_LEFT, false, true);
  format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

// Writes the sheet, remembering the first libxlsxwriter error: the calls
// have no reason to fail on a valid form, so one check at the end suffices.
class SheetWriter {
 public:
  SheetWriter(lxw_worksheet* ws, const Formats& f) : ws_(ws), f_(f) {}

  void Merged(lxw_row_t row, lxw_col_t first, lxw_col_t last,
              const std::string& text, lxw_format* format) {
    Check(worksheet_merge_range(ws_, row, first, row, last, text.c_str(),
                                format));
  }

  void Write(const Form06& form) {
    Check(worksheet_set_column(ws_, 0, 0, 7, nullptr));
    Check(worksheet_set_column(ws_, 1, 1, 42, nullptr));
    Check(worksheet_set_column(ws_, 2, kLastCol, 13, nullptr));

    Merged(0, 0, kLastCol, std::string(engine::kForm06Title), f_.title);
    Merged(1, 0, kLastCol, std::string(engine::kForm06Reference), f_.subtitle);
    Merged(2, 0, kLastCol, "Kỳ báo cáo: " + form.period.name_vi, f_.subtitle);
    // "15/12/2025 - 14/03/2026" -> "Từ ngày 15/12/2025 đến ngày 14/03/2026",
    // as the CSV prints it.
    Merged(
        3, 0, kLastCol,
        "Từ ngày " +
            engine::FormatPeriodRange(form.period).replace(10, 3, " đến ngày "),
        f_.subtitle);

    const auto& headings = engine::Form06ColumnHeadings();
    auto tall = [&](lxw_row_t first, lxw_col_t c) {
      Check(worksheet_merge_range(ws_, first, c, kChannelRow, c,
                                  std::string(headings[c]).c_str(),
                                  f_.heading));
    };
    tall(kHeadingRow, 0);
    tall(kHeadingRow, 1);
    Merged(kHeadingRow, 2, 5, std::string(engine::kForm06GroupReceived),
           f_.heading);
    Merged(kHeadingRow, 6, 9, std::string(engine::kForm06GroupResolved),
           f_.heading);
    Merged(kHeadingRow, 10, kLastCol,
           std::string(engine::kForm06GroupInProgress), f_.heading);
    // "Tổng số" (3) | "Trong đó" over "Trực tuyến" (4), "Trực tiếp, dịch
    // vụ bưu chính" (5) | "Từ kỳ trước" (6); the other columns one cell.
    for (lxw_col_t c = 2; c <= kLastCol; ++c) {
      if (c != 3 && c != 4) tall(kHeadingRow + 1, c);
    }
    Merged(kHeadingRow + 1, 3, 4, std::string(engine::kForm06OfWhich),
           f_.heading);
    for (lxw_col_t c : {lxw_col_t{3}, lxw_col_t{4}}) {
      Check(worksheet_write_string(
          ws_, kChannelRow, c, std::string(headings[c]).c_str(), f_.heading));
    }
    Check(worksheet_set_row(ws_, kHeadingRow, 32, nullptr));
    Check(worksheet_set_row(ws_, kHeadingRow + 1, 24, nullptr));
    Check(worksheet_set_row(ws_, kChannelRow, 48, nullptr));
    for (lxw_col_t c = 0; c <= kLastCol; ++c) {
      Check(worksheet_write_string(ws_, kNumberRow, c,
                                   ("(" + std::to_string(c + 1) + ")").c_str(),
                                   f_.number_heading));
    }

    lxw_row_t row = kFirstDataRow;
    for (const Form06Row& r : form.rows) {
      Row(row++, r.ordinal, r.label, r.counts, r.kind != Form06RowKind::kField);
    }
    Row(row++, "", kTotal, form.total, true);

    ++row;  // a blank line before the note
    Merged(row, 0, kLastCol, "Ghi chú: " + form.treatment_note, f_.note);
    Check(worksheet_set_row(ws_, row, 48, nullptr));

    Check(worksheet_repeat_rows(ws_, kHeadingRow, kNumberRow));
    worksheet_freeze_panes(ws_, kFirstDataRow, 2);
    worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, 9);  // A4
    worksheet_fit_to_pages(ws_, 1, 0);
  }

  lxw_error error() const { return error_; }

 private:
  void Row(lxw_row_t row, const std::string& ordinal, const std::string& label,
           const Form06Counts& counts, bool bold) {
    lxw_format* text = bold ? f_.text_bold : f_.text;
    Check(worksheet_write_string(ws_, row, 0, ordinal.c_str(), text));
    Check(worksheet_write_string(ws_, row, 1, label.c_str(), text));
    for (int col = 3; col <= 13; ++col) {
      // Counts are far below 2^53: exact as doubles.
      Check(worksheet_write_number(ws_, row, static_cast<lxw_col_t>(col - 1),
                                   static_cast<double>(counts[col]),
                                   bold ? f_.count_bold : f_.count));
    }
  }

  void Check(lxw_error e) {
    if (error_ == LXW_NO_ERROR) {
      error_ = e;
    }
  }

  lxw_worksheet* ws_;
  const Formats& f_;
  lxw_error error_ = LXW_NO_ERROR;
};

}  // namespace

engine::Result<std::string> Form06Xlsx(const Form06& form) {
  return MakeXlsx("Form 06", [&form](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Mẫu 06");
    if (ws == nullptr) {
      return LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    const Formats formats = MakeFormats(wb);
    SheetWriter writer(ws, formats);
    writer.Write(form);
    return writer.error();
  });
}

}  // namespace motcua::adapters

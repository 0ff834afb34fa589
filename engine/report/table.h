// A report as a plain table, for the exports that are one heading row and
// rows of cells (Decision 766 indicators, the overdue list), and the one
// CSV rule every export uses.
//
// CSV (RFC 4180): fields separated by commas, lines ended by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF, quotes doubled inside;
// the file starts with a UTF-8 byte-order mark so Excel reads Vietnamese
// text as UTF-8. Text is written as given (it is UTF-8 already); numbers
// plainly: integers as they are, decimals with `decimals` digits after a
// point, no thousands separators.
//
// Thread safety: pure functions.
//
// Example:
//   Table t{"Chỉ số", {"Mã", "Tỷ lệ đúng hạn (%)"}, {{Cell::Text("H55.10"),
//           Cell::Number(93.75, 2)}}};
//   std::string bytes = TableCsv(t);  // "\xEF\xBB\xBFMã,Tỷ lệ ...\r\n..."
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::engine {

struct Cell {
  enum class Kind { kText, kNumber };
  Kind kind = Kind::kText;
  std::string text;
  double number = 0;
  int decimals = 0;  // digits after the point (0: an integer)

  static Cell Text(std::string t) { return {Kind::kText, std::move(t), 0, 0}; }
  static Cell Number(double n, int decimals = 0) {
    return {Kind::kNumber, "", n, decimals};
  }
  // The number as the CSV writes it ("93.75", "12").
  std::string FormattedNumber() const;
};

struct Table {
  // A title for the sheet (XLSX); the CSV has the headings only.
  std::string title;
  std::vector<std::string> headings;
  std::vector<std::vector<Cell>> rows;
};

// Appends `field` to `out`, quoted as RFC 4180 requires.
void AppendCsvField(std::string& out, std::string_view field);

// The byte-order mark, the heading row, then every row.
std::string TableCsv(const Table& table);

}  // namespace motcua::engine

#include "engine/report/table.h"

#include <cmath>
#include <cstdio>

namespace motcua::engine {

std::string Cell::FormattedNumber() const {
  if (!std::isfinite(number)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, number);
  return buf;
}

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string TableCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&out](const auto& cells, auto text_of) {
    bool first = true;
    for (const auto& c : cells) {
      if (!first) out += ',';
      first = false;
      AppendCsvField(out, text_of(c));
    }
    out += "\r\n";
  };
  line(table.headings, [](const std::string& h) { return h; });
  for (const std::vector<Cell>& row : table.rows) {
    line(row, [](const Cell& c) {
      return c.kind == Cell::Kind::kText ? c.text : c.FormattedNumber();
    });
  }
  return out;
}

}  // namespace motcua::engine

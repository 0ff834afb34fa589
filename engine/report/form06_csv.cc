#include "engine/report/form06_csv.h"

#include "engine/report/table.h"

namespace motcua::engine {
namespace {

void Field(std::string& out, std::string_view v) { AppendCsvField(out, v); }

void Line(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    Field(out, f);
  }
  out += "\r\n";
}

void Row(std::string& out, std::string_view ordinal, std::string_view label,
         const Form06Counts& c) {
  Field(out, ordinal);
  out += ',';
  Field(out, label);
  for (int col = 3; col <= 13; ++col) {
    out += ',';
    out += std::to_string(c[col]);
  }
  out += "\r\n";
}

}  // namespace

const std::array<std::string_view, 13>& Form06ColumnHeadings() {
  static const std::array<std::string_view, 13> kHeadings = {
      "STT",
      "Lĩnh vực giải quyết",
      "Tổng số",
      "Trực tuyến",
      "Trực tiếp, dịch vụ bưu chính",
      "Từ kỳ trước",
      "Tổng số",
      "Trước hạn",
      "Đúng hạn",
      "Quá hạn",
      "Tổng số",
      "Trong hạn",
      "Quá hạn",
  };
  return kHeadings;
}

std::string Form06Csv(const Form06& form) {
  std::string out = "\xEF\xBB\xBF";
  Line(out, {kForm06Title, kForm06Reference});
  const std::string range =
      "Từ ngày " + FormatPeriodRange(form.period).replace(10, 3, " đến ngày ");
  Line(out, {"Kỳ báo cáo: " + form.period.name_vi, range});
  // Three heading rows, each cell under the one it belongs to (Biểu số 06,
  // Circular 01/2020/TT-VPCP): groups; totals, "Trong đó", the rest; then
  // the two channels of column 4 and 5.
  const auto& h = Form06ColumnHeadings();
  Line(out, {h[0], h[1], kForm06GroupReceived, "", "", "", kForm06GroupResolved,
             "", "", "", kForm06GroupInProgress, "", ""});
  Line(out, {"", "", h[2], kForm06OfWhich, "", h[5], h[6], h[7], h[8], h[9],
             h[10], h[11], h[12]});
  Line(out, {"", "", "", h[3], h[4], "", "", "", "", "", "", "", ""});
  for (int col = 1; col <= 13; ++col) {
    if (col > 1) out += ',';
    out += "(" + std::to_string(col) + ")";
  }
  out += "\r\n";
  for (const Form06Row& r : form.rows) {
    Row(out, r.ordinal, r.label, r.counts);
  }
  Row(out, "", "Tổng cộng", form.total);
  Line(out, {"Ghi chú", form.treatment_note});
  return out;
}

}  // namespace motcua::engine

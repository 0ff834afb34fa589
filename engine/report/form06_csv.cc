#include "engine/report/form06_csv.h"

namespace motcua::engine {
namespace {

void Field(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

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
      "Tổng số nhận trong kỳ",
      "Trực tuyến",
      "Trực tiếp, dịch vụ bưu chính",
      "Từ kỳ trước chuyển qua",
      "Tổng số đã giải quyết",
      "Trước hạn",
      "Đúng hạn",
      "Quá hạn",
      "Tổng số đang giải quyết",
      "Trong hạn",
      "Quá hạn",
  };
  return kHeadings;
}

std::string Form06Csv(const Form06& form) {
  std::string out = "\xEF\xBB\xBF";
  Line(out, {"TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
             "Mẫu số 06, Thông tư 01/2020/TT-VPCP"});
  const std::string range =
      "Từ ngày " + FormatPeriodRange(form.period).replace(10, 3, " đến ngày ");
  Line(out, {"Kỳ báo cáo: " + form.period.name_vi, range});
  Line(out, {"", "", "Số hồ sơ nhận giải quyết", "", "", "",
             "Số hồ sơ đã giải quyết", "", "", "", "Số hồ sơ đang giải quyết",
             "", ""});
  {
    bool first = true;
    for (std::string_view h : Form06ColumnHeadings()) {
      if (!first) out += ',';
      first = false;
      Field(out, h);
    }
    out += "\r\n";
  }
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

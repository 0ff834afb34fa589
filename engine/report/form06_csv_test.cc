#include "engine/report/form06_csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace motcua::engine {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < s.size()) {
    const size_t eol = s.find("\r\n", at);
    out.push_back(s.substr(at, eol - at));
    at = eol + 2;
  }
  return out;
}

TEST(Form06CsvTest, HeadingsNumbersRowsAndNote) {
  Form06 form;
  form.period = *Quarter(2026, 1);
  form.treatment_note = "Hồ sơ rút: không tính, \"ghi chú\"";
  Form06Row row;
  row.kind = Form06RowKind::kField;
  row.ordinal = "1.1";
  row.label = "Đất đai, nhà ở";
  row.counts[3] = 6;  // 3 = 4 + 5 + 6 = 7 + 11
  row.counts[4] = 2;
  row.counts[5] = 3;
  row.counts[6] = 1;
  row.counts[11] = 6;
  row.counts[13] = 6;
  ASSERT_TRUE(row.counts.Consistent());
  form.rows.push_back(row);
  form.total = row.counts;
  const std::string csv = Form06Csv(form);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::vector<std::string> lines = Lines(csv.substr(3));
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0],
            "\"TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\","
            "\"Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP\"");
  EXPECT_EQ(
      lines[1],
      "Kỳ báo cáo: Quý I năm 2026,Từ ngày 15/12/2025 đến ngày 14/03/2026");
  // The printed form's headings (Biểu số 06/VPCP/KSTT): column 3 "Tổng số"
  // of "Số hồ sơ nhận giải quyết" covers 4, 5 ("Trong đó") and 6.
  EXPECT_EQ(lines[2],
            "STT,Lĩnh vực giải quyết,Số hồ sơ nhận giải quyết,,,,"
            "Số hồ sơ đã giải quyết,,,,Số hồ sơ đang giải quyết,,");
  EXPECT_EQ(lines[3],
            ",,Tổng số,Trong đó,,Từ kỳ trước,Tổng số,Trước hạn,Đúng hạn,"
            "Quá hạn,Tổng số,Trong hạn,Quá hạn");
  EXPECT_EQ(lines[4], ",,,Trực tuyến,\"Trực tiếp, dịch vụ bưu chính\",,,,,,,,");
  EXPECT_EQ(lines[5],
            "(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13)");
  EXPECT_EQ(lines[6], "1.1,\"Đất đai, nhà ở\",6,2,3,1,0,0,0,0,6,0,6");
  EXPECT_EQ(lines[7], ",Tổng cộng,6,2,3,1,0,0,0,0,6,0,6");
  EXPECT_EQ(lines[8], "Ghi chú,\"Hồ sơ rút: không tính, \"\"ghi chú\"\"\"");
  EXPECT_EQ(Form06ColumnHeadings().size(), 13u);
}

}  // namespace
}  // namespace motcua::engine

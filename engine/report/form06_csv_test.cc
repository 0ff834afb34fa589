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
  row.counts[3] = 5;
  row.counts[4] = 2;
  row.counts[5] = 3;
  row.counts[11] = 5;
  row.counts[13] = 5;
  form.rows.push_back(row);
  form.total = row.counts;
  const std::string csv = Form06Csv(form);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::vector<std::string> lines = Lines(csv.substr(3));
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(
      lines[1],
      "Kỳ báo cáo: Quý I năm 2026,Từ ngày 15/12/2025 đến ngày 14/03/2026");
  EXPECT_TRUE(lines[3].starts_with("STT,Lĩnh vực giải quyết,Tổng số nhận"));
  EXPECT_EQ(lines[4],
            "(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13)");
  EXPECT_EQ(lines[5], "1.1,\"Đất đai, nhà ở\",5,2,3,0,0,0,0,0,5,0,5");
  EXPECT_EQ(lines[6], ",Tổng cộng,5,2,3,0,0,0,0,0,5,0,5");
  EXPECT_EQ(lines[7], "Ghi chú,\"Hồ sơ rút: không tính, \"\"ghi chú\"\"\"");
  EXPECT_EQ(Form06ColumnHeadings().size(), 13u);
}

}  // namespace
}  // namespace motcua::engine

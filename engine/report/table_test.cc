#include "engine/report/table.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

TEST(TableTest, CsvQuotesAsRfc4180AndKeepsVietnamese) {
  Table t{
      "Chỉ số",
      {"Mã", "Tên", "Tỷ lệ (%)"},
      {{Cell::Text("H55.10"), Cell::Text("Sở Tư pháp, tỉnh \"Mẫu\""),
        Cell::Number(93.756, 2)},
       {Cell::Text("H55.11"), Cell::Text("dòng 1\ndòng 2"), Cell::Number(7)}}};
  EXPECT_EQ(TableCsv(t),
            "\xEF\xBB\xBFMã,Tên,Tỷ lệ (%)\r\n"
            "H55.10,\"Sở Tư pháp, tỉnh \"\"Mẫu\"\"\",93.76\r\n"
            "H55.11,\"dòng 1\ndòng 2\",7\r\n");
}

TEST(TableTest, EmptyTableIsTheHeadingRow) {
  Table t{"", {"a", "b"}, {}};
  EXPECT_EQ(TableCsv(t),
            "\xEF\xBB\xBF"
            "a,b\r\n");
}

}  // namespace
}  // namespace motcua::engine

#include "tools/ctl/ctl.h"

#include <gtest/gtest.h>

#include <cctype>

#include "tools/ctl/report_tables.h"

namespace motcua::ctl {
namespace {

TEST(NameFlagsTest, NamesTheFlagThatSetTheField) {
  const FlagNames flags = {{"agency_code", "--agency"},
                           {"documents", "--document"},
                           {"period", ""},
                           {"quarter", "--quarter"}};
  EXPECT_EQ(NameFlags("agency_code: not in the catalogue", flags),
            "--agency: not in the catalogue");
  EXPECT_EQ(NameFlags("documents[1].name: blank", flags),
            "--document (documents[1].name): blank");
  EXPECT_EQ(NameFlags("period: quarter: expected 1..4, got 5", flags),
            "--quarter: expected 1..4, got 5");
  // Unknown paths, a wrapper without a known inner field, and messages that
  // do not start with a path stay as they are.
  EXPECT_EQ(NameFlags("officer: required", flags), "officer: required");
  EXPECT_EQ(NameFlags("period: kind: required", flags),
            "period: kind: required");
  EXPECT_EQ(NameFlags("cannot transfer dossier X: state", flags),
            "cannot transfer dossier X: state");
  EXPECT_EQ(NameFlags("agency_code", flags), "agency_code");
}

TEST(SafeFileNameTest, NoSpacesNoDirectories) {
  EXPECT_EQ(SafeFileName("mau06-Q4 2026.xlsx"), "mau06-Q4-2026.xlsx");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "-.-..-etc-passwd");
  EXPECT_EQ(SafeFileName("Quý IV.csv"), "Qu---IV.csv");
  EXPECT_EQ(SafeFileName(""), "export");
  for (char c : SafeFileName("Quý IV năm 2026.csv")) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                c == '.' || c == '_');
  }
}

TEST(NewRequestIdTest, RandomAndWellFormed) {
  const std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 10u + 32u);
  EXPECT_EQ(a.rfind("motcuactl-", 0), 0u);
}

TEST(ReportTablesTest, IndicatorsAsPercentagesWithVietnameseHeadings) {
  motcua::v1::GetIndicatorsResponse reply;
  motcua::v1::Indicator* i = reply.add_indicators();
  i->set_code("H55.10");
  i->set_name("Sở Tư pháp tỉnh Mẫu");
  i->set_received(4);
  i->set_resolved(3);
  i->set_on_time_share(2.0 / 3.0);
  const std::string csv = engine::TableCsv(IndicatorsTable(reply, false));
  EXPECT_EQ(
      csv.rfind("\xEF\xBB\xBFMã cơ quan,Tên cơ quan,Số hồ sơ tiếp nhận", 0), 0u)
      << csv;
  EXPECT_NE(csv.find("\r\nH55.10,Sở Tư pháp tỉnh Mẫu,4,3,66.67,"),
            std::string::npos)
      << csv;
}

TEST(ReportTablesTest, OverdueInVietnamTime) {
  motcua::v1::GetOverdueListResponse reply;
  motcua::v1::OverdueDossier* d = reply.add_dossiers();
  d->set_code("H55.10-260105-0001");
  d->set_responsible_agency("H55.10");
  d->mutable_appointment()->set_seconds(1767952800);  // 2026-01-09T10:00Z
  d->set_working_days_late(2);
  d->set_apology("required");
  const std::string csv = engine::TableCsv(OverdueTable(reply));
  EXPECT_NE(csv.find("H55.10-260105-0001,H55.10,09/01/2026 17:00,2,"
                     "\"Phải xin lỗi, chưa xin lỗi\",\r\n"),
            std::string::npos)
      << csv;
}

}  // namespace
}  // namespace motcua::ctl

#include "adapters/export/form06_xlsx.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "adapters/export/table_xlsx.h"
#include "engine/report/form06_csv.h"

namespace motcua::adapters {
namespace {

using engine::Form06;
using engine::Form06RowKind;
using engine::ReportFact;
using engine::ReportLevel;

// What Excel would show: each cell's value, whether it is a number and
// whether it is bold, read from the package with Python's standard zipfile
// and ElementTree (python3 is a dependency of the project, install-deps.sh).
struct Cell {
  bool number = false;
  bool bold = false;
  std::string value;
};
struct Sheet {
  std::string name;
  std::map<std::string, Cell> cells;  // "B9" -> cell
  std::set<std::string> merges;       // "A6:A7"
};

constexpr const char* kReader = R"PY(
import sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
book = ET.fromstring(z.read("xl/workbook.xml"))
print("sheet\t" + book.find("m:sheets/m:sheet", ns).get("name"))
strings = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
        strings.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
styles = ET.fromstring(z.read("xl/styles.xml"))
fonts = [f.find("m:b", ns) is not None
         for f in styles.findall("m:fonts/m:font", ns)]
xfs = [int(x.get("fontId", "0")) for x in styles.findall("m:cellXfs/m:xf", ns)]
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
for c in sheet.iter("{%s}c" % ns["m"]):
    v = c.find("m:v", ns)
    if v is None:
        continue
    kind = c.get("t", "n")
    value = strings[int(v.text)] if kind == "s" else v.text
    bold = fonts[xfs[int(c.get("s", "0"))]]
    print("cell\t%s\t%s\t%d\t%s" % (c.get("r"), kind, bold,
                                    value.replace("\n", "\\n")))
for m in sheet.iter("{%s}mergeCell" % ns["m"]):
    print("merge\t" + m.get("ref"))
)PY";

Sheet ReadSheet(const std::string& xlsx) {
  // ctest runs tests of this binary in parallel: one directory each.
  std::string dir_pattern = ::testing::TempDir() + "/form06_xlsx_XXXXXX";
  const std::string dir = ::mkdtemp(dir_pattern.data());
  const std::string path = dir + "/form06.xlsx";
  std::ofstream(path, std::ios::binary) << xlsx;
  const std::string script = dir + "/form06_reader.py";
  std::ofstream(script) << kReader;
  FILE* p = ::popen(("/usr/bin/python3 " + script + " " + path).c_str(), "r");
  EXPECT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  for (size_t n; p != nullptr && (n = std::fread(buf, 1, sizeof buf, p)) > 0;) {
    out.append(buf, n);
  }
  EXPECT_EQ(p != nullptr ? ::pclose(p) : -1, 0) << out;
  std::remove(path.c_str());
  std::remove(script.c_str());
  ::rmdir(dir.c_str());
  Sheet sheet;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream f(line);
    std::string kind;
    std::getline(f, kind, '\t');
    if (kind == "sheet") {
      std::getline(f, sheet.name);
    } else if (kind == "merge") {
      std::string ref;
      std::getline(f, ref);
      sheet.merges.insert(ref);
    } else if (kind == "cell") {
      std::string ref, type, bold;
      Cell c;
      std::getline(f, ref, '\t');
      std::getline(f, type, '\t');
      std::getline(f, bold, '\t');
      std::getline(f, c.value);
      c.number = type == "n";
      c.bold = bold == "1";
      sheet.cells[ref] = c;
    }
  }
  return sheet;
}

std::string Ref(int col, int row) {  // 1-based, as Excel
  return std::string(1, static_cast<char>('A' + col - 1)) + std::to_string(row);
}

// A small province: a department with two fields and a commune with one.
Form06 SmallForm() {
  engine::FactDictionary dict;
  const uint16_t dept =
      *dict.DefineAgency("000.00.31.H55", "Sở Tư pháp", ReportLevel::kProvince);
  const uint16_t commune =
      *dict.DefineAgency("H55.41", "UBND xã Tân Lập", ReportLevel::kCommune);
  const uint16_t civil = *dict.InternField("HT", "Hộ tịch");
  const uint16_t land = *dict.InternField("DD", "Đất đai");
  const engine::Period q = *engine::Quarter(2026, 1);
  const auto minute = [&](int days_after_start) {
    return engine::ToReportMinute(q.start +
                                  days_after_start * engine::kMicrosPerDay);
  };
  auto fact = [&](uint16_t agency, uint16_t field, int received, int ended,
                  engine::Timeliness t, engine::Channel channel) {
    ReportFact f;
    f.agency = agency;
    f.holder = agency;
    f.field = field;
    f.level = dict.agencies()[agency].level;
    f.channel = static_cast<uint8_t>(channel);
    f.received = minute(received);
    if (ended >= 0) {
      f.end = engine::FactEnd::kCompleted;
      f.ended = minute(ended);
      f.timeliness = t;
    }
    return f;
  };
  using engine::Channel;
  using engine::Timeliness;
  const std::vector<ReportFact> facts = {
      fact(dept, civil, 1, 5, Timeliness::kEarly, Channel::kOnline),
      fact(dept, civil, 2, 9, Timeliness::kLate, Channel::kDirect),
      fact(dept, civil, 3, -1, Timeliness::kOnTime, Channel::kPostal),
      fact(dept, land, -10, 20, Timeliness::kOnTime, Channel::kDirect),
      fact(commune, civil, 4, 6, Timeliness::kOnTime, Channel::kOnline),
      fact(commune, civil, 7, -1, Timeliness::kOnTime, Channel::kDirect),
  };
  return engine::BuildForm06(facts, q, engine::ReportConfig{}, dict);
}

TEST(Form06XlsxTest, IsAZipPackage) {
  auto bytes = Form06Xlsx(SmallForm());
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_GT(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(Form06XlsxTest, HasTheContentOfThePrintedForm) {
  const Form06 form = SmallForm();
  // Biểu số 06: column 3 = 4 + 5 + 6, the one carried over included.
  ASSERT_EQ(form.total[3], 6);
  ASSERT_EQ(form.total[6], 1);
  auto bytes = Form06Xlsx(form);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const Sheet s = ReadSheet(*bytes);
  EXPECT_EQ(s.name, "Mẫu 06");
  auto text = [&](const std::string& ref) {
    auto it = s.cells.find(ref);
    return it == s.cells.end() ? std::string("<none>") : it->second.value;
  };

  EXPECT_EQ(text("A1"), "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH");
  EXPECT_TRUE(s.cells.at("A1").bold);
  EXPECT_EQ(text("A2"), "Biểu số 06/VPCP/KSTT, Thông tư 01/2020/TT-VPCP");
  EXPECT_EQ(text("A3"), "Kỳ báo cáo: Quý I năm 2026");
  EXPECT_EQ(text("A4"), "Từ ngày 15/12/2025 đến ngày 14/03/2026");

  // Three heading rows merged as on the printed form (Biểu số 06), then the
  // numbers: "Tổng số" (3) | "Trong đó" over (4), (5) | "Từ kỳ trước" (6).
  for (const char* m :
       {"A1:M1", "A2:M2", "A3:M3", "A4:M4", "A6:A8", "B6:B8", "C6:F6", "G6:J6",
        "K6:M6", "C7:C8", "D7:E7", "F7:F8", "G7:G8", "K7:K8", "M7:M8"}) {
    EXPECT_TRUE(s.merges.contains(m)) << m;
  }
  EXPECT_EQ(text("C6"), "Số hồ sơ nhận giải quyết");
  EXPECT_EQ(text("G6"), "Số hồ sơ đã giải quyết");
  EXPECT_EQ(text("K6"), "Số hồ sơ đang giải quyết");
  EXPECT_EQ(text("C7"), "Tổng số");
  EXPECT_EQ(text("D7"), "Trong đó");
  EXPECT_EQ(text("D8"), "Trực tuyến");
  EXPECT_EQ(text("E8"), "Trực tiếp, dịch vụ bưu chính");
  EXPECT_EQ(text("F7"), "Từ kỳ trước");
  EXPECT_EQ(text("G7"), "Tổng số");
  EXPECT_EQ(text("K7"), "Tổng số");
  const auto& headings = engine::Form06ColumnHeadings();
  EXPECT_EQ(text("A6"), headings[0]);
  EXPECT_EQ(text("B6"), headings[1]);
  for (int col = 3; col <= 13; ++col) {
    SCOPED_TRACE(col);
    EXPECT_EQ(text(Ref(col, col == 4 || col == 5 ? 8 : 7)), headings[col - 1]);
    EXPECT_EQ(text(Ref(col, 9)), "(" + std::to_string(col) + ")");
  }
  EXPECT_EQ(text("A9"), "(1)");

  // Every row of the form, in order; numbers as numbers; subtotals bold.
  ASSERT_EQ(form.rows.size(), 7u);  // 2 levels, 2 agencies, 3 fields
  int row = 10;
  auto expect_row = [&](const std::string& ordinal, const std::string& label,
                        const engine::Form06Counts& counts, bool bold) {
    SCOPED_TRACE(label);
    EXPECT_EQ(ordinal.empty() ? "<none>" : ordinal, text(Ref(1, row)));
    EXPECT_EQ(text(Ref(2, row)), label);
    EXPECT_EQ(s.cells.at(Ref(2, row)).bold, bold);
    for (int col = 3; col <= 13; ++col) {
      SCOPED_TRACE(col);
      const Cell& c = s.cells.at(Ref(col, row));
      EXPECT_TRUE(c.number);
      EXPECT_EQ(c.value, std::to_string(counts[col]));
      EXPECT_EQ(c.bold, bold);
    }
    ++row;
  };
  for (const engine::Form06Row& r : form.rows) {
    expect_row(r.ordinal, r.label, r.counts, r.kind != Form06RowKind::kField);
  }
  expect_row("", "Tổng cộng", form.total, true);
  EXPECT_EQ(text(Ref(3, row - 1)), "6");
  EXPECT_TRUE(s.cells.contains("B11"));
  EXPECT_EQ(text("B11"), "Sở Tư pháp");

  // The treatment note under a blank line.
  EXPECT_FALSE(s.cells.contains(Ref(1, row)));
  EXPECT_EQ(text(Ref(1, row + 1)), "Ghi chú: " + form.treatment_note);
  EXPECT_TRUE(s.merges.contains(Ref(1, row + 1) + ":" + Ref(13, row + 1)));
  EXPECT_FALSE(form.treatment_note.empty());
}

TEST(Form06XlsxTest, EmptyFormHasHeadingsAndAZeroTotal) {
  Form06 form;
  form.period = *engine::Month(2026, 1);
  form.treatment_note = engine::TreatmentNote(form.config);
  auto bytes = Form06Xlsx(form);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const Sheet s = ReadSheet(*bytes);
  EXPECT_EQ(s.cells.at("A4").value, "Từ ngày 15/12/2025 đến ngày 14/01/2026");
  EXPECT_EQ(s.cells.at("B10").value, "Tổng cộng");
  EXPECT_EQ(s.cells.at("M10").value, "0");
  EXPECT_TRUE(s.cells.at("M10").number);
}

TEST(Form06XlsxTest, AnUnusableTmpdirIsAnError) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", "/nonexistent/motcua", 1);
  auto bytes = Form06Xlsx(SmallForm());
  if (old != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, engine::ErrorCode::kInternal);
  EXPECT_NE(bytes.error().message.find("/nonexistent/motcua"),
            std::string::npos)
      << bytes.error().message;
}

// The plain-table export (indicators, overdue list) shares the workbook
// code: the sheet, the title, headings as text, numbers as numbers.
TEST(TableXlsxTest, TitleHeadingsTextAndNumbers) {
  engine::Table t{
      "Chỉ số Quyết định 766/QĐ-TTg",
      {"Mã", "Tên", "Tỷ lệ đúng hạn (%)"},
      {{engine::Cell::Text("H55.10"), engine::Cell::Text("Sở Tư pháp tỉnh Mẫu"),
        engine::Cell::Number(93.75, 2)}}};
  auto bytes = TableXlsx(t, "Chỉ số 766");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  const Sheet s = ReadSheet(*bytes);
  EXPECT_EQ(s.name, "Chỉ số 766");
  EXPECT_EQ(s.cells.at("A1").value, "Chỉ số Quyết định 766/QĐ-TTg");
  EXPECT_EQ(s.cells.at("C3").value, "Tỷ lệ đúng hạn (%)");
  EXPECT_TRUE(s.cells.at("C3").bold);
  EXPECT_EQ(s.cells.at("B4").value, "Sở Tư pháp tỉnh Mẫu");
  EXPECT_FALSE(s.cells.at("B4").number);
  EXPECT_EQ(s.cells.at("C4").value, "93.75");
  EXPECT_TRUE(s.cells.at("C4").number);
}

}  // namespace
}  // namespace motcua::adapters

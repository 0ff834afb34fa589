#include "engine/lifecycle/printout.h"

#include <gtest/gtest.h>

#include "engine/common/status_testing.h"
#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::Submission;
using testing::Walker;
using T = Transition;

PrintContext Context() {
  PrintContext c;
  c.agency_name = [](std::string_view code) {
    return code == "H55.1" ? std::string("Trung tâm Phục vụ hành chính công")
                           : std::string(code);
  };
  c.lookup_url = "https://example.invalid/tra-cuu?code=X";
  return c;
}

std::string Value(const PrintPage& p, std::string_view label) {
  for (const PrintLine& l : p.lines) {
    if (l.label == label) return l.value;
  }
  return "<none>";
}

// Regime 61/107 (Circular 01/2018 forms, two-digit numbers).
class PrintoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(w.Receive(Submission("H55.1", "1.012735", Channel::kDirect,
                                   At(2025, 3, 3, 8, 5))));
    auto transfer = Cmd(T::kTransfer, "H55.1", At(2025, 3, 3, 9, 0));
    transfer.to_agency = "H55.16.1";
    ASSERT_OK(w.Do(transfer));
  }
  Walker w;
};

TEST_F(PrintoutTest, ReceiptSlipCarriesTheLegalTexts) {
  PrintContext ctx = Context();
  ctx.lookup_secret = "ABCD2345";
  auto out = BuildPrintout(PrintableForm::kReceiptSlip, w.log(), ctx);
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_EQ(out->pages.size(), 1u);
  const PrintPage& p = out->pages[0];
  EXPECT_EQ(out->file_name, w.dossier().code + "-receipt-slip.pdf");
  EXPECT_EQ(p.agency_name, "Trung tâm Phục vụ hành chính công");
  EXPECT_EQ(p.form_number, "Mẫu số 01");
  EXPECT_EQ(p.issue_date, "ngày 03 tháng 3 năm 2025");
  EXPECT_EQ(p.title, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
  EXPECT_EQ(p.code_line, "Mã hồ sơ: " + w.dossier().code);
  EXPECT_EQ(Value(p, "Thời gian giải quyết hồ sơ theo quy định:"),
            "20 ngày làm việc");
  EXPECT_EQ(Value(p, "Thời gian nhận hồ sơ:"),
            "08 giờ 05 phút, ngày 03 tháng 3 năm 2025");
  EXPECT_EQ(Value(p, "Tiếp nhận hồ sơ của:"), "Nguyễn Thị Ánh");
  EXPECT_EQ(Value(p, "Mã bí mật tra cứu hồ sơ:"), "ABCD2345");
  // Mẫu 01 asks for no identification number.
  for (const PrintLine& l : p.lines) {
    EXPECT_EQ(l.value.find("001190012345"), std::string::npos) << l.label;
  }
  ASSERT_EQ(p.table.rows.size(), 1u);
  EXPECT_EQ(p.table.rows[0][1], "Tờ khai");
  EXPECT_EQ(p.qr_text, ctx.lookup_url);

  // Without the secret (a caller other than the receiving desk).
  auto plain = BuildPrintout(PrintableForm::kReceiptSlip, w.log(), Context());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(Value(plain->pages[0], "Mã bí mật tra cứu hồ sơ:"), "<none>");
}

TEST_F(PrintoutTest, FormsThatDidNotAriseAreFailedPrecondition) {
  for (PrintableForm f : {PrintableForm::kSupplementRequest,
                          PrintableForm::kRefusal, PrintableForm::kApology}) {
    SCOPED_TRACE(PrintableFileName(f));
    auto out = BuildPrintout(f, w.log(), Context());
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(out.error().message.find("state transferred"), std::string::npos)
        << out.error().message;
  }
  auto sheet = BuildPrintout(PrintableForm::kControlSheet, w.log(), Context());
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  const PrintPage& p = sheet->pages[0];
  EXPECT_EQ(p.form_number, "Mẫu số 05");
  ASSERT_EQ(p.table.rows.size(), 1u);
  EXPECT_EQ(p.table.rows[0][1],
            "Trung tâm Phục vụ hành chính công (Trần Văn Bình)");
  EXPECT_EQ(p.table.rows[0][3], "09 giờ 00 phút, ngày 03 tháng 3 năm 2025");
}

TEST_F(PrintoutTest, OnePagePerSupplementRequestAndApology) {
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2025, 3, 3, 10, 0))));
  auto sup = Cmd(T::kRequestSupplement, "H55.16.1", At(2025, 3, 4, 10, 0),
                 "Thiếu sơ đồ thửa đất");
  sup.documents = {{"Sơ đồ thửa đất", 1, 0}};
  ASSERT_OK(w.Do(sup));
  auto out =
      BuildPrintout(PrintableForm::kSupplementRequest, w.log(), Context());
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_EQ(out->pages.size(), 1u);
  const PrintPage& p = out->pages[0];
  EXPECT_EQ(p.form_number, "Mẫu số 02");
  EXPECT_EQ(p.issue_date, "ngày 04 tháng 3 năm 2025");
  EXPECT_EQ(Value(p, "Kính gửi:"), "Nguyễn Thị Ánh");
  EXPECT_EQ(Value(p, "Lý do, nội dung cần bổ sung, hoàn thiện:"),
            "Thiếu sơ đồ thửa đất");
  EXPECT_EQ(p.right_signer, "Trần Văn Bình");
  ASSERT_EQ(p.table.rows.size(), 1u);
  EXPECT_EQ(p.table.rows[0][2], "1 bản chính, 0 bản sao");
}

TEST(PrintoutRefusalTest, RefusedAtReceipt) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.10", "1.001234", Channel::kOnline,
                                 At(2026, 12, 2, 9, 0))));
  ASSERT_OK(w.Do(Cmd(T::kRefuseAtReceipt, "H55.10", At(2026, 12, 2, 10, 0),
                     "Sai thẩm quyền")));
  auto out = BuildPrintout(PrintableForm::kRefusal, w.log(), Context());
  ASSERT_TRUE(out.ok()) << out.error().message;
  const PrintPage& p = out->pages[0];
  EXPECT_EQ(p.form_number, "Mẫu số 3");  // Circular 03/2025
  EXPECT_EQ(p.issue_date, "ngày 02 tháng 12 năm 2026");
  EXPECT_EQ(Value(p, "Lý do từ chối:"), "Sai thẩm quyền");
  EXPECT_EQ(Value(p, "Giai đoạn:"), "Khi tiếp nhận hồ sơ");
  // Never accepted: no slip.
  EXPECT_EQ(BuildPrintout(PrintableForm::kReceiptSlip, w.log(), Context())
                .error()
                .code,
            ErrorCode::kFailedPrecondition);
}

TEST(PrintoutFileTest, FileNamesRoundTripAndNothingElseParses) {
  for (int i = 0; i < kPrintableFormCount; ++i) {
    const auto f = static_cast<PrintableForm>(i);
    EXPECT_EQ(ParsePrintableFile(PrintableFileName(f)), f);
  }
  const std::string_view bads[] = {"",
                                   "receipt-slip",
                                   "RECEIPT-SLIP.PDF",
                                   "../receipt-slip.pdf",
                                   std::string_view("receipt-slip.pdf\0x", 18),
                                   "stop-notice.pdf",
                                   "tracking-book.pdf"};
  for (std::string_view bad : bads) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParsePrintableFile(bad).has_value());
  }
}

TEST(PrintoutFileTest, LookupUrlCarriesTheCode) {
  EXPECT_EQ(
      LookupUrl("https://dvc.example.invalid/tra-cuu", "H55.1-260302-0001"),
      "https://dvc.example.invalid/tra-cuu?code=H55.1-260302-0001");
  EXPECT_EQ(LookupUrl("https://x.invalid/t?lang=vi", "A B&"),
            "https://x.invalid/t?lang=vi&code=A%20B%26");
}

TEST(PrintoutFileTest, LookupUrlBaseIsCheckedAtConfiguration) {
  EXPECT_TRUE(ValidateLookupUrlBase("https://dvc.example.invalid/tra-cuu",
                                    "lookup_url_base")
                  .ok());
  EXPECT_TRUE(
      ValidateLookupUrlBase("http://10.0.0.5:8080/t?lang=vi", "x").ok());
  for (std::string_view bad :
       {"", "dvc.example.invalid", "ftp://x", "https://", "https:///path",
        "https://a b", "https://x/#frag", "https://x/\xc3\xa1",
        "javascript:alert(1)"}) {
    SCOPED_TRACE(bad);
    auto s = ValidateLookupUrlBase(bad, "lookup_url_base");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().message.rfind("lookup_url_base: ", 0), 0u);
  }
  EXPECT_FALSE(
      ValidateLookupUrlBase("https://x/" + std::string(300, 'a'), "x").ok());
}

}  // namespace
}  // namespace motcua::engine

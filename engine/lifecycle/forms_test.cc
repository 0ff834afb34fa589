#include "engine/lifecycle/forms.h"

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

// Land registration at the provincial centre (regime 118/2025): the land
// registry asks for a supplement, the tax office is late and apologises
// with a new appointment, the result is returned by post.
class LandDossierFormsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sub =
        Submission("H55.1", "1.012735", Channel::kDirect, At(2026, 3, 2, 8, 0));
    sub.result_channel = Channel::kPostal;
    ASSERT_OK(w.Receive(sub));
    auto transfer = Cmd(T::kTransfer, "H55.1", At(2026, 3, 2, 9, 0));
    transfer.to_officer = "Lê Thị Hoa";
    ASSERT_OK(w.Do(transfer));
    ASSERT_OK(
        w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 2, 9, 30))));
    auto supplement = Cmd(T::kRequestSupplement, "H55.16.1",
                          At(2026, 3, 4, 10, 0), "Thiếu sơ đồ thửa đất");
    supplement.documents = {{"Sơ đồ thửa đất", 1, 0}};
    ASSERT_OK(w.Do(supplement));
    ASSERT_OK(w.Do(Cmd(T::kReceiveSupplement, "H55.1", At(2026, 3, 6, 10, 0))));
    ASSERT_OK(w.Do(Cmd(T::kForward, "H55.16.1", At(2026, 3, 20, 14, 5))));
    ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.22", At(2026, 3, 23, 8, 0))));
    // The tax office sees it will be late: one working day before the
    // appointment in force (Wed 01/04) it apologises and re-appoints.
    auto apology = Cmd(T::kApologize, "H55.22", At(2026, 3, 31, 11, 0),
                       "Xác định nghĩa vụ tài chính chậm");
    apology.new_appointment = At(2026, 4, 10, 17, 0);
    ASSERT_OK(w.Do(apology));
    ASSERT_OK(w.Do(Cmd(T::kForward, "H55.22", At(2026, 4, 2, 10, 0))));
    ASSERT_OK(
        w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 4, 2, 10, 30))));
    ASSERT_OK(
        w.Do(Cmd(T::kMarkResultReady, "H55.16.1", At(2026, 4, 6, 15, 45))));
    auto ret = Cmd(T::kReturnResult, "H55.1", At(2026, 4, 7, 9, 0));
    ASSERT_OK(w.Do(ret));
  }
  Walker w;
};

TEST_F(LandDossierFormsTest, ReceiptSlip) {
  auto slip = BuildReceiptSlip(w.log());
  ASSERT_TRUE(slip.ok()) << slip.error().message;
  EXPECT_EQ(slip->form.number, "Mẫu số 1");
  EXPECT_EQ(slip->form.name, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
  EXPECT_EQ(slip->form.legal_basis, "Thông tư 03/2025/TT-VPCP");
  EXPECT_EQ(slip->form.dossier_code, "H55.1-260302-0001");
  EXPECT_EQ(slip->procedure_name,
            "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu");
  EXPECT_EQ(slip->received_text, "08 giờ 00 phút, ngày 02 tháng 3 năm 2026");
  // 20 working days: Mon 30/03 (the apology does not rewrite the slip).
  EXPECT_EQ(slip->appointment_text, "17 giờ 00 phút, ngày 30 tháng 3 năm 2026");
  EXPECT_EQ(slip->budget_text, "20 ngày làm việc");
  EXPECT_EQ(slip->result_channel, Channel::kPostal);
  EXPECT_EQ(slip->calendar, "vn");
}

TEST_F(LandDossierFormsTest, SupplementAndApology) {
  auto sup = BuildSupplementRequests(w.log());
  ASSERT_TRUE(sup.ok());
  ASSERT_EQ(sup->size(), 1u);
  EXPECT_EQ((*sup)[0].form.number, "Mẫu số 2");
  EXPECT_EQ((*sup)[0].agency_code, "H55.16.1");
  EXPECT_EQ((*sup)[0].reason, "Thiếu sơ đồ thửa đất");
  EXPECT_EQ((*sup)[0].documents.size(), 1u);

  auto apologies = BuildApologies(w.log());
  ASSERT_TRUE(apologies.ok());
  ASSERT_EQ(apologies->size(), 1u);
  const ApologyForm& a = (*apologies)[0];
  EXPECT_EQ(a.form.number, "Mẫu số 4");
  EXPECT_EQ(a.form.name,
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");
  EXPECT_EQ(a.agency_code, "H55.22");
  EXPECT_EQ(a.responsible_agency, "H55.22");
  EXPECT_FALSE(a.untimely);
  // Two working days of suspension moved 30/03 to 01/04.
  EXPECT_EQ(a.previous_appointment, At(2026, 4, 1, 17, 0));
  EXPECT_EQ(a.new_appointment_text, "17 giờ 00 phút, ngày 10 tháng 4 năm 2026");
  EXPECT_EQ(BuildRefusal(w.log()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(BuildStopNotice(w.log()).error().code, ErrorCode::kNotFound);
}

TEST_F(LandDossierFormsTest, ControlSheetHasOneRowPerHandover) {
  auto sheet = BuildControlSheet(w.log());
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->form.number, "Mẫu số 6");
  struct Row {
    const char* from;
    const char* to;
    const char* at;
    std::optional<Timeliness> result;
  };
  const Row want[] = {
      {"H55.1", "H55.16.1", "09 giờ 00 phút, ngày 02 tháng 3 năm 2026",
       std::nullopt},
      {"H55.16.1", "H55.22", "14 giờ 05 phút, ngày 20 tháng 3 năm 2026",
       Timeliness::kOnTime},
      {"H55.22", "H55.16.1", "10 giờ 00 phút, ngày 02 tháng 4 năm 2026",
       Timeliness::kLate},
      // The last step (2 days from Thu 02/04) is due Mon 06/04.
      {"H55.16.1", "H55.1", "15 giờ 45 phút, ngày 06 tháng 4 năm 2026",
       Timeliness::kOnTime},
      {"H55.1", "", "09 giờ 00 phút, ngày 07 tháng 4 năm 2026", std::nullopt},
  };
  ASSERT_EQ(sheet->rows.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    SCOPED_TRACE(i);
    const ControlSheetRow& r = sheet->rows[i];
    EXPECT_EQ(r.from_agency, want[i].from);
    EXPECT_EQ(r.to_agency, want[i].to);
    EXPECT_EQ(r.at_text, want[i].at);
    EXPECT_EQ(r.at % kMicrosPerMinute, 0);
    EXPECT_EQ(r.step_result, want[i].result);
    EXPECT_EQ(r.from_officer, "Trần Văn Bình");
  }
  EXPECT_EQ(sheet->rows[0].to_officer, "Lê Thị Hoa");
  EXPECT_EQ(sheet->rows[4].to_officer, "Nguyễn Thị Ánh");
  EXPECT_NE(sheet->rows[4].note.find("postal"), std::string::npos);
}

TEST_F(LandDossierFormsTest, TrackingBookAttributesTheLateStep) {
  auto entry = BuildTrackingBookEntry(w.log());
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->form.number, "Mẫu số 7");
  EXPECT_EQ(entry->late_agencies, std::vector<std::string>{"H55.22"});
  EXPECT_EQ(entry->transferred_to, "H55.16.1");
  EXPECT_EQ(entry->result, Timeliness::kEarly);  // against 10/04
  EXPECT_EQ(entry->national_status, 10);
  EXPECT_EQ(entry->appointment, At(2026, 4, 10, 17, 0));
  EXPECT_EQ(entry->original_appointment, At(2026, 3, 30, 17, 0));
}

TEST(FormsTest, FormNumbersFollowTheRegimeOfTheReceiptDate) {
  struct Case {
    Instant received;
    const char* refusal;
    const char* stop;  // Circular 01/2018 has no stop form
    const char* basis;
  };
  const Case cases[] = {
      {At(2025, 6, 30, 16, 0), "Mẫu số 03", "", "Thông tư 01/2018/TT-VPCP"},
      // Decree 118/2025 before Circular 03/2025 (regime.h).
      {At(2025, 7, 1, 8, 0), "Mẫu số 03", "", "Thông tư 01/2018/TT-VPCP"},
      {At(2025, 9, 15, 8, 0), "Mẫu số 3", "Mẫu số 5",
       "Thông tư 03/2025/TT-VPCP"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.refusal);
    Walker refused, stopped;
    ASSERT_OK(refused.Receive(
        Submission("H55.10", "1.001234", Channel::kOnline, c.received)));
    ASSERT_OK(refused.Do(Cmd(T::kRefuseAtReceipt, "H55.10",
                             c.received + kMicrosPerHour, "Sai thẩm quyền")));
    auto refusal = BuildRefusal(refused.log());
    ASSERT_TRUE(refusal.ok());
    EXPECT_EQ(refusal->form.number, c.refusal);
    EXPECT_TRUE(refusal->at_receipt);
    EXPECT_EQ(refusal->form.legal_basis, c.basis);
    EXPECT_EQ(BuildReceiptSlip(refused.log()).error().code,
              ErrorCode::kFailedPrecondition);

    ASSERT_OK(stopped.Receive(
        Submission("H55.10", "1.001234", Channel::kDirect, c.received)));
    auto transfer = Cmd(T::kTransfer, "H55.10", c.received + kMicrosPerHour);
    transfer.to_agency = "H55.10";
    ASSERT_OK(stopped.Do(transfer));
    ASSERT_OK(
        stopped.Do(Cmd(T::kStop, "H55.10", c.received + 2 * kMicrosPerHour,
                       "Người nộp đề nghị dừng")));
    auto stop = BuildStopNotice(stopped.log());
    ASSERT_TRUE(stop.ok());
    EXPECT_EQ(stop->form.number, c.stop);
    EXPECT_EQ(NationalStatus(stopped.dossier().state), 8);
  }
}

// Issue 11 item 12: the names as Appendix I of Circular 03/2025/TT-VPCP
// gives them (form 3 without a comma; form 4 is a letter, "văn bản").
TEST(FormsTest, FormNamesOfEachRegime) {
  struct Case {
    RegimeId regime;
    FormKind kind;
    const char* number;
    const char* name;
  };
  const Case cases[] = {
      {RegimeId::kDecree118, FormKind::kRefusal, "Mẫu số 3",
       "Phiếu từ chối tiếp nhận giải quyết hồ sơ"},
      {RegimeId::kDecree118, FormKind::kApology, "Mẫu số 4",
       "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"},
      {RegimeId::kDecree61And107, FormKind::kRefusal, "Mẫu số 03",
       "Phiếu từ chối tiếp nhận giải quyết hồ sơ"},
      {RegimeId::kDecree61And107, FormKind::kApology, "Mẫu số 04",
       "Phiếu xin lỗi và hẹn lại ngày trả kết quả"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const FormRef& f = GetRegime(c.regime).form(c.kind);
    EXPECT_EQ(f.number, c.number);
    EXPECT_EQ(f.name, c.name);
  }
}

// Issue 11 item 12: a dossier already overdue still gets its letter; the
// form says it came late and prints the date it promises, while the
// appointment in force (previous_appointment) stands.
TEST(FormsTest, LateApologyLetterIsFlaggedUntimely) {
  Walker w;
  ASSERT_OK(w.Receive(
      Submission("H55.1", "1.012735", Channel::kDirect, At(2026, 3, 2, 8, 0))));
  ASSERT_OK(w.Do(Cmd(T::kTransfer, "H55.1", At(2026, 3, 2, 9, 0))));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 2, 9, 30))));
  auto apology = Cmd(T::kApologize, "H55.16.1", At(2026, 4, 1, 9, 0),
                     "Chờ kết quả đo đạc");
  apology.new_appointment = At(2026, 4, 10, 17, 0);
  ASSERT_OK(w.Do(apology));
  auto forms = BuildApologies(w.log());
  ASSERT_TRUE(forms.ok());
  ASSERT_EQ(forms->size(), 1u);
  const ApologyForm& a = (*forms)[0];
  EXPECT_TRUE(a.untimely);
  EXPECT_EQ(a.previous_appointment, At(2026, 3, 30, 17, 0));
  EXPECT_EQ(a.new_appointment, At(2026, 4, 10, 17, 0));
  EXPECT_EQ(a.new_appointment_text, "17 giờ 00 phút, ngày 10 tháng 4 năm 2026");
  EXPECT_EQ(w.dossier().appointment, At(2026, 3, 30, 17, 0));
}

}  // namespace
}  // namespace motcua::engine

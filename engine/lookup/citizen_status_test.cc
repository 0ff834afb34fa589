#include "engine/lookup/citizen_status.h"

#include <gtest/gtest.h>

#include <map>

#include "engine/common/status_testing.h"
#include "engine/lifecycle/lifecycle_testing.h"
#include "engine/notify/vietnamese_text.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::ShippedCalendars;
using testing::Submission;
using testing::Walker;
using T = Transition;

std::string Name(std::string_view code) {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"H55.1", "Trung tâm Phục vụ hành chính công tỉnh Mẫu"},
      {"H55.16.1", "Văn phòng đăng ký đất đai"},
      {"H55.22", "Chi cục Thuế khu vực"},
  };
  auto it = names.find(code);
  return it == names.end() ? std::string(code) : it->second;
}

const WorkingCalendar* Vn() { return ShippedCalendars().Get("vn")->get(); }

CitizenStatus StatusOf(const Walker& w, Instant now) {
  return BuildCitizenStatus(w.dossier(), w.log(), Name, now, Vn());
}

TEST(CitizenStatusTest, InterAgencyJourneyStepByStep) {
  Walker w;
  ASSERT_OK(w.Receive(
      Submission("H55.1", "1.012755", Channel::kDirect, At(2026, 1, 5, 9, 0))));
  ASSERT_OK(w.Do(Cmd(T::kTransfer, "H55.1", At(2026, 1, 5, 9, 30))));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 1, 5, 10, 0))));
  ASSERT_OK(w.Do(Cmd(T::kRequestSupplement, "H55.16.1", At(2026, 1, 6, 9, 0),
                     "Thiếu hợp đồng")));
  const CitizenStatus waiting = StatusOf(w, At(2026, 1, 6, 10, 0));
  EXPECT_EQ(waiting.status_text, "Yêu cầu bổ sung hồ sơ");
  EXPECT_EQ(waiting.national_status, 5);
  EXPECT_EQ(waiting.holder_agency_name, "Văn phòng đăng ký đất đai");
  ASSERT_OK(w.Do(Cmd(T::kReceiveSupplement, "H55.16.1", At(2026, 1, 7, 9, 0))));
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.16.1", At(2026, 1, 8, 10, 0))));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.22", At(2026, 1, 8, 11, 0))));
  const CitizenStatus taxing = StatusOf(w, At(2026, 1, 9, 10, 0));
  EXPECT_EQ(taxing.status_text, "Đang giải quyết");
  EXPECT_EQ(taxing.national_status, 4);
  EXPECT_EQ(taxing.holder_agency_code, "H55.22");
  EXPECT_EQ(taxing.holder_agency_name, "Chi cục Thuế khu vực");
  ASSERT_TRUE(taxing.appointment.has_value());
  EXPECT_EQ(taxing.appointment_text,
            "17 giờ 00 phút, ngày 20 tháng 01 năm 2026");
  EXPECT_FALSE(taxing.overdue);
  EXPECT_EQ(taxing.sms_text,
            "H55.1-260105-0001: Dang giai quyet. Hen tra: 17 gio 00 phut, "
            "ngay 20 thang 01 nam 2026. Noi giu: H55.22.");
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.22", At(2026, 1, 12, 10, 0))));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 1, 12, 14, 0))));
  ASSERT_OK(w.Do(Cmd(T::kMarkResultReady, "H55.16.1", At(2026, 1, 13, 10, 0))));
  const CitizenStatus ready = StatusOf(w, At(2026, 1, 30, 10, 0));
  EXPECT_EQ(ready.status_text, "Đã có kết quả");
  EXPECT_EQ(ready.national_status, 9);
  EXPECT_FALSE(ready.overdue);  // completed: never overdue afterwards
  EXPECT_EQ(ready.holder_agency_code, "H55.1");
  EXPECT_NE(ready.sms_text.find(
                "Da co ket qua tu 10 gio 00 phut, ngay 13 thang 01 nam 2026"),
            std::string::npos)
      << ready.sms_text;
  ASSERT_OK(w.Do(Cmd(T::kReturnResult, "H55.1", At(2026, 1, 14, 8, 0))));

  const CitizenStatus done = StatusOf(w, At(2026, 1, 14, 9, 0));
  EXPECT_EQ(done.code, "H55.1-260105-0001");
  EXPECT_EQ(done.status_text, "Đã trả kết quả");
  EXPECT_EQ(done.national_status, 10);
  const struct {
    const char* text;
    const char* at_text;
  } want[] = {
      {"Đã tiếp nhận hồ sơ", "09 giờ 00 phút, ngày 05 tháng 01 năm 2026"},
      {"Chuyển đến Văn phòng đăng ký đất đai",
       "09 giờ 30 phút, ngày 05 tháng 01 năm 2026"},
      {"Yêu cầu bổ sung hồ sơ", "09 giờ 00 phút, ngày 06 tháng 01 năm 2026"},
      {"Đã nhận hồ sơ bổ sung", "09 giờ 00 phút, ngày 07 tháng 01 năm 2026"},
      {"Chuyển liên thông đến Chi cục Thuế khu vực",
       "10 giờ 00 phút, ngày 08 tháng 01 năm 2026"},
      {"Chuyển liên thông đến Văn phòng đăng ký đất đai",
       "10 giờ 00 phút, ngày 12 tháng 01 năm 2026"},
      {"Đã có kết quả", "10 giờ 00 phút, ngày 13 tháng 01 năm 2026"},
      {"Đã trả kết quả", "08 giờ 00 phút, ngày 14 tháng 01 năm 2026"},
  };
  ASSERT_EQ(done.steps_done.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(done.steps_done[i].text, want[i].text);
    EXPECT_EQ(done.steps_done[i].at_text, want[i].at_text);
  }
  EXPECT_EQ(
      done.sms_text,
      "H55.1-260105-0001: Da tra ket qua ngay 14 thang 01 nam 2026. Noi giu: "
      "H55.1.");

  // The citizen's rating is her own last step; its content is not shown.
  w.Append(DossierEvent{w.dossier().version + 1, At(2026, 1, 14, 20, 0),
                        "citizen",
                        DossierRated{4, true, "Nguyễn Văn A gây khó dễ",
                                     At(2026, 1, 14, 20, 0)}});
  const CitizenStatus rated = StatusOf(w, At(2026, 1, 14, 21, 0));
  ASSERT_EQ(rated.steps_done.size(), std::size(want) + 1);
  EXPECT_EQ(rated.steps_done.back().text, "Đã đánh giá mức độ hài lòng");
  EXPECT_EQ(rated.steps_done.back().at_text,
            "20 giờ 00 phút, ngày 14 tháng 01 năm 2026");
  EXPECT_EQ(rated.status_text, "Đã trả kết quả");
  EXPECT_EQ(rated.sms_text, done.sms_text);
}

TEST(CitizenStatusTest, OverdueNeedsACalendarAndAnOpenDossier) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                 At(2026, 1, 5, 9, 30))));
  // Appointment Mon 12/01 17:00: overdue from Tue 13/01.
  const struct {
    const char* name;
    Instant now;
    bool with_calendar;
    bool overdue;
  } cases[] = {
      {"on the appointment day", At(2026, 1, 12, 23, 0), true, false},
      {"the day after", At(2026, 1, 13, 0, 0), true, true},
      {"no calendar", At(2026, 1, 20, 0, 0), false, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const CitizenStatus s = BuildCitizenStatus(
        w.dossier(), w.log(), Name, c.now, c.with_calendar ? Vn() : nullptr);
    EXPECT_EQ(s.overdue, c.overdue);
    EXPECT_EQ(s.sms_text.find("(qua han)") != std::string::npos, c.overdue)
        << s.sms_text;
    EXPECT_LE(s.sms_text.size(), kSmsMaxChars);
  }
}

TEST(CitizenStatusTest, OnlineSubmissionHasNoAppointmentAndNoPersonalData) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kOnline,
                                 At(2026, 1, 3, 21, 0))));
  const CitizenStatus s = StatusOf(w, At(2026, 1, 4, 9, 0));
  EXPECT_EQ(s.status_text, "Mới nộp trực tuyến, chờ kiểm tra");
  EXPECT_EQ(s.national_status, 1);
  EXPECT_FALSE(s.appointment.has_value());
  EXPECT_TRUE(s.appointment_text.empty());
  ASSERT_EQ(s.steps_done.size(), 1u);
  EXPECT_EQ(s.steps_done[0].text, "Đã nộp hồ sơ trực tuyến");
  const Applicant& a = w.dossier().applicant;
  std::string all = s.sms_text + s.status_text + s.holder_agency_name;
  for (const auto& step : s.steps_done) all += step.text;
  for (const std::string* p :
       {&a.full_name, &a.personal_id, &a.phone, &a.address}) {
    EXPECT_EQ(all.find(*p), std::string::npos) << *p;
  }
}

TEST(CitizenStatusTest, EveryStateHasItsText) {
  const struct {
    DossierState state;
    const char* text;
  } cases[] = {
      {DossierState::kReceived, "Đã tiếp nhận"},
      {DossierState::kTransferred, "Đang giải quyết"},
      {DossierState::kInProcessing, "Đang giải quyết"},
      {DossierState::kSupplementRequested, "Yêu cầu bổ sung hồ sơ"},
      {DossierState::kRefused, "Từ chối giải quyết"},
      {DossierState::kResultReady, "Đã có kết quả"},
      {DossierState::kWithdrawn, "Đã rút hồ sơ"},
      {DossierState::kStopped, "Dừng giải quyết"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(DossierStateName(c.state));
    EXPECT_EQ(CitizenStatusText(c.state), c.text);
  }
  for (int i = 0; i < kDossierStateCount; ++i) {
    EXPECT_FALSE(CitizenStatusText(static_cast<DossierState>(i)).empty());
  }
}

}  // namespace
}  // namespace motcua::engine

#include "engine/notify/notification.h"

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

bool IsAscii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Notifications for every event of the log, replayed.
std::vector<std::optional<Notification>> All(const Walker& w) {
  std::vector<std::optional<Notification>> out;
  Dossier d;
  for (const DossierEvent& e : w.log()) {
    Apply(d, e);
    out.push_back(NotificationFor(d, e));
  }
  return out;
}

TEST(NotificationTest, EachApplicantEventWithCodeAndDates) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                 At(2026, 1, 5, 9, 30))));
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  auto supplement = Cmd(T::kRequestSupplement, "H55.41", At(2026, 1, 6, 9, 0),
                        "Thiếu bản sao");
  supplement.documents = {{"Bản sao giấy khai sinh", 0, 1}};
  ASSERT_OK(w.Do(supplement));
  ASSERT_OK(w.Do(Cmd(T::kReceiveSupplement, "H55.41", At(2026, 1, 7, 9, 0))));
  auto sorry = Cmd(T::kApologize, "H55.41", At(2026, 1, 9, 10, 0), "Quá tải");
  sorry.new_appointment = At(2026, 1, 20, 17, 0);
  ASSERT_OK(w.Do(sorry));
  ASSERT_OK(w.Do(Cmd(T::kMarkResultReady, "H55.41", At(2026, 1, 19, 15, 0))));
  ASSERT_OK(w.Do(Cmd(T::kReturnResult, "H55.41", At(2026, 1, 20, 8, 0))));
  const std::string code = w.dossier().code;

  const struct {
    const char* kind;  // "" = no notification
    const char* text_has;
    const char* sms_has;
  } want[] = {
      {"received", "Hẹn trả kết quả: 17 giờ 00 phút, ngày 12 tháng 01 năm 2026",
       "Hen tra ket qua 17 gio 00 phut, ngay 12 thang 01 nam 2026"},
      {"", "", ""},
      {"", "", ""},
      {"supplement_requested", "Bản sao giấy khai sinh", "Ban sao giay khai"},
      {"", "", ""},
      {"apology",
       "Hẹn trả kết quả mới: 17 giờ 00 phút, ngày 20 tháng 01 năm 2026",
       "hen lai tra ket qua 17 gio 00 phut, ngay 20 thang 01 nam 2026"},
      {"result_ready", "15 giờ 00 phút, ngày 19 tháng 01 năm 2026",
       "ngay 19 thang 01 nam 2026"},
      {"returned", "08 giờ 00 phút, ngày 20 tháng 01 năm 2026",
       "ngay 20 thang 01 nam 2026"},
  };
  const auto got = All(w);
  ASSERT_EQ(got.size(), std::size(want));
  for (size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(i);
    if (*want[i].kind == '\0') {
      EXPECT_FALSE(got[i].has_value());
      continue;
    }
    ASSERT_TRUE(got[i].has_value());
    const Notification& n = *got[i];
    EXPECT_EQ(n.kind, want[i].kind);
    EXPECT_EQ(n.id, code + "/" + std::to_string(i + 1));
    EXPECT_EQ(n.dossier_code, code);
    EXPECT_EQ(n.phone, "0912345678");
    EXPECT_NE(n.text.find(code), std::string::npos) << n.text;
    EXPECT_NE(n.text.find(want[i].text_has), std::string::npos) << n.text;
    EXPECT_NE(n.sms_text.find(code), std::string::npos) << n.sms_text;
    EXPECT_NE(n.sms_text.find(want[i].sms_has), std::string::npos)
        << n.sms_text;
    EXPECT_LE(n.sms_text.size(), kSmsMaxChars);
    EXPECT_TRUE(IsAscii(n.sms_text)) << n.sms_text;
    // No personal data beyond the phone the sender needs.
    EXPECT_EQ(n.text.find("Nguyễn"), std::string::npos);
    EXPECT_EQ(n.text.find("001190012345"), std::string::npos);
  }
}

TEST(NotificationTest, OnlineNotifiesAtAcceptanceAndRefusals) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kOnline,
                                 At(2026, 1, 3, 21, 0))));
  EXPECT_FALSE(NotificationFor(w.dossier(), w.log().back()).has_value());
  ASSERT_OK(w.Do(Cmd(T::kAcceptOnline, "H55.41", At(2026, 1, 5, 8, 0))));
  auto accepted = NotificationFor(w.dossier(), w.log().back());
  ASSERT_TRUE(accepted.has_value());
  EXPECT_EQ(accepted->kind, "received");
  EXPECT_NE(accepted->text.find("08 giờ 00 phút, ngày 05 tháng 01 năm 2026"),
            std::string::npos);
  EXPECT_NE(accepted->text.find("17 giờ 00 phút, ngày 12 tháng 01 năm 2026"),
            std::string::npos);

  Walker refused;
  ASSERT_OK(refused.Receive(Submission("H55.41", "1.001022", Channel::kOnline,
                                       At(2026, 1, 3, 21, 0))));
  ASSERT_OK(refused.Do(Cmd(T::kRefuseAtReceipt, "H55.41", At(2026, 1, 5, 8, 0),
                           "Sai thẩm quyền")));
  auto n = NotificationFor(refused.dossier(), refused.log().back());
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->kind, "refused_at_receipt");
  EXPECT_NE(n->text.find("Lý do: Sai thẩm quyền."), std::string::npos);
  EXPECT_NE(n->sms_text.find("Sai tham quyen"), std::string::npos);
}

TEST(NotificationTest, LongNamesAndReasonsStayWithinOneSms) {
  // The longest procedure name of the sample catalogue, a 2000-character
  // reason, and postal legs.
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.011997", Channel::kDirect,
                                 At(2026, 1, 5, 9, 30))));
  auto first = NotificationFor(w.dossier(), w.log().back());
  ASSERT_TRUE(first.has_value());
  EXPECT_NE(first->text.find("cấp thẻ bảo hiểm y tế"), std::string::npos);
  EXPECT_LE(first->sms_text.size(), kSmsMaxChars);
  EXPECT_NE(first->sms_text.find("17 gio 00 phut, ngay 19 thang 01 nam 2026"),
            std::string::npos);
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  std::string reason;
  for (int i = 0; i < 100; ++i) reason += "Không đủ điều kiện ";
  reason.resize(2000);
  ASSERT_OK(w.Do(
      Cmd(T::kRefuseAfterAppraisal, "H55.41", At(2026, 1, 6, 9, 0), reason)));
  auto refused = NotificationFor(w.dossier(), w.log().back());
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->kind, "refused");
  EXPECT_LE(refused->sms_text.size(), kSmsMaxChars);
  EXPECT_TRUE(IsAscii(refused->sms_text));

  const struct {
    PostalEventKind kind;
    const char* want;  // "" = none
  } legs[] = {
      {PostalEventKind::kOutboundPickup, ""},
      {PostalEventKind::kDeliveryFailed, "postal_delivery_failed"},
      {PostalEventKind::kReturnedToSender, "postal_returned_to_sender"},
      {PostalEventKind::kDelivered, "postal_delivered"},
  };
  for (const auto& leg : legs) {
    SCOPED_TRACE(PostalEventKindName(leg.kind));
    PostalRecorded p;
    p.kind = leg.kind;
    p.carrier = "vnpost";
    p.carrier_event_id = std::string(PostalEventKindName(leg.kind));
    p.tracking_number = "EB123456789VN";
    p.at = At(2026, 1, 8, 10, 0);
    p.reason = reason;
    w.Append({w.dossier().version + 1, p.at, "postal-webhook", p});
    auto n = NotificationFor(w.dossier(), w.log().back());
    ASSERT_EQ(n.has_value(), *leg.want != '\0');
    if (!n) continue;
    EXPECT_EQ(n->kind, leg.want);
    EXPECT_NE(n->text.find("EB123456789VN"), std::string::npos);
    EXPECT_NE(n->text.find(w.dossier().code), std::string::npos);
    EXPECT_LE(n->sms_text.size(), kSmsMaxChars);
  }
  DeadlineNoticed notice;
  w.Append({w.dossier().version + 1, At(2026, 1, 9, 0, 0), "sweeper", notice});
  EXPECT_FALSE(NotificationFor(w.dossier(), w.log().back()).has_value());
}

}  // namespace
}  // namespace motcua::engine

#include "engine/lookup/citizen_status.h"

#include <algorithm>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/notify/vietnamese_text.h"

namespace motcua::engine {
namespace {

constexpr std::string_view kStatusTexts[kDossierStateCount] = {
    "Đã tiếp nhận",                      // received
    "Mới nộp trực tuyến, chờ kiểm tra",  // submitted online
    "Từ chối tiếp nhận",                 // refused at receipt
    "Đang giải quyết",                   // transferred
    "Đang giải quyết",                   // in processing
    "Yêu cầu bổ sung hồ sơ",             // supplement requested
    "Chờ thực hiện nghĩa vụ tài chính",  // payment required
    "Đề nghị rút hồ sơ",                 // withdrawal requested
    "Đã rút hồ sơ",                      // withdrawn
    "Dừng giải quyết",                   // stopped
    "Từ chối giải quyết",                // refused after appraisal
    "Đã có kết quả",                     // result ready
    "Đã trả kết quả",                    // returned
};

using NameFn = std::function<std::string(std::string_view)>;

std::optional<std::string> TransitionText(const DossierTransitioned& t,
                                          const NameFn& name) {
  switch (t.transition) {
    case Transition::kAcceptOnline:
      return "Đã tiếp nhận hồ sơ";
    case Transition::kRefuseAtReceipt:
      return "Từ chối tiếp nhận hồ sơ";
    case Transition::kTransfer:
      return "Chuyển đến " + name(t.to_agency);
    case Transition::kForward:
      return "Chuyển liên thông đến " + name(t.to_agency);
    case Transition::kRequestSupplement:
      return "Yêu cầu bổ sung hồ sơ";
    case Transition::kReceiveSupplement:
      return "Đã nhận hồ sơ bổ sung";
    case Transition::kRequirePayment:
      return "Yêu cầu thực hiện nghĩa vụ tài chính";
    case Transition::kConfirmPayment:
      return "Đã thực hiện nghĩa vụ tài chính";
    case Transition::kRefuseAfterAppraisal:
      return "Từ chối giải quyết";
    case Transition::kMarkResultReady:
      return "Đã có kết quả";
    case Transition::kReturnResult:
      return t.return_channel == Channel::kPostal
                 ? "Đã trả kết quả qua bưu chính"
                 : "Đã trả kết quả";
    case Transition::kRequestWithdrawal:
      return "Đề nghị rút hồ sơ";
    case Transition::kWithdraw:
      return "Đã rút hồ sơ";
    case Transition::kStop:
      return "Dừng giải quyết";
    case Transition::kApologize: {
      const std::optional<Instant> promised =
          t.new_appointment ? t.new_appointment : t.appointment;
      return "Xin lỗi và hẹn lại ngày trả kết quả: " +
             (promised ? MinuteText(*promised) : std::string());
    }
    case Transition::kStartProcessing:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string_view PostalText(PostalEventKind k) {
  switch (k) {
    case PostalEventKind::kInboundPickup:
      return "Bưu điện đã nhận hồ sơ từ người nộp";
    case PostalEventKind::kInboundHandover:
      return "Bưu điện đã chuyển hồ sơ đến cơ quan";
    case PostalEventKind::kOutboundPickup:
      return "Bưu điện đã nhận kết quả để phát";
    case PostalEventKind::kDelivered:
      return "Đã phát kết quả qua bưu chính";
    case PostalEventKind::kDeliveryFailed:
      return "Phát kết quả không thành công";
    case PostalEventKind::kReturnedToSender:
      return "Kết quả được bưu điện chuyển hoàn về cơ quan";
  }
  return "";
}

std::vector<CitizenStatus::Step> Steps(const std::vector<DossierEvent>& log,
                                       const NameFn& name) {
  std::vector<CitizenStatus::Step> out;
  auto add = [&](std::string text, Instant at) {
    out.push_back({std::move(text), at, MinuteText(at)});
  };
  for (const DossierEvent& e : log) {
    if (const auto* r = std::get_if<DossierReceived>(&e.body)) {
      const bool online = r->terms && r->terms->awaiting_check;
      add(online ? "Đã nộp hồ sơ trực tuyến" : "Đã tiếp nhận hồ sơ",
          r->received_at);
    } else if (const auto* t = std::get_if<DossierTransitioned>(&e.body)) {
      if (auto text = TransitionText(*t, name)) add(std::move(*text), t->at);
    } else if (const auto* p = std::get_if<PostalRecorded>(&e.body)) {
      add(std::string(PostalText(p->kind)), p->at);
    } else if (const auto* x = std::get_if<DossierRated>(&e.body)) {
      add("Đã đánh giá mức độ hài lòng", x->at);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CitizenStatus::Step& a,
                      const CitizenStatus::Step& b) { return a.at < b.at; });
  return out;
}

bool Overdue(const Dossier& d, Instant now, const WorkingCalendar* cal) {
  if (cal == nullptr || d.completed_at || IsTerminal(d.state)) return false;
  auto r = ReadDeadlines(d, *cal, now);
  return r.ok() && r->running && r->dossier.overdue;
}

std::string Sms(const CitizenStatus& s, const Dossier& d) {
  std::string text = s.code + ": " + s.status_text;
  if (s.overdue) text += " (quá hạn)";
  if (d.returned_at) {
    text += " " + DateText(*d.returned_at);
  } else if (d.completed_at) {
    text += " từ " + MinuteText(*d.completed_at);
  } else if (s.appointment && !IsTerminal(d.state)) {
    text += ". Hẹn trả: " + s.appointment_text;
  }
  text += ". Nơi giữ: " + s.holder_agency_code + ".";
  return SmsText(text);
}

}  // namespace

std::string_view CitizenStatusText(DossierState state) {
  return kStatusTexts[static_cast<int>(state)];
}

CitizenStatus BuildCitizenStatus(const Dossier& d,
                                 const std::vector<DossierEvent>& log,
                                 const NameFn& agency_name, Instant now,
                                 const WorkingCalendar* cal) {
  CitizenStatus s;
  s.code = d.code;
  s.national_status = NationalStatus(d.state);
  s.status_text = std::string(CitizenStatusText(d.state));
  if (d.terms && !d.terms->awaiting_check && d.appointment != 0) {
    s.appointment = d.appointment;
    s.appointment_text = MinuteText(d.appointment);
  }
  s.holder_agency_code = d.holder_agency;
  s.holder_agency_name = agency_name(d.holder_agency);
  s.steps_done = Steps(log, agency_name);
  s.overdue = Overdue(d, now, cal);
  s.sms_text = Sms(s, d);
  return s;
}

}  // namespace motcua::engine

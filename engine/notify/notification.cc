#include "engine/notify/notification.h"

namespace motcua::engine {
namespace {

struct Draft {
  std::string kind;
  std::string text;
  std::string sms;
};

std::string Head(const Dossier& d) { return "Hồ sơ " + d.code; }

std::string ProcedureName(const Dossier& d) {
  return d.terms ? " (" + d.terms->procedure_name + ")" : "";
}

std::string WithReason(std::string text, const std::string& reason) {
  if (!reason.empty()) text += " Lý do: " + reason + ".";
  return text;
}

std::string Amount(int64_t vnd) {
  std::string digits = std::to_string(vnd);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out + " đồng";
}

Draft Received(const Dossier& d, Instant at) {
  return {"received",
          Head(d) + ProcedureName(d) + " đã được tiếp nhận lúc " +
              MinuteText(at) +
              ". Hẹn trả kết quả: " + MinuteText(d.appointment) + ".",
          Head(d) + " da tiep nhan " + DateText(at) + ". Hen tra ket qua " +
              MinuteText(d.appointment) + "."};
}

std::optional<Draft> ForTransition(const Dossier& d,
                                   const DossierTransitioned& t) {
  const std::string when = MinuteText(t.at);
  switch (t.transition) {
    case Transition::kAcceptOnline:
      return Received(d, t.at);
    case Transition::kRefuseAtReceipt:
      return Draft{
          "refused_at_receipt",
          WithReason(Head(d) + " bị từ chối tiếp nhận lúc " + when + ".",
                     t.reason),
          Head(d) + " bi tu choi tiep nhan. " + t.reason};
    case Transition::kRequestSupplement: {
      std::string docs;
      for (const Document& doc : t.documents) {
        docs += (docs.empty() ? "" : "; ") + doc.name;
      }
      std::string text =
          Head(d) + " cần bổ sung, hoàn thiện (yêu cầu lúc " + when + ")";
      text += docs.empty() ? "." : ": " + docs + ".";
      return Draft{
          "supplement_requested", WithReason(text, t.reason),
          Head(d) + " can bo sung: " + (docs.empty() ? t.reason : docs)};
    }
    case Transition::kRequirePayment:
      return Draft{"payment_required",
                   WithReason(Head(d) +
                                  " cần nộp phí, lệ phí hoặc nghĩa vụ "
                                  "tài chính: " +
                                  Amount(t.amount_vnd) + ".",
                              t.reason),
                   Head(d) + " can nop " + Amount(t.amount_vnd) + "."};
    case Transition::kApologize: {
      // An untimely apology promises its date without moving the
      // appointment in force (engine/lifecycle/decide.h, "Apologies").
      const Instant promised = t.new_appointment.value_or(d.appointment);
      const std::string& unit =
          t.responsible_agency.empty() ? t.agency_code : t.responsible_agency;
      return Draft{"apology",
                   WithReason(unit + " xin lỗi vì hồ sơ " + d.code +
                                  " chưa có kết quả đúng hẹn. Hẹn trả kết "
                                  "quả mới: " +
                                  MinuteText(promised) + ".",
                              t.reason),
                   "Xin loi: ho so " + d.code + " hen lai tra ket qua " +
                       MinuteText(promised) + "."};
    }
    case Transition::kMarkResultReady:
      return Draft{
          "result_ready",
          Head(d) + ProcedureName(d) + " đã có kết quả lúc " + when + ".",
          Head(d) + " da co ket qua " + DateText(t.at) + "."};
    case Transition::kRefuseAfterAppraisal:
      return Draft{"refused",
                   WithReason(Head(d) + " không được giải quyết (từ chối lúc " +
                                  when + ").",
                              t.reason),
                   Head(d) + " bi tu choi giai quyet. " + t.reason};
    case Transition::kReturnResult:
      return Draft{
          "returned",
          "Kết quả hồ sơ " + d.code + " đã được trả lúc " + when + ".",
          "Ket qua ho so " + d.code + " da tra " + DateText(t.at) + "."};
    case Transition::kStop:
      return Draft{"stopped",
                   WithReason(Head(d) + " đã dừng giải quyết lúc " + when + ".",
                              t.reason),
                   Head(d) + " da dung giai quyet. " + t.reason};
    case Transition::kWithdraw:
      return Draft{"withdrawn",
                   Head(d) + " đã được rút theo đề nghị lúc " + when + ".",
                   Head(d) + " da rut " + DateText(t.at) + "."};
    default:
      return std::nullopt;
  }
}

std::optional<Draft> ForPostal(const Dossier& d, const PostalRecorded& p) {
  const std::string when = MinuteText(p.at);
  switch (p.kind) {
    case PostalEventKind::kDelivered:
      return Draft{"postal_delivered",
                   "Bưu điện đã phát kết quả hồ sơ " + d.code + " lúc " + when +
                       " (số hiệu " + p.tracking_number + ").",
                   "Ket qua ho so " + d.code + " da phat " + DateText(p.at) +
                       ", so hieu " + p.tracking_number + "."};
    case PostalEventKind::kDeliveryFailed:
      return Draft{"postal_delivery_failed",
                   WithReason("Bưu điện chưa phát được kết quả hồ sơ " +
                                  d.code + " lúc " + when + " (số hiệu " +
                                  p.tracking_number + ").",
                              p.reason),
                   "Chua phat duoc ket qua ho so " + d.code + ", so hieu " +
                       p.tracking_number + ". " + p.reason};
    case PostalEventKind::kReturnedToSender:
      return Draft{"postal_returned_to_sender",
                   "Kết quả hồ sơ " + d.code + " (số hiệu " +
                       p.tracking_number +
                       ") đã được bưu điện chuyển hoàn về cơ quan lúc " + when +
                       "; mời nhận tại bộ phận một cửa.",
                   "Ket qua ho so " + d.code +
                       " da chuyen hoan, moi nhan tai bo phan mot cua."};
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<Notification> NotificationFor(const Dossier& after,
                                            const DossierEvent& e) {
  std::optional<Draft> draft;
  if (const auto* r = std::get_if<DossierReceived>(&e.body)) {
    if (r->terms && !r->terms->awaiting_check) {
      draft = Received(after, r->received_at);
    }
  } else if (const auto* t = std::get_if<DossierTransitioned>(&e.body)) {
    draft = ForTransition(after, *t);
  } else if (const auto* p = std::get_if<PostalRecorded>(&e.body)) {
    draft = ForPostal(after, *p);
  } else if (const auto* m = std::get_if<AppointmentMoved>(&e.body)) {
    // A new official schedule (days off decided by the government) moved
    // the appointment in force; the printed slip keeps its date.
    draft =
        Draft{"appointment_moved",
              Head(after) +
                  ": do lịch nghỉ chính thức thay đổi, hẹn trả "
                  "kết quả chuyển từ " +
                  MinuteText(m->before) + " sang " + MinuteText(m->after) + ".",
              "Ho so " + after.code + " doi hen tra ket qua sang " +
                  MinuteText(m->after) + " do lich nghi thay doi."};
  }
  if (!draft) return std::nullopt;
  return Notification{after.code + "/" + std::to_string(e.version),
                      after.code,
                      std::move(draft->kind),
                      after.applicant.phone,
                      std::move(draft->text),
                      SmsText(draft->sms)};
}

}  // namespace motcua::engine

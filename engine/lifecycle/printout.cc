#include "engine/lifecycle/printout.h"

#include "engine/common/vietnamese_date.h"
#include "engine/lifecycle/forms.h"

namespace motcua::engine {
namespace {

constexpr std::string_view kFiles[kPrintableFormCount] = {
    "receipt-slip.pdf", "supplement-request.pdf", "refusal.pdf",
    "apology.pdf",      "control-sheet.pdf",
};

constexpr std::string_view kDeskUnit = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";

std::string_view ResultChannelText(Channel c) {
  switch (c) {
    case Channel::kDirect:
      return "Bộ phận tiếp nhận và trả kết quả";
    case Channel::kPostal:
      return "Qua dịch vụ bưu chính công ích";
    case Channel::kOnline:
      return "Trực tuyến";
  }
  return "";
}

std::string_view TimelinessText(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return "Trước hạn";
    case Timeliness::kOnTime:
      return "Đúng hạn";
    case Timeliness::kLate:
      return "Quá hạn";
  }
  return "";
}

std::string Quantity(const Document& d) {
  return std::to_string(d.originals) + " bản chính, " +
         std::to_string(d.copies) + " bản sao";
}

PrintTable DocumentTable(const std::vector<Document>& documents) {
  PrintTable t{{"STT", "Tên giấy tờ", "Số lượng"}, {0.8, 6.0, 3.2}, {}};
  for (size_t i = 0; i < documents.size(); ++i) {
    t.rows.push_back(
        {std::to_string(i + 1), documents[i].name, Quantity(documents[i])});
  }
  return t;
}

// The parts every page shares. `agency` issues the form.
PrintPage Page(const FormHeader& form, const std::string& agency,
               Instant issued, const PrintContext& ctx) {
  PrintPage p;
  p.agency_name = ctx.agency_name(agency);
  p.form_number = form.number;
  p.issue_date = DateText(issued);
  p.title = form.name;
  p.code_line = "Mã hồ sơ: " + form.dossier_code;
  p.legal_basis = form.legal_basis;
  p.qr_text = ctx.lookup_url;
  p.qr_caption = "Tra cứu hồ sơ " + form.dossier_code;
  return p;
}

// The form did not arise for the dossier in its state.
Error Absent(const std::vector<DossierEvent>& log, std::string_view what) {
  const Dossier d = Fold(log);
  return FailedPrecondition("dossier " + d.code + " has no " +
                            std::string(what) + " (state " +
                            std::string(DossierStateName(d.state)) + ")");
}

// NotFound from forms.h means "did not arise" once the dossier exists.
Error Precondition(const std::vector<DossierEvent>& log, const Error& e,
                   std::string_view what) {
  return e.code == ErrorCode::kNotFound ? Absent(log, what) : e;
}

Result<Printout> Slip(const std::vector<DossierEvent>& log,
                      const PrintContext& ctx) {
  auto s = BuildReceiptSlip(log);
  if (!s.ok()) return Precondition(log, s.error(), "receipt slip");
  PrintPage p = Page(s->form, s->agency_code, s->received_at, ctx);
  p.agency_unit = kDeskUnit;
  p.lines = {
      {"Tiếp nhận hồ sơ của:", s->applicant.full_name},
      {"Địa chỉ:", s->applicant.address},
      {"Số điện thoại:", s->applicant.phone},
      {"Nội dung yêu cầu giải quyết:",
       s->procedure_name + " (mã " + s->procedure_code + ")"},
      {"Thời gian giải quyết hồ sơ theo quy định:", s->budget_text},
      {"Thời gian nhận hồ sơ:", s->received_text},
      {"Thời gian trả kết quả giải quyết hồ sơ:", s->appointment_text},
      {"Đăng ký nhận kết quả tại:",
       std::string(ResultChannelText(s->result_channel))},
  };
  if (!ctx.lookup_secret.empty()) {
    p.lines.push_back({"Mã bí mật tra cứu hồ sơ:", ctx.lookup_secret});
  }
  p.table_caption = "Thành phần hồ sơ nộp gồm:";
  p.table = DocumentTable(s->documents);
  p.left_signature = "NGƯỜI NỘP HỒ SƠ";
  p.right_signature = "NGƯỜI TIẾP NHẬN HỒ SƠ";
  return Printout{{}, {std::move(p)}};
}

Result<Printout> Supplements(const std::vector<DossierEvent>& log,
                             const PrintContext& ctx) {
  auto forms = BuildSupplementRequests(log);
  if (!forms.ok()) return forms.error();
  if (forms->empty()) return Absent(log, "supplement request");
  const Dossier d = Fold(log);
  Printout out;
  for (const SupplementRequestForm& f : *forms) {
    PrintPage p = Page(f.form, f.agency_code, f.at, ctx);
    p.lines = {
        {"Kính gửi:", d.applicant.full_name},
        {"Hồ sơ đề nghị giải quyết:",
         d.terms ? d.terms->procedure_name : d.procedure_code},
        {"Lần yêu cầu:", std::to_string(f.ordinal)},
        {"Thời gian yêu cầu:", f.at_text},
        {"Lý do, nội dung cần bổ sung, hoàn thiện:", f.reason},
    };
    if (!f.documents.empty()) {
      p.table_caption = "Giấy tờ cần bổ sung, hoàn thiện:";
      p.table = DocumentTable(f.documents);
    }
    p.right_signature = "NGƯỜI HƯỚNG DẪN";
    p.right_signer = f.officer;
    out.pages.push_back(std::move(p));
  }
  return out;
}

Result<Printout> Refusal(const std::vector<DossierEvent>& log,
                         const PrintContext& ctx) {
  auto f = BuildRefusal(log);
  if (!f.ok()) return Precondition(log, f.error(), "refusal");
  const Dossier d = Fold(log);
  PrintPage p = Page(f->form, f->agency_code, f->at, ctx);
  p.lines = {
      {"Kính gửi:", d.applicant.full_name},
      {"Hồ sơ đề nghị giải quyết:",
       d.terms ? d.terms->procedure_name : d.procedure_code},
      {"Thời gian từ chối:", f->at_text},
      {"Giai đoạn:",
       f->at_receipt ? "Khi tiếp nhận hồ sơ" : "Sau khi thẩm định, giải quyết"},
      {"Lý do từ chối:", f->reason},
  };
  p.right_signature = "NGƯỜI TỪ CHỐI";
  p.right_signer = f->officer;
  return Printout{{}, {std::move(p)}};
}

Result<Printout> Apologies(const std::vector<DossierEvent>& log,
                           const PrintContext& ctx) {
  auto forms = BuildApologies(log);
  if (!forms.ok()) return forms.error();
  if (forms->empty()) return Absent(log, "apology");
  const Dossier d = Fold(log);
  Printout out;
  for (const ApologyForm& f : *forms) {
    PrintPage p = Page(f.form, f.agency_code, f.at, ctx);
    p.lines = {
        {"Kính gửi:", d.applicant.full_name},
        {"Hồ sơ đề nghị giải quyết:",
         d.terms ? d.terms->procedure_name : d.procedure_code},
        {"Cơ quan chịu trách nhiệm:", ctx.agency_name(f.responsible_agency)},
        {"Lý do quá hạn:", f.reason},
        {"Thời gian hẹn trả kết quả trước đây:",
         MinuteText(f.previous_appointment)},
        {"Thời gian hẹn trả kết quả mới:", f.new_appointment_text},
    };
    p.right_signature = "THỦ TRƯỞNG CƠ QUAN";
    p.right_signer = f.officer;
    out.pages.push_back(std::move(p));
  }
  return out;
}

Result<Printout> Control(const std::vector<DossierEvent>& log,
                         const PrintContext& ctx) {
  auto f = BuildControlSheet(log);
  if (!f.ok()) return f.error();
  const Dossier d = Fold(log);
  PrintPage p = Page(f->form, d.agency_code, d.received_at, ctx);
  p.agency_unit = kDeskUnit;
  p.lines = {
      {"Kèm theo hồ sơ của:", d.applicant.full_name},
      {"Nội dung yêu cầu giải quyết:",
       d.terms ? d.terms->procedure_name : d.procedure_code},
      {"Thời gian nhận hồ sơ:", MinuteText(d.received_at)},
  };
  p.table_caption = "Quá trình giao, nhận hồ sơ:";
  p.table = {{"STT", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Kết quả",
              "Ghi chú"},
             {0.6, 2.6, 2.6, 2.4, 1.3, 2.5},
             {}};
  for (size_t i = 0; i < f->rows.size(); ++i) {
    const ControlSheetRow& r = f->rows[i];
    auto side = [&](const std::string& agency, const std::string& officer) {
      std::string s =
          agency.empty() ? "Người nộp hồ sơ" : ctx.agency_name(agency);
      if (!officer.empty()) s += " (" + officer + ")";
      return s;
    };
    p.table.rows.push_back(
        {std::to_string(i + 1), side(r.from_agency, r.from_officer),
         side(r.to_agency, r.to_officer), r.at_text,
         r.step_result ? std::string(TimelinessText(*r.step_result)) : "",
         r.note});
  }
  return Printout{{}, {std::move(p)}};
}

}  // namespace

std::optional<PrintableForm> ParsePrintableFile(std::string_view file) {
  for (int i = 0; i < kPrintableFormCount; ++i) {
    if (kFiles[i] == file) return static_cast<PrintableForm>(i);
  }
  return std::nullopt;
}

std::string_view PrintableFileName(PrintableForm form) {
  return kFiles[static_cast<int>(form)];
}

Status ValidateLookupUrlBase(std::string_view base, std::string_view field) {
  const std::string f(field);
  if (base.size() > kMaxLookupUrlBase) {
    return InvalidArgument(f + ": longer than " +
                           std::to_string(kMaxLookupUrlBase) + " bytes");
  }
  size_t scheme = 0;
  if (base.rfind("https://", 0) == 0) {
    scheme = 8;
  } else if (base.rfind("http://", 0) == 0) {
    scheme = 7;
  } else {
    return InvalidArgument(f + ": must start with https:// or http://");
  }
  if (base.size() == scheme || base[scheme] == '/' || base[scheme] == '?') {
    return InvalidArgument(f + ": has no host");
  }
  for (char c : base) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '#') {
      return InvalidArgument(f +
                             ": only printable ASCII without spaces or "
                             "'#' (percent-encode the rest)");
    }
  }
  return {};
}

std::string LookupUrl(std::string_view base, std::string_view code) {
  std::string url(base);
  url += base.find('?') == std::string_view::npos ? "?code=" : "&code=";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') ||
        (u >= 'a' && u <= 'z') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      url.push_back(c);
    } else {
      url.push_back('%');
      url.push_back(kHex[u >> 4]);
      url.push_back(kHex[u & 15]);
    }
  }
  return url;
}

Result<Printout> BuildPrintout(PrintableForm form,
                               const std::vector<DossierEvent>& log,
                               const PrintContext& context) {
  const Dossier dossier = Fold(log);
  if (dossier.personal_data_purged_at) {
    // The forms name the applicant; a purged dossier has none to print.
    return FailedPrecondition(
        "dossier " + dossier.code + ": its personal data was erased on " +
        FormatDate(VietnamDateOf(*dossier.personal_data_purged_at)) +
        " (closed longer ago than the retention period); its forms can no "
        "longer be printed");
  }
  Result<Printout> out = Internal("unknown printable form");
  switch (form) {
    case PrintableForm::kReceiptSlip:
      out = Slip(log, context);
      break;
    case PrintableForm::kSupplementRequest:
      out = Supplements(log, context);
      break;
    case PrintableForm::kRefusal:
      out = Refusal(log, context);
      break;
    case PrintableForm::kApology:
      out = Apologies(log, context);
      break;
    case PrintableForm::kControlSheet:
      out = Control(log, context);
      break;
  }
  if (out.ok()) {
    out->file_name = dossier.code + "-" + std::string(PrintableFileName(form));
  }
  return out;
}

}  // namespace motcua::engine

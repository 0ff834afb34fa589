// Printouts: the legal forms (forms.h) laid out as the texts a printed page
// carries, in Vietnamese, for a renderer (adapters/forms: PDF) that only
// places them. Which form exists, what each line says and which personal
// data it prints are decided here; fonts, geometry and the QR image are the
// renderer's.
//
// Every page has the layout of the forms of Circular 01/2018/TT-VPCP (and
// 03/2025): top left the agency's name (and the desk's unit on the slip and
// the control sheet), top right the national heading (kNationalName,
// kNationalMotto) above the form number of the dossier's regime ("Mẫu số
// 01"; the regime decides "01" or "1") and the date of issue ("ngày 02
// tháng 12 năm 2026", engine/common/vietnamese_date.h); then the form's
// name as its title, "Mã hồ sơ: <code>", label/value lines, an optional
// table, two signature blocks, and a QR code of the dossier's lookup
// address (PrintContext::lookup_url, which carries the code).
//
//   file                    form (regime's number)     pages
//   receipt-slip.pdf        receipt and appointment    1
//   supplement-request.pdf  supplement request         one per request
//   refusal.pdf             refusal                    1
//   apology.pdf             apology / extension        one per apology
//   control-sheet.pdf       process control sheet      1 (table of handovers)
//
// Personal data: only what each form asks for. The slip prints the
// applicant's name, address and phone (Mẫu 01 has them: it is handed to
// the applicant), never the personal identification number; the supplement
// request, refusal and apology are addressed to the applicant by name
// ("Kính gửi"); the control sheet names the applicant it goes with, and
// officers by name as the handover rows do. The lookup secret is printed
// on the slip only when PrintContext::lookup_secret is set (the service
// sets it for a desk of the receiving agency only, as GetForms does).
//
// Ambiguous cases, answered:
//  - The date of issue is the receipt's date for the slip and the control
//    sheet, the date of the request, refusal or apology for the others.
//  - A form that did not arise (no refusal, no supplement request) is
//    FailedPrecondition naming the dossier's state, also where forms.h
//    says NotFound: the dossier exists, the form does not for its state.
//  - Agency names come from PrintContext::agency_name (the catalogue); an
//    unknown code prints as itself.
//
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

inline constexpr std::string_view kNationalName =
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
inline constexpr std::string_view kNationalMotto =
    "Độc lập - Tự do - Hạnh phúc";

enum class PrintableForm : uint8_t {
  kReceiptSlip,
  kSupplementRequest,
  kRefusal,
  kApology,
  kControlSheet,
};
inline constexpr int kPrintableFormCount = 5;

// "receipt-slip.pdf" -> kReceiptSlip; nullopt for any other text.
std::optional<PrintableForm> ParsePrintableFile(std::string_view file);
// "receipt-slip.pdf"
std::string_view PrintableFileName(PrintableForm form);

struct PrintLine {
  std::string label;  // "Tiếp nhận hồ sơ của:"
  std::string value;
};

struct PrintTable {
  std::vector<std::string> columns;  // empty: no table
  std::vector<double> widths;        // relative, one per column
  std::vector<std::vector<std::string>> rows;
};

struct PrintPage {
  std::string agency_name;  // top left, the issuing agency
  std::string agency_unit;  // below it; may be empty
  std::string form_number;  // "Mẫu số 01"; empty when the regime has none
  std::string issue_date;   // "ngày 02 tháng 12 năm 2026"
  std::string title;        // the regime's name of the form
  std::string code_line;    // "Mã hồ sơ: H55.1-260302-0001"
  std::vector<PrintLine> lines;
  std::string table_caption;  // above the table; may be empty
  PrintTable table;
  std::string left_signature;  // "NGƯỜI NỘP HỒ SƠ"; may be empty
  std::string right_signature;
  std::string right_signer;  // the officer's name under the right block
  std::string legal_basis;   // "Thông tư 01/2018/TT-VPCP", footer
  std::string qr_text;       // encoded in the QR code
  std::string qr_caption;    // printed beside it
};

struct Printout {
  std::string file_name;  // "<code>-receipt-slip.pdf"
  std::vector<PrintPage> pages;
};

struct PrintContext {
  // Display name of an agency code (the code itself when unknown).
  std::function<std::string(std::string_view agency_code)> agency_name;
  // The dossier's public lookup address, with its code.
  std::string lookup_url;
  // Printed on the slip when not empty.
  std::string lookup_secret;
};

// The lookup base address an operator configures (motcuad
// --lookup-url-base): http:// or https:// with a host, printable ASCII
// without spaces or '#', at most kMaxLookupUrlBase bytes (the QR code
// stays small enough to scan from a printed slip). InvalidArgument naming
// `field` otherwise.
inline constexpr size_t kMaxLookupUrlBase = 256;
Status ValidateLookupUrlBase(std::string_view base, std::string_view field);

// The public lookup address of a dossier: `base` + "?code=" + the code,
// percent-encoded (a base that already has a query gets "&code=").
std::string LookupUrl(std::string_view base, std::string_view code);

// `log` is the dossier's event log.
Result<Printout> BuildPrintout(PrintableForm form,
                               const std::vector<DossierEvent>& log,
                               const PrintContext& context);

}  // namespace motcua::engine

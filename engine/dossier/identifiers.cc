#include "engine/dossier/identifiers.h"

#include <cstdio>

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsUpperAlnum(char c) { return IsDigit(c) || IsUpper(c); }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

// "." + [0-9A-Z]+ repeated, starting at `s` (which may be empty).
bool IsDottedGroups(std::string_view s) {
  while (!s.empty()) {
    if (s[0] != '.') return false;
    size_t i = 1;
    while (i < s.size() && IsUpperAlnum(s[i])) ++i;
    if (i == 1) return false;
    s.remove_prefix(i);
  }
  return true;
}

bool IsQcvn102(std::string_view s) {
  // ddd.dd.dd.Ldd
  if (s.size() != 13) return false;
  return AllDigits(s.substr(0, 3)) && s[3] == '.' &&
         AllDigits(s.substr(4, 2)) && s[6] == '.' &&
         AllDigits(s.substr(7, 2)) && s[9] == '.' && IsUpper(s[10]) &&
         AllDigits(s.substr(11, 2));
}

bool IsDecision20(std::string_view s) {
  if (s.size() < 3 || s.size() > kMaxAgencyCodeLength) return false;
  return IsUpper(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) &&
         IsDottedGroups(s.substr(3));
}

std::string Quote(std::string_view s) { return QuoteText(s, 80); }

}  // namespace

Result<AgencyCodeFormat> ParseAgencyCode(std::string_view code,
                                         std::string_view field) {
  if (code.empty()) {
    return InvalidArgument(std::string(field) + ": an agency code is required");
  }
  if (IsQcvn102(code)) return AgencyCodeFormat::kQcvn102;
  if (IsDecision20(code)) return AgencyCodeFormat::kDecision20;
  return InvalidArgument(
      std::string(field) + ": " + Quote(code) +
      " is not an agency code; expected QCVN 102:2016 form \"000.00.31.H12\" "
      "or Decision 20/2020/QD-TTg form \"H55.242\" (at most 35 characters of "
      "[0-9A-Z.])");
}

Status ValidateProcedureCode(std::string_view code, std::string_view field) {
  if (code.empty()) {
    return InvalidArgument(std::string(field) +
                           ": a procedure code is required");
  }
  const bool ok = code.size() <= kMaxProcedureCodeLength && code.size() >= 8 &&
                  IsDigit(code[0]) && code[1] == '.' &&
                  AllDigits(code.substr(2, 6)) &&
                  IsDottedGroups(code.substr(8));
  if (!ok) {
    return InvalidArgument(
        std::string(field) + ": " + Quote(code) +
        " is not a procedure code; expected \"d.dddddd\" optionally followed "
        "by local groups, e.g. \"1.001234\" or \"1.000948.H38\"");
  }
  return {};
}

std::string FormatDossierCode(std::string_view agency_code, CivilDate date,
                              uint32_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%02d%02d%02d-%0*u", date.year % 100,
                date.month, date.day, sequence > kMaxFourDigitSequence ? 5 : 4,
                sequence);
  return std::string(agency_code) + buf;
}

Result<DossierCodeParts> ParseDossierCode(std::string_view code,
                                          std::string_view field) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument(std::string(field) + ": " + Quote(code) +
                           " is not a dossier code (" + std::string(why) +
                           "); expected \"<agency code>-<YYMMDD>-<NNNN>\", "
                           "e.g. \"000.00.31.H12-260105-0007\"");
  };
  if (code.empty()) {
    return InvalidArgument(std::string(field) + ": a dossier code is required");
  }
  const size_t last = code.rfind('-');
  if (last == std::string_view::npos || last == 0) return bad("no sequence");
  const size_t mid = code.rfind('-', last - 1);
  if (mid == std::string_view::npos) return bad("no date");
  const std::string_view agency = code.substr(0, mid);
  const std::string_view date = code.substr(mid + 1, last - mid - 1);
  const std::string_view seq = code.substr(last + 1);
  if (!ParseAgencyCode(agency, field).ok()) return bad("bad agency code");
  if (date.size() != 6 || !AllDigits(date)) return bad("date is not YYMMDD");
  const CivilDate d{2000 + (date[0] - '0') * 10 + (date[1] - '0'),
                    (date[2] - '0') * 10 + (date[3] - '0'),
                    (date[4] - '0') * 10 + (date[5] - '0')};
  if (!IsValidCivilDate(d)) return bad("date does not exist");
  if ((seq.size() != 4 && seq.size() != 5) || !AllDigits(seq)) {
    return bad("sequence is not 4 or 5 digits");
  }
  uint32_t n = 0;
  for (char c : seq) n = n * 10 + static_cast<uint32_t>(c - '0');
  if (n == 0) return bad("sequence starts at 0001");
  if (seq.size() == 5 && n <= kMaxFourDigitSequence) {
    return bad("sequences below 10000 have 4 digits");
  }
  return DossierCodeParts{std::string(agency), d, n};
}

}  // namespace motcua::engine

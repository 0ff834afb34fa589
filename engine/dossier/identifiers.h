// National identifiers a dossier carries: agency codes, procedure codes and
// the dossier code itself (DOMAIN.md §5).
//
// Agency codes come in two national formats, both accepted everywhere:
//   - QCVN 102:2016, level-1 group on the right:  "000.00.31.H12"
//       = three digits . two digits . two digits . letter + two digits
//   - Decision 20/2020/QĐ-TTg, level-1 on the left: "H55.242", "G12.36.1"
//       = letter + two digits, then any number of "." + [0-9A-Z]+ groups,
//         35 characters at most.
// Procedure codes (mã TTHC) are "d.dddddd" with optional local suffix groups
// of [0-9A-Z]+: "1.001234", "1.000948.H38", "1.011442.000.00.00.H38"; 64
// characters at most.
//
// Dossier code (Circular 01/2018/TT-VPCP Art. 19):
//   "<agency code>-<YYMMDD>-<NNNN>", YYMMDD the Vietnamese civil date of
//   receipt and NNNN the receiving agency's 1-based sequence for that day.
// Past 9999 in one day the circular is silent. motcua keeps receiving and
// widens the sequence to five digits (10000..99999): refusing a citizen at
// the desk is a worse harm than a wider code, codes stay unique and
// parseable, and 4-digit codes keep their exact legal form. Beyond 99999 a
// day the submission is refused with RESOURCE_EXHAUSTED (no real desk
// reaches it; the limit stops a runaway client). Codes therefore sort by
// (agency, date, numeric sequence), not byte order past 9999.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"

namespace motcua::engine {

inline constexpr uint32_t kMaxFourDigitSequence = 9999;
inline constexpr uint32_t kMaxDailySequence = 99999;
inline constexpr size_t kMaxAgencyCodeLength = 35;
inline constexpr size_t kMaxProcedureCodeLength = 64;

enum class AgencyCodeFormat { kQcvn102, kDecision20 };

// The format of a well-formed agency code; InvalidArgument naming `field`
// otherwise.
Result<AgencyCodeFormat> ParseAgencyCode(std::string_view code,
                                         std::string_view field);
Status ValidateProcedureCode(std::string_view code, std::string_view field);

struct DossierCodeParts {
  std::string agency_code;
  CivilDate receipt_date;
  uint32_t sequence = 0;
};

// "000.00.31.H12-260105-0007". Dates outside 2000..2099 cannot be written as
// YYMMDD; callers validate the receipt instant first.
std::string FormatDossierCode(std::string_view agency_code, CivilDate date,
                              uint32_t sequence);
// The inverse of FormatDossierCode; InvalidArgument naming `field` for
// anything FormatDossierCode cannot produce (including "0000" and a 5-digit
// sequence below 10000, so each dossier has exactly one spelling).
Result<DossierCodeParts> ParseDossierCode(std::string_view code,
                                          std::string_view field);

}  // namespace motcua::engine

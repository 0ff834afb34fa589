// Procedure (thủ tục hành chính, TTHC): what a dossier asks for, as
// published in the national database, in versions.
//
// Model. A procedure is identified by its code (mã TTHC, "1.001193") and
// published in numbered versions, each effective on [effective_from,
// effective_until) of Vietnamese civil dates. The version in force on a
// dossier's receipt date is copied into the dossier (ReceiptTerms), so a
// later version never changes an open dossier.
//
// Processing time is a Budget (engine/deadline). An inter-agency procedure
// (liên thông) lists its ordered steps, each with the role of the agency
// that performs it, optionally a fixed agency code, and its own share of
// the time. The first step is the lead agency's. A procedure without steps
// is processed by one agency with the whole budget.
//
// Ambiguous cases, answered:
//  - Steps are counted in the procedure's unit; their sum may be less than
//    the budget (the rest is the desk's transfer and return time) but not
//    more. Steps in a different unit than the procedure are rejected:
//    there is no exact conversion from hours to days before a calendar is
//    chosen.
//  - An inter-agency procedure has at least two steps; one step is a
//    single-agency procedure and is written without steps.
//  - Channels: `postal` allows the dossier to come by post; result by post
//    (result_by_post) is separate (Decision 45/2016 options).
//  - Fees are in whole đồng; 0 is a valid fee ("miễn lệ phí").
//  - receipt_cutoff_minute: the procedure's own rule that a dossier
//    received at or after that time counts as received the next working
//    day (same-day certification: "hoặc ngày làm việc tiếp theo nếu tiếp
//    nhận sau 15 giờ"). Most procedures have none: Civil Code 2015 Art. 147
//    starts a period in days the day after the receipt whatever its hour,
//    one in hours at the receipt instant (deadline.h). Copied into the
//    dossier's terms with the budget.
//  - Calendar days ("ngày" in statutes that do not say "ngày làm việc")
//    are a unit of their own; steps must use the procedure's unit too.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"
#include "engine/deadline/deadline.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

enum class ProcedureLevel : uint8_t {
  kCentral,
  kProvince,
  kDistrict,
  kCommune
};
inline constexpr int kProcedureLevelCount = 4;
std::string_view ProcedureLevelName(ProcedureLevel level);
std::optional<ProcedureLevel> ParseProcedureLevel(std::string_view name);

struct Fee {
  std::string name;
  int64_t amount_vnd = 0;
  friend bool operator==(const Fee&, const Fee&) = default;
};

struct ProcedureStep {
  std::string role;
  std::string agency_code;  // empty: any agency with that role
  Budget budget;
  friend bool operator==(const ProcedureStep&, const ProcedureStep&) = default;
};

struct ProcedureChannels {
  bool direct = true;
  bool postal = false;
  bool online = false;
  bool Allows(Channel c) const {
    return c == Channel::kDirect ? direct
                                 : (c == Channel::kPostal ? postal : online);
  }
  friend bool operator==(const ProcedureChannels&,
                         const ProcedureChannels&) = default;
};

struct Procedure {
  std::string code;
  int version = 1;
  std::string name;
  std::string field_code;  // lĩnh vực
  std::string field_name;
  ProcedureLevel level = ProcedureLevel::kProvince;
  CivilDate effective_from{2000, 1, 1};
  std::optional<CivilDate> effective_until;  // exclusive
  Budget budget;
  // Minutes after Vietnamese midnight (see the file comment); nullopt: none.
  std::optional<int> receipt_cutoff_minute;
  ProcedureChannels channels;
  bool result_by_post = false;
  std::vector<Fee> fees;
  std::vector<ProcedureStep> steps;  // empty or >= 2

  bool EffectiveOn(CivilDate date) const {
    return effective_from <= date &&
           (!effective_until || date < *effective_until);
  }
  bool inter_agency() const { return !steps.empty(); }
  friend bool operator==(const Procedure&, const Procedure&) = default;
};

// Field rules of one entry (not cross-references: see Catalogue), the first
// failure as InvalidArgument naming `field` + "." + the member.
Status ValidateProcedure(const Procedure& procedure, std::string_view field);

// "3 working days", "8 working hours", "same day", "30 calendar days".
std::string FormatBudget(const Budget& budget);

// The budget as printed on the forms, in Vietnamese: "20 ngày làm việc",
// "8 giờ làm việc", "trong ngày" (same day), "30 ngày" (calendar days, as
// the procedures publish them). FormatBudget stays the English of error
// messages.
std::string BudgetText(const Budget& budget);

}  // namespace motcua::engine

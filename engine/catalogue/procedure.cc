#include "engine/catalogue/procedure.h"

#include "engine/common/money.h"
#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"

namespace motcua::engine {
namespace {

constexpr std::string_view kLevelNames[kProcedureLevelCount] = {
    "central", "province", "district", "commune"};

std::string Field(std::string_view field, std::string_view member) {
  return std::string(field) + "." + std::string(member);
}

Status CheckText(std::string_view value, const std::string& field, size_t max) {
  return ValidateText(value, field, 1, max);
}

Status CheckBudget(const Budget& b, const std::string& field) {
  switch (b.unit) {
    case BudgetUnit::kSameDay:
      return {};
    case BudgetUnit::kWorkingDays:
      if (b.amount >= 1 && b.amount <= 365) return {};
      return InvalidArgument(field + ": " + std::to_string(b.amount) +
                             " working days; expected 1..365");
    case BudgetUnit::kWorkingHours:
      if (b.amount >= 1 && b.amount <= 2000) return {};
      return InvalidArgument(field + ": " + std::to_string(b.amount) +
                             " working hours; expected 1..2000");
    case BudgetUnit::kCalendarDays:
      if (b.amount >= 1 && b.amount <= 730) return {};
      return InvalidArgument(field + ": " + std::to_string(b.amount) +
                             " calendar days; expected 1..730");
  }
  return InvalidArgument(field + ": unknown unit");
}

}  // namespace

std::string_view ProcedureLevelName(ProcedureLevel level) {
  return kLevelNames[static_cast<int>(level)];
}

std::optional<ProcedureLevel> ParseProcedureLevel(std::string_view name) {
  for (int i = 0; i < kProcedureLevelCount; ++i) {
    if (kLevelNames[i] == name) return static_cast<ProcedureLevel>(i);
  }
  return std::nullopt;
}

std::string FormatBudget(const Budget& b) {
  switch (b.unit) {
    case BudgetUnit::kSameDay:
      return "same day";
    case BudgetUnit::kWorkingDays:
      return std::to_string(b.amount) + " working day" +
             (b.amount == 1 ? "" : "s");
    case BudgetUnit::kWorkingHours:
      return std::to_string(b.amount) + " working hour" +
             (b.amount == 1 ? "" : "s");
    case BudgetUnit::kCalendarDays:
      return std::to_string(b.amount) + " calendar day" +
             (b.amount == 1 ? "" : "s");
  }
  return "?";
}

std::string BudgetText(const Budget& b) {
  switch (b.unit) {
    case BudgetUnit::kSameDay:
      return "trong ngày";
    case BudgetUnit::kWorkingDays:
      return std::to_string(b.amount) + " ngày làm việc";
    case BudgetUnit::kWorkingHours:
      return std::to_string(b.amount) + " giờ làm việc";
    case BudgetUnit::kCalendarDays:
      return std::to_string(b.amount) + " ngày";
  }
  return "?";
}

Status ValidateProcedure(const Procedure& p, std::string_view field) {
  if (Status s = ValidateProcedureCode(p.code, Field(field, "code")); !s.ok()) {
    return s;
  }
  if (p.version < 1) {
    return InvalidArgument(Field(field, "version") + ": " +
                           std::to_string(p.version) +
                           "; versions are numbered from 1");
  }
  if (Status s = CheckText(p.name, Field(field, "name"), 1000); !s.ok()) {
    return s;
  }
  if (!IsToken(p.field_code, 32)) {
    return InvalidArgument(Field(field, "field_code") +
                           ": required, 1..32 characters of [A-Za-z0-9._:-]");
  }
  if (Status s = CheckText(p.field_name, Field(field, "field_name"), 300);
      !s.ok()) {
    return s;
  }
  if (static_cast<int>(p.level) >= kProcedureLevelCount) {
    return InvalidArgument(Field(field, "level") + ": unknown level");
  }
  if (!IsValidCivilDate(p.effective_from)) {
    return InvalidArgument(Field(field, "effective_from") + ": not a date");
  }
  if (p.effective_until && (!IsValidCivilDate(*p.effective_until) ||
                            *p.effective_until <= p.effective_from)) {
    return InvalidArgument(Field(field, "effective_until") +
                           ": must be a date after effective_from " +
                           FormatDate(p.effective_from) +
                           " (the range is [from, until))");
  }
  if (Status s = CheckBudget(p.budget, Field(field, "budget")); !s.ok()) {
    return s;
  }
  if (p.receipt_cutoff_minute &&
      (*p.receipt_cutoff_minute < 0 || *p.receipt_cutoff_minute >= 24 * 60)) {
    return InvalidArgument(Field(field, "receipt_cutoff") +
                           ": must be a time of day 00:00..23:59");
  }
  if (!p.channels.direct && !p.channels.postal && !p.channels.online) {
    return InvalidArgument(Field(field, "channels") +
                           ": at least one of direct, postal, online");
  }
  for (size_t i = 0; i < p.fees.size(); ++i) {
    const std::string f = Field(field, "fees[" + std::to_string(i) + "]");
    if (Status s = CheckText(p.fees[i].name, f + ".name", 300); !s.ok()) {
      return s;
    }
    if (Status s =
            ValidateAmountVnd(p.fees[i].amount_vnd, f + ".amount_vnd", 0);
        !s.ok()) {
      return s;
    }
  }
  if (p.steps.size() == 1) {
    return InvalidArgument(Field(field, "steps") +
                           ": an inter-agency procedure has at least two "
                           "steps; write a single-agency one without steps");
  }
  int64_t total = 0;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const ProcedureStep& s = p.steps[i];
    const std::string f = Field(field, "steps[" + std::to_string(i) + "]");
    if (Status st = CheckText(s.role, f + ".role", 100); !st.ok()) return st;
    if (!s.agency_code.empty()) {
      if (auto r = ParseAgencyCode(s.agency_code, f + ".agency_code");
          !r.ok()) {
        return r.error();
      }
    }
    if (Status st = CheckBudget(s.budget, f + ".budget"); !st.ok()) return st;
    if (s.budget.unit != p.budget.unit) {
      return InvalidArgument(f + ".budget: " + FormatBudget(s.budget) +
                             " is not in the procedure's unit (" +
                             FormatBudget(p.budget) + ")");
    }
    total += s.budget.amount;
  }
  if (!p.steps.empty() && p.budget.unit != BudgetUnit::kSameDay &&
      total > p.budget.amount) {
    return InvalidArgument(
        Field(field, "steps") + ": the steps add up to " +
        FormatBudget({p.budget.unit, static_cast<int>(total)}) +
        ", more than the procedure's " + FormatBudget(p.budget));
  }
  return {};
}

}  // namespace motcua::engine

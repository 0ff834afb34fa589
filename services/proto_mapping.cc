#include "services/proto_mapping.h"

#include <cstdio>

namespace motcua::services {

namespace pb = motcua::v1;
using engine::InvalidArgument;

void ToTimestamp(engine::Instant t, google::protobuf::Timestamp* out) {
  out->set_seconds(engine::FloorDiv(t, engine::kMicrosPerSecond));
  out->set_nanos(static_cast<int32_t>(
      (t - out->seconds() * engine::kMicrosPerSecond) * 1000));
}

engine::Result<engine::Instant> FromTimestamp(
    const google::protobuf::Timestamp& ts, const std::string& field) {
  // 1900-01-01 .. 2200-01-01 UTC: what the calendars can cover.
  if (ts.nanos() < 0 || ts.nanos() > 999999999 ||
      ts.seconds() < -2208988800LL || ts.seconds() >= 7258118400LL) {
    return InvalidArgument(field + ": not a valid instant in 1900..2199");
  }
  return ts.seconds() * engine::kMicrosPerSecond + ts.nanos() / 1000;
}

void ToProto(engine::CivilDate d, pb::Date* out) {
  out->set_year(d.year);
  out->set_month(d.month);
  out->set_day(d.day);
}

engine::Result<engine::CivilDate> FromProto(const pb::Date& d,
                                            const std::string& field) {
  const engine::CivilDate date{d.year(), d.month(), d.day()};
  if (d.year() < 1900 || d.year() > 2199 || !engine::IsValidCivilDate(date)) {
    return InvalidArgument(field + ": " + std::to_string(d.year()) + "-" +
                           std::to_string(d.month()) + "-" +
                           std::to_string(d.day()) +
                           " is not a date in 1900..2199");
  }
  return date;
}

std::string CutoffText(const std::optional<int>& minute) {
  if (!minute) return "";
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", *minute / 60 % 100, *minute % 60);
  return buf;
}

engine::Result<std::optional<int>> CutoffFromText(const std::string& text,
                                                  const std::string& field) {
  if (text.empty()) return std::optional<int>();
  const auto digit = [&](size_t i) {
    return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -100;
  };
  if (text.size() == 5 && text[2] == ':') {
    const int h = digit(0) * 10 + digit(1);
    const int m = digit(3) * 10 + digit(4);
    if (h >= 0 && h <= 23 && m >= 0 && m <= 59) {
      return std::optional<int>(h * 60 + m);
    }
  }
  return InvalidArgument(field + ": expected HH:MM (00:00..23:59) or empty");
}

void ToProto(const engine::Budget& b, pb::Budget* out) {
  switch (b.unit) {
    case engine::BudgetUnit::kWorkingDays:
      out->set_unit(pb::BUDGET_UNIT_WORKING_DAYS);
      break;
    case engine::BudgetUnit::kWorkingHours:
      out->set_unit(pb::BUDGET_UNIT_WORKING_HOURS);
      break;
    case engine::BudgetUnit::kSameDay:
      out->set_unit(pb::BUDGET_UNIT_SAME_DAY);
      break;
    case engine::BudgetUnit::kCalendarDays:
      out->set_unit(pb::BUDGET_UNIT_CALENDAR_DAYS);
      break;
  }
  out->set_amount(b.amount);
}

engine::Result<engine::Budget> FromProto(const pb::Budget& b,
                                         const std::string& field) {
  switch (b.unit()) {
    case pb::BUDGET_UNIT_WORKING_DAYS:
      if (b.amount() < 1 || b.amount() > 3650) {
        return InvalidArgument(field + ".amount: working days must be 1..3650");
      }
      return engine::Budget::WorkingDays(b.amount());
    case pb::BUDGET_UNIT_WORKING_HOURS:
      if (b.amount() < 1 || b.amount() > 10000) {
        return InvalidArgument(field +
                               ".amount: working hours must be 1..10000");
      }
      return engine::Budget::WorkingHours(b.amount());
    case pb::BUDGET_UNIT_SAME_DAY:
      if (b.amount() != 0) {
        return InvalidArgument(field +
                               ".amount: must be 0 for BUDGET_UNIT_SAME_DAY");
      }
      return engine::Budget::SameDay();
    case pb::BUDGET_UNIT_CALENDAR_DAYS:
      if (b.amount() < 1 || b.amount() > 3650) {
        return InvalidArgument(field +
                               ".amount: calendar days must be 1..3650");
      }
      return engine::Budget::CalendarDays(b.amount());
    default:
      return InvalidArgument(field +
                             ".unit: required (WORKING_DAYS, WORKING_HOURS, "
                             "SAME_DAY or CALENDAR_DAYS)");
  }
}

}  // namespace motcua::services

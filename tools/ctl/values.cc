#include "tools/ctl/values.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>

#include "tools/ctl/ctl.h"

namespace motcua::ctl {

google::protobuf::Timestamp ParseInstant(const std::string& text,
                                         std::string_view flag) {
  google::protobuf::Timestamp t;
  if (!google::protobuf::util::TimeUtil::FromString(text, &t)) {
    throw UsageError(std::string(flag) + ": " + text +
                     " is not an RFC 3339 instant such as "
                     "2026-01-05T09:30:00+07:00");
  }
  return t;
}

motcua::v1::Date ParseDate(const std::string& text, std::string_view flag) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool parsed =
      text.size() == 10 &&
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (!parsed || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] ||
      (m == 2 && d == 29 && !leap)) {
    throw UsageError(std::string(flag) + ": " + text +
                     " is not a date YYYY-MM-DD");
  }
  motcua::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

void IdempotencyFlags::Add(CLI::App* command) {
  command
      ->add_option("--client-id", client_id,
                   "idempotency key: the calling system")
      ->capture_default_str();
  command->add_option("--request-id", request_id,
                      "idempotency key: give the id a failed write printed "
                      "to retry it (default: a new random id)");
}

const std::string& IdempotencyFlags::RequestId() {
  if (request_id.empty()) request_id = NewRequestId();
  return request_id;
}

}  // namespace motcua::ctl

// Flag values motcuactl turns into request fields: instants, civil dates and
// the idempotency key of a write. Malformed values are UsageError naming the
// flag.
//
// Thread safety: pure functions; IdempotencyFlags is per command.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "motcua/v1/calendar.pb.h"

namespace motcua::ctl {

// RFC 3339 ("2026-01-05T09:30:00+07:00") -> Timestamp.
google::protobuf::Timestamp ParseInstant(const std::string& text,
                                         std::string_view flag);
// "2026-01-05" -> Date (checked as a calendar date).
motcua::v1::Date ParseDate(const std::string& text, std::string_view flag);

// --client-id (default "motcuactl") and --request-id (default: a new random
// id, fixed for the command's retries).
struct IdempotencyFlags {
  std::string client_id = "motcuactl";
  std::string request_id;

  void Add(CLI::App* command);
  // The given id, or a new one (the same on every call).
  const std::string& RequestId();
};

}  // namespace motcua::ctl

// The name of a gRPC status code as gRPC and google.rpc.Code spell it
// ("INVALID_ARGUMENT"): the one spelling the access log, the metrics labels,
// the HTTP/JSON error bodies and motcuactl's messages use.
//
// Thread safety: pure.
#pragma once

#include <grpcpp/support/status_code_enum.h>

#include <array>
#include <string_view>

namespace motcua {

// "UNKNOWN" for a number outside gRPC's 17 codes.
inline std::string_view StatusCodeName(grpc::StatusCode code) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  if (i < 0 || i >= static_cast<int>(kNames.size())) return "UNKNOWN";
  return kNames[static_cast<size_t>(i)];
}

}  // namespace motcua

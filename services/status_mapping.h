// The one place engine errors become gRPC statuses.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/status.h>

#include "engine/common/field_violations.h"
#include "engine/common/result.h"

namespace motcua::services {

// INVALID_ARGUMENT carries its field violation(s) as google.rpc.BadRequest
// in a google.rpc.Status, the binary error details (trailer
// grpc-status-details-bin; grpc::Status::error_details()). The message stays
// the human one, naming the first field. From an Error: the one field its
// message names (engine::ViolationOf); from FieldViolations: all of them.
grpc::Status ToGrpcStatus(const engine::Error& error);
grpc::Status ToGrpcStatus(const engine::FieldViolations& violations);

// Finishes a unary callback call with `status` (or the error's status) and
// returns its reactor: `return FinishCall(context, error);`.
grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const grpc::Status& status);
grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const engine::Error& error);
grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const engine::FieldViolations& violations);

}  // namespace motcua::services

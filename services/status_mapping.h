// The one place engine errors become gRPC statuses.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/status.h>

#include "engine/common/result.h"

namespace motcua::services {

grpc::Status ToGrpcStatus(const engine::Error& error);

// Finishes a unary callback call with `status` (or the error's status) and
// returns its reactor: `return FinishCall(context, error);`.
grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const grpc::Status& status);
grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const engine::Error& error);

}  // namespace motcua::services

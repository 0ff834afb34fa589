// The one place engine errors become gRPC statuses.
#pragma once

#include <grpcpp/support/status.h>

#include "engine/common/result.h"

namespace motcua::services {

grpc::Status ToGrpcStatus(const engine::Error& error);

}  // namespace motcua::services

// The access log of RPCs (README "Logs"): one line per call, written when
// its status is sent (or when a call ends without one, as CANCELLED),
//   event=rpc method=/motcua.v1.DossierService/GetDossier
//   principal=p-3f9c0a7d1e2b4c68 roles=desk code=OK millis=3.1
// by a gRPC server interceptor. The principal is the one AccessControl
// authenticated for that call ("-" when none was: health, reflection,
// refused credentials). No personal data: not the request, not the status
// message (it may quote request text), not the peer address, not the
// principal's name or officer. Health checks log at debug level (a
// container probe calls every few seconds), the rest at info.
//
// Thread safety: everything may be called from any thread.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "engine/access/access.h"

namespace grpc {
class ServerContextBase;
}

namespace motcua::services {

// For ServerBuilder::experimental().SetInterceptorCreators.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
RpcLogInterceptorFactory();

// Called by AccessControl when it authenticated `principal` for the call
// of `context`; names the principal on that call's line. A no-op for a
// context without the interceptor.
void NoteCallPrincipal(const grpc::ServerContextBase& context,
                       const engine::Principal& principal);

}  // namespace motcua::services

// RpcMetrics: every gRPC call counted by method and status code, and every
// unary call timed, into a Prometheus registry (README "Metrics"):
//   motcua_rpc_requests_total{method, code}   counter
//   motcua_rpc_duration_seconds{method}       histogram, unary calls only
// (a WatchEvents stream lasts as long as its client wants: it is counted
// when it ends, not timed).
//
// The label `method` is the full method name ("/motcua.v1.DossierService/
// SubmitDossier") when it names a method this server knows (one of the
// compiled-in protobuf services, health or reflection), else "unknown", so
// a client cannot grow the label set with made-up paths. `code` is the
// canonical name of the status sent ("OK", "INVALID_ARGUMENT", ...); a call
// that ends without sending a status (the client went away first) counts as
// "CANCELLED". Latency runs from the call's arrival at the interceptor to
// the status being sent.
//
// Thread safety: Record and the interceptors from any thread (the
// prometheus families lock internally).
//
// Example:
//   auto registry = std::make_shared<prometheus::Registry>();
//   auto rpc = std::make_shared<RpcMetrics>(*registry);
//   interceptors.push_back(MetricsInterceptorFactory(rpc));
//   builder.experimental().SetInterceptorCreators(std::move(interceptors));
#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>

#include "proto/grpc_status_name.h"
namespace motcua::services {

class RpcMetrics {
 public:
  explicit RpcMetrics(prometheus::Registry& registry);

  // One finished call; `seconds` is ignored unless `timed`.
  void Record(std::string_view method, grpc::StatusCode code, bool timed,
              double seconds);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
};

// The label a method path gets (see the file comment).
std::string MethodLabel(std::string_view method);

// An interceptor per call that records into `metrics` (kept alive by the
// factory).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MetricsInterceptorFactory(std::shared_ptr<RpcMetrics> metrics);

}  // namespace motcua::services

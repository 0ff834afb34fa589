#include "server/metrics_interceptor.h"

#include <google/protobuf/descriptor.h>

#include <array>
#include <chrono>

namespace motcua::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(std::shared_ptr<RpcMetrics> metrics, std::string method,
                     bool timed)
      : metrics_(std::move(metrics)),
        method_(std::move(method)),
        timed_(timed),
        start_(std::chrono::steady_clock::now()) {}

  ~MetricsInterceptor() override {
    if (!recorded_) {
      metrics_->Record(method_, grpc::StatusCode::CANCELLED, timed_, Elapsed());
    }
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!recorded_ && methods->QueryInterceptionHookPoint(
                          InterceptionHookPoints::PRE_SEND_STATUS)) {
      recorded_ = true;
      metrics_->Record(method_, methods->GetSendStatus().error_code(), timed_,
                       Elapsed());
    }
    methods->Proceed();
  }

 private:
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start_)
        .count();
  }

  const std::shared_ptr<RpcMetrics> metrics_;
  const std::string method_;
  const bool timed_;
  const std::chrono::steady_clock::time_point start_;
  bool recorded_ = false;
};

class MetricsInterceptorFactoryImpl final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactoryImpl(std::shared_ptr<RpcMetrics> metrics)
      : metrics_(std::move(metrics)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method() != nullptr ? info->method() : "";
    return new MetricsInterceptor(
        metrics_, MethodLabel(method),
        info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY);
  }

 private:
  const std::shared_ptr<RpcMetrics> metrics_;
};

}  // namespace

RpcMetrics::RpcMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("motcua_rpc_requests_total")
                    .Help("gRPC calls finished, by method and status code")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("motcua_rpc_duration_seconds")
                    .Help("Latency of unary gRPC calls, from arrival to the "
                          "status being sent, by method")
                    .Register(registry)) {}

void RpcMetrics::Record(std::string_view method, grpc::StatusCode code,
                        bool timed, double seconds) {
  const std::string name(method);
  requests_.Add({{"method", name}, {"code", std::string(StatusCodeName(code))}})
      .Increment();
  if (timed) {
    static const prometheus::Histogram::BucketBoundaries kBounds = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
        0.1,    0.25,  0.5,    1,     2.5,  5,     10};
    duration_.Add({{"method", name}}, kBounds).Observe(seconds);
  }
}

std::string MethodLabel(std::string_view method) {
  // "/package.Service/Method"
  if (method.size() < 4 || method.size() > 256 || method[0] != '/') {
    return "unknown";
  }
  const size_t slash = method.find('/', 1);
  if (slash == std::string_view::npos || slash + 1 >= method.size()) {
    return "unknown";
  }
  const std::string_view service = method.substr(1, slash - 1);
  const std::string_view name = method.substr(slash + 1);
  // Served by gRPC itself, not necessarily in the generated pool.
  static constexpr std::array<std::string_view, 4> kBuiltIn = {
      "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"};
  for (std::string_view known : kBuiltIn) {
    if (method == known) return std::string(method);
  }
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(service));
  if (descriptor == nullptr ||
      descriptor->FindMethodByName(std::string(name)) == nullptr) {
    return "unknown";
  }
  return std::string(method);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MetricsInterceptorFactory(std::shared_ptr<RpcMetrics> metrics) {
  return std::make_unique<MetricsInterceptorFactoryImpl>(std::move(metrics));
}

}  // namespace motcua::services

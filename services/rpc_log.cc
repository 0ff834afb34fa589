#include "services/rpc_log.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "proto/grpc_status_name.h"
#include "runtime/log.h"

namespace motcua::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Calls in flight with an interceptor -> the principal noted for them
// ("id roles", empty until authenticated).
struct Registry {
  std::mutex mu;
  std::unordered_map<const grpc::ServerContextBase*, std::string> principals;
};

Registry& Calls() {
  static Registry* registry = new Registry();  // never destroyed: used by
                                               // gRPC threads at exit
  return *registry;
}

class RpcLogInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RpcLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : context_(info->server_context()),
        method_(info->method() != nullptr ? info->method() : ""),
        start_(std::chrono::steady_clock::now()) {
    Registry& calls = Calls();
    std::lock_guard lock(calls.mu);
    calls.principals[context_];
  }

  ~RpcLogInterceptor() override {
    if (!logged_) Write(grpc::StatusCode::CANCELLED);
    Registry& calls = Calls();
    std::lock_guard lock(calls.mu);
    calls.principals.erase(context_);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!logged_ && methods->QueryInterceptionHookPoint(
                        InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Write(grpc::StatusCode code) noexcept {
    logged_ = true;
    try {
      const runtime::LogLevel level =
          std::string_view(method_).starts_with("/grpc.health.v1.Health/")
              ? runtime::LogLevel::kDebug
              : runtime::LogLevel::kInfo;
      if (!runtime::LogEnabled(level)) return;
      std::string principal;
      {
        Registry& calls = Calls();
        std::lock_guard lock(calls.mu);
        if (auto it = calls.principals.find(context_);
            it != calls.principals.end()) {
          principal = it->second;
        }
      }
      const size_t space = principal.find(' ');
      const std::string_view id =
          principal.empty() ? std::string_view("-")
                            : std::string_view(principal).substr(0, space);
      const std::string_view roles =
          space == std::string::npos
              ? std::string_view("-")
              : std::string_view(principal).substr(space + 1);
      const double millis = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - start_)
                                .count();
      runtime::Log(
          level, "rpc",
          {{"method", method_},
           {"principal", id},
           {"roles", roles},
           {"code", StatusCodeName(code)},
           {"millis",
            static_cast<double>(static_cast<int64_t>(millis * 1000)) / 1000}});
    } catch (...) {
      // A log line is never worth failing a call.
    }
  }

  const grpc::ServerContextBase* const context_;
  const std::string method_;
  const std::chrono::steady_clock::time_point start_;
  bool logged_ = false;
};

class RpcLogFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcLogInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
RpcLogInterceptorFactory() {
  return std::make_unique<RpcLogFactory>();
}

void NoteCallPrincipal(const grpc::ServerContextBase& context,
                       const engine::Principal& principal) {
  Registry& calls = Calls();
  std::lock_guard lock(calls.mu);
  auto it = calls.principals.find(&context);
  if (it == calls.principals.end()) return;
  std::string noted = principal.id;
  noted += ' ';
  bool first = true;
  for (const std::string& role : engine::RoleSpecs(principal)) {
    if (!first) noted += ',';
    noted += role;
    first = false;
  }
  it->second = std::move(noted);
}

}  // namespace motcua::services

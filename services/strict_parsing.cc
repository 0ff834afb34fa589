#include "services/strict_parsing.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/service_type.h>

#include <cstdio>
#include <cstdlib>

#include "services/status_mapping.h"

namespace motcua::services {
namespace strict_parsing_internal {

grpc::Status Refusal(const std::string& type_name) {
  // No one field: the whole message does not parse.
  engine::FieldViolations v;
  v.Add("", "request: not a valid " + type_name +
                " message (malformed protobuf, or a string field that is "
                "not UTF-8)");
  return ToGrpcStatus(v);
}

void* Handler::Deserialize(grpc_call* call, grpc_byte_buffer* req,
                           grpc::Status* status, void** handler_data) {
  auto* state = new (grpc::g_core_codegen_interface->grpc_call_arena_alloc(
      call, sizeof(CallState))) CallState();
  *handler_data = state;
  // The typed handler consumes `req`; keep a reference for the raw one.
  grpc_byte_buffer* copy =
      req == nullptr ? nullptr : grpc_byte_buffer_copy(req);
  void* request = typed_->Deserialize(call, req, status, &state->inner_data);
  if (status->ok()) {
    if (copy != nullptr) grpc_byte_buffer_destroy(copy);
    return request;
  }
  state->raw = true;
  release_(state->inner_data);
  state->inner_data = nullptr;
  return raw_->Deserialize(call, copy, status, &state->inner_data);
}

void Handler::RunHandler(const HandlerParameter& param) {
  auto* state = static_cast<CallState*>(param.internal_data);
  const HandlerParameter inner(param.call, param.server_context, param.request,
                               param.status, state->inner_data,
                               param.call_requester);
  (state->raw ? raw_ : typed_)->RunHandler(inner);
}

}  // namespace strict_parsing_internal

namespace {

// grpc::Service::MarkMethodCallback is protected; naming it through a
// derived class gives a pointer to the base's member, usable on any
// service.
struct ServiceAccess : grpc::Service {
  static auto MarkCallback() { return &ServiceAccess::MarkMethodCallback; }
};

}  // namespace

StrictParsing::StrictParsing(grpc::Service* service,
                             std::string_view service_full_name)
    : service_(service), service_full_name_(service_full_name) {}

void StrictParsing::Install(
    std::string_view method,
    std::unique_ptr<grpc::internal::MethodHandler> typed,
    std::unique_ptr<grpc::internal::MethodHandler> raw,
    void (*release)(void*)) {
  // gRPC numbers a service's methods in declaration order, as the
  // descriptor does.
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          service_full_name_);
  const google::protobuf::MethodDescriptor* m =
      service == nullptr ? nullptr
                         : service->FindMethodByName(std::string(method));
  if (m == nullptr) {
    std::fprintf(stderr, "motcuad: no method %s/%.*s\n",
                 service_full_name_.c_str(), static_cast<int>(method.size()),
                 method.data());
    std::abort();  // a programming error, caught by every test
  }
  (service_->*ServiceAccess::MarkCallback())(
      m->index(), new strict_parsing_internal::Handler(
                      std::move(typed), std::move(raw), release));
}

}  // namespace motcua::services

// StrictParsing: a request that is not a valid protobuf message of the
// method's type (garbage bytes, a truncated message, or a string field that
// is not UTF-8, which proto3 refuses) is answered INVALID_ARGUMENT naming
// the message type, instead of gRPC's UNIMPLEMENTED with an empty message
// (which tells a client the server lacks the method).
//
// How. gRPC's callback handler deserializes the request and, when that
// fails, runs no handler at all and answers UNIMPLEMENTED. Each method's
// handler is replaced by one that keeps a reference to the received bytes,
// lets the typed handler try, and on failure hands the call to a raw
// (ByteBuffer) handler that only answers the error. Valid requests take the
// typed path unchanged (the extra cost is one reference-counted copy of
// the byte buffer).
//
// Use in a service's constructor, once per method:
//   StrictParsing strict(this,
//   motcua::v1::DossierService::service_full_name());
//   strict.Unary("GetDossier", this, &DossierService::GetDossier);
//
// Thread safety: install at construction, before the server starts.
#pragma once

#include <grpc/byte_buffer.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>

#include <memory>
#include <string>
#include <string_view>

namespace motcua::services {

namespace strict_parsing_internal {

// Per call, in the call's arena: which handler took it.
struct CallState {
  bool raw = false;
  void* inner_data = nullptr;
};

// The answer to a request that did not parse.
grpc::Status Refusal(const std::string& type_name);

// Runs `typed` for requests that parse and `raw` for the others.
class Handler final : public grpc::internal::MethodHandler {
 public:
  // `release` frees what the typed handler allocated for a request that
  // did not parse (its MessageHolder), which its RunHandler would have.
  Handler(std::unique_ptr<grpc::internal::MethodHandler> typed,
          std::unique_ptr<grpc::internal::MethodHandler> raw,
          void (*release)(void*))
      : typed_(std::move(typed)), raw_(std::move(raw)), release_(release) {}

  void* Deserialize(grpc_call* call, grpc_byte_buffer* req,
                    grpc::Status* status, void** handler_data) override;
  void RunHandler(const HandlerParameter& param) override;

 private:
  std::unique_ptr<grpc::internal::MethodHandler> typed_;
  std::unique_ptr<grpc::internal::MethodHandler> raw_;
  void (*release_)(void*);
};

template <class Req, class Resp>
void ReleaseHolder(void* data) {
  if (data != nullptr)
    static_cast<grpc::MessageHolder<Req, Resp>*>(data)->Release();
}

}  // namespace strict_parsing_internal

class StrictParsing {
 public:
  // `service_full_name`: e.g. "motcua.v1.DossierService".
  StrictParsing(grpc::Service* service, std::string_view service_full_name);

  template <class S, class Req, class Resp>
  void Unary(std::string_view method, S* s,
             grpc::ServerUnaryReactor* (S::*fn)(grpc::CallbackServerContext*,
                                                const Req*, Resp*)) {
    auto typed =
        std::make_unique<grpc::internal::CallbackUnaryHandler<Req, Resp>>(
            [s, fn](grpc::CallbackServerContext* context, const Req* request,
                    Resp* response) {
              return (s->*fn)(context, request, response);
            });
    const std::string type = Req::descriptor()->full_name();
    auto raw = std::make_unique<grpc::internal::CallbackUnaryHandler<
        grpc::ByteBuffer, grpc::ByteBuffer>>(
        [type](grpc::CallbackServerContext* context, const grpc::ByteBuffer*,
               grpc::ByteBuffer*) {
          grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
          reactor->Finish(strict_parsing_internal::Refusal(type));
          return reactor;
        });
    Install(method, std::move(typed), std::move(raw),
            &strict_parsing_internal::ReleaseHolder<Req, Resp>);
  }

  template <class S, class Req, class Resp>
  void ServerStreaming(std::string_view method, S* s,
                       grpc::ServerWriteReactor<Resp>* (S::*fn)(
                           grpc::CallbackServerContext*, const Req*)) {
    auto typed = std::make_unique<
        grpc::internal::CallbackServerStreamingHandler<Req, Resp>>(
        [s, fn](grpc::CallbackServerContext* context, const Req* request) {
          return (s->*fn)(context, request);
        });
    const std::string type = Req::descriptor()->full_name();
    auto raw = std::make_unique<grpc::internal::CallbackServerStreamingHandler<
        grpc::ByteBuffer, grpc::ByteBuffer>>(
        [type](grpc::CallbackServerContext*, const grpc::ByteBuffer*) {
          return new Refused(type);
        });
    Install(method, std::move(typed), std::move(raw),
            // The streaming handler frees a failed request itself.
            [](void*) {});
  }

 private:
  // A stream that ends at once with the refusal.
  class Refused final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
   public:
    explicit Refused(const std::string& type) {
      Finish(strict_parsing_internal::Refusal(type));
    }
    void OnDone() override { delete this; }
  };

  void Install(std::string_view method,
               std::unique_ptr<grpc::internal::MethodHandler> typed,
               std::unique_ptr<grpc::internal::MethodHandler> raw,
               void (*release)(void*));

  grpc::Service* service_;
  std::string service_full_name_;
};

}  // namespace motcua::services

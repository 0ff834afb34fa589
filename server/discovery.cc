#include "server/discovery.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>

#include <set>
#include <utility>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace motcua::services {
namespace {

namespace rv1 = grpc::reflection::v1;
using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;

// Requests longer than this (a symbol or file name) are refused.
constexpr size_t kMaxName = 1024;

// grpc.reflection.v1.ServerReflection over the generated descriptor pool,
// as gRPC's v1alpha implementation answers.
class ReflectionV1 final : public rv1::ServerReflection::Service {
 public:
  void SetServiceList(const std::vector<std::string>* services) {
    services_ = services;
  }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* /*context*/,
      grpc::ServerReaderWriter<rv1::ServerReflectionResponse,
                               rv1::ServerReflectionRequest>* stream) override {
    rv1::ServerReflectionRequest request;
    // Files already sent on this stream are not sent again.
    std::set<std::string> sent;
    while (stream->Read(&request)) {
      rv1::ServerReflectionResponse response;
      response.set_valid_host(request.host());
      *response.mutable_original_request() = request;
      const grpc::Status status = Answer(request, &response, &sent);
      if (!status.ok()) {
        rv1::ErrorResponse* error = response.mutable_error_response();
        error->set_error_code(status.error_code());
        error->set_error_message(status.error_message());
      }
      if (!stream->Write(response)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
      }
    }
    return grpc::Status::OK;
  }

 private:
  grpc::Status Answer(const rv1::ServerReflectionRequest& request,
                      rv1::ServerReflectionResponse* response,
                      std::set<std::string>* sent) const {
    const DescriptorPool* pool = DescriptorPool::generated_pool();
    using R = rv1::ServerReflectionRequest;
    switch (request.message_request_case()) {
      case R::kFileByFilename: {
        if (request.file_by_filename().size() > kMaxName) break;
        const FileDescriptor* file =
            pool->FindFileByName(request.file_by_filename());
        if (file == nullptr) return NotFound("file");
        SendFile(file, response, sent);
        return grpc::Status::OK;
      }
      case R::kFileContainingSymbol: {
        if (request.file_containing_symbol().size() > kMaxName) break;
        const FileDescriptor* file =
            pool->FindFileContainingSymbol(request.file_containing_symbol());
        if (file == nullptr) return NotFound("symbol");
        SendFile(file, response, sent);
        return grpc::Status::OK;
      }
      case R::kFileContainingExtension: {
        const rv1::ExtensionRequest& e = request.file_containing_extension();
        if (e.containing_type().size() > kMaxName) break;
        const Descriptor* type =
            pool->FindMessageTypeByName(e.containing_type());
        if (type == nullptr) return NotFound("type");
        const FieldDescriptor* field =
            pool->FindExtensionByNumber(type, e.extension_number());
        if (field == nullptr) return NotFound("extension");
        SendFile(field->file(), response, sent);
        return grpc::Status::OK;
      }
      case R::kAllExtensionNumbersOfType: {
        if (request.all_extension_numbers_of_type().size() > kMaxName) break;
        const Descriptor* type = pool->FindMessageTypeByName(
            request.all_extension_numbers_of_type());
        if (type == nullptr) return NotFound("type");
        std::vector<const FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        rv1::ExtensionNumberResponse* out =
            response->mutable_all_extension_numbers_response();
        out->set_base_type_name(type->full_name());
        for (const FieldDescriptor* f : extensions) {
          out->add_extension_number(f->number());
        }
        return grpc::Status::OK;
      }
      case R::kListServices: {
        rv1::ListServiceResponse* out =
            response->mutable_list_services_response();
        if (services_ != nullptr) {
          for (const std::string& name : *services_) {
            out->add_service()->set_name(name);
          }
        }
        return grpc::Status::OK;
      }
      default:
        return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                            "unknown reflection request");
    }
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "name longer than " + std::to_string(kMaxName));
  }

  static grpc::Status NotFound(const std::string& what) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, what + " not found");
  }

  // `file` and the files it imports, each once per stream.
  static void SendFile(const FileDescriptor* file,
                       rv1::ServerReflectionResponse* response,
                       std::set<std::string>* sent) {
    rv1::FileDescriptorResponse* out =
        response->mutable_file_descriptor_response();
    std::vector<const FileDescriptor*> todo = {file};
    bool first = true;
    while (!todo.empty()) {
      const FileDescriptor* f = todo.back();
      todo.pop_back();
      // The requested file always; its imports when not sent yet.
      if (!first && sent->count(f->name()) != 0) continue;
      first = false;
      sent->insert(f->name());
      google::protobuf::FileDescriptorProto proto;
      f->CopyTo(&proto);
      proto.SerializeToString(out->add_file_descriptor_proto());
      for (int i = 0; i < f->dependency_count(); ++i) {
        todo.push_back(f->dependency(i));
      }
    }
  }

  const std::vector<std::string>* services_ = nullptr;
};

class DiscoveryPlugin final : public grpc::ServerBuilderPlugin {
 public:
  explicit DiscoveryPlugin(std::shared_ptr<DiscoveredServices> out)
      : out_(std::move(out)), reflection_(std::make_shared<ReflectionV1>()) {}

  std::string name() override { return "motcua_discovery"; }
  void InitServer(grpc::ServerInitializer* si) override {
    si->RegisterService(reflection_);
  }
  void Finish(grpc::ServerInitializer* si) override {
    reflection_->SetServiceList(si->GetServiceList());
    out_->names = *si->GetServiceList();
  }
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }

 private:
  std::shared_ptr<DiscoveredServices> out_;
  std::shared_ptr<ReflectionV1> reflection_;
};

class DiscoveryOption final : public grpc::ServerBuilderOption {
 public:
  explicit DiscoveryOption(std::shared_ptr<DiscoveredServices> out)
      : out_(std::move(out)) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->push_back(std::make_unique<DiscoveryPlugin>(out_));
  }

 private:
  std::shared_ptr<DiscoveredServices> out_;
};

}  // namespace

std::shared_ptr<DiscoveredServices> AddDiscovery(grpc::ServerBuilder& builder) {
  auto out = std::make_shared<DiscoveredServices>();
  builder.SetOption(std::make_unique<DiscoveryOption>(out));
  return out;
}

void ServeHealth(grpc::Server& server, const DiscoveredServices& services) {
  grpc::HealthCheckServiceInterface* health = server.GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus("", true);
  for (const std::string& name : services.names) {
    health->SetServingStatus(name, true);
  }
}

}  // namespace motcua::services

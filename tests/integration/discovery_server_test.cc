// What a client discovers: reflection v1 (beside v1alpha), health per
// service on the listener that serves it, and the retry service config the
// README publishes.
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/support/validate_service_config.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace rv1 = grpc::reflection::v1;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::Ctx;
using testing::ServerProcess;
using testing::TempDir;

// One v1 reflection exchange.
rv1::ServerReflectionResponse Reflect(
    const std::shared_ptr<grpc::Channel>& channel,
    const rv1::ServerReflectionRequest& request) {
  auto stub = rv1::ServerReflection::NewStub(channel);
  auto ctx = Ctx();
  auto stream = stub->ServerReflectionInfo(ctx.get());
  rv1::ServerReflectionResponse response;
  EXPECT_TRUE(stream->Write(request));
  EXPECT_TRUE(stream->WritesDone());
  EXPECT_TRUE(stream->Read(&response));
  rv1::ServerReflectionResponse extra;
  EXPECT_FALSE(stream->Read(&extra));  // one answer per request
  EXPECT_TRUE(stream->Finish().ok());
  return response;
}

std::vector<std::string> ListServices(
    const std::shared_ptr<grpc::Channel>& channel) {
  rv1::ServerReflectionRequest request;
  request.set_list_services("*");
  rv1::ServerReflectionResponse response = Reflect(channel, request);
  std::vector<std::string> names;
  for (const auto& s : response.list_services_response().service()) {
    names.push_back(s.name());
  }
  return names;
}

// Health.Check's status for `service`, or -1 - the error code.
int Health(const std::shared_ptr<grpc::Channel>& channel,
           const std::string& service) {
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status s = grpc::health::v1::Health::NewStub(channel)->Check(
      Ctx().get(), request, &response);
  if (!s.ok()) return -1 - s.error_code();
  return response.status();
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(DiscoveryServerTest, ReflectionV1ListsAndDescribes) {
  TempDir dir;
  ServerProcess server(dir.path());
  auto channel = server.Channel();
  const std::vector<std::string> services = ListServices(channel);
  EXPECT_TRUE(Has(services, "motcua.v1.DossierService"));
  EXPECT_TRUE(Has(services, "grpc.reflection.v1.ServerReflection"));
  EXPECT_TRUE(Has(services, "grpc.reflection.v1alpha.ServerReflection"));
  EXPECT_TRUE(Has(services, "grpc.health.v1.Health"));

  rv1::ServerReflectionRequest request;
  request.set_file_containing_symbol("motcua.v1.DossierService");
  rv1::ServerReflectionResponse response = Reflect(channel, request);
  ASSERT_TRUE(response.has_file_descriptor_response())
      << response.error_response().error_message();
  std::vector<std::string> files;
  for (const std::string& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    files.push_back(file.name());
    if (file.name() == "motcua/v1/dossier.proto") {
      bool found = false;
      for (const auto& s : file.service()) {
        found = found || s.name() == "DossierService";
      }
      EXPECT_TRUE(found);
    }
  }
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front(), "motcua/v1/dossier.proto");
  // With its imports, so a client can build the types.
  EXPECT_TRUE(Has(files, "google/protobuf/timestamp.proto"));

  request.set_file_containing_symbol("no.such.Symbol");
  response = Reflect(channel, request);
  EXPECT_EQ(response.error_response().error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST(DiscoveryServerTest, HealthPerServiceAndListener) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--admin-listen", "127.0.0.1:0"});
  auto main = server.Channel();
  auto admin = testing::AuthenticatedChannel(
      "127.0.0.1:" + std::to_string(server.admin_port()), server.Token());
  constexpr int kServing = HealthCheckResponse::SERVING;
  constexpr int kNotFound = -1 - grpc::StatusCode::NOT_FOUND;
  EXPECT_EQ(Health(main, ""), kServing);
  for (const std::string& name : ListServices(main)) {
    SCOPED_TRACE(name);
    EXPECT_EQ(Health(main, name), kServing);
  }
  for (const char* name :
       {"motcua.v1.DossierService", "motcua.v1.ProcessingService",
        "motcua.v1.PostalService", "motcua.v1.ReportService",
        "motcua.v1.LookupService", "motcua.v1.CalendarService"}) {
    EXPECT_EQ(Health(main, name), kServing) << name;
    EXPECT_EQ(Health(admin, name), kNotFound) << name;
  }
  // The admin services on the admin listener only.
  EXPECT_EQ(Health(admin, ""), kServing);
  for (const char* name :
       {"motcua.v1.CalendarAdminService", "motcua.v1.CatalogueAdminService",
        "motcua.v1.TokenAdminService", "motcua.v1.AuditService"}) {
    EXPECT_EQ(Health(admin, name), kServing) << name;
    EXPECT_EQ(Health(main, name), kNotFound) << name;
  }
  EXPECT_EQ(Health(main, "motcua.v1.NoSuchService"), kNotFound);
}

TEST(DiscoveryServerTest, HealthTurnsNotServingOnShutdown) {
  TempDir dir;
  ServerProcess server(dir.path());
  auto channel = server.Channel();
  HealthCheckRequest request;
  request.set_service("motcua.v1.DossierService");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto watch = grpc::health::v1::Health::NewStub(channel)->Watch(&ctx, request);
  HealthCheckResponse status;
  ASSERT_TRUE(watch->Read(&status));
  EXPECT_EQ(status.status(), HealthCheckResponse::SERVING);
  std::thread stop([&] { EXPECT_EQ(server.Stop(), 0); });
  // Before the port closes, the watcher hears NOT_SERVING.
  ASSERT_TRUE(watch->Read(&status));
  EXPECT_EQ(status.status(), HealthCheckResponse::NOT_SERVING);
  ctx.TryCancel();
  stop.join();
}

// The README's "Errors and retries" service config: the text of
// deploy/examples/service_config.json, valid for gRPC, and a channel made
// with it calls the server.
TEST(DiscoveryServerTest, PublishedRetryServiceConfigWorks) {
  const std::string examples =
      std::string(MOTCUA_CALL_PATH)
          .substr(0, std::string(MOTCUA_CALL_PATH).rfind('/'));
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string config = read(examples + "/service_config.json");
  ASSERT_FALSE(config.empty());
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(config), "");
  const std::string readme = read(examples + "/../../README.md");
  EXPECT_NE(readme.find(config), std::string::npos)
      << "README.md does not show deploy/examples/service_config.json as is";

  TempDir dir;
  ServerProcess server(dir.path());
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(config);
  auto channel = grpc::CreateCustomChannel(
      server.address(), grpc::InsecureChannelCredentials(), args);
  motcua::v1::ListCalendarsResponse response;
  auto ctx = Ctx();
  ctx->AddMetadata("authorization", "Bearer " + server.Token());
  EXPECT_TRUE(motcua::v1::CalendarService::NewStub(channel)
                  ->ListCalendars(ctx.get(), {}, &response)
                  .ok());
  EXPECT_GT(response.calendars_size(), 0);
}

}  // namespace
}  // namespace motcua

// Operations over a real motcuad (README "Operations"): JSON logs with
// start, configuration, access and stop lines and no personal data; the
// systemd readiness protocol; --check-config and --version.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "motcua/v1/access.grpc.pb.h"
#include "motcua/version.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
using testing::ServerProcess;
using testing::TempDir;

// The test process's stderr (which motcuad inherits) goes to a file while
// this lives.
class CaptureStderr {
 public:
  explicit CaptureStderr(const std::string& path) {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDERR_FILENO);
    close(fd);
  }
  ~CaptureStderr() {
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }

 private:
  int saved_ = -1;
};

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

TEST(OpsServerTest,
     JsonLogsHaveStartConfigAccessAndStopLinesAndNoPersonalData) {
  TempDir dir;
  const std::string log = dir.path() + "/stderr.log";
  const std::string name = "Trịnh Thị Bích Ngọc";
  const std::string personal_id = "079305001234";
  const std::string phone = "0987654321";
  const std::string address = "27 Lý Thường Kiệt, Hoàn Kiếm";
  std::string code;
  std::string bootstrap_id;
  {
    CaptureStderr capture(log);
    ServerProcess server(dir.path() + "/data", {"--log-format", "json"});
    auto stub = server.DossierStub();
    pb::SubmitDossierRequest request;
    request.set_client_id("desk-ops");
    request.set_request_id("ops-1");
    request.set_agency_code("000.00.31.H12");
    request.set_procedure_code("1.001234");
    request.mutable_applicant()->set_full_name(name);
    request.mutable_applicant()->set_personal_id(personal_id);
    request.mutable_applicant()->set_phone(phone);
    request.mutable_applicant()->set_address(address);
    request.set_channel(pb::CHANNEL_DIRECT);
    auto* document = request.add_documents();
    document->set_name("Tờ khai");
    document->set_originals(1);
    pb::SubmitDossierResponse submitted;
    ASSERT_TRUE(
        stub->SubmitDossier(testing::Ctx().get(), request, &submitted).ok());
    code = submitted.dossier().code();
    pb::GetDossierRequest get;
    get.set_code(code);
    pb::GetDossierResponse got;
    ASSERT_TRUE(stub->GetDossier(testing::Ctx().get(), get, &got).ok());
    // A refused one: the same personal data in a request without a token,
    // and a bad one that quotes the request text in its message.
    auto anonymous = pb::DossierService::NewStub(server.AnonymousChannel());
    EXPECT_EQ(
        anonymous->SubmitDossier(testing::Ctx().get(), request, &submitted)
            .error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
    request.set_request_id("ops-2");
    request.mutable_applicant()->set_personal_id(personal_id + "9");
    EXPECT_EQ(stub->SubmitDossier(testing::Ctx().get(), request, &submitted)
                  .error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    auto access = pb::AccessService::NewStub(server.Channel());
    pb::WhoAmIResponse me;
    ASSERT_TRUE(
        access->WhoAmI(testing::Ctx().get(), pb::WhoAmIRequest(), &me).ok());
    bootstrap_id = me.principal().id();
    EXPECT_EQ(server.Stop(), 0);
  }
  ASSERT_FALSE(bootstrap_id.empty());

  std::map<std::string, std::vector<nlohmann::json>> events;
  for (const std::string& line : Lines(log)) {
    // Every line motcuad wrote is JSON (gtest writes to stdout).
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << line;
    ASSERT_TRUE(j.contains("time") && j.contains("level") &&
                j.contains("event"))
        << line;
    events[j["event"]].push_back(j);
    for (const std::string& secret : {name, personal_id, phone, address}) {
      EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }
    EXPECT_EQ(line.find("Trịnh"), std::string::npos) << line;
  }
  ASSERT_EQ(events["start"].size(), 1u);
  EXPECT_EQ(events["start"][0]["version"], kVersion);
  ASSERT_EQ(events["config"].size(), 1u);
  EXPECT_EQ(events["config"][0]["log-format"], "json");
  EXPECT_EQ(events["config"][0]["max-queue"], "20000");
  ASSERT_EQ(events["serving"].size(), 1u);
  ASSERT_EQ(events["stopping"].size(), 1u);
  EXPECT_EQ(events["stopping"][0]["signal"], 15);
  ASSERT_EQ(events["stop"].size(), 1u);

  const auto rpc = [&](const std::string& method, const std::string& status) {
    int found = 0;
    for (const nlohmann::json& j : events["rpc"]) {
      if (j["method"] == method && j["code"] == status) {
        ++found;
        EXPECT_TRUE(j["millis"].is_number()) << j;
        EXPECT_EQ(j["level"], "info");
        if (status == "UNAUTHENTICATED") {
          EXPECT_EQ(j["principal"], "-") << j;
        } else {
          EXPECT_EQ(j["principal"], bootstrap_id) << j;
          EXPECT_NE(j["roles"].get<std::string>().find("desk"),
                    std::string::npos)
              << j;
        }
      }
    }
    return found;
  };
  EXPECT_EQ(rpc("/motcua.v1.DossierService/SubmitDossier", "OK"), 1);
  EXPECT_EQ(rpc("/motcua.v1.DossierService/GetDossier", "OK"), 1);
  EXPECT_EQ(rpc("/motcua.v1.DossierService/SubmitDossier", "UNAUTHENTICATED"),
            1);
  EXPECT_EQ(rpc("/motcua.v1.DossierService/SubmitDossier", "INVALID_ARGUMENT"),
            1);
  EXPECT_EQ(rpc("/motcua.v1.AccessService/WhoAmI", "OK"), 1);
  // Health checks (the test harness may probe) are at debug level: none.
  for (const nlohmann::json& j : events["rpc"]) {
    EXPECT_NE(j["method"], "/grpc.health.v1.Health/Check");
  }
}

TEST(OpsServerTest, RefusedWebhookCallsAreLogged) {
  TempDir dir;
  const std::string log = dir.path() + "/stderr.log";
  const std::string secrets = dir.path() + "/carriers.json";
  std::ofstream(secrets) << "{\"vnpost\": \"s3cret-not-logged\"}";
  {
    CaptureStderr capture(log);
    ServerProcess server(dir.path() + "/data",
                         {"--log-format", "json", "--postal-listen",
                          "127.0.0.1:0", "--postal-secrets", secrets});
    // An unsigned report: 401.
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server.postal_port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    const std::string request =
        "POST /v1/carriers/vnpost/events HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\n"
        "Connection: close\r\n\r\n{}";
    ASSERT_EQ(send(fd, request.data(), request.size(), 0),
              static_cast<ssize_t>(request.size()));
    char buffer[1024];
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    close(fd);
    ASSERT_GT(n, 0);
    EXPECT_EQ(
        std::string(buffer, static_cast<size_t>(n)).rfind("HTTP/1.1 401", 0),
        0u);
    EXPECT_EQ(server.Stop(), 0);
  }
  int refused = 0;
  for (const std::string& line : Lines(log)) {
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << line;
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
    if (j["event"] == "postal_webhook" &&
        j["detail"].get<std::string>().find(
            "refused a call from 127.0.0.1: 401 unauthenticated") !=
            std::string::npos) {
      ++refused;
    }
  }
  EXPECT_EQ(refused, 1);
}

TEST(OpsServerTest, ReadinessAndStoppingAreNotifiedToSystemd) {
  TempDir dir;
  const std::string socket_path = dir.path() + "/notify.sock";
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(socket_path.size(), sizeof(addr.sun_path));
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  timeval timeout{.tv_sec = 20, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  const auto receive = [fd] {
    char buffer[512];
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
  };

  setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
  ServerProcess server(dir.path() + "/data");
  unsetenv("NOTIFY_SOCKET");
  const std::string ready = receive();
  EXPECT_EQ(ready.rfind("READY=1\n", 0), 0u) << ready;
  EXPECT_NE(ready.find("STATUS=serving on 127.0.0.1:" +
                       std::to_string(server.port())),
            std::string::npos)
      << ready;
  EXPECT_EQ(server.Stop(), 0);
  const std::string stopping = receive();
  EXPECT_EQ(stopping.rfind("STOPPING=1", 0), 0u) << stopping;
  close(fd);
}

TEST(OpsServerTest, TheExampleConfigChecksOutAndErrorsNameTheLine) {
  TempDir dir;
  const testing::ExitedRun ok = testing::RunExpectingExit(
      dir.path(),
      {"--check-config", "--config", MOTCUA_DEPLOY_DIR "/motcuad.toml"});
  EXPECT_EQ(ok.exit_status, 0) << ok.output;
  EXPECT_NE(ok.output.find("configuration OK"), std::string::npos) << ok.output;

  const std::string bad = dir.path() + "/bad.toml";
  std::ofstream(bad) << "listen = \"127.0.0.1:0\"\nmax-batch = 0\n";
  const testing::ExitedRun refused = testing::RunExpectingExit(
      dir.path(), {"--check-config", "--config", bad});
  EXPECT_EQ(refused.exit_status, 2) << refused.output;
  EXPECT_NE(refused.output.find(bad + ":2: max-batch"), std::string::npos)
      << refused.output;

  // A value that parses but does not work (a listener off loopback without
  // TLS) is named by the file's line too.
  const std::string open = dir.path() + "/open.toml";
  std::ofstream(open) << "# public\n\nadmin-listen = \"0.0.0.0:0\"\n";
  const testing::ExitedRun off_loopback = testing::RunExpectingExit(
      dir.path(), {"--check-config", "--config", open});
  EXPECT_EQ(off_loopback.exit_status, 2) << off_loopback.output;
  EXPECT_NE(off_loopback.output.find(open + ":3: admin-listen"),
            std::string::npos)
      << off_loopback.output;
}

TEST(OpsServerTest, VersionNamesTheLibraries) {
  TempDir dir;
  const testing::ExitedRun run =
      testing::RunExpectingExit(dir.path(), {"--version"});
  EXPECT_EQ(run.exit_status, 0) << run.output;
  EXPECT_EQ(run.output.rfind("motcuad " + std::string(kVersion) + "\n", 0), 0u)
      << run.output;
  EXPECT_NE(run.output.find("  gRPC "), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("  RocksDB "), std::string::npos) << run.output;
}

}  // namespace
}  // namespace motcua

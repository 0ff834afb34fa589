// The HTTP/JSON gateway (README "HTTP/JSON") against a real motcuad with
// --http-listen on port 0: a plain urllib client
// (tests/integration/http_json_client.py) submits, transfers, reads, lists,
// fetches Form 06 and looks a dossier up, and checks the error answers
// (401, 404, 405, 400 naming the field, 409, FAILED_PRECONDITION). Raw
// socket checks cover what urllib cannot send.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "motcua/v1/lookup.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/fakes/test_pki.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

struct ShellRun {
  int status = -1;
  std::string out;
};

ShellRun Shell(const std::string& cmd) {
  ShellRun run;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
    run.out.append(buf.data(), n);
  }
  const int status = pclose(p);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Sends `request` as it is and returns what the server answers until it
// closes the connection (at most 64 KiB, 10 s).
std::string Raw(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      write(fd, request.data(), request.size()) ==
          static_cast<ssize_t>(request.size())) {
    std::array<char, 4096> buf;
    ssize_t n = 0;
    while (answer.size() < 65536 &&
           (n = read(fd, buf.data(), buf.size())) > 0) {
      answer.append(buf.data(), static_cast<size_t>(n));
    }
  }
  close(fd);
  return answer;
}

TEST(HttpGatewayServerTest, PlainHttpClientSubmitsActsReadsAndReports) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path() + "/data",
                                {"--http-listen", "127.0.0.1:0"});
  ASSERT_NE(server.http_port(), 0);
  const ShellRun run =
      Shell("/usr/bin/python3 " HTTP_JSON_CLIENT_PATH " http://127.0.0.1:" +
            std::to_string(server.http_port()) + " " + dir.path() +
            "/data/bootstrap-admin.token");
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("all HTTP/JSON checks passed"), std::string::npos)
      << run.out;
}

TEST(HttpGatewayServerTest, LimitsAndMalformedRequestsAreAnswered) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path() + "/data",
                                {"--http-listen", "127.0.0.1:0"});
  const int port = server.http_port();
  ASSERT_NE(port, 0);
  // A body over the 1 MiB cap: 413 before it is read.
  std::string big =
      "POST /v1/dossiers HTTP/1.1\r\nHost: x\r\n"
      "Content-Length: 2000000\r\n\r\n";
  EXPECT_EQ(Raw(port, big).substr(0, 12), "HTTP/1.1 413");
  // Too many header fields: 431.
  std::string many = "GET /v1/whoami HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  EXPECT_EQ(Raw(port, many + "\r\n").substr(0, 12), "HTTP/1.1 431");
  // Not HTTP at all: 400.
  EXPECT_EQ(Raw(port, "\x01\x02 garbage\r\n\r\n").substr(0, 12),
            "HTTP/1.1 400");
  // Deep JSON: 400 naming the limit, never a crash.
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  const std::string answer =
      Raw(port,
          "POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          "Content-Length: " +
              std::to_string(deep.size()) + "\r\n\r\n" + deep);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 400") << answer;
  EXPECT_NE(answer.find("deeper than"), std::string::npos) << answer;
  // Two requests on one connection (keep-alive), both answered.
  const std::string two =
      Raw(port,
          "GET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"
          "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(two.find("HTTP/1.1 404"), std::string::npos) << two;
  EXPECT_NE(two.find("HTTP/1.1 401"), std::string::npos) << two;
  // The server still serves gRPC and stops cleanly (the destructor checks
  // exit status 0).
}

TEST(HttpGatewayServerTest, AdminRoutesOnlyWhereAdminIsServed) {
  testing::TempDir dir;
  testing::ServerProcess server(
      dir.path() + "/data",
      {"--http-listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"});
  const std::string token = server.Token();
  const std::string answer =
      Raw(server.http_port(),
          "GET /v1/admin/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              token + "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 404") << answer;
  const std::string mine =
      Raw(server.http_port(),
          "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              token + "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(mine.substr(0, 12), "HTTP/1.1 200") << mine;
}

// With --tls-cert/--tls-key the gateway serves HTTPS with the same files,
// and a plaintext request gets no HTTP answer.
TEST(HttpGatewayServerTest, ServesHttpsWithTheServersCertificate) {
  testing::TempDir dir;
  testing::TestCa ca("motcua test CA");
  testing::InstallKeyPair(ca.IssueServer(2001), dir.path() + "/server.crt",
                          dir.path() + "/server.key");
  testing::ServerProcess server(
      dir.path() + "/data",
      {"--http-listen", "127.0.0.1:0", "--tls-cert", dir.path() + "/server.crt",
       "--tls-key", dir.path() + "/server.key"});
  ASSERT_NE(server.http_port(), 0);
  auto reply = testing::TlsExchange(
      server.http_port(), ca.cert_pem(),
      {.request = "GET /v1/whoami HTTP/1.1\r\nHost: motcua\r\n"
                  "Authorization: Bearer " +
                  server.Token() + "\r\nConnection: close\r\n\r\n"});
  ASSERT_TRUE(reply.ok) << reply.error;
  EXPECT_EQ(reply.serial, "07D1");
  EXPECT_EQ(reply.received.substr(0, 12), "HTTP/1.1 200") << reply.received;
  EXPECT_NE(reply.received.find("\"principal\""), std::string::npos)
      << reply.received;
  const std::string plain =
      Raw(server.http_port(),
          "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(plain.find("HTTP/1.1 200"), std::string::npos) << plain;
}

// The lookup rate limit counts the HTTP caller's address, in the same
// bucket as its gRPC calls (not one bucket for everything the gateway
// forwards).
TEST(HttpGatewayServerTest, LookupsAreCountedByTheHttpCaller) {
  testing::TempDir dir;
  testing::ServerProcess server(
      dir.path() + "/data", {"--http-listen", "127.0.0.1:0", "--lookup-burst",
                             "2", "--lookup-per-minute", "0.1"});
  const std::string body = R"({"secret": "ABCDEFGH"})";
  std::vector<std::string> statuses;
  for (int i = 0; i < 3; ++i) {
    statuses.push_back(
        Raw(server.http_port(),
            "POST /v1/lookup/H55.1-200101-0001 HTTP/1.1\r\nHost: x\r\n"
            "Authorization: Bearer " +
                server.Token() +
                "\r\nContent-Length: " + std::to_string(body.size()) +
                "\r\nConnection: close\r\n\r\n" + body)
            .substr(0, 12));
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"HTTP/1.1 404", "HTTP/1.1 404",
                                                "HTTP/1.1 429"}));
  // The same caller (127.0.0.1) over gRPC: its bucket is empty too.
  auto lookup = motcua::v1::LookupService::NewStub(server.Channel());
  motcua::v1::LookupDossierRequest request;
  request.set_code("H55.1-200101-0001");
  request.set_secret("ABCDEFGH");
  motcua::v1::LookupDossierResponse response;
  EXPECT_EQ(lookup->LookupDossier(testing::Ctx().get(), request, &response)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(HttpGatewayServerTest, PlaintextOffLoopbackIsRefused) {
  testing::TempDir dir;
  const testing::ExitedRun run = testing::RunExpectingExit(
      dir.path() + "/data", {"--http-listen", "0.0.0.0:0"});
  EXPECT_EQ(run.exit_status, 1) << run.output;
  EXPECT_NE(run.output.find("--http-listen"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace motcua

// The README's example client (deploy/examples/motcua_call.py, Debian's
// python3-grpcio) against a real server: discovery by reflection, health,
// a submission and a read. If the README example breaks, this fails.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

struct CallResult {
  int status;
  std::string out;
};

// Runs the client in `cwd`, as the README does from the directory holding
// data/ (where the client finds data/bootstrap-admin.token by default).
CallResult Call(const std::string& cwd, const std::string& address,
                const std::string& args) {
  const std::string cmd = "cd '" + cwd + "' && env -u MOTCUA_TOKEN " +
                          "/usr/bin/python3 " + MOTCUA_CALL_PATH + " " +
                          address + " " + args + " 2>&1";
  CallResult run{-1, ""};
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    run.out.append(buf.data(), n);
  const int status = pclose(p);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(ExampleClientTest, ReflectionHealthSubmitGet) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path() + "/data");
  auto Call = [&dir](const std::string& address, const std::string& args) {
    return motcua::Call(dir.path(), address, args);
  };

  CallResult list = Call(server.address(), "list");
  ASSERT_EQ(list.status, 0) << list.out;
  EXPECT_NE(list.out.find("motcua.v1.DossierService"), std::string::npos);
  EXPECT_NE(list.out.find("grpc.health.v1.Health"), std::string::npos);
  EXPECT_NE(list.out.find("ServerReflection"), std::string::npos);

  CallResult health =
      Call(server.address(), "grpc.health.v1.Health/Check '{}'");
  ASSERT_EQ(health.status, 0) << health.out;
  EXPECT_NE(health.out.find("SERVING"), std::string::npos);

  CallResult submit = Call(
      server.address(),
      "motcua.v1.DossierService/SubmitDossier '{\"client_id\":\"desk-01\","
      "\"request_id\":\"readme-1\",\"agency_code\":\"H55.10\","
      "\"procedure_code\":\"1.001234\",\"applicant\":{\"full_name\":"
      "\"Nguyễn Văn An\",\"personal_id\":\"001190012345\"},"
      "\"channel\":\"CHANNEL_DIRECT\",\"documents\":[{\"name\":\"Tờ khai\","
      "\"originals\":1}],\"received_at\":\"2026-01-05T02:30:00Z\"}'");
  ASSERT_EQ(submit.status, 0) << submit.out;
  EXPECT_NE(submit.out.find("\"code\": \"H55.10-260105-0001\""),
            std::string::npos)
      << submit.out;

  CallResult get = Call(server.address(),
                        "motcua.v1.DossierService/GetDossier "
                        "'{\"code\":\"H55.10-260105-0001\"}'");
  ASSERT_EQ(get.status, 0) << get.out;
  EXPECT_NE(get.out.find("Nguyễn Văn An"), std::string::npos);

  CallResult missing = Call(server.address(),
                            "motcua.v1.DossierService/GetDossier "
                            "'{\"code\":\"H55.10-260105-0002\"}'");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find("NOT_FOUND"), std::string::npos);

  // Without a token (none in the working directory) the server refuses.
  CallResult anonymous = motcua::Call("/", server.address(),
                                      "motcua.v1.DossierService/GetDossier "
                                      "'{\"code\":\"H55.10-260105-0001\"}'");
  EXPECT_EQ(anonymous.status, 1);
  EXPECT_NE(anonymous.out.find("UNAUTHENTICATED"), std::string::npos)
      << anonymous.out;
}

// Issue 14: bad input of every kind (usage, unknown names, JSON that does not
// parse, an unreadable file, a server error, a refused connection) is one
// line on stderr and a non-zero exit, never a Python traceback.
TEST(ExampleClientTest, BadInputNeverPrintsATraceback) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path() + "/data");
  const std::string a = server.address();
  struct Case {
    std::string address;
    std::string args;
    std::string expected;
  };
  const Case cases[] = {
      {a, "", "motcua_call"},
      {a, "not-a-method", "is not SERVICE/METHOD"},
      {a, "motcua.v1.NoSuchService/Get '{}'", "unknown service"},
      {a, "motcua.v1.DossierService/NoSuchMethod '{}'", "has no method"},
      {a, "motcua.v1.DossierService/GetDossier '{\"code\": '",
       "is not a motcua.v1.GetDossierRequest in JSON"},
      {a, "motcua.v1.DossierService/GetDossier '{\"no_field\": 1}'",
       "is not a motcua.v1.GetDossierRequest in JSON"},
      {a, "motcua.v1.DossierService/GetDossier '{\"code\": \"x\"}'",
       "INVALID_ARGUMENT: "},
      {a, "--ca /nonexistent/ca.pem list", "--ca: cannot read"},
      {"127.0.0.1:1", "list", "UNAVAILABLE: "},
      {"127.0.0.1:1", "motcua.v1.DossierService/GetDossier '{}'",
       "UNAVAILABLE: "},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.address + " " + c.args);
    CallResult r = motcua::Call(dir.path(), c.address, c.args);
    EXPECT_NE(r.status, 0) << r.out;
    EXPECT_EQ(r.out.find("Traceback"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace motcua

// The server and its store under operational faults, on a real motcuad: a
// second server on a taken port, SIGTERM under load, a full disk.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
using testing::ServerProcess;
using testing::TempDir;

pb::SubmitDossierRequest Request(const std::string& request_id) {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-store");
  r.set_request_id(request_id);
  r.set_agency_code("H55.10");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Trần Văn Bình");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.set_channel(pb::CHANNEL_DIRECT);
  auto* d = r.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  return r;
}

grpc::Status Submit(pb::DossierService::Stub& stub,
                    const pb::SubmitDossierRequest& request,
                    pb::SubmitDossierResponse* response) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return stub.SubmitDossier(&ctx, request, response);
}

bool Exists(pb::DossierService::Stub& stub, const std::string& code) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  pb::GetDossierRequest request;
  request.set_code(code);
  pb::GetDossierResponse response;
  return stub.GetDossier(&ctx, request, &response).ok();
}

TEST(StoreServerTest, SecondServerOnTheSamePortFailsToStart) {
  TempDir first_dir;
  TempDir second_dir;
  ServerProcess first(first_dir.path());
  const testing::ExitedRun second = testing::RunExpectingExit(
      second_dir.path(), {"--listen", first.address()});
  EXPECT_NE(second.exit_status, -1)
      << "a second server listened on " << first.address() << ":\n"
      << second.output;
  EXPECT_NE(second.exit_status, 0);
  EXPECT_NE(second.output.find("cannot listen on " + first.address() +
                               ": address in use"),
            std::string::npos)
      << second.output;
  // The first server still has the port to itself.
  auto stub = first.DossierStub();
  pb::SubmitDossierResponse r;
  EXPECT_TRUE(Submit(*stub, Request("after-second"), &r).ok());
}

TEST(StoreServerTest, SigtermAnswersEveryCallOkOrUnavailable) {
  TempDir dir;
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::map<grpc::StatusCode, int> codes;
  std::map<grpc::StatusCode, std::string> messages;
  {
    ServerProcess server(dir.path());
    std::atomic<bool> stop{false};
    std::vector<std::thread> callers;
    for (int t = 0; t < 24; ++t) {
      callers.emplace_back([&, t] {
        auto stub = server.DossierStub();
        for (int i = 0; !stop.load(); ++i) {
          pb::SubmitDossierResponse r;
          grpc::Status s = Submit(
              *stub,
              Request("term-" + std::to_string(t) + "-" + std::to_string(i)),
              &r);
          std::lock_guard lock(mu);
          ++codes[s.error_code()];
          messages[s.error_code()] = s.error_message();
          if (s.ok()) acknowledged.push_back(r.dossier().code());
          // A client backs off when told the server is going away.
          if (!s.ok()) break;
        }
      });
    }
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::lock_guard lock(mu);
      if (acknowledged.size() >= 200) break;
    }
    EXPECT_EQ(server.Stop(), 0);
    stop = true;
    for (auto& t : callers) t.join();
  }
  ASSERT_GE(acknowledged.size(), 200u);
  for (const auto& [code, n] : codes) {
    EXPECT_TRUE(code == grpc::StatusCode::OK ||
                code == grpc::StatusCode::UNAVAILABLE)
        << n << " calls answered " << code << ": " << messages[code];
  }
  ServerProcess server(dir.path());
  auto stub = server.DossierStub();
  for (const std::string& code : acknowledged) {
    ASSERT_TRUE(Exists(*stub, code)) << "lost " << code;
  }
}

// A real full disk: a 16 MiB tmpfs under the data directory, filled by
// another file. Needs the right to mount (root, outside most containers);
// RocksDbStoreDiskFullTest covers the same behaviour everywhere else.
TEST(StoreServerTest, WritesComeBackAfterTheDiskIsFreed) {
  TempDir volume;
  if (mount("tmpfs", volume.path().c_str(), "tmpfs", 0, "size=16m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                 << "); RocksDbStoreDiskFullTest covers this with a faulty "
                    "file system";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{volume.path()};
  const std::string data = volume.path() + "/data";
  const std::string filler = volume.path() + "/filler";
  std::vector<std::string> acknowledged;
  {
    ServerProcess server(data);
    auto stub = server.DossierStub();
    pb::SubmitDossierResponse r;
    ASSERT_TRUE(Submit(*stub, Request("before-full"), &r).ok());
    acknowledged.push_back(r.dossier().code());

    {
      std::ofstream out(filler, std::ios::binary);
      const std::string chunk(1 << 16, 'x');
      while (out.write(chunk.data(), chunk.size())) {
      }
    }
    // The disk is full: writes are refused, cleanly and without paths.
    std::string refused_id;
    grpc::Status s;
    for (int i = 0; i < 50 && refused_id.empty(); ++i) {
      const std::string id = "while-full-" + std::to_string(i);
      s = Submit(*stub, Request(id), &r);
      if (s.ok()) {
        acknowledged.push_back(r.dossier().code());
      } else {
        refused_id = id;
      }
    }
    ASSERT_FALSE(refused_id.empty()) << "the full disk refused nothing";
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
        << s.error_message();
    EXPECT_NE(s.error_message().find("nothing was stored"), std::string::npos)
        << s.error_message();
    EXPECT_EQ(s.error_message().find(volume.path()), std::string::npos)
        << s.error_message();
    s = Submit(*stub, Request(refused_id), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);

    // Space is freed: the retry goes through without a restart.
    std::filesystem::remove(filler);
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
      s = Submit(*stub, Request(refused_id), &r);
      if (!s.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (!s.ok() && std::chrono::steady_clock::now() < give_up);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_FALSE(r.replayed());
    acknowledged.push_back(r.dossier().code());
    ASSERT_TRUE(Submit(*stub, Request("after-full"), &r).ok());
    acknowledged.push_back(r.dossier().code());
    stub.reset();
    EXPECT_EQ(server.Stop(), 0);
  }
  ServerProcess server(data);
  auto stub = server.DossierStub();
  for (const std::string& code : acknowledged) {
    EXPECT_TRUE(Exists(*stub, code)) << "lost " << code;
  }
}

}  // namespace
}  // namespace motcua

// End-to-end: the real motcuad process, a temp RocksDB directory, real gRPC.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
using testing::ServerProcess;
using testing::TempDir;

// All requests of one test share a receipt instant, so their codes share a
// date even when the test runs across Vietnamese midnight.
google::protobuf::Timestamp TestStart() {
  static const auto now = std::chrono::system_clock::now();
  google::protobuf::Timestamp ts;
  ts.set_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count());
  return ts;
}

pb::SubmitDossierRequest Request(const std::string& request_id,
                                 const std::string& agency = "000.00.31.H12") {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-it");
  r.set_request_id(request_id);
  r.set_agency_code(agency);
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Lê Thị Hoa");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.mutable_applicant()->set_phone("0912345678");
  r.set_channel(pb::CHANNEL_DIRECT);
  auto* d = r.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  *r.mutable_received_at() = TestStart();
  return r;
}

grpc::Status Submit(pb::DossierService::Stub& stub,
                    const pb::SubmitDossierRequest& request,
                    pb::SubmitDossierResponse* response) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return stub.SubmitDossier(&ctx, request, response);
}

grpc::Status Get(pb::DossierService::Stub& stub, const std::string& code,
                 pb::GetDossierResponse* response) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  pb::GetDossierRequest request;
  request.set_code(code);
  return stub.GetDossier(&ctx, request, response);
}

// "<agency>-<YYMMDD>-" of the test's receipt instant, taken from a reply.
std::string CodePrefix(const std::string& code) {
  return code.substr(0, code.rfind('-') + 1);
}

TEST(DossierServerTest, SubmitRestartAndReadBack) {
  TempDir dir;
  pb::SubmitDossierResponse first;
  {
    ServerProcess server(dir.path());
    auto stub = server.DossierStub();
    ASSERT_TRUE(Submit(*stub, Request("r-1"), &first).ok());
    EXPECT_FALSE(first.replayed());
    EXPECT_EQ(first.dossier().sequence(), 1u);
    EXPECT_EQ(first.dossier().code().substr(first.dossier().code().size() - 5),
              "-0001");
    // Close the connection first: a graceful stop otherwise waits out its
    // grace period for open client connections.
    stub.reset();
    EXPECT_EQ(server.Stop(), 0);
  }
  ServerProcess server(dir.path());
  auto stub = server.DossierStub();
  pb::GetDossierResponse got;
  ASSERT_TRUE(Get(*stub, first.dossier().code(), &got).ok());
  // GetDossier adds the figures derived at read time; the stored dossier is
  // otherwise exactly what the submission returned.
  pb::Dossier stored = got.dossier();
  EXPECT_FALSE(stored.overdue());
  EXPECT_TRUE(stored.has_remaining_working_seconds());
  stored.clear_overdue();
  stored.clear_remaining_working_seconds();
  EXPECT_EQ(stored.SerializeAsString(), first.dossier().SerializeAsString());

  // A retry after the restart is answered from the idempotency record.
  pb::SubmitDossierResponse retry;
  ASSERT_TRUE(Submit(*stub, Request("r-1"), &retry).ok());
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.dossier().code(), first.dossier().code());

  pb::SubmitDossierResponse next;
  ASSERT_TRUE(Submit(*stub, Request("r-2"), &next).ok());
  EXPECT_EQ(next.dossier().code(), CodePrefix(first.dossier().code()) + "0002");
}

TEST(DossierServerTest, BadInputIsNamedAndStoresNothing) {
  TempDir dir;
  ServerProcess server(dir.path());
  auto stub = server.DossierStub();
  pb::SubmitDossierResponse response;

  pb::SubmitDossierRequest bad = Request("bad-1");
  bad.set_agency_code("H12-31");
  grpc::Status s = Submit(*stub, bad, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("agency_code:", 0), 0u)
      << s.error_message();

  bad = Request("bad-2");
  bad.mutable_applicant()->set_personal_id("12345");
  s = Submit(*stub, bad, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("applicant.personal_id:", 0), 0u);

  bad = Request("bad-3");
  bad.clear_documents();
  s = Submit(*stub, bad, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("documents:", 0), 0u);

  // Nothing was numbered: the first valid dossier is still 0001.
  ASSERT_TRUE(Submit(*stub, Request("ok"), &response).ok());
  EXPECT_EQ(response.dossier().sequence(), 1u);

  // The same request id with other content is refused, not replayed.
  pb::SubmitDossierRequest reused = Request("ok");
  reused.set_procedure_code("2.000635");
  s = Submit(*stub, reused, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("request_id:", 0), 0u);

  pb::GetDossierResponse got;
  s = Get(*stub, "000.00.31.H12-200101-0001", &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  s = Get(*stub, "not-a-code", &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("code:", 0), 0u);

  // Issue 10 fault 9: a malformed filter or cursor is named, never an empty
  // or restarted page.
  struct ListCase {
    const char* name;
    pb::ListDossiersRequest request;
    const char* prefix;
  };
  pb::ListDossiersRequest bad_agency, bad_holder, bad_procedure, bad_token;
  bad_agency.set_agency_code("H12-31");
  bad_holder.set_holder_agency("bad holder");
  bad_procedure.set_procedure_code("1.0");
  bad_token.set_page_token("garbage");
  const ListCase cases[] = {
      {"agency", bad_agency, "agency_code:"},
      {"holder", bad_holder, "holder_agency:"},
      {"procedure", bad_procedure, "procedure_code:"},
      {"token", bad_token, "page_token:"},
  };
  for (const ListCase& c : cases) {
    SCOPED_TRACE(c.name);
    grpc::ClientContext ctx;
    pb::ListDossiersResponse page;
    s = stub->ListDossiers(&ctx, c.request, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind(c.prefix, 0), 0u) << s.error_message();
  }
  pb::ListDossiersRequest good;
  good.set_page_token(response.dossier().code());
  grpc::ClientContext ctx;
  pb::ListDossiersResponse page;
  EXPECT_TRUE(stub->ListDossiers(&ctx, good, &page).ok());
}

TEST(DossierServerTest, ConcurrentSubmissionsGetUniqueConsecutiveCodes) {
  TempDir dir;
  ServerProcess server(dir.path());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::mutex mu;
  std::set<uint32_t> sequences;
  std::set<std::string> prefixes;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = server.DossierStub();
      for (int i = 0; i < kPerThread; ++i) {
        pb::SubmitDossierResponse r;
        grpc::Status s =
            Submit(*stub,
                   Request("c" + std::to_string(t) + "-" + std::to_string(i),
                           "H55.10"),
                   &r);
        ASSERT_TRUE(s.ok()) << s.error_message();
        std::lock_guard lock(mu);
        EXPECT_TRUE(sequences.insert(r.dossier().sequence()).second);
        prefixes.insert(CodePrefix(r.dossier().code()));
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(sequences.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(*sequences.begin(), 1u);
  EXPECT_EQ(*sequences.rbegin(), uint32_t{kThreads * kPerThread});
  EXPECT_EQ(prefixes.size(), 1u);
}

TEST(DossierServerTest, AcknowledgedSubmissionsSurviveKillNine) {
  TempDir dir;
  std::vector<std::string> acknowledged;
  std::string prefix;
  {
    ServerProcess server(dir.path());
    std::mutex mu;
    std::atomic<bool> crashed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        auto stub = server.DossierStub();
        for (int i = 0; !crashed.load(); ++i) {
          pb::SubmitDossierResponse r;
          grpc::Status s = Submit(
              *stub, Request("k" + std::to_string(t) + "-" + std::to_string(i)),
              &r);
          if (!s.ok()) break;
          std::lock_guard lock(mu);
          acknowledged.push_back(r.dossier().code());
          prefix = CodePrefix(r.dossier().code());
        }
      });
    }
    // Let a few hundred writes through, then crash mid-stream (give up
    // after 60 s so a broken server fails the test instead of hanging it).
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::lock_guard lock(mu);
      if (acknowledged.size() >= 300) break;
    }
    server.Crash();
    crashed = true;
    for (auto& t : threads) t.join();
  }
  ASSERT_GE(acknowledged.size(), 300u);

  ServerProcess server(dir.path());
  auto stub = server.DossierStub();
  for (const std::string& code : acknowledged) {
    pb::GetDossierResponse got;
    ASSERT_TRUE(Get(*stub, code, &got).ok()) << "lost " << code;
  }
  // Codes stay gap-free across the crash: the next code follows the last
  // stored one and every number below it exists.
  pb::SubmitDossierResponse next;
  ASSERT_TRUE(Submit(*stub, Request("after-crash"), &next).ok());
  const uint32_t n = next.dossier().sequence();
  EXPECT_GT(n, acknowledged.size());
  for (uint32_t i = 1; i < n; ++i) {
    char seq[16];
    std::snprintf(seq, sizeof seq, "%04u", i);
    pb::GetDossierResponse got;
    ASSERT_TRUE(Get(*stub, prefix + seq, &got).ok()) << "gap at " << i;
  }
}

}  // namespace
}  // namespace motcua

// The citizen's side on a real motcuad: status lookup by code and the
// secret from the receipt slip (right, wrong, unknown, rate-limited), and
// the notifications written for the applicant, exactly once across a
// restart.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

pb::SubmitDossierResponse Submit(pb::DossierService::Stub& desk,
                                 const std::string& id) {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-app");
  r.set_request_id(id);
  r.set_agency_code("H55.1");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Lý Thị Mai");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.mutable_applicant()->set_phone("0912345678");
  r.set_channel(pb::CHANNEL_DIRECT);
  r.add_documents()->set_name("Tờ khai");
  r.mutable_documents(0)->set_originals(1);
  pb::SubmitDossierResponse resp;
  EXPECT_TRUE(desk.SubmitDossier(Ctx().get(), r, &resp).ok());
  return resp;
}

grpc::Status Lookup(pb::LookupService::Stub& stub, const std::string& code,
                    const std::string& secret, pb::LookupDossierResponse* out) {
  pb::LookupDossierRequest req;
  req.set_code(code);
  req.set_secret(secret);
  return stub.LookupDossier(Ctx().get(), req, out);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(CitizenServerTest, LookupNeedsTheSlipsSecret) {
  testing::TempDir dir;
  testing::ServerProcess server(
      dir.path(), {"--lookup-per-minute", "60", "--lookup-burst", "8"});
  auto desk = pb::DossierService::NewStub(server.Channel());
  auto lookup = pb::LookupService::NewStub(server.Channel());
  const auto submitted = Submit(*desk, "c-1");
  const std::string code = submitted.dossier().code();
  const std::string secret = submitted.lookup_secret();
  ASSERT_EQ(secret.size(), 8u);

  pb::GetFormsRequest forms_req;
  forms_req.set_code(code);
  pb::GetFormsResponse forms;
  ASSERT_TRUE(desk->GetForms(Ctx().get(), forms_req, &forms).ok());
  EXPECT_EQ(forms.receipt_slip().lookup_secret(), secret);

  pb::LookupDossierResponse found;
  // As a citizen might type it: lower case with a dash.
  std::string typed = secret;
  for (char& c : typed) c = static_cast<char>(std::tolower(c));
  ASSERT_TRUE(
      Lookup(*lookup, code, typed.substr(0, 4) + "-" + typed.substr(4), &found)
          .ok());
  EXPECT_EQ(found.status().code(), code);
  EXPECT_EQ(found.status().national_status(), 2);
  EXPECT_FALSE(found.status().status_text().empty());
  EXPECT_FALSE(found.status().appointment_text().empty());
  EXPECT_NE(found.status().sms_text().find(code), std::string::npos);
  EXPECT_LE(found.status().sms_text().size(), 160u);
  EXPECT_EQ(found.status().DebugString().find("Lý Thị Mai"), std::string::npos);

  std::string wrong = secret;
  wrong[0] = wrong[0] == 'Z' ? 'Y' : 'Z';
  pb::LookupDossierResponse none;
  grpc::Status bad_secret = Lookup(*lookup, code, wrong, &none);
  grpc::Status unknown = Lookup(*lookup, "H55.1-200101-0001", secret, &none);
  EXPECT_EQ(bad_secret.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(bad_secret.error_message(), unknown.error_message());

  // The burst is 8: after it, this caller is refused for a while.
  int refused = 0;
  for (int i = 0; i < 10; ++i) {
    refused += Lookup(*lookup, code, secret, &found).error_code() ==
               grpc::StatusCode::RESOURCE_EXHAUSTED;
  }
  EXPECT_GE(refused, 5);
}

// A lookup of an unknown dossier as forwarded by a portal for
// `forwarded_for` (no metadata when empty): NOT_FOUND while the caller's
// budget lasts, then RESOURCE_EXHAUSTED.
grpc::StatusCode LookupFor(pb::LookupService::Stub& stub,
                           const std::string& forwarded_for) {
  auto ctx = Ctx();
  if (!forwarded_for.empty()) {
    ctx->AddMetadata("x-forwarded-for", forwarded_for);
  }
  pb::LookupDossierRequest req;
  req.set_code("H55.1-200101-0001");
  req.set_secret("ABCD2345");
  pb::LookupDossierResponse out;
  return stub.LookupDossier(ctx.get(), req, &out).error_code();
}

TEST(CitizenServerTest, BehindATrustedProxyEachForwardedCitizenHasABudget) {
  testing::TempDir dir;
  testing::ServerProcess server(
      dir.path(), {"--lookup-per-minute", "0.1", "--lookup-burst", "2",
                   "--trusted-proxy", "127.0.0.0/8"});
  auto lookup = pb::LookupService::NewStub(server.Channel());
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.1"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.1"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.1"),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.2"), grpc::StatusCode::NOT_FOUND);
  // What the citizen wrote on the left does not pick another budget.
  EXPECT_EQ(LookupFor(*lookup, "198.51.100.7, 203.0.113.1"),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Garbage where the portal writes the citizen: the proxy's own budget.
  EXPECT_EQ(LookupFor(*lookup, "unknown"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LookupFor(*lookup, ""), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LookupFor(*lookup, "not-an-address"),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(CitizenServerTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
  testing::TempDir dir;
  testing::ServerProcess server(
      dir.path(), {"--lookup-per-minute", "0.1", "--lookup-burst", "2"});
  auto lookup = pb::LookupService::NewStub(server.Channel());
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.1"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.2"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(LookupFor(*lookup, "203.0.113.3"),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(CitizenServerTest, ATrustedProxyThatIsNoAddressStopsTheStart) {
  testing::TempDir dir;
  testing::ExitedRun run =
      testing::RunExpectingExit(dir.path(), {"--trusted-proxy", "portal"});
  EXPECT_EQ(run.exit_status, 1) << run.output;
  EXPECT_NE(run.output.find("--trusted-proxy portal"), std::string::npos)
      << run.output;
}

TEST(CitizenServerTest, NotificationsAreWrittenOnceAcrossRestarts) {
  testing::TempDir dir;
  const std::string file = dir.path() + "/notifications.jsonl";
  std::string code;
  {
    testing::ServerProcess server(dir.path() + "/db", {"--notify-file", file});
    auto desk = pb::DossierService::NewStub(server.Channel());
    code = Submit(*desk, "n-1").dossier().code();
    Submit(*desk, "n-2");
    for (int i = 0; i < 100; ++i) {
      const std::string so_far = ReadAll(file);
      if (std::count(so_far.begin(), so_far.end(), '\n') >= 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    server.Crash();
  }
  std::string text = ReadAll(file);
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_NE(text.find(code), std::string::npos);
  EXPECT_NE(text.find("\"kind\":\"received\""), std::string::npos);
  EXPECT_NE(text.find("0912345678"), std::string::npos);

  testing::ServerProcess server(dir.path() + "/db", {"--notify-file", file});
  auto desk = pb::DossierService::NewStub(server.Channel());
  Submit(*desk, "n-3");
  for (int i = 0; i < 100; ++i) {
    text = ReadAll(file);
    if (std::count(text.begin(), text.end(), '\n') >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  text = ReadAll(file);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
}

}  // namespace
}  // namespace motcua

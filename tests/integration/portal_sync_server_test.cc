// The national portal's sync acknowledgements on a real motcuad: the
// portal_synced event, its rules and idempotency over gRPC, the role and
// agency checks, Decision 766's portal sync share, and a crash.
#include <gtest/gtest.h>

#include <chrono>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Submit(pb::DossierService::Stub& desk, const std::string& id) {
  pb::SubmitDossierRequest r = testing::DeskSubmission("desk-app", id);
  r.mutable_received_at()->set_seconds(Now() - 60);
  return testing::SubmitOk(desk, r);
}

pb::AcknowledgeSyncRequest Ack(const std::string& code, uint64_t version,
                               const std::string& request_id) {
  pb::AcknowledgeSyncRequest a;
  a.set_client_id("dvcqg-sync");
  a.set_request_id(request_id);
  a.set_code(code);
  a.set_synced_version(version);
  return a;
}

TEST(PortalSyncServerTest, AcknowledgementsAreEventsCountedByTheReports) {
  testing::TempDir dir;
  std::string synced_code;
  {
    testing::ServerProcess server(dir.path());
    auto desk = pb::DossierService::NewStub(server.Channel());
    const std::string a = Submit(*desk, "a");
    const std::string b = Submit(*desk, "b");
    synced_code = a;
    auto sync = pb::PortalSyncService::NewStub(
        server.ChannelWith(server.IssueToken({"portal_sync"}, {"*"})));

    pb::AcknowledgeSyncRequest first = Ack(a, 1, "ack-1");
    first.set_portal_reference("G22.49-000123");
    first.mutable_synced_at()->set_seconds(Now() - 5);
    pb::AcknowledgeSyncResponse r;
    grpc::Status s = sync->AcknowledgeSync(Ctx().get(), first, &r);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(r.version(), 2u);
    EXPECT_EQ(r.portal_synced_version(), 1u);
    EXPECT_FALSE(r.replayed());

    // A retry is the first answer again; the same key for other content is
    // refused naming it.
    ASSERT_TRUE(sync->AcknowledgeSync(Ctx().get(), first, &r).ok());
    EXPECT_TRUE(r.replayed());
    EXPECT_EQ(r.version(), 2u);
    pb::AcknowledgeSyncRequest reused = first;
    reused.set_portal_reference("other");
    s = sync->AcknowledgeSync(Ctx().get(), reused, &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind("request_id:", 0), 0u)
        << s.error_message();
    // An acknowledgement of an older version (late retry under a new key)
    // changes nothing.
    ASSERT_TRUE(
        sync->AcknowledgeSync(Ctx().get(), Ack(a, 1, "ack-late"), &r).ok());
    EXPECT_TRUE(r.replayed());
    EXPECT_EQ(r.version(), 2u);

    // Refusals, each naming what is wrong; nothing is stored.
    s = sync->AcknowledgeSync(Ctx().get(), Ack(a, 7, "ack-7"), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_NE(s.error_message().find("at version 2"), std::string::npos)
        << s.error_message();
    s = sync->AcknowledgeSync(Ctx().get(), Ack(a, 0, "ack-0"), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind("synced_version:", 0), 0u);
    pb::AcknowledgeSyncRequest future = Ack(a, 2, "ack-future");
    future.mutable_synced_at()->set_seconds(Now() + 3600);
    s = sync->AcknowledgeSync(Ctx().get(), future, &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind("synced_at:", 0), 0u);
    s = sync->AcknowledgeSync(Ctx().get(), Ack("H55.1-991231-9999", 1, "x"),
                              &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    s = sync->AcknowledgeSync(Ctx().get(), Ack("not a code", 1, "y"), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind("code:", 0), 0u);

    // Only the sync adapter's role, and only for its agencies.
    auto portal = pb::PortalSyncService::NewStub(
        server.ChannelWith(server.IssueToken({"portal"}, {"*"})));
    s = portal->AcknowledgeSync(Ctx().get(), Ack(b, 1, "p"), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    auto elsewhere = pb::PortalSyncService::NewStub(
        server.ChannelWith(server.IssueToken({"portal_sync"}, {"H55.21"})));
    s = elsewhere->AcknowledgeSync(Ctx().get(), Ack(b, 1, "e"), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    auto anonymous = pb::PortalSyncService::NewStub(server.AnonymousChannel());
    s = anonymous->AcknowledgeSync(Ctx().get(), Ack(b, 1, "n"), &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);

    pb::GetDossierRequest get;
    get.set_code(a);
    pb::GetDossierResponse got;
    ASSERT_TRUE(desk->GetDossier(Ctx().get(), get, &got).ok());
    EXPECT_EQ(got.dossier().version(), 2u);
    EXPECT_EQ(got.dossier().portal_synced_version(), 1u);
    EXPECT_EQ(got.dossier().portal_reference(), "G22.49-000123");
    EXPECT_EQ(got.dossier().state(), pb::DOSSIER_STATE_RECEIVED);
    ASSERT_EQ(got.history_size(), 2);
    EXPECT_EQ(got.history(1).kind(), "portal_synced");
    EXPECT_EQ(got.history(1).actor(), "dvcqg-sync");
    EXPECT_EQ(got.history(1).portal_synced_version(), 1u);
    server.Crash();
  }

  // After a crash the acknowledgement is there, and the report facts
  // (rebuilt from the index) count one of the two received dossiers.
  testing::ServerProcess server(dir.path());
  auto desk = pb::DossierService::NewStub(server.Channel());
  pb::GetDossierRequest get;
  get.set_code(synced_code);
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk->GetDossier(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.dossier().portal_synced_version(), 1u);

  auto reports = pb::ReportService::NewStub(server.Channel());
  pb::GetIndicatorsRequest req;
  req.mutable_period()->set_kind(pb::PERIOD_KIND_CUSTOM);
  auto date = [](int64_t unix_seconds, pb::Date* out) {
    const std::time_t t = unix_seconds + 7 * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    out->set_year(tm.tm_year + 1900);
    out->set_month(tm.tm_mon + 1);
    out->set_day(tm.tm_mday);
  };
  date(Now() - 86400, req.mutable_period()->mutable_from());
  date(Now() + 86400, req.mutable_period()->mutable_to());
  req.set_group(pb::INDICATOR_GROUP_AGENCY);
  pb::GetIndicatorsResponse indicators;
  grpc::Status s = reports->GetIndicators(Ctx().get(), req, &indicators);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(indicators.indicators_size(), 1);
  EXPECT_EQ(indicators.indicators(0).received(), 2);
  EXPECT_DOUBLE_EQ(indicators.indicators(0).portal_sync_share(), 0.5);
}

}  // namespace
}  // namespace motcua

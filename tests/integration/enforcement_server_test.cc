// Deadline enforcement on a real motcuad: a dossier left untouched past its
// appointment gets its notices from the server itself, exactly once, also
// across restarts, and a WatchEvents client sees them.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 20) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(seconds));
  return ctx;
}

// Deadline notices of one dossier in the global log, by kind.
std::map<std::string, int> Notices(pb::EventService::Stub& events,
                                   const std::string& code) {
  pb::WatchEventsRequest req;
  req.set_dossier_code(code);
  req.set_stop_at_head(true);
  auto ctx = Ctx();
  auto reader = events.WatchEvents(ctx.get(), req);
  std::map<std::string, int> kinds;
  pb::LogEvent e;
  while (reader->Read(&e)) {
    if (e.event().kind().rfind("deadline_", 0) == 0) ++kinds[e.event().kind()];
  }
  EXPECT_TRUE(reader->Finish().ok());
  return kinds;
}

TEST(EnforcementServerTest, OverdueDossierIsNoticedOnceLiveAndAfterRestart) {
  testing::TempDir dir;
  std::string code;
  {
    testing::ServerProcess server(dir.path());
    auto desk = pb::DossierService::NewStub(server.Channel());
    auto events = pb::EventService::NewStub(server.Channel());

    // A live watcher for deadline notices, started before anything exists.
    auto watch_ctx = Ctx(60);
    pb::WatchEventsRequest live_req;
    live_req.add_kinds("deadline_overdue");
    auto live = events->WatchEvents(watch_ctx.get(), live_req);

    // Received 40 days ago (entered late by the desk), 10 working days:
    // long overdue the moment it is stored.
    pb::SubmitDossierRequest r;
    r.set_client_id("desk-app");
    r.set_request_id("late-1");
    r.set_agency_code("H55.1");
    r.set_procedure_code("1.001234");
    r.mutable_applicant()->set_full_name("Trịnh Thu Trang");
    r.mutable_applicant()->set_personal_id("001190012345");
    r.set_channel(pb::CHANNEL_DIRECT);
    r.add_documents()->set_name("Tờ khai");
    r.mutable_documents(0)->set_originals(1);
    r.mutable_received_at()->set_seconds(
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count() -
        40 * 86400);
    pb::SubmitDossierResponse submitted;
    ASSERT_TRUE(desk->SubmitDossier(Ctx().get(), r, &submitted).ok());
    code = submitted.dossier().code();

    pb::LogEvent e;
    ASSERT_TRUE(live->Read(&e));  // pushed by the sweeper, seen live
    EXPECT_EQ(e.dossier_code(), code);
    EXPECT_EQ(e.event().kind(), "deadline_overdue");
    EXPECT_EQ(e.event().notice().agency_code(), "H55.1");
    EXPECT_LT(e.event().notice().remaining_working_seconds(), 0);
    watch_ctx->TryCancel();
    while (live->Read(&e)) {
    }
    live->Finish();

    // Every notice once. Apology-required and overdue both fell due before
    // the dossier was stored; the due-soon warning is superseded by the
    // overdue notice (engine/enforcement/watch.h), so it never fires.
    std::map<std::string, int> kinds;
    for (int i = 0; i < 100; ++i) {  // the sweeper may still be finishing
      kinds = Notices(*events, code);
      if (kinds.size() >= 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(kinds["deadline_overdue"], 1);
    EXPECT_EQ(kinds["deadline_apology_required"], 1);
    EXPECT_EQ(kinds.count("deadline_due_soon"), 0u);

    pb::GetDossierRequest get;
    get.set_code(code);
    pb::GetDossierResponse got;
    ASSERT_TRUE(desk->GetDossier(Ctx().get(), get, &got).ok());
    EXPECT_TRUE(got.dossier().overdue());
    EXPECT_EQ(got.dossier().notices_size(), 2);
    EXPECT_EQ(got.dossier().state(),
              pb::DOSSIER_STATE_RECEIVED);  // no state change
    server.Crash();
  }
  // After a crash and restart the sweeper catches up, firing nothing twice.
  // A second late dossier proves a sweep ran after the restart: once its
  // overdue notice is out, that pass has seen the first dossier too.
  testing::ServerProcess server(dir.path());
  auto desk = pb::DossierService::NewStub(server.Channel());
  auto events = pb::EventService::NewStub(server.Channel());
  pb::SubmitDossierRequest r2;
  r2.set_client_id("desk-app");
  r2.set_request_id("late-2");
  r2.set_agency_code("H55.1");
  r2.set_procedure_code("1.001234");
  r2.mutable_applicant()->set_full_name("Trịnh Thu Trang");
  r2.mutable_applicant()->set_personal_id("001190012345");
  r2.set_channel(pb::CHANNEL_DIRECT);
  r2.add_documents()->set_name("Tờ khai");
  r2.mutable_documents(0)->set_originals(1);
  r2.mutable_received_at()->set_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count() -
      40 * 86400);
  pb::SubmitDossierResponse second;
  ASSERT_TRUE(desk->SubmitDossier(Ctx().get(), r2, &second).ok());
  bool swept = false;
  for (int i = 0; i < 200 && !swept; ++i) {
    swept = Notices(*events, second.dossier().code())["deadline_overdue"] == 1;
    if (!swept) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(swept) << "no sweep after the restart";
  auto kinds = Notices(*events, code);
  EXPECT_EQ(kinds["deadline_overdue"], 1);
  EXPECT_EQ(kinds["deadline_apology_required"], 1);
  EXPECT_EQ(kinds.size(), 2u);
}

}  // namespace
}  // namespace motcua

// kill -9 while many callers walk dossiers through their lifecycle: every
// acknowledged action survives, each unacknowledged one, retried with its
// request_id after the restart, takes effect exactly once, and an
// acknowledged one retried after the restart is a replay of its first reply.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "motcua/v1/dossier.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

struct Stubs {
  explicit Stubs(const testing::ServerProcess& server)
      : desk(pb::DossierService::NewStub(server.Channel())),
        agency(pb::ProcessingService::NewStub(server.Channel())) {}
  std::unique_ptr<pb::DossierService::Stub> desk;
  std::unique_ptr<pb::ProcessingService::Stub> agency;
};

// One dossier of procedure 1.001234 (a lead step, then the police check at
// H55.21) from the desk at H55.1 to the return of its result.
constexpr int kSteps = 7;

grpc::Status Submit(Stubs& s, const std::string& id,
                    pb::SubmitDossierResponse* r) {
  pb::SubmitDossierRequest q;
  q.set_client_id("desk-crash");
  q.set_request_id(id);
  q.set_agency_code("H55.1");
  q.set_procedure_code("1.001234");
  q.mutable_applicant()->set_full_name("Phạm Thị Thu");
  q.mutable_applicant()->set_personal_id("001190012345");
  q.set_channel(pb::CHANNEL_DIRECT);
  auto* d = q.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  return s.desk->SubmitDossier(Ctx().get(), q, r);
}

// Step 1..6 on dossier `code`.
grpc::Status Act(Stubs& s, int step, const std::string& code,
                 const std::string& id, pb::DossierActionResponse* r) {
  pb::DossierAction a;
  a.set_client_id("agency-crash");
  a.set_request_id(id);
  a.set_code(code);
  a.set_officer("cb.tran");
  switch (step) {
    case 1:
      a.set_agency_code("H55.1");
      a.set_to_agency("H55.10");
      return s.desk->Transfer(Ctx().get(), a, r);
    case 2:
      a.set_agency_code("H55.10");
      return s.agency->StartProcessing(Ctx().get(), a, r);
    case 3:
      a.set_agency_code("H55.10");
      return s.agency->Forward(Ctx().get(), a, r);
    case 4:
      a.set_agency_code("H55.21");
      return s.agency->StartProcessing(Ctx().get(), a, r);
    case 5:
      a.set_agency_code("H55.21");
      return s.agency->MarkResultReady(Ctx().get(), a, r);
    default:
      a.set_agency_code("H55.1");
      return s.desk->ReturnResult(Ctx().get(), a, r);
  }
}

// What one caller knows about one dossier when the server dies.
struct Track {
  std::string prefix;    // request ids: prefix + step
  std::string code;      // empty until the submission is acknowledged
  int acked = -1;        // last acknowledged step (0 = submission)
  uint64_t version = 0;  // the version that reply showed
  bool pending = false;  // step acked + 1 was sent and not acknowledged
};

TEST(CrashLifecycleServerTest, AcknowledgedActionsSurviveKillNine) {
  testing::TempDir dir;
  std::mutex mu;
  std::vector<Track> tracks;
  int acknowledged = 0;
  {
    testing::ServerProcess server(dir.path());
    std::atomic<bool> crashed{false};
    std::vector<std::thread> callers;
    for (int t = 0; t < 8; ++t) {
      callers.emplace_back([&, t] {
        Stubs stubs(server);
        for (int n = 0; !crashed.load(); ++n) {
          Track track;
          track.prefix = "c" + std::to_string(t) + "-" + std::to_string(n);
          bool ok = true;
          for (int step = 0; step < kSteps && ok; ++step) {
            const std::string id = track.prefix + "-" + std::to_string(step);
            grpc::Status s;
            uint64_t version = 0;
            if (step == 0) {
              pb::SubmitDossierResponse r;
              s = Submit(stubs, id, &r);
              if (s.ok()) track.code = r.dossier().code();
              version = r.dossier().version();
            } else {
              pb::DossierActionResponse r;
              s = Act(stubs, step, track.code, id, &r);
              version = r.dossier().version();
            }
            if (s.ok()) {
              track.acked = step;
              track.version = version;
              std::lock_guard lock(mu);
              ++acknowledged;
            } else {
              EXPECT_TRUE(crashed.load() ||
                          s.error_code() == grpc::StatusCode::UNAVAILABLE)
                  << id << ": " << s.error_message();
              track.pending = true;
              ok = false;
            }
          }
          std::lock_guard lock(mu);
          tracks.push_back(track);
          if (!ok) break;
        }
      });
    }
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::lock_guard lock(mu);
      if (acknowledged >= 250) break;
    }
    server.Crash();
    crashed = true;
    for (auto& t : callers) t.join();
  }
  ASSERT_GE(acknowledged, 250);

  testing::ServerProcess server(dir.path());
  Stubs stubs(server);
  int retried = 0;
  for (Track& track : tracks) {
    SCOPED_TRACE(track.prefix);
    if (track.acked >= 0) {
      pb::GetDossierRequest get;
      get.set_code(track.code);
      pb::GetDossierResponse got;
      ASSERT_TRUE(stubs.desk->GetDossier(Ctx().get(), get, &got).ok());
      EXPECT_GE(got.dossier().version(), track.version);
    }
    if (!track.pending) continue;
    // The unacknowledged action, retried twice with its request id: the
    // first retry applies it (or finds it applied), the second only replays.
    const int step = track.acked + 1;
    const std::string id = track.prefix + "-" + std::to_string(step);
    uint64_t first = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
      grpc::Status s;
      uint64_t version = 0;
      bool replayed = false;
      if (step == 0) {
        pb::SubmitDossierResponse r;
        s = Submit(stubs, id, &r);
        version = r.dossier().version();
        replayed = r.replayed();
      } else {
        pb::DossierActionResponse r;
        s = Act(stubs, step, track.code, id, &r);
        version = r.dossier().version();
        replayed = r.replayed();
      }
      ASSERT_TRUE(s.ok()) << id << ": " << s.error_message();
      if (attempt == 0) {
        first = version;
        EXPECT_GT(version, track.version);
      } else {
        EXPECT_TRUE(replayed);
        EXPECT_EQ(version, first);
      }
    }
    ++retried;
  }
  EXPECT_GT(retried, 0);

  // An acknowledged action retried after the restart: the idempotency record
  // the killed server wrote answers it with the first reply, nothing more is
  // appended.
  int replayed = 0;
  for (const Track& track : tracks) {
    if (track.acked < 0 || replayed >= 20) continue;
    SCOPED_TRACE(track.prefix);
    const std::string id = track.prefix + "-" + std::to_string(track.acked);
    grpc::Status s;
    pb::Dossier dossier;
    bool was_replayed = false;
    if (track.acked == 0) {
      pb::SubmitDossierResponse r;
      s = Submit(stubs, id, &r);
      dossier = r.dossier();
      was_replayed = r.replayed();
    } else {
      pb::DossierActionResponse r;
      s = Act(stubs, track.acked, track.code, id, &r);
      dossier = r.dossier();
      was_replayed = r.replayed();
    }
    ASSERT_TRUE(s.ok()) << id << ": " << s.error_message();
    EXPECT_TRUE(was_replayed) << id;
    EXPECT_EQ(dossier.code(), track.code);
    EXPECT_EQ(dossier.version(), track.version);
    ++replayed;
  }
  EXPECT_GT(replayed, 0);
}

}  // namespace
}  // namespace motcua

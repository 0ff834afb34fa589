// AdminService.Backup under load, `motcuad --restore-from`, GetStatus and
// the motcuactl commands, against the real motcuad (README "Backup and
// restore").
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "motcua/v1/admin.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
namespace fs = std::filesystem;

using testing::Ctx;

pb::SubmitDossierRequest Submission(const std::string& request_id) {
  pb::SubmitDossierRequest q;
  q.set_client_id("desk-backup");
  q.set_request_id(request_id);
  q.set_agency_code("H55.1");
  q.set_procedure_code("1.001234");
  q.mutable_applicant()->set_full_name("Phạm Thị Thu");
  q.mutable_applicant()->set_personal_id("001190012345");
  q.set_channel(pb::CHANNEL_DIRECT);
  auto* d = q.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  return q;
}

// What the load learnt was acknowledged before the backup began.
struct Acked {
  std::string code;
  uint64_t version = 0;
  std::string secret;
};

grpc::Status Backup(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& to_dir, pb::BackupResponse* out) {
  pb::BackupRequest req;
  req.set_to_dir(to_dir);
  auto ctx = Ctx();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(60));
  return pb::AdminService::NewStub(channel)->Backup(ctx.get(), req, out);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Several desks submit and transfer dossiers while a backup is taken; the
// restore holds every write acknowledged before Backup was called (its
// version at least the acknowledged one), its lookup secret still works
// (lookup.key came along), the old tokens still work (token.key), and the
// restored server takes new writes.
TEST(BackupServerTest, BackupUnderLoadRestoresEveryAcknowledgedWrite) {
  testing::TempDir dir;
  const std::string data = dir.path() + "/data";
  const std::string backup = dir.path() + "/backups/nightly";
  const std::string restored = dir.path() + "/restored";
  std::map<std::string, Acked> before_backup;  // by code
  std::string token;
  {
    testing::ServerProcess server(data);
    token = server.Token();
    std::atomic<bool> backup_started{false};
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> load;
    for (int t = 0; t < 4; ++t) {
      load.emplace_back([&, t] {
        auto desk = pb::DossierService::NewStub(server.Channel());
        for (int i = 0; !stop.load(); ++i) {
          const std::string id =
              "load-" + std::to_string(t) + "-" + std::to_string(i);
          pb::SubmitDossierResponse r;
          if (!desk->SubmitDossier(Ctx().get(), Submission(id), &r).ok()) {
            continue;
          }
          Acked a{r.dossier().code(), r.dossier().version(), r.lookup_secret()};
          // Acknowledged before the flag was set: before Backup was called.
          bool before = !backup_started.load();
          if (before) {
            std::lock_guard lock(mu);
            before_backup[a.code] = a;
          }
          ++acknowledged;
          if (i % 2 == 1) continue;
          pb::DossierAction act;
          act.set_client_id("desk-backup");
          act.set_request_id(id + "-transfer");
          act.set_code(a.code);
          act.set_officer("cb.tran");
          act.set_agency_code("H55.1");
          act.set_to_agency("H55.10");
          pb::DossierActionResponse ar;
          if (!desk->Transfer(Ctx().get(), act, &ar).ok()) continue;
          before = !backup_started.load();
          if (before) {
            std::lock_guard lock(mu);
            before_backup[a.code].version = ar.dossier().version();
          }
        }
      });
    }
    while (acknowledged.load() < 40) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    backup_started.store(true);
    pb::BackupResponse made;
    const grpc::Status s = Backup(server.Channel(), backup, &made);
    const int during = acknowledged.load();
    // The load goes on a little after the backup.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.store(true);
    for (auto& th : load) th.join();
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(made.backup_id(), 1u);
    EXPECT_EQ(made.backups_in_dir(), 1u);
    EXPECT_GT(made.last_sequence(), 0u);
    EXPECT_GT(made.size_bytes(), 0u);
    EXPECT_EQ(made.size_bytes(), made.new_bytes());
    EXPECT_GT(acknowledged.load(), during) << "the load ran after the backup";
    std::vector<std::string> files(made.files().begin(), made.files().end());
    EXPECT_NE(std::find(files.begin(), files.end(), "lookup.key"), files.end());
    EXPECT_NE(std::find(files.begin(), files.end(), "token.key"), files.end());
    EXPECT_TRUE(fs::exists(backup + "/MOTCUA-BACKUP"));
    EXPECT_EQ(ReadAll(backup + "/files/1/lookup.key"),
              ReadAll(data + "/lookup.key"));
    EXPECT_EQ(server.Stop(), 0);
  }
  ASSERT_FALSE(before_backup.empty());

  testing::ExitedRun run =
      testing::RunExpectingExit(restored, {"--restore-from", backup});
  ASSERT_EQ(run.exit_status, 0) << run.output;
  EXPECT_NE(run.output.find("restored backup 1"), std::string::npos)
      << run.output;
  EXPECT_FALSE(fs::exists(restored + "/bootstrap-admin.token"));
  // The operator keeps the bootstrap token elsewhere; token.key came back,
  // so the old token still works.
  {
    std::ofstream out(restored + "/bootstrap-admin.token");
    out << token << "\n";
  }
  testing::ServerProcess server(restored);
  auto desk = server.DossierStub();
  auto lookup = pb::LookupService::NewStub(server.Channel());
  for (const auto& [code, acked] : before_backup) {
    pb::GetDossierRequest get;
    get.set_code(code);
    pb::GetDossierResponse d;
    const grpc::Status s = desk->GetDossier(Ctx().get(), get, &d);
    ASSERT_TRUE(s.ok()) << code << ": " << s.error_message();
    EXPECT_GE(d.dossier().version(), acked.version) << code;
  }
  const Acked& first = before_backup.begin()->second;
  pb::LookupDossierRequest lq;
  lq.set_code(first.code);
  lq.set_secret(first.secret);
  pb::LookupDossierResponse lr;
  const grpc::Status looked = lookup->LookupDossier(Ctx().get(), lq, &lr);
  EXPECT_TRUE(looked.ok()) << looked.error_message();
  pb::SubmitDossierResponse fresh;
  const grpc::Status s =
      desk->SubmitDossier(Ctx().get(), Submission("after-restore"), &fresh);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(fresh.replayed());
  EXPECT_EQ(before_backup.count(fresh.dossier().code()), 0u);
}

TEST(BackupServerTest, BackupTargetsAreCheckedAndBackupsAreIncremental) {
  testing::TempDir dir;
  const std::string data = dir.path() + "/data";
  testing::ServerProcess server(data);
  pb::BackupResponse r;
  const auto refused = [&](const std::string& to) {
    const grpc::Status s = Backup(server.Channel(), to, &r);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << to;
    EXPECT_EQ(s.error_message().rfind("to_dir: ", 0), 0u) << s.error_message();
  };
  refused("");
  refused("relative/dir");
  refused(data + "/inside");
  refused(data + "/../data/x");
  refused(dir.path());  // holds the data directory
  fs::create_directories(dir.path() + "/other");
  std::ofstream(dir.path() + "/other/file") << "x";
  refused(dir.path() + "/other");
  refused(dir.path() + "/other/file");
  EXPECT_FALSE(fs::exists(dir.path() + "/other/MOTCUA-BACKUP"));

  // Only an operator for every agency.
  const std::string desk = server.IssueToken({"desk"}, {"*"});
  EXPECT_EQ(
      Backup(server.ChannelWith(desk), dir.path() + "/b", &r).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  const std::string scoped = server.IssueToken({"operator"}, {"H55.1"});
  EXPECT_EQ(
      Backup(server.ChannelWith(scoped), dir.path() + "/b", &r).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Backup(server.AnonymousChannel(), dir.path() + "/b", &r).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(fs::exists(dir.path() + "/b"));

  const std::string op = server.IssueToken({"operator"}, {"*"});
  const std::string to = dir.path() + "/b";
  ASSERT_TRUE(Backup(server.ChannelWith(op), to, &r).ok());
  EXPECT_EQ(r.backup_id(), 1u);
  pb::SubmitDossierResponse sr;
  ASSERT_TRUE(server.DossierStub()
                  ->SubmitDossier(Ctx().get(), Submission("between"), &sr)
                  .ok());
  pb::BackupResponse second;
  ASSERT_TRUE(Backup(server.ChannelWith(op), to, &second).ok());
  EXPECT_EQ(second.backup_id(), 2u);
  EXPECT_EQ(second.backups_in_dir(), 2u);
  EXPECT_GT(second.last_sequence(), r.last_sequence());
  EXPECT_LT(second.new_bytes(), second.size_bytes()) << "incremental";
  // An empty existing directory is fine too.
  fs::create_directories(dir.path() + "/empty");
  EXPECT_TRUE(Backup(server.ChannelWith(op), dir.path() + "/empty", &r).ok());
}

TEST(BackupServerTest, RestoreRefusesANonEmptyTargetAndANonBackup) {
  testing::TempDir dir;
  const std::string target = dir.path() + "/target";
  fs::create_directories(target);
  std::ofstream(target + "/keep") << "precious";
  testing::ExitedRun run =
      testing::RunExpectingExit(target, {"--restore-from", dir.path()});
  EXPECT_EQ(run.exit_status, 1) << run.output;
  EXPECT_NE(run.output.find("not a motcua backup directory"), std::string::npos)
      << run.output;
  // A real backup, into a non-empty directory.
  const std::string data = dir.path() + "/data";
  {
    testing::ServerProcess server(data);
    pb::BackupResponse r;
    ASSERT_TRUE(Backup(server.Channel(), dir.path() + "/b", &r).ok());
  }
  run =
      testing::RunExpectingExit(target, {"--restore-from", dir.path() + "/b"});
  EXPECT_EQ(run.exit_status, 1) << run.output;
  EXPECT_NE(run.output.find("is not empty"), std::string::npos) << run.output;
  EXPECT_EQ(ReadAll(target + "/keep"), "precious");
  EXPECT_EQ(
      std::distance(fs::directory_iterator(target), fs::directory_iterator()),
      1);
}

TEST(BackupServerTest, StatusAnswersStaffWithVersionQueueAndLastCommit) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path());
  pb::SubmitDossierResponse sr;
  ASSERT_TRUE(server.DossierStub()
                  ->SubmitDossier(Ctx().get(), Submission("status-1"), &sr)
                  .ok());
  pb::GetStatusResponse st;
  auto stub = pb::AdminService::NewStub(server.Channel());
  ASSERT_TRUE(stub->GetStatus(Ctx().get(), {}, &st).ok());
  EXPECT_EQ(st.health(), "SERVING");
  EXPECT_FALSE(st.version().empty());
  EXPECT_EQ(st.queue_depth(), 0u);
  EXPECT_GE(st.commits(), 1u);
  EXPECT_GE(st.last_sequence(), 1u);
  EXPECT_TRUE(st.has_last_commit_at());
  EXPECT_TRUE(st.has_started_at());
  EXPECT_EQ(st.data_dir(), dir.path());
  EXPECT_EQ(st.idempotency_retention_days(), 30u);

  pb::GetStatusResponse desk;
  ASSERT_TRUE(pb::AdminService::NewStub(
                  server.ChannelWith(server.IssueToken({"desk"}, {"H55.1"})))
                  ->GetStatus(Ctx().get(), {}, &desk)
                  .ok());
  EXPECT_EQ(desk.data_dir(), "") << "server paths for operators only";
  EXPECT_EQ(desk.last_sequence(), st.last_sequence());
  pb::GetStatusResponse carrier;
  EXPECT_EQ(pb::AdminService::NewStub(
                server.ChannelWith(server.IssueToken({"carrier:vnpost"}, {})))
                ->GetStatus(Ctx().get(), {}, &carrier)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(BackupServerTest, AdminServiceAnswersOnlyOnTheAdminListener) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path(), {"--admin-listen", "127.0.0.1:0"});
  ASSERT_NE(server.admin_port(), 0);
  pb::GetStatusResponse st;
  EXPECT_EQ(pb::AdminService::NewStub(server.Channel())
                ->GetStatus(Ctx().get(), {}, &st)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  auto admin = testing::AuthenticatedChannel(
      "127.0.0.1:" + std::to_string(server.admin_port()), server.Token());
  EXPECT_TRUE(
      pb::AdminService::NewStub(admin)->GetStatus(Ctx().get(), {}, &st).ok());
  pb::BackupResponse r;
  EXPECT_TRUE(Backup(admin, dir.path() + "-backup", &r).ok());
  std::error_code ignored;
  fs::remove_all(dir.path() + "-backup", ignored);
}

// The operator's command line: `motcuactl status` and `motcuactl admin
// backup --to DIR`.
TEST(BackupServerTest, MotcuactlStatusAndBackup) {
  testing::TempDir dir;
  const std::string data = dir.path() + "/data";
  testing::ServerProcess server(data);
  const auto run = [&](const std::string& args, std::string* out) {
    const std::string cmd = std::string(MOTCUACTL_PATH) + " --target " +
                            server.address() + " --token-file " + data +
                            "/bootstrap-admin.token " + args + " 2>&1";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n = 0;
    out->clear();
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
    return WEXITSTATUS(::pclose(p));
  };
  std::string out;
  EXPECT_EQ(run("status", &out), 0) << out;
  EXPECT_NE(out.find("\"health\": \"SERVING\""), std::string::npos) << out;
  EXPECT_EQ(run("admin backup --to " + dir.path() + "/b", &out), 0) << out;
  EXPECT_NE(out.find("\"backup_id\": 1"), std::string::npos) << out;
  EXPECT_NE(run("admin backup --to relative", &out), 0);
  EXPECT_NE(out.find("--to"), std::string::npos) << out;
  EXPECT_NE(run("admin backup --to " + data + "/x", &out), 0);
  EXPECT_NE(out.find("INVALID_ARGUMENT: --to: must be outside"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace motcua

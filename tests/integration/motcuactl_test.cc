// motcuactl (the binary) against a real motcuad, as an operator runs it from
// the directory holding data/: listing with filters and pages, a lifecycle
// action and its retry, catalogue apply twice (the second a no-op), a
// schedule publication dry run, the indicator exports (CSV and XLSX) and
// the usage errors that name flags.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "google/protobuf/util/time_util.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
using testing::Ctx;

struct CtlRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class MotcuactlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ServerProcess>(dir_.path() + "/data");
  }

  // Runs motcuactl in the temporary directory (which holds data/, so the
  // bootstrap token is found as the README says); `env` is prepended to the
  // command ("MOTCUA_TARGET=... ").
  CtlRun Ctl(const std::string& args, const std::string& env = "",
             bool with_target = true) {
    const std::string err_file = dir_.path() + "/stderr.txt";
    const std::string cmd =
        "cd '" + dir_.path() + "' && env -u MOTCUA_TOKEN -u MOTCUA_TARGET " +
        env + " " + MOTCUACTL_PATH + " " +
        (with_target ? "--target " + server_->address() + " " : "") + args +
        " 2>'" + err_file + "'";
    CtlRun run;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return run;
    std::array<char, 4096> buf;
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) {
      run.out.append(buf.data(), n);
    }
    const int status = pclose(p);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = Slurp(err_file);
    return run;
  }

  // A direct dossier at the service centre H55.1 for procedure 1.001234,
  // received on 2026-01-DD at 09:30 Vietnam time.
  std::string Submit(int day) {
    pb::SubmitDossierRequest r;
    r.set_client_id("desk-app");
    r.set_request_id("submit-" + std::to_string(day));
    r.set_agency_code("H55.1");
    r.set_procedure_code("1.001234");
    r.mutable_applicant()->set_full_name("Võ Thị Lan");
    r.mutable_applicant()->set_personal_id("001190012345");
    r.set_channel(pb::CHANNEL_DIRECT);
    auto* d = r.add_documents();
    d->set_name("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp");
    d->set_originals(1);
    char at[32];
    std::snprintf(at, sizeof at, "2026-01-%02dT02:30:00Z", day);
    EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(
        at, r.mutable_received_at()));
    pb::SubmitDossierResponse resp;
    grpc::Status s =
        server_->DossierStub()->SubmitDossier(Ctx().get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.dossier().code();
  }

  static int Count(const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(MotcuactlTest, ListFiltersAndPages) {
  const std::string first = Submit(5);
  Submit(6);
  Submit(7);

  CtlRun page = Ctl("dossier list --agency H55.1 --page-size 2");
  ASSERT_EQ(page.status, 0) << page.err;
  EXPECT_EQ(Count(page.out, "\"code\": \"H55.1-2601"), 2) << page.out;
  EXPECT_NE(page.out.find("\"next_page_token\""), std::string::npos);

  CtlRun all = Ctl("dossier list --agency H55.1 --page-size 1 --all");
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_EQ(Count(all.out, "\"code\": \"H55.1-2601"), 3) << all.out;
  EXPECT_EQ(all.out.find("next_page_token"), std::string::npos);

  // Received 6 and 7 January (Vietnam dates, both ends included).
  CtlRun range =
      Ctl("dossier list --received-from 2026-01-06 --received-to 2026-01-07 "
          "--state received --all");
  ASSERT_EQ(range.status, 0) << range.err;
  EXPECT_EQ(Count(range.out, "\"code\": \"H55.1-2601"), 2) << range.out;
  EXPECT_EQ(range.out.find(first), std::string::npos);

  // The target from the environment; a flag wins over it.
  CtlRun env =
      Ctl("dossier list --all", "MOTCUA_TARGET=" + server_->address(), false);
  ASSERT_EQ(env.status, 0) << env.err;
  EXPECT_EQ(Count(env.out, "\"code\": \"H55.1-2601"), 3);
  CtlRun flag_wins = Ctl("--target 127.0.0.1:1 dossier list",
                         "MOTCUA_TARGET=" + server_->address(), false);
  EXPECT_EQ(flag_wins.status, 1);
  EXPECT_NE(flag_wins.err.find("UNAVAILABLE"), std::string::npos)
      << flag_wins.err;

  // --all and --page-token exclude each other; --state is checked.
  CtlRun both = Ctl("dossier list --all --page-token x");
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--all"), std::string::npos) << both.err;
  EXPECT_NE(both.err.find("--page-token"), std::string::npos) << both.err;
  CtlRun state = Ctl("dossier list --state sleeping");
  EXPECT_EQ(state.status, 2);
  EXPECT_NE(state.err.find("--state"), std::string::npos) << state.err;
}

TEST_F(MotcuactlTest, ActionRetriedWithItsRequestIdIsReplayed) {
  const std::string code = Submit(5);
  const std::string transfer = "dossier transfer " + code +
                               " --agency H55.1 --officer cb.nguyen "
                               "--to-agency H55.10 --request-id t-1";
  CtlRun done = Ctl(transfer);
  ASSERT_EQ(done.status, 0) << done.err;
  EXPECT_NE(done.out.find("DOSSIER_STATE_TRANSFERRED"), std::string::npos);
  EXPECT_EQ(done.out.find("\"replayed\": true"), std::string::npos);
  CtlRun again = Ctl(transfer);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("\"replayed\": true"), std::string::npos)
      << again.out;

  CtlRun start =
      Ctl("dossier start " + code + " --agency H55.10 --officer cb.tran");
  ASSERT_EQ(start.status, 0) << start.err;
  EXPECT_NE(start.out.find("DOSSIER_STATE_IN_PROCESSING"), std::string::npos);

  // A rule the state does not allow: the server's reason, and the
  // request_id to retry with.
  CtlRun late = Ctl("dossier accept " + code + " --agency H55.1 --officer x");
  EXPECT_EQ(late.status, 1);
  EXPECT_NE(late.err.find("FAILED_PRECONDITION: "), std::string::npos)
      << late.err;
  EXPECT_NE(late.err.find("--request-id motcuactl-"), std::string::npos)
      << late.err;
  // Required flags are named before anything is sent.
  CtlRun no_reason =
      Ctl("dossier stop " + code + " --agency H55.10 --officer x");
  EXPECT_EQ(no_reason.status, 2);
  EXPECT_NE(no_reason.err.find("--reason"), std::string::npos) << no_reason.err;
  // A server error on a field names the flag that set it.
  CtlRun bad_agency = Ctl("dossier list --agency 'not an agency'");
  EXPECT_EQ(bad_agency.status, 1);
  EXPECT_NE(bad_agency.err.find("--agency"), std::string::npos)
      << bad_agency.err;
  EXPECT_EQ(bad_agency.err.find("agency_code"), std::string::npos)
      << bad_agency.err;
}

TEST_F(MotcuactlTest, CatalogueApplyTwiceIsANoOpTheSecondTime) {
  const std::string file = dir_.path() + "/extra.catalogue";
  std::ofstream(file) << "# a new department\n"
                         "[agency H55.99]\n"
                         "name = Sở Khoa học và Công nghệ tỉnh Mẫu\n"
                         "level = department\n"
                         "parent = H55\n"
                         "calendar = vn\n";
  CtlRun first = Ctl("catalogue apply " + file);
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("\"H55.99\""), std::string::npos) << first.out;
  EXPECT_EQ(first.out.find("unchanged"), std::string::npos);
  CtlRun second = Ctl("catalogue apply " + file);
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("\"unchanged\": true"), std::string::npos)
      << second.out;
  EXPECT_EQ(second.out.find("\"H55.99\""), std::string::npos) << second.out;

  CtlRun agencies = Ctl("catalogue agencies");
  ASSERT_EQ(agencies.status, 0) << agencies.err;
  EXPECT_NE(agencies.out.find("Sở Khoa học và Công nghệ"), std::string::npos);
  CtlRun get = Ctl("catalogue get 1.001234 --on 2026-01-05");
  ASSERT_EQ(get.status, 0) << get.err;
  EXPECT_NE(get.out.find("\"version\": 2"), std::string::npos) << get.out;
  CtlRun list = Ctl("catalogue list --level province --page-size 2 --all");
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_GT(Count(list.out, "\"code\": "), 2) << list.out;

  // A parse error names the file, not catalogue_text.
  const std::string bad = dir_.path() + "/bad.catalogue";
  std::ofstream(bad) << "[agency H55.98]\nbogus = 1\n";
  CtlRun broken = Ctl("catalogue apply " + bad);
  EXPECT_EQ(broken.status, 1);
  EXPECT_NE(broken.err.find("INVALID_ARGUMENT: " + bad + ": line 2"),
            std::string::npos)
      << broken.err;
}

TEST_F(MotcuactlTest, CalendarPublishDryRunStoresNothing) {
  const std::string schedule =
      std::string(MOTCUA_SOURCE_DIR) + "/deploy/calendars/vn-2026.schedule";
  CtlRun dry = Ctl("calendar publish " + schedule + " --calendar vn --dry-run");
  ASSERT_EQ(dry.status, 0) << dry.err;
  EXPECT_NE(dry.out.find("\"dry_run\": true"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("\"year\": 2026"), std::string::npos) << dry.out;
  // Nothing was published: no official schedule of 2026 stored for vn
  // beyond the shipped one, which GetSchedule shows as it was.
  CtlRun get = Ctl("calendar get vn 2026 --out vn-2026.txt");
  ASSERT_EQ(get.status, 0) << get.err;
  EXPECT_NE(Slurp(dir_.path() + "/vn-2026.txt").find("2026"),
            std::string::npos);
}

TEST_F(MotcuactlTest, IndicatorsExportCsvAndXlsx) {
  Submit(5);
  Submit(6);
  CtlRun csv = Ctl("report indicators --year 2026 --quarter 1 --format csv");
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_NE(csv.err.find("wrote indicators-2026-q1.csv"), std::string::npos)
      << csv.err;
  const std::string text = Slurp(dir_.path() + "/indicators-2026-q1.csv");
  EXPECT_EQ(
      text.rfind("\xEF\xBB\xBFMã cơ quan,Tên cơ quan,Số hồ sơ tiếp nhận,", 0),
      0u)
      << text;
  EXPECT_NE(text.find("\r\nH55.1,"), std::string::npos) << text;
  EXPECT_NE(text.find(",2,0,"), std::string::npos) << text;

  CtlRun xlsx = Ctl(
      "report indicators --year 2026 --quarter 1 --format xlsx --out q1.xlsx");
  ASSERT_EQ(xlsx.status, 0) << xlsx.err;
  const std::string book = Slurp(dir_.path() + "/q1.xlsx");
  EXPECT_EQ(book.rfind("PK", 0), 0u);
  EXPECT_NE(book.find("xl/worksheets/sheet1.xml"), std::string::npos);
  const std::string check =
      "python3 -c \"import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); "
      "s=z.read('xl/sharedStrings.xml').decode(); "
      "sys.exit(0 if 'Mã cơ quan' in s and 'H55.1' in s else 1)\" '" +
      dir_.path() + "/q1.xlsx'";
  EXPECT_EQ(std::system(check.c_str()), 0);

  CtlRun overdue = Ctl("report overdue --format csv --out late.csv");
  ASSERT_EQ(overdue.status, 0) << overdue.err;
  EXPECT_EQ(Slurp(dir_.path() + "/late.csv")
                .rfind("\xEF\xBB\xBFMã hồ sơ,Cơ quan chịu trách nhiệm", 0),
            0u);
}

TEST_F(MotcuactlTest, UsageErrorsNameTheFlags) {
  struct Case {
    std::string args;
    std::vector<std::string> named;
  };
  const Case cases[] = {
      {"report indicators --year 2026 --quarter 1 --month 2",
       {"--quarter", "--month"}},
      {"report form06 --year 2026 --from 2026-01-01 --to 2026-02-01",
       {"--from", "--year"}},
      {"report indicators --quarter 1", {"--quarter", "--year"}},
      {"report indicators --year 2026 --format pdf", {"--format", "pdf"}},
      {"report indicators --from 2026-13-01 --to 2026-02-01", {"--from"}},
      {"report overdue --at yesterday", {"--at"}},
      {"--token-file /nonexistent/token dossier list", {"--token-file"}},
      {"--tls-cert a.pem dossier list", {"--tls-cert", "--tls-key"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    CtlRun r = Ctl(c.args);
    EXPECT_EQ(r.status, 2) << r.err;
    for (const std::string& flag : c.named) {
      EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
    }
  }
  // A token is never printed, also not when it is refused.
  const std::string token_file = dir_.path() + "/wrong.token";
  std::ofstream(token_file) << "mct_this-is-not-a-valid-token\n";
  CtlRun refused = Ctl("--token-file " + token_file + " dossier list");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("UNAUTHENTICATED"), std::string::npos);
  EXPECT_EQ((refused.out + refused.err).find("this-is-not-a-valid-token"),
            std::string::npos);
}

}  // namespace
}  // namespace motcua

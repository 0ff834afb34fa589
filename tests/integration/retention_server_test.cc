// The personal-data purge on a real motcuad (README "Retention"): dossiers
// closed years ago, put through the lifecycle over gRPC with back-dated
// instants, lose their personal data when the server starts with
// --personal-data-retention-years; the reports stay the same.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "motcua/v1/admin.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

const char kOldName[] = "Lò Thị Xuân";
const char kOldId[] = "011190054321";
const char kOldPhone[] = "0987654321";
const char kOpenName[] = "Hà Văn Nam";

// Seconds since the epoch of a Vietnamese wall-clock time.
int64_t Vn(int y, int m, int d, int hh, int mm) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  return static_cast<int64_t>(timegm(&tm)) - 7 * 3600;
}

std::string Submit(pb::DossierService::Stub& desk, const std::string& id,
                   const std::string& name, const std::string& id_number,
                   const std::string& phone, int64_t received) {
  pb::SubmitDossierRequest r = testing::DeskSubmission("desk-app", id);
  r.mutable_applicant()->set_full_name(name);
  r.mutable_applicant()->set_personal_id(id_number);
  r.mutable_applicant()->set_phone(phone);
  r.mutable_applicant()->set_address("Bản Mường, Sìn Hồ");
  r.mutable_received_at()->set_seconds(received);
  return testing::SubmitOk(desk, r);
}

pb::DossierAction Act(const std::string& code, const std::string& agency,
                      const std::string& id, int64_t at) {
  pb::DossierAction a;
  a.set_client_id("app");
  a.set_request_id(id + code);
  a.set_code(code);
  a.set_officer("cb");
  a.set_agency_code(agency);
  a.mutable_at()->set_seconds(at);
  return a;
}

// Received 2019-03-04, a supplement asked for in words naming the
// applicant, resolved and returned on 2019-03-25.
void TakeThroughIn2019(pb::DossierService::Stub& desk,
                       pb::ProcessingService::Stub& agency,
                       const std::string& code) {
  pb::DossierActionResponse r;
  pb::DossierAction t = Act(code, "H55.1", "t", Vn(2019, 3, 4, 10, 0));
  t.set_to_agency("H55.10");
  grpc::Status s = desk.Transfer(Ctx().get(), t, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = agency.StartProcessing(
      Ctx().get(), Act(code, "H55.10", "s1", Vn(2019, 3, 4, 14, 0)), &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::DossierAction ask = Act(code, "H55.10", "q", Vn(2019, 3, 5, 9, 0));
  ask.set_reason(std::string("Bà ") + kOldName + " bổ sung giấy khai sinh");
  ask.add_documents()->set_name("Giấy khai sinh");
  ask.mutable_documents(0)->set_copies(1);
  s = agency.RequestSupplement(Ctx().get(), ask, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::DossierAction bring = Act(code, "H55.1", "b", Vn(2019, 3, 6, 9, 0));
  bring.add_documents()->set_name("Giấy khai sinh");
  bring.mutable_documents(0)->set_copies(1);
  s = desk.ReceiveSupplement(Ctx().get(), bring, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = agency.MarkResultReady(
      Ctx().get(), Act(code, "H55.10", "rr", Vn(2019, 3, 20, 15, 0)), &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = desk.ReturnResult(Ctx().get(),
                        Act(code, "H55.1", "ret", Vn(2019, 3, 25, 8, 0)), &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

// The year 2019's Form 06 and indicators, serialised for comparison.
std::string Reports(pb::ReportService::Stub& reports) {
  pb::PeriodSpec year;
  year.set_kind(pb::PERIOD_KIND_YEAR);
  year.set_year(2019);
  pb::GetForm06Request form_req;
  *form_req.mutable_period() = year;
  pb::GetForm06Response form;
  grpc::Status s = reports.GetForm06(Ctx().get(), form_req, &form);
  EXPECT_TRUE(s.ok()) << s.error_message();
  pb::GetIndicatorsRequest ind_req;
  *ind_req.mutable_period() = year;
  pb::GetIndicatorsResponse indicators;
  s = reports.GetIndicators(Ctx().get(), ind_req, &indicators);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(form.form().total().counts(0), 2) << "both dossiers counted";
  return form.form().SerializeAsString() + "|" + indicators.SerializeAsString();
}

pb::GetDossierResponse Get(pb::DossierService::Stub& desk,
                           const std::string& code) {
  pb::GetDossierRequest req;
  req.set_code(code);
  pb::GetDossierResponse resp;
  grpc::Status s = desk.GetDossier(Ctx().get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp;
}

// Whether any file under `dir` (RocksDB's info logs aside) holds `text`;
// names the first one in `where`.
bool AnyFileHolds(const std::string& dir, const std::string& text,
                  std::string* where = nullptr) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().filename().string().starts_with("LOG")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
    if (bytes.find(text) != std::string::npos) {
      if (where != nullptr) *where = entry.path().string();
      return true;
    }
  }
  return false;
}

TEST(RetentionServerTest, PurgesOldClosedDossiersAndKeepsTheStatistics) {
  testing::TempDir dir;
  std::string closed, open, before;
  {
    testing::ServerProcess server(dir.path());
    auto desk = pb::DossierService::NewStub(server.Channel());
    auto agency = pb::ProcessingService::NewStub(server.Channel());
    closed =
        Submit(*desk, "old", kOldName, kOldId, kOldPhone, Vn(2019, 3, 4, 9, 0));
    TakeThroughIn2019(*desk, *agency, closed);
    open = Submit(*desk, "open", kOpenName, "022290099999", "",
                  Vn(2019, 3, 5, 9, 0));
    pb::DossierActionResponse r;
    pb::DossierAction t = Act(open, "H55.1", "t", Vn(2019, 3, 5, 10, 0));
    t.set_to_agency("H55.10");
    ASSERT_TRUE(desk->Transfer(Ctx().get(), t, &r).ok());
    auto reports = pb::ReportService::NewStub(server.Channel());
    before = Reports(*reports);
    EXPECT_TRUE(Get(*desk, closed).dossier().applicant().full_name() ==
                kOldName);
    EXPECT_EQ(server.Stop(), 0);
  }
  ASSERT_TRUE(AnyFileHolds(dir.path(), kOldName));

  testing::ServerProcess server(dir.path(),
                                {"--personal-data-retention-years", "5"});
  auto desk = pb::DossierService::NewStub(server.Channel());
  // The pass runs at start; wait for it.
  pb::GetDossierResponse got;
  for (int i = 0; i < 200; ++i) {
    got = Get(*desk, closed);
    if (got.dossier().has_personal_data_purged_at()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(got.dossier().has_personal_data_purged_at());
  EXPECT_EQ(got.dossier().applicant().full_name(), "");
  EXPECT_EQ(got.dossier().applicant().personal_id(), "");
  EXPECT_EQ(got.dossier().applicant().phone(), "");
  EXPECT_EQ(got.dossier().applicant().address(), "");
  EXPECT_EQ(got.dossier().state(), pb::DOSSIER_STATE_RETURNED);
  ASSERT_FALSE(got.history().empty());
  const pb::DossierEvent& last = got.history(got.history_size() - 1);
  EXPECT_EQ(last.kind(), "personal_data_purged");
  EXPECT_EQ(last.retention_years(), 5u);
  for (const pb::DossierEvent& e : got.history()) {
    EXPECT_EQ(e.reason().find(kOldName), std::string::npos) << e.kind();
  }
  // The open one keeps its applicant.
  const pb::GetDossierResponse kept = Get(*desk, open);
  EXPECT_EQ(kept.dossier().applicant().full_name(), kOpenName);
  EXPECT_FALSE(kept.dossier().has_personal_data_purged_at());

  // Operators see the period in force.
  pb::GetStatusResponse status;
  ASSERT_TRUE(pb::AdminService::NewStub(server.Channel())
                  ->GetStatus(Ctx().get(), {}, &status)
                  .ok());
  EXPECT_EQ(status.personal_data_retention_years(), 5u);

  // The statistics are the same.
  auto reports = pb::ReportService::NewStub(server.Channel());
  EXPECT_EQ(Reports(*reports), before);

  // The forms name the applicant: refused.
  pb::RenderFormRequest form;
  form.set_code(closed);
  form.set_file("receipt-slip.pdf");
  pb::RenderFormResponse rendered;
  grpc::Status s = desk->RenderForm(Ctx().get(), form, &rendered);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("personal data was erased"),
            std::string::npos)
      << s.error_message();

  // No file of the data directory keeps the erased data (the compaction
  // after the pass may still be finishing).
  bool gone = false;
  std::string where;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = !AnyFileHolds(dir.path(), kOldName, &where) &&
           !AnyFileHolds(dir.path(), kOldId, &where) &&
           !AnyFileHolds(dir.path(), kOldPhone, &where);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(gone) << where;
  EXPECT_TRUE(AnyFileHolds(dir.path(), kOpenName));
}

}  // namespace
}  // namespace motcua

// Form 06, submissions, indicators and the overdue list on a real motcuad,
// from dossiers put through the lifecycle over gRPC.
#include <gtest/gtest.h>

#include <chrono>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(20));
  return ctx;
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The Decree 09/2019 quarter containing `unix_seconds` (Vietnam time):
// quarter q runs from the 15th of month 3q-3 to the 14th of month 3q.
pb::PeriodSpec QuarterOf(int64_t unix_seconds) {
  const std::time_t t = unix_seconds + 7 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
  if (tm.tm_mday >= 15) ++month;  // from the 15th it is next month's period
  if (month == 13) {
    month = 1;
    ++year;
  }
  pb::PeriodSpec p;
  p.set_kind(pb::PERIOD_KIND_QUARTER);
  p.set_year(year);
  p.set_number((month - 1) / 3 + 1);
  return p;
}

std::string Submit(pb::DossierService::Stub& desk, const std::string& id,
                   const std::string& agency, int64_t received) {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-app");
  r.set_request_id(id);
  r.set_agency_code(agency);
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Hà Văn Nam");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.set_channel(pb::CHANNEL_DIRECT);
  r.mutable_received_at()->set_seconds(received);
  r.add_documents()->set_name("Tờ khai");
  r.mutable_documents(0)->set_originals(1);
  pb::SubmitDossierResponse resp;
  grpc::Status s = desk.SubmitDossier(Ctx().get(), r, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp.dossier().code();
}

void Resolve(pb::DossierService::Stub& desk,
             pb::ProcessingService::Stub& agency, const std::string& code) {
  auto act = [&](const std::string& who, const std::string& id) {
    pb::DossierAction a;
    a.set_client_id("app");
    a.set_request_id(id + code);
    a.set_code(code);
    a.set_officer("cb");
    a.set_agency_code(who);
    return a;
  };
  pb::DossierActionResponse r;
  pb::DossierAction t = act("H55.1", "t");
  t.set_to_agency("H55.10");
  ASSERT_TRUE(desk.Transfer(Ctx().get(), t, &r).ok());
  ASSERT_TRUE(
      agency.StartProcessing(Ctx().get(), act("H55.10", "s1"), &r).ok());
  ASSERT_TRUE(agency.Forward(Ctx().get(), act("H55.10", "f"), &r).ok());
  ASSERT_TRUE(
      agency.StartProcessing(Ctx().get(), act("H55.21", "s2"), &r).ok());
  grpc::Status s = agency.MarkResultReady(Ctx().get(), act("H55.21", "rr"), &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

int64_t Col(const pb::Form06Row& row, int column) {
  return row.counts(column - 3);
}

void ExpectConsistent(const pb::Form06Row& r) {
  SCOPED_TRACE(r.label());
  ASSERT_EQ(r.counts_size(), 11);
  EXPECT_EQ(Col(r, 3), Col(r, 4) + Col(r, 5));
  EXPECT_EQ(Col(r, 7), Col(r, 8) + Col(r, 9) + Col(r, 10));
  EXPECT_EQ(Col(r, 11), Col(r, 12) + Col(r, 13));
  EXPECT_EQ(Col(r, 3) + Col(r, 6), Col(r, 7) + Col(r, 11));
}

TEST(ReportServerTest, Form06FromLiveDossiersExportsAndFreezes) {
  testing::TempDir dir;
  const int64_t now = Now();
  const pb::PeriodSpec quarter = QuarterOf(now);
  std::string late;
  {
    testing::ServerProcess server(dir.path());
    auto desk = pb::DossierService::NewStub(server.Channel());
    auto agency = pb::ProcessingService::NewStub(server.Channel());
    auto reports = pb::ReportService::NewStub(server.Channel());
    std::vector<std::string> codes;
    for (int i = 0; i < 4; ++i) {
      codes.push_back(Submit(*desk, "q" + std::to_string(i),
                             i % 2 ? "H55.10" : "H55.1", now - 60));
    }
    Resolve(*desk, *agency, codes[0]);
    // Received 40 days ago, never touched: overdue now.
    late = Submit(*desk, "late", "H55.1", now - 40 * 86400);

    pb::GetForm06Request req;
    *req.mutable_period() = quarter;
    req.set_format(pb::EXPORT_FORMAT_CSV);
    pb::GetForm06Response form;
    grpc::Status s = reports->GetForm06(Ctx().get(), req, &form);
    ASSERT_TRUE(s.ok()) << s.error_message();
    const pb::Form06Row& total = form.form().total();
    std::string all_counts;
    for (auto c : total.counts()) all_counts += std::to_string(c) + " ";
    SCOPED_TRACE("total: " + all_counts);
    ExpectConsistent(total);
    for (const auto& row : form.form().rows()) ExpectConsistent(row);
    // The late one may fall in the previous quarter (carried over) or this
    // one, depending on today's date; either way the totals add up.
    EXPECT_EQ(Col(total, 3) + Col(total, 6), 5);
    EXPECT_EQ(Col(total, 5), Col(total, 3));  // all direct
    EXPECT_EQ(Col(total, 7), 1);
    EXPECT_EQ(Col(total, 8), 1);  // resolved early
    EXPECT_EQ(Col(total, 11), 4);
    // The quarter is still running: its cut-off (the 14th of its last month)
    // lies ahead, and figures are read there as things stand now, so the
    // late one is overdue at the cut-off and so may be today's dossiers.
    EXPECT_GE(Col(total, 13), 1);
    EXPECT_EQ(form.file().rfind("\xEF\xBB\xBF", 0), 0u);  // BOM for Excel
    EXPECT_NE(form.file().find("Tổng cộng"), std::string::npos);
    EXPECT_NE(form.file_name().find(".csv"), std::string::npos);

    req.set_format(pb::EXPORT_FORMAT_XLSX);
    ASSERT_TRUE(reports->GetForm06(Ctx().get(), req, &form).ok());
    EXPECT_EQ(form.file().rfind("PK", 0), 0u);

    pb::SubmitForm06Request submit;
    submit.set_client_id("office");
    submit.set_request_id("q-1");
    *submit.mutable_period() = quarter;
    pb::SubmitForm06Response first;
    ASSERT_TRUE(reports->SubmitForm06(Ctx().get(), submit, &first).ok());
    EXPECT_EQ(first.submission().version(), 1);
    pb::SubmitForm06Response again;
    ASSERT_TRUE(reports->SubmitForm06(Ctx().get(), submit, &again).ok());
    EXPECT_TRUE(again.replayed());
    EXPECT_EQ(again.submission().version(), 1);

    // A correction after one more dossier: version 2, the change shown.
    Submit(*desk, "q-extra", "H55.1", now - 30);
    submit.set_request_id("q-2");
    pb::SubmitForm06Response second;
    ASSERT_TRUE(reports->SubmitForm06(Ctx().get(), submit, &second).ok());
    EXPECT_EQ(second.submission().version(), 2);
    bool total_change = false;
    for (const auto& c : second.submission().changes()) {
      total_change |= c.label() == "Tổng cộng" && c.column() == 3 &&
                      c.after() == c.before() + 1;
    }
    EXPECT_TRUE(total_change);

    pb::GetOverdueListRequest overdue_req;
    pb::GetOverdueListResponse overdue;
    ASSERT_TRUE(
        reports->GetOverdueList(Ctx().get(), overdue_req, &overdue).ok());
    ASSERT_EQ(overdue.dossiers_size(), 1);
    EXPECT_EQ(overdue.dossiers(0).code(), late);
    EXPECT_EQ(overdue.dossiers(0).responsible_agency(), "H55.1");
    EXPECT_GT(overdue.dossiers(0).working_days_late(), 0);

    pb::GetIndicatorsRequest ind_req;
    *ind_req.mutable_period() = quarter;
    ind_req.set_group(pb::INDICATOR_GROUP_AGENCY);
    pb::GetIndicatorsResponse indicators;
    ASSERT_TRUE(reports->GetIndicators(Ctx().get(), ind_req, &indicators).ok());
    EXPECT_GE(indicators.indicators_size(), 1);
    server.Crash();
  }
  // After a crash the index is loaded from its rows and gives the same form;
  // the frozen version 1 is unchanged.
  testing::ServerProcess server(dir.path());
  auto reports = pb::ReportService::NewStub(server.Channel());
  pb::GetForm06Request req;
  *req.mutable_period() = quarter;
  pb::GetForm06Response form;
  ASSERT_TRUE(reports->GetForm06(Ctx().get(), req, &form).ok());
  EXPECT_EQ(Col(form.form().total(), 3) + Col(form.form().total(), 6), 6);
  pb::GetSubmissionRequest get;
  *get.mutable_period() = quarter;
  get.set_version(1);
  pb::GetSubmissionResponse v1;
  ASSERT_TRUE(reports->GetSubmission(Ctx().get(), get, &v1).ok());
  EXPECT_EQ(Col(v1.submission().form().total(), 3) +
                Col(v1.submission().form().total(), 6),
            5);
  get.set_version(3);
  EXPECT_EQ(reports->GetSubmission(Ctx().get(), get, &v1).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace motcua

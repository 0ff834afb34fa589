// Form 06, submissions, indicators and the overdue list on a real motcuad,
// from dossiers put through the lifecycle over gRPC.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tests/fakes/legacy_records.h"
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
  pb::SubmitDossierRequest r = testing::DeskSubmission("desk-app", id);
  r.set_agency_code(agency);
  r.mutable_received_at()->set_seconds(received);
  return testing::SubmitOk(desk, r);
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
  // Biểu số 06 (Circular 01/2020/TT-VPCP): 3 = 4 + 5 + 6 and 3 = 7 + 11.
  EXPECT_EQ(Col(r, 3), Col(r, 4) + Col(r, 5) + Col(r, 6));
  EXPECT_EQ(Col(r, 7), Col(r, 8) + Col(r, 9) + Col(r, 10));
  EXPECT_EQ(Col(r, 11), Col(r, 12) + Col(r, 13));
  EXPECT_EQ(Col(r, 3), Col(r, 7) + Col(r, 11));
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
    EXPECT_EQ(form.form().period_legal_basis(),
              "Nghị định 09/2019/NĐ-CP, Điều 12");
    // The late one may fall in the previous quarter (carried over) or this
    // one, depending on today's date; either way the totals add up.
    EXPECT_EQ(Col(total, 3), 5);
    EXPECT_EQ(Col(total, 5) + Col(total, 6), Col(total, 3));  // all direct
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
    EXPECT_EQ(form.file_name().find(' '), std::string::npos)
        << form.file_name();

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
    // The same key for other treatments or another period is refused, not
    // answered as a replay of the first.
    pb::SubmitForm06Request reused = submit;
    reused.mutable_treatments()->set_withdrawn(pb::TREATMENT_EXCLUDE);
    pb::SubmitForm06Response refused;
    grpc::Status status = reports->SubmitForm06(Ctx().get(), reused, &refused);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(status.error_message().find("request_id"), std::string::npos)
        << status.error_message();
    reused = submit;
    reused.mutable_period()->set_year(reused.period().year() - 1);
    status = reports->SubmitForm06(Ctx().get(), reused, &refused);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

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
  EXPECT_EQ(Col(form.form().total(), 3), 6);
  pb::GetSubmissionRequest get;
  *get.mutable_period() = quarter;
  get.set_version(1);
  pb::GetSubmissionResponse v1;
  ASSERT_TRUE(reports->GetSubmission(Ctx().get(), get, &v1).ok());
  EXPECT_EQ(Col(v1.submission().form().total(), 3), 5);
  get.set_version(3);
  EXPECT_EQ(reports->GetSubmission(Ctx().get(), get, &v1).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Request records of Form 06 submissions written before issue 13 hold only
// the version key: there is nothing to compare a retry with, so the same
// key still replays the first submission, whatever it asks for; records
// written now name what was asked, and the same key for other treatments
// is refused.
TEST(ReportServerTest, Form06RequestRecordsOfOlderServersStillReplay) {
  testing::TempDir dir;
  const pb::PeriodSpec quarter = QuarterOf(Now());
  pb::SubmitForm06Request submit;
  submit.set_client_id("office");
  submit.set_request_id("q-old");
  *submit.mutable_period() = quarter;
  {
    testing::ServerProcess server(dir.path());
    auto reports = pb::ReportService::NewStub(server.Channel());
    pb::SubmitForm06Response first;
    ASSERT_TRUE(reports->SubmitForm06(Ctx().get(), submit, &first).ok());
    EXPECT_EQ(first.submission().version(), 1);
  }
  // Rewrite the record as an older server stored it: the version key alone.
  std::string record;
  ASSERT_TRUE(testing::GetRaw(dir.path(), "submissions", "request/office/q-old",
                              &record));
  const size_t nul = record.find('\0');
  ASSERT_NE(nul, std::string::npos);  // this build names what was asked
  ASSERT_TRUE(testing::PutRaw(dir.path(), "submissions", "request/office/q-old",
                              record.substr(0, nul)));

  testing::ServerProcess server(dir.path());
  auto reports = pb::ReportService::NewStub(server.Channel());
  pb::SubmitForm06Request other = submit;
  other.mutable_treatments()->set_stopped(pb::TREATMENT_EXCLUDE);
  pb::SubmitForm06Response again;
  grpc::Status status = reports->SubmitForm06(Ctx().get(), other, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.submission().version(), 1);
  // A new key freezes version 2; reusing that key for other treatments is
  // refused.
  other.set_request_id("q-new");
  pb::SubmitForm06Response second;
  ASSERT_TRUE(reports->SubmitForm06(Ctx().get(), other, &second).ok());
  EXPECT_EQ(second.submission().version(), 2);
  other.mutable_treatments()->set_stopped(pb::TREATMENT_UNSPECIFIED);
  EXPECT_EQ(reports->SubmitForm06(Ctx().get(), other, &second).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Issue 11 item 10: rows by resolving agency and a report for one agency's
// subtree; item 9: the overdue list turns at 00:00 after the appointment
// day (at 23:59:59 of that day the dossier is not yet overdue).
TEST(ReportServerTest, Form06ByResolvingAgencySubtreeAndOverdueAtMidnight) {
  testing::TempDir dir;
  const int64_t now = Now();
  testing::ServerProcess server(dir.path());
  auto desk = pb::DossierService::NewStub(server.Channel());
  auto reports = pb::ReportService::NewStub(server.Channel());
  const std::string moved = Submit(*desk, "m", "H55.1", now - 60);
  Submit(*desk, "k", "H55.1", now - 60);
  Submit(*desk, "d", "H55.10", now - 60);
  {
    pb::DossierAction t;
    t.set_client_id("app");
    t.set_request_id("t-" + moved);
    t.set_code(moved);
    t.set_officer("cb");
    t.set_agency_code("H55.1");
    t.set_to_agency("H55.10");
    pb::DossierActionResponse r;
    ASSERT_TRUE(desk->Transfer(Ctx().get(), t, &r).ok());
  }
  auto rows = [&](pb::AgencyGrouping g, const std::string& scope) {
    pb::GetForm06Request req;
    *req.mutable_period() = QuarterOf(now);
    req.set_grouping(g);
    req.set_agency_code(scope);
    pb::GetForm06Response form;
    grpc::Status s = reports->GetForm06(Ctx().get(), req, &form);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::map<std::string, int64_t> out;
    for (const auto& r : form.form().rows()) {
      ExpectConsistent(r);
      if (r.kind() == "agency") out[r.agency_code()] = Col(r, 3);
    }
    if (!scope.empty()) {
      EXPECT_NE(form.form().treatment_note().find("Phạm vi"),
                std::string::npos);
    }
    return out;
  };
  using Rows = std::map<std::string, int64_t>;
  EXPECT_EQ(rows(pb::AGENCY_GROUPING_UNSPECIFIED, ""),
            (Rows{{"H55.1", 2}, {"H55.10", 1}}));
  EXPECT_EQ(rows(pb::AGENCY_GROUPING_RESOLVING, ""),
            (Rows{{"H55.1", 1}, {"H55.10", 2}}));
  EXPECT_EQ(rows(pb::AGENCY_GROUPING_RECEIVING, "H55.10"),
            (Rows{{"H55.10", 1}}));
  EXPECT_EQ(rows(pb::AGENCY_GROUPING_RECEIVING, "H55"),
            (Rows{{"H55.1", 2}, {"H55.10", 1}}));
  {
    pb::GetForm06Request req;
    *req.mutable_period() = QuarterOf(now);
    req.set_agency_code("H55.404");
    pb::GetForm06Response form;
    EXPECT_EQ(reports->GetForm06(Ctx().get(), req, &form).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }

  // Overdue at t: open at t and t at or after 00:00 (Vietnam time) of the
  // day after the appointment date.
  const std::string late = Submit(*desk, "late", "H55.1", now - 40 * 86400);
  pb::GetDossierRequest get;
  get.set_code(late);
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk->GetDossier(Ctx().get(), get, &got).ok());
  EXPECT_TRUE(got.dossier().overdue());
  const int64_t appointment = got.dossier().appointment().seconds();
  const int64_t local = appointment + 7 * 3600;
  const int64_t next_midnight = local - local % 86400 + 86400 - 7 * 3600;
  auto listed = [&](int64_t at) {
    pb::GetOverdueListRequest req;
    req.mutable_at()->set_seconds(at);
    pb::GetOverdueListResponse resp;
    EXPECT_TRUE(reports->GetOverdueList(Ctx().get(), req, &resp).ok());
    for (const auto& d : resp.dossiers()) {
      if (d.code() == late) return true;
    }
    return false;
  };
  EXPECT_FALSE(listed(next_midnight - 1));  // 23:59:59 of the appointment day
  EXPECT_TRUE(listed(next_midnight));
}

// Issue 11 items 12 and 13 over gRPC: an apology long after the
// appointment is recorded, flagged untimely, and leaves the dossier overdue
// (GetDossier, the forms, the overdue list); a digitised receipt, an online
// payment and a signed electronic result reach the Decision 766 indicators.
TEST(ReportServerTest, LateApologyAndDecision766FactsEndToEnd) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path());
  auto desk = pb::DossierService::NewStub(server.Channel());
  auto agency = pb::ProcessingService::NewStub(server.Channel());
  auto reports = pb::ReportService::NewStub(server.Channel());
  const int64_t now = Now();

  pb::SubmitDossierRequest sub;
  sub.set_client_id("desk-app");
  sub.set_request_id("digitised");
  sub.set_agency_code("H55.1");
  sub.set_procedure_code("1.001234");
  sub.mutable_applicant()->set_full_name("Hà Văn Nam");
  sub.mutable_applicant()->set_personal_id("001190012345");
  sub.set_channel(pb::CHANNEL_DIRECT);
  sub.mutable_received_at()->set_seconds(now - 40 * 86400);
  sub.add_documents()->set_name("Tờ khai");
  sub.mutable_documents(0)->set_originals(1);
  sub.set_digitized(true);
  pb::SubmitDossierResponse submitted;
  ASSERT_TRUE(desk->SubmitDossier(Ctx().get(), sub, &submitted).ok());
  EXPECT_TRUE(submitted.dossier().digitized());
  const std::string code = submitted.dossier().code();

  int n = 0;
  auto act = [&](const std::string& who) {
    pb::DossierAction a;
    a.set_client_id("app");
    a.set_request_id("a-" + std::to_string(++n));
    a.set_code(code);
    a.set_officer("cb");
    a.set_agency_code(who);
    return a;
  };
  pb::DossierActionResponse r;
  pb::DossierAction transfer = act("H55.1");
  transfer.set_to_agency("H55.10");
  ASSERT_TRUE(desk->Transfer(Ctx().get(), transfer, &r).ok());
  ASSERT_TRUE(agency->StartProcessing(Ctx().get(), act("H55.10"), &r).ok());
  pb::DossierAction fee = act("H55.10");
  fee.set_reason("Phí cung cấp thông tin lý lịch tư pháp");
  fee.set_amount_vnd(200000);
  ASSERT_TRUE(agency->RequirePayment(Ctx().get(), fee, &r).ok());
  pb::DossierAction paid = act("H55.1");
  paid.set_paid_online(true);
  grpc::Status s = desk->ConfirmPayment(Ctx().get(), paid, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(r.dossier().paid_online());
  ASSERT_EQ(r.events_size(), 1);
  EXPECT_TRUE(r.events(0).paid_online());

  // Thirty days past the appointment: the letter is still owed.
  pb::DossierAction apology = act("H55.10");
  apology.set_reason("Chờ kết quả xác minh");
  apology.mutable_new_appointment()->set_seconds(now + 7 * 86400);
  s = agency->Apologize(Ctx().get(), apology, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(r.events_size(), 1);
  EXPECT_TRUE(r.events(0).untimely());
  EXPECT_EQ(r.events(0).responsible_agency(), "H55.10");
  EXPECT_EQ(r.events(0).new_appointment().seconds(), now + 7 * 86400);
  EXPECT_FALSE(r.events(0).has_appointment());
  pb::GetDossierRequest get;
  get.set_code(code);
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk->GetDossier(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.dossier().untimely_apologies_size(), 1);
  EXPECT_TRUE(got.dossier().overdue());
  EXPECT_LT(got.dossier().appointment().seconds(), now);
  EXPECT_TRUE(got.history(got.history_size() - 1).untimely());
  // The listing's overdue filter (prefiltered on the report index) agrees.
  pb::ListDossiersRequest overdue_only;
  overdue_only.set_overdue_only(true);
  overdue_only.add_states(pb::DOSSIER_STATE_IN_PROCESSING);
  pb::ListDossiersResponse listed;
  ASSERT_TRUE(desk->ListDossiers(Ctx().get(), overdue_only, &listed).ok());
  ASSERT_EQ(listed.dossiers_size(), 1);
  EXPECT_EQ(listed.dossiers(0).code(), code);
  EXPECT_TRUE(listed.next_page_token().empty());

  pb::GetOverdueListRequest overdue_req;
  pb::GetOverdueListResponse overdue;
  ASSERT_TRUE(reports->GetOverdueList(Ctx().get(), overdue_req, &overdue).ok());
  ASSERT_EQ(overdue.dossiers_size(), 1);
  EXPECT_EQ(overdue.dossiers(0).apology(), "apologized");
  EXPECT_TRUE(overdue.dossiers(0).apology_untimely());

  ASSERT_TRUE(agency->Forward(Ctx().get(), act("H55.10"), &r).ok());
  ASSERT_TRUE(agency->StartProcessing(Ctx().get(), act("H55.21"), &r).ok());
  pb::DossierAction ready = act("H55.21");
  ready.set_electronic_result(true);
  ASSERT_TRUE(agency->MarkResultReady(Ctx().get(), ready, &r).ok());
  EXPECT_TRUE(r.dossier().electronic_result());
  EXPECT_EQ(r.dossier().result(), pb::TIMELINESS_LATE);

  pb::GetFormsRequest forms_req;
  forms_req.set_code(code);
  pb::GetFormsResponse forms;
  ASSERT_TRUE(desk->GetForms(Ctx().get(), forms_req, &forms).ok());
  ASSERT_EQ(forms.apologies_size(), 1);
  EXPECT_TRUE(forms.apologies(0).untimely());
  EXPECT_EQ(forms.apologies(0).responsible_agency(), "H55.10");
  EXPECT_EQ(forms.apologies(0).form().name(),
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");

  auto date = [](int64_t unix_seconds, pb::Date* out) {
    const std::time_t t = unix_seconds + 7 * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    out->set_year(tm.tm_year + 1900);
    out->set_month(tm.tm_mon + 1);
    out->set_day(tm.tm_mday);
  };
  pb::GetIndicatorsRequest ind_req;
  ind_req.mutable_period()->set_kind(pb::PERIOD_KIND_CUSTOM);
  date(now - 60 * 86400, ind_req.mutable_period()->mutable_from());
  date(now + 86400, ind_req.mutable_period()->mutable_to());
  ind_req.set_group(pb::INDICATOR_GROUP_AGENCY);
  pb::GetIndicatorsResponse indicators;
  s = reports->GetIndicators(Ctx().get(), ind_req, &indicators);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(indicators.indicators_size(), 1);
  const pb::Indicator& i = indicators.indicators(0);
  EXPECT_EQ(i.resolved(), 1);
  EXPECT_DOUBLE_EQ(i.electronic_result_share(), 1.0);
  EXPECT_DOUBLE_EQ(i.digitization_share(), 1.0);
  EXPECT_DOUBLE_EQ(i.online_payment_share(), 1.0);
  EXPECT_GT(i.average_processing_days(), 20);
  EXPECT_LE(i.average_processing_days_excluding_waiting(),
            i.average_processing_days());
  EXPECT_EQ(i.median_processing_days_excluding_waiting(),
            static_cast<int>(i.average_processing_days_excluding_waiting()));
}

}  // namespace
}  // namespace motcua

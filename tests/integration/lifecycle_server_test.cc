// The dossier lifecycle end to end on a real motcuad with the shipped
// catalogue: desk -> lead agency -> supplement -> inter-agency step ->
// result -> return, with the rules refused over gRPC and the forms read back.
#include <gtest/gtest.h>

#include <chrono>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

class LifecycleServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ServerProcess>(dir_.path());
    desk_ = pb::DossierService::NewStub(server_->Channel());
    agency_ = pb::ProcessingService::NewStub(server_->Channel());
  }

  // Receives a dossier for procedure 1.001234 (inter-agency: a lead step
  // at any agency, then the police check at H55.21) at the service centre.
  std::string Submit() {
    pb::SubmitDossierRequest r;
    r.set_client_id("desk-app");
    r.set_request_id("submit-" + std::to_string(++n_));
    r.set_agency_code("H55.1");
    r.set_procedure_code("1.001234");
    r.mutable_applicant()->set_full_name("Võ Thị Lan");
    r.mutable_applicant()->set_personal_id("001190012345");
    r.set_channel(pb::CHANNEL_DIRECT);
    auto* d = r.add_documents();
    d->set_name("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp");
    d->set_originals(1);
    pb::SubmitDossierResponse resp;
    grpc::Status s = desk_->SubmitDossier(Ctx().get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(resp.dossier().has_terms());
    EXPECT_TRUE(resp.dossier().has_appointment());
    secret_ = resp.lookup_secret();
    return resp.dossier().code();
  }

  pb::DossierAction Action(const std::string& code, const std::string& agency,
                           const std::string& request_id) {
    pb::DossierAction a;
    a.set_client_id("agency-app");
    a.set_request_id(request_id);
    a.set_code(code);
    a.set_officer("cb.nguyen");
    a.set_agency_code(agency);
    return a;
  }

  using Rpc = grpc::Status (pb::ProcessingService::Stub::*)(
      grpc::ClientContext*, const pb::DossierAction&,
      pb::DossierActionResponse*);
  using DeskRpc = grpc::Status (pb::DossierService::Stub::*)(
      grpc::ClientContext*, const pb::DossierAction&,
      pb::DossierActionResponse*);

  pb::DossierActionResponse Ok(Rpc rpc, const pb::DossierAction& a) {
    pb::DossierActionResponse resp;
    grpc::Status s = (agency_.get()->*rpc)(Ctx().get(), a, &resp);
    EXPECT_TRUE(s.ok()) << a.request_id() << ": " << s.error_message();
    return resp;
  }
  pb::DossierActionResponse Ok(DeskRpc rpc, const pb::DossierAction& a) {
    pb::DossierActionResponse resp;
    grpc::Status s = (desk_.get()->*rpc)(Ctx().get(), a, &resp);
    EXPECT_TRUE(s.ok()) << a.request_id() << ": " << s.error_message();
    return resp;
  }
  grpc::Status Try(Rpc rpc, const pb::DossierAction& a) {
    pb::DossierActionResponse resp;
    return (agency_.get()->*rpc)(Ctx().get(), a, &resp);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<pb::DossierService::Stub> desk_;
  std::unique_ptr<pb::ProcessingService::Stub> agency_;
  int n_ = 0;
  std::string secret_;
};

TEST_F(LifecycleServerTest, InterAgencyDossierFromDeskToReturn) {
  using P = pb::ProcessingService::Stub;
  using D = pb::DossierService::Stub;
  const std::string code = Submit();

  pb::DossierAction transfer = Action(code, "H55.1", "t-1");
  transfer.set_to_agency("H55.10");
  auto r = Ok(&D::Transfer, transfer);
  EXPECT_EQ(r.dossier().state(), pb::DOSSIER_STATE_TRANSFERRED);
  EXPECT_EQ(r.dossier().holder_agency(), "H55.10");
  ASSERT_EQ(r.dossier().steps_size(), 1);

  // Only the holder may take it up.
  grpc::Status s = Try(&P::StartProcessing, Action(code, "H55.13", "sp-0"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  r = Ok(&P::StartProcessing, Action(code, "H55.10", "sp-1"));
  EXPECT_EQ(r.dossier().state(), pb::DOSSIER_STATE_IN_PROCESSING);
  const uint64_t version = r.dossier().version();

  // A stale expected version is ABORTED and changes nothing.
  pb::DossierAction stale = Action(code, "H55.10", "sup-0");
  stale.set_expected_version(version - 1);
  stale.set_reason("Thiếu bản sao căn cước");
  s = Try(&P::RequestSupplement, stale);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();

  pb::DossierAction supplement = Action(code, "H55.10", "sup-1");
  supplement.set_expected_version(version);
  supplement.set_reason("Thiếu bản sao căn cước");
  auto* doc = supplement.add_documents();
  doc->set_name("Bản sao căn cước");
  doc->set_copies(1);
  r = Ok(&P::RequestSupplement, supplement);
  EXPECT_EQ(r.dossier().state(), pb::DOSSIER_STATE_SUPPLEMENT_REQUESTED);
  EXPECT_TRUE(r.dossier().clock_suspended());
  EXPECT_EQ(r.dossier().national_status(), 5);

  // A retry is a replay: same dossier version, nothing appended.
  auto replay = Ok(&P::RequestSupplement, supplement);
  EXPECT_TRUE(replay.replayed());
  EXPECT_EQ(replay.dossier().version(), r.dossier().version());

  pb::DossierAction brought = Action(code, "H55.1", "sup-in");
  *brought.add_documents() = *doc;
  r = Ok(&D::ReceiveSupplement, brought);
  EXPECT_EQ(r.dossier().state(), pb::DOSSIER_STATE_IN_PROCESSING);
  EXPECT_FALSE(r.dossier().clock_suspended());

  // The regime allows one supplement request.
  pb::DossierAction second = Action(code, "H55.10", "sup-2");
  second.set_reason("Thiếu giấy tờ khác");
  s = Try(&P::RequestSupplement, second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find(code), std::string::npos)
      << s.error_message();

  // Result ready before the last planned step is refused.
  s = Try(&P::MarkResultReady, Action(code, "H55.10", "rr-0"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  pb::DossierAction forward = Action(code, "H55.10", "fw-1");
  r = Ok(&P::Forward, forward);
  EXPECT_EQ(r.dossier().holder_agency(), "H55.21");
  ASSERT_EQ(r.dossier().steps_size(), 2);
  EXPECT_NE(r.dossier().steps(0).result(), pb::TIMELINESS_UNSPECIFIED);

  Ok(&P::StartProcessing, Action(code, "H55.21", "sp-2"));
  r = Ok(&P::MarkResultReady, Action(code, "H55.21", "rr-1"));
  EXPECT_EQ(r.dossier().state(), pb::DOSSIER_STATE_RESULT_READY);
  EXPECT_EQ(r.dossier().result(), pb::TIMELINESS_EARLY);
  EXPECT_EQ(r.dossier().holder_agency(), "H55.1");

  r = Ok(&D::ReturnResult, Action(code, "H55.1", "ret-1"));
  EXPECT_EQ(r.dossier().state(), pb::DOSSIER_STATE_RETURNED);
  EXPECT_EQ(r.dossier().national_status(), 10);

  // The citizen rates the returned dossier, once, with the slip's secret.
  auto lookup = pb::LookupService::NewStub(server_->Channel());
  pb::RateDossierRequest rate;
  rate.set_code(code);
  rate.set_secret("ZZZZZZZZ");
  rate.set_rating(2);
  pb::RateDossierResponse rated;
  EXPECT_EQ(lookup->RateDossier(Ctx().get(), rate, &rated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  rate.set_secret(secret_);
  rate.set_rating(7);
  s = lookup->RateDossier(Ctx().get(), rate, &rated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("rating:", 0), 0u) << s.error_message();
  rate.set_rating(2);
  s = lookup->RateDossier(Ctx().get(), rate, &rated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(rated.has_rated_at());
  rate.set_rating(4);
  EXPECT_EQ(lookup->RateDossier(Ctx().get(), rate, &rated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  lookup.reset();  // no open connection when the server stops

  // History, forms and listing after a restart.
  desk_.reset();
  agency_.reset();
  ASSERT_EQ(server_->Stop(), 0);
  server_ = std::make_unique<testing::ServerProcess>(dir_.path());
  desk_ = pb::DossierService::NewStub(server_->Channel());

  pb::GetDossierRequest get;
  get.set_code(code);
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk_->GetDossier(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.dossier().state(), pb::DOSSIER_STATE_RETURNED);
  ASSERT_EQ(got.history_size(), 10);
  EXPECT_EQ(got.history(0).kind(), "received");
  EXPECT_EQ(got.history(3).kind(), "request_supplement");
  EXPECT_EQ(got.history(8).kind(), "return_result");
  EXPECT_EQ(got.history(9).kind(), "rated");
  EXPECT_FALSE(got.dossier().overdue());

  pb::GetFormsRequest forms_req;
  forms_req.set_code(code);
  pb::GetFormsResponse forms;
  ASSERT_TRUE(desk_->GetForms(Ctx().get(), forms_req, &forms).ok());
  EXPECT_EQ(forms.receipt_slip().form().regime(), pb::REGIME_DECREE_118);
  EXPECT_FALSE(forms.receipt_slip().form().number().empty());
  EXPECT_FALSE(forms.receipt_slip().appointment_text().empty());
  ASSERT_EQ(forms.supplement_requests_size(), 1);
  EXPECT_EQ(forms.supplement_requests(0).reason(), "Thiếu bản sao căn cước");
  EXPECT_GE(forms.control_sheet().rows_size(), 4);
  EXPECT_EQ(forms.control_sheet().rows(0).from_agency(), "H55.1");
  EXPECT_EQ(forms.tracking_book_entry().national_status(), 10);
}

TEST_F(LifecycleServerTest, ListDossiersFiltersAndPages) {
  using D = pb::DossierService::Stub;
  std::vector<std::string> codes;
  for (int i = 0; i < 5; ++i) codes.push_back(Submit());
  pb::DossierAction transfer = Action(codes[0], "H55.1", "t-a");
  transfer.set_to_agency("H55.10");
  Ok(&D::Transfer, transfer);

  pb::ListDossiersRequest req;
  req.set_page_size(2);
  std::vector<std::string> seen;
  for (int i = 0; i < 10; ++i) {
    pb::ListDossiersResponse page;
    ASSERT_TRUE(desk_->ListDossiers(Ctx().get(), req, &page).ok());
    for (const auto& d : page.dossiers()) seen.push_back(d.code());
    if (page.next_page_token().empty()) break;
    req.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(seen, codes);

  pb::ListDossiersRequest held;
  held.set_holder_agency("H55.10");
  pb::ListDossiersResponse by_holder;
  ASSERT_TRUE(desk_->ListDossiers(Ctx().get(), held, &by_holder).ok());
  ASSERT_EQ(by_holder.dossiers_size(), 1);
  EXPECT_EQ(by_holder.dossiers(0).code(), codes[0]);

  pb::ListDossiersRequest received;
  received.add_states(pb::DOSSIER_STATE_RECEIVED);
  pb::ListDossiersResponse by_state;
  ASSERT_TRUE(desk_->ListDossiers(Ctx().get(), received, &by_state).ok());
  EXPECT_EQ(by_state.dossiers_size(), 4);

  pb::ListDossiersRequest overdue;
  overdue.set_overdue_only(true);
  pb::ListDossiersResponse none;
  ASSERT_TRUE(desk_->ListDossiers(Ctx().get(), overdue, &none).ok());
  EXPECT_EQ(none.dossiers_size(), 0);
}

TEST_F(LifecycleServerTest, SubmissionAgainstTheCatalogue) {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-app");
  r.set_request_id("bad-agency");
  r.set_agency_code("H55.777");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Võ Thị Lan");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.set_channel(pb::CHANNEL_DIRECT);
  r.add_documents()->set_name("Tờ khai");
  r.mutable_documents(0)->set_originals(1);
  pb::SubmitDossierResponse resp;
  grpc::Status s = desk_->SubmitDossier(Ctx().get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  r.set_request_id("bad-procedure");
  r.set_agency_code("H55.1");
  r.set_procedure_code("9.999999");
  s = desk_->SubmitDossier(Ctx().get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_EQ(s.error_message().rfind("procedure_code:", 0), 0u)
      << s.error_message();
}

}  // namespace
}  // namespace motcua

namespace motcua {
namespace {

// Issue 10 faults 4, 5 and 11 over gRPC: nothing unbounded or disguising
// is stored, and the answer names the field.
TEST_F(LifecycleServerTest, ActionsAreBoundedAndTextIsSafe) {
  const std::string code = Submit();

  // 100,000 documents on an action: refused, and the dossier stays readable.
  pb::DossierAction flood = Action(code, "H55.1", "flood");
  flood.set_to_agency("H55.10");
  for (int i = 0; i < 100'000; ++i) {
    auto* d = flood.add_documents();
    d->set_name("x");
    d->set_originals(1);
  }
  pb::DossierActionResponse resp;
  grpc::Status s = desk_->Transfer(Ctx().get(), flood, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("documents: 100000", 0), 0u)
      << s.error_message();

  // A transfer to the receiving agency itself names who takes it.
  pb::DossierAction self = Action(code, "H55.1", "self");
  self.set_to_agency("H55.1");
  s = desk_->Transfer(Ctx().get(), self, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << s.error_message();

  pb::DossierAction payment = Action(code, "H55.1", "pay");
  payment.set_amount_vnd(INT64_MAX);
  s = agency_->RequirePayment(Ctx().get(), payment, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("amount_vnd:", 0), 0u) << s.error_message();

  // Names: bidi overrides and invisible-only names are refused, a name
  // typed with combining marks is stored composed (NFC).
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-app");
  r.set_agency_code("H55.1");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.set_channel(pb::CHANNEL_DIRECT);
  auto* doc = r.add_documents();
  doc->set_name("Tờ khai");
  doc->set_originals(1);
  pb::SubmitDossierResponse submitted;
  for (const char* name : {"Lan\xE2\x80\xAE"
                           "nahk",
                           "\xE2\x80\x8B"}) {
    SCOPED_TRACE(name);
    r.set_request_id(std::string("bad-name-") + std::to_string(name[0] & 0xFF));
    r.mutable_applicant()->set_full_name(name);
    s = desk_->SubmitDossier(Ctx().get(), r, &submitted);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind("applicant.full_name:", 0), 0u)
        << s.error_message();
  }
  r.set_request_id("nfc");
  r.mutable_applicant()->set_full_name("Nguye\xCC\x82\xCC\x83n Va\xCC\x86n");
  s = desk_->SubmitDossier(Ctx().get(), r, &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::GetDossierRequest get;
  get.set_code(submitted.dossier().code());
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk_->GetDossier(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.dossier().applicant().full_name(), "Nguyễn Văn");
}

}  // namespace
}  // namespace motcua

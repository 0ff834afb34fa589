// Access control against a real server (issue 12): anonymous callers are
// refused on every motcua.v1 RPC, principals act only for their agencies and
// carriers, personal data is masked unless the role needs it and every
// unmasked read is in the access log, tokens expire and are revoked at once,
// and the bootstrap token file is written once, mode 0600.
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/catalogue.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "motcua/v1/postal.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

google::protobuf::Timestamp Now() {
  google::protobuf::Timestamp ts;
  ts.set_seconds(std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count());
  return ts;
}

pb::SubmitDossierRequest Receipt(const std::string& request_id,
                                 const std::string& agency) {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-it");
  r.set_request_id(request_id);
  r.set_agency_code(agency);
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Lê Thị Hoa");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.mutable_applicant()->set_phone("0912345678");
  r.mutable_applicant()->set_address("12 Lê Lợi");
  r.set_channel(pb::CHANNEL_DIRECT);
  auto* d = r.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  *r.mutable_received_at() = Now();
  return r;
}

// A unary call of `method` ("/pkg.Service/Method") with `payload` as the
// request's bytes (default: an empty message).
grpc::Status CallEmpty(grpc::Channel& channel, const std::string& method,
                       const std::string& payload = "") {
  grpc::GenericStub stub(std::shared_ptr<grpc::Channel>(
      std::shared_ptr<grpc::Channel>(), &channel));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice bytes(payload.data(), payload.size());
  grpc::ByteBuffer request(&bytes, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard lock(mu);
                   status = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return done; });
  return status;
}

class AccessServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ServerProcess>(dir_.path() + "/db");
    admin_ = pb::DossierService::NewStub(server_->Channel());
  }

  std::string Submit(const std::string& id, const std::string& agency) {
    pb::SubmitDossierResponse response;
    grpc::ClientContext ctx;
    grpc::Status s =
        admin_->SubmitDossier(&ctx, Receipt(id, agency), &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.dossier().code();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<pb::DossierService::Stub> admin_;
};

// Every motcua.v1 method, "/motcua.v1.Service/Method".
std::vector<std::string> AllMethods() {
  std::vector<std::string> out;
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  for (const char* file :
       {"motcua/v1/access.proto", "motcua/v1/calendar.proto",
        "motcua/v1/catalogue.proto", "motcua/v1/dossier.proto",
        "motcua/v1/events.proto", "motcua/v1/lookup.proto",
        "motcua/v1/postal.proto", "motcua/v1/report.proto"}) {
    const google::protobuf::FileDescriptor* fd = pool->FindFileByName(file);
    EXPECT_NE(fd, nullptr) << file;
    if (fd == nullptr) continue;
    for (int s = 0; s < fd->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = fd->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        out.push_back("/" + service->full_name() + "/" +
                      service->method(m)->name());
      }
    }
  }
  return out;
}

// Issue 10 fault 9: gRPC answered a request that does not parse
// UNIMPLEMENTED with an empty message; every method now says what is wrong.
TEST_F(AccessServerTest, RequestsThatDoNotParseAreInvalidArgumentOnEveryRpc) {
  auto channel = server_->Channel();
  const std::vector<std::string> methods = AllMethods();
  ASSERT_GE(methods.size(), 45u);
  for (const std::string& method : methods) {
    for (const std::string& payload :
         {std::string("\xff\xff\xff"),      // not protobuf
          std::string("\x0a\x02\xc3\x28"),  // field 1: invalid UTF-8
          std::string("\x0a\x05"
                      "ab")}) {  // truncated
      // A request whose field 1 is not a string takes those bytes as an
      // unknown field (a valid message).
      std::string full = method.substr(1);
      full[full.find('/')] = '.';
      const google::protobuf::MethodDescriptor* m =
          google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
              full);
      ASSERT_NE(m, nullptr) << full;
      const google::protobuf::FieldDescriptor* f1 =
          m->input_type()->FindFieldByNumber(1);
      if (payload[0] == '\x0a' &&
          (f1 == nullptr ||
           f1->type() != google::protobuf::FieldDescriptor::TYPE_STRING)) {
        continue;
      }
      const grpc::Status s = CallEmpty(*channel, method, payload);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << method << " " << s.error_message();
      EXPECT_NE(s.error_message().find("not a valid motcua.v1."),
                std::string::npos)
          << method << " " << s.error_message();
    }
  }
  // The server still serves.
  EXPECT_TRUE(
      CallEmpty(*channel, "/motcua.v1.CalendarService/ListCalendars").ok());
}

TEST_F(AccessServerTest, AnonymousCallsAreUnauthenticatedOnEveryRpc) {
  auto channel = server_->AnonymousChannel();
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  int methods = 0;
  for (const char* file :
       {"motcua/v1/access.proto", "motcua/v1/calendar.proto",
        "motcua/v1/catalogue.proto", "motcua/v1/dossier.proto",
        "motcua/v1/events.proto", "motcua/v1/lookup.proto",
        "motcua/v1/postal.proto", "motcua/v1/report.proto"}) {
    const google::protobuf::FileDescriptor* fd = pool->FindFileByName(file);
    ASSERT_NE(fd, nullptr) << file;
    for (int s = 0; s < fd->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = fd->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const std::string method =
            "/" + service->full_name() + "/" + service->method(m)->name();
        const grpc::Status status = CallEmpty(*channel, method);
        EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
            << method << ": " << status.error_message();
        ++methods;
      }
    }
  }
  EXPECT_GE(methods, 45);
  // A wrong token is no better than none, and its text is not echoed.
  auto forged = server_->ChannelWith("mct_" + std::string(43, 'A'));
  const grpc::Status s =
      CallEmpty(*forged, "/motcua.v1.CalendarService/ListCalendars");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message().find("AAAA"), std::string::npos);
  // Health and reflection stay open.
  EXPECT_TRUE(CallEmpty(*channel, "/grpc.health.v1.Health/Check").ok());
}

TEST_F(AccessServerTest, ADeskActsAndReadsForItsOwnAgenciesOnly) {
  const std::string mine = Submit("a-1", "H55.10");
  const std::string theirs = Submit("a-2", "H55.13");
  auto desk = pb::DossierService::NewStub(
      server_->ChannelWith(server_->IssueToken({"desk"}, {"H55.10"})));

  pb::SubmitDossierResponse submitted;
  grpc::ClientContext c1;
  grpc::Status s =
      desk->SubmitDossier(&c1, Receipt("d-1", "H55.13"), &submitted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << s.error_message();
  EXPECT_NE(s.error_message().find("agency_code"), std::string::npos);
  grpc::ClientContext c2;
  s = desk->SubmitDossier(&c2, Receipt("d-2", "H55.10"), &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(submitted.lookup_secret().empty());

  pb::GetDossierRequest get;
  pb::GetDossierResponse got;
  get.set_code(theirs);
  grpc::ClientContext c3;
  s = desk->GetDossier(&c3, get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(got.has_dossier());
  get.set_code(mine);
  grpc::ClientContext c4;
  ASSERT_TRUE(desk->GetDossier(&c4, get, &got).ok());
  EXPECT_EQ(got.dossier().applicant().personal_id(), "001190012345");

  // Acting for another agency, even on one's own dossier, is refused.
  pb::DossierAction refuse;
  refuse.set_client_id("desk-it");
  refuse.set_request_id("w-1");
  refuse.set_code(theirs);
  refuse.set_officer("Cán bộ A");
  refuse.set_agency_code("H55.13");
  refuse.set_reason("Công dân xin rút");
  pb::DossierActionResponse acted;
  grpc::ClientContext c5;
  s = desk->RequestWithdrawal(&c5, refuse, &acted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The processing service needs agency_officer.
  auto processing = pb::ProcessingService::NewStub(
      server_->ChannelWith(server_->IssueToken({"desk"}, {"H55.10"})));
  refuse.set_code(mine);
  refuse.set_agency_code("H55.10");
  grpc::ClientContext c6;
  s = processing->RequestWithdrawal(&c6, refuse, &acted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("agency_officer"), std::string::npos);

  // A desk named for the province covers its subtree.
  auto province = pb::DossierService::NewStub(
      server_->ChannelWith(server_->IssueToken({"desk"}, {"H55"})));
  get.set_code(theirs);
  grpc::ClientContext c7;
  EXPECT_TRUE(province->GetDossier(&c7, get, &got).ok());
}

TEST_F(AccessServerTest, AnOfficerNamedByItsTokenCannotActAsAnother) {
  const std::string code = Submit("o-1", "H55.10");
  auto desk = pb::DossierService::NewStub(server_->ChannelWith(
      server_->IssueToken({"desk"}, {"H55.10"}, "Nguyễn Văn B")));
  pb::DossierAction action;
  action.set_client_id("desk-it");
  action.set_request_id("o-2");
  action.set_code(code);
  action.set_officer("Trần Văn C");
  action.set_agency_code("H55.10");
  action.set_reason("Công dân xin rút");
  pb::DossierActionResponse acted;
  grpc::ClientContext c1;
  grpc::Status s = desk->RequestWithdrawal(&c1, action, &acted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  action.clear_officer();
  grpc::ClientContext c2;
  s = desk->RequestWithdrawal(&c2, action, &acted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_GT(acted.events_size(), 0);
  // Action replies mask the applicant.
  EXPECT_EQ(acted.dossier().applicant().personal_id(), "0011******45");
}

TEST_F(AccessServerTest, ACarrierReportsForItselfOnly) {
  auto postal = pb::PostalService::NewStub(
      server_->ChannelWith(server_->IssueToken({"carrier:vnpost"}, {})));
  pb::RecordPostalEventRequest request;
  request.set_client_id("evil-adapter");
  auto* report = request.mutable_report();
  report->set_carrier("evil");
  report->set_carrier_event_id("ev-1");
  report->set_tracking_number("EE100000001VN");
  report->set_kind(pb::POSTAL_EVENT_KIND_INBOUND_PICKUP);
  *report->mutable_at() = Now();
  pb::RecordPostalEventResponse response;
  grpc::ClientContext ctx;
  grpc::Status s = postal->RecordPostalEvent(&ctx, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << s.error_message();
  EXPECT_NE(s.error_message().find("evil"), std::string::npos);
  // The bootstrap administrator is no carrier either.
  auto admin = pb::PostalService::NewStub(server_->Channel());
  grpc::ClientContext ctx2;
  s = admin->RecordPostalEvent(&ctx2, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessServerTest, ExpiredAndRevokedTokensFailAtOnce) {
  auto admin = pb::TokenAdminService::NewStub(server_->Channel());
  pb::CreateTokenRequest create;
  create.set_name("Bộ phận một cửa H55.10");
  create.add_roles("desk");
  create.add_agencies("H55.10");
  pb::CreateTokenResponse created;
  grpc::ClientContext c1;
  ASSERT_TRUE(admin->CreateToken(&c1, create, &created).ok());
  auto who = pb::AccessService::NewStub(server_->ChannelWith(created.token()));
  pb::WhoAmIResponse me;
  grpc::ClientContext c2;
  ASSERT_TRUE(who->WhoAmI(&c2, pb::WhoAmIRequest(), &me).ok());
  EXPECT_EQ(me.principal().id(), created.principal().id());

  pb::RevokeTokenRequest revoke;
  revoke.set_id(created.principal().id());
  pb::RevokeTokenResponse revoked;
  grpc::ClientContext c3;
  ASSERT_TRUE(admin->RevokeToken(&c3, revoke, &revoked).ok());
  EXPECT_TRUE(revoked.principal().has_revoked_at());
  grpc::ClientContext c4;
  EXPECT_EQ(who->WhoAmI(&c4, pb::WhoAmIRequest(), &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Expiry: two seconds ahead.
  *create.mutable_expires_at() = Now();
  create.mutable_expires_at()->set_seconds(create.expires_at().seconds() + 2);
  grpc::ClientContext c5;
  ASSERT_TRUE(admin->CreateToken(&c5, create, &created).ok());
  auto soon = pb::AccessService::NewStub(server_->ChannelWith(created.token()));
  grpc::ClientContext c6;
  EXPECT_TRUE(soon->WhoAmI(&c6, pb::WhoAmIRequest(), &me).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  grpc::ClientContext c7;
  EXPECT_EQ(soon->WhoAmI(&c7, pb::WhoAmIRequest(), &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Only a token administrator manages tokens.
  auto desk_admin = pb::TokenAdminService::NewStub(
      server_->ChannelWith(server_->IssueToken({"desk"}, {"*"})));
  grpc::ClientContext c8;
  EXPECT_EQ(desk_admin->CreateToken(&c8, create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A bad request names the field.
  create.clear_roles();
  create.add_roles("root");
  grpc::ClientContext c9;
  grpc::Status s = admin->CreateToken(&c9, create, &created);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("roles[0]"), std::string::npos);
}

TEST_F(AccessServerTest, ListsAreMaskedAndUnmaskedReadsAreLogged) {
  const std::string code = Submit("m-1", "H55.10");
  Submit("m-2", "H55.13");
  auto officer = pb::DossierService::NewStub(server_->ChannelWith(
      server_->IssueToken({"agency_officer"}, {"H55.10"})));
  pb::ListDossiersRequest list;
  pb::ListDossiersResponse listed;
  grpc::ClientContext c1;
  ASSERT_TRUE(officer->ListDossiers(&c1, list, &listed).ok());
  ASSERT_EQ(listed.dossiers_size(), 1);  // its agency's only
  const pb::Applicant& masked = listed.dossiers(0).applicant();
  EXPECT_EQ(masked.personal_id(), "0011******45");
  EXPECT_EQ(masked.phone(), "0912****78");
  EXPECT_EQ(masked.address(), "***");
  EXPECT_EQ(masked.full_name(), "L*** T*** H***");

  auto statistician = pb::DossierService::NewStub(
      server_->ChannelWith(server_->IssueToken({"statistician"}, {"*"})));
  list.set_unmasked(true);
  grpc::ClientContext c2;
  EXPECT_EQ(statistician->ListDossiers(&c2, list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext c3;
  ASSERT_TRUE(officer->ListDossiers(&c3, list, &listed).ok());
  EXPECT_EQ(listed.dossiers(0).applicant().personal_id(), "001190012345");
  list.set_agency_code("H55.13");
  grpc::ClientContext c4;
  EXPECT_EQ(officer->ListDossiers(&c4, list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  pb::GetDossierRequest get;
  get.set_code(code);
  pb::GetDossierResponse got;
  grpc::ClientContext c5;
  ASSERT_TRUE(officer->GetDossier(&c5, get, &got).ok());

  // GetForms: the lookup secret only for the receiving desk.
  pb::GetFormsRequest forms;
  forms.set_code(code);
  pb::GetFormsResponse form;
  grpc::ClientContext c6;
  ASSERT_TRUE(officer->GetForms(&c6, forms, &form).ok());
  EXPECT_TRUE(form.receipt_slip().lookup_secret().empty());
  auto desk = pb::DossierService::NewStub(
      server_->ChannelWith(server_->IssueToken({"desk"}, {"H55.10"})));
  grpc::ClientContext c7;
  ASSERT_TRUE(desk->GetForms(&c7, forms, &form).ok());
  EXPECT_FALSE(form.receipt_slip().lookup_secret().empty());

  auto auditor = pb::AuditService::NewStub(
      server_->ChannelWith(server_->IssueToken({"auditor"}, {"*"})));
  pb::ListAccessLogRequest read;
  pb::ListAccessLogResponse log;
  grpc::ClientContext c8;
  ASSERT_TRUE(auditor->ListAccessLog(&c8, read, &log).ok());
  ASSERT_EQ(log.records_size(), 4) << log.DebugString();
  EXPECT_EQ(log.records(0).method(), "motcua.v1.DossierService/ListDossiers");
  EXPECT_EQ(log.records(1).method(), "motcua.v1.DossierService/GetDossier");
  EXPECT_EQ(log.records(1).dossier_code(), code);
  EXPECT_EQ(log.records(1).fields_size(), 4);
  EXPECT_EQ(log.records(2).method(), "motcua.v1.DossierService/GetForms");
  const auto& last = log.records(3).fields();
  EXPECT_NE(std::find(last.begin(), last.end(), "lookup_secret"), last.end());
  EXPECT_EQ(log.next_after_seq(), log.records(3).seq());
  // Only auditors read the log.
  auto not_auditor = pb::AuditService::NewStub(
      server_->ChannelWith(server_->IssueToken({"desk"}, {"*"})));
  grpc::ClientContext c9;
  EXPECT_EQ(not_auditor->ListAccessLog(&c9, read, &log).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(AccessBootstrapTest, TheTokenFileIsWrittenOnceWithMode0600) {
  testing::TempDir dir;
  const std::string data = dir.path() + "/db";
  std::string first;
  {
    testing::ServerProcess server(data);
    first = server.Token();
    ASSERT_FALSE(first.empty());
    struct stat st {};
    ASSERT_EQ(::stat((data + "/bootstrap-admin.token").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto who = pb::AccessService::NewStub(server.Channel());
    pb::WhoAmIResponse me;
    grpc::ClientContext ctx;
    ASSERT_TRUE(who->WhoAmI(&ctx, pb::WhoAmIRequest(), &me).ok());
    EXPECT_EQ(me.principal().name(), "bootstrap administrator");
    EXPECT_EQ(server.Stop(), 0);
  }
  testing::ServerProcess again(data);
  EXPECT_EQ(again.Token(), first);  // not rewritten
  auto who = pb::AccessService::NewStub(again.Channel());
  pb::WhoAmIResponse me;
  grpc::ClientContext ctx;
  EXPECT_TRUE(who->WhoAmI(&ctx, pb::WhoAmIRequest(), &me).ok());
}

}  // namespace
}  // namespace motcua

// A postal round trip on a real motcuad (Decision 45/2016): the dossier
// comes by post, is processed across agencies, and its result goes back by
// post — reported through the carrier webhook (HTTP + HMAC, as a carrier's
// system calls it) and through motcua.v1.PostalService.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/postal.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

constexpr const char* kSecret = "integration-test-secret-0123";

using testing::Ctx;

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Iso(int64_t unix_seconds) {
  const std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Http {
  int status = 0;
  std::string body;
};

class PostalServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.path() + "/secrets.json")
        << "{\"vnpost\": \"" << kSecret << "\"}";
    server_ = std::make_unique<testing::ServerProcess>(
        dir_.path() + "/db",
        std::vector<std::string>{"--postal-listen", "127.0.0.1:0",
                                 "--postal-secrets",
                                 dir_.path() + "/secrets.json"});
    ASSERT_NE(server_->postal_port(), 0);
    desk_ = pb::DossierService::NewStub(server_->Channel());
    agency_ = pb::ProcessingService::NewStub(server_->Channel());
    // Carriers report for themselves only (README "Security").
    postal_ = pb::PostalService::NewStub(
        server_->ChannelWith(server_->IssueToken({"carrier:vnpost"}, {})));
  }

  Http Post(const std::string& body, const std::string& secret = kSecret,
            int64_t timestamp = 0) {
    std::string cmd =
        std::string("/usr/bin/python3 ") + WEBHOOK_CALL_PATH +
        " http://127.0.0.1:" + std::to_string(server_->postal_port()) +
        " vnpost '" + secret + "' '" + body + "'";
    if (timestamp != 0) cmd += " " + std::to_string(timestamp);
    Http out;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    std::array<char, 4096> buf;
    std::string text;
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
      text.append(buf.data(), n);
    pclose(p);
    std::sscanf(text.c_str(), "%d", &out.status);
    out.body = text.substr(std::min(text.size(), text.find(' ') + 1));
    return out;
  }

  pb::DossierAction Action(const std::string& agency, const std::string& id) {
    pb::DossierAction a;
    a.set_client_id("agency-app");
    a.set_request_id(id);
    a.set_code(code_);
    a.set_officer("cb.le");
    a.set_agency_code(agency);
    return a;
  }

  // A connected socket to the webhook (-1 on failure), with a read
  // timeout so that a wedged server fails the test instead of hanging it.
  int Connect() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    timeval tv{20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->postal_port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      return -1;
    }
    return fd;
  }

  // Sends raw bytes; everything the server answers until it closes.
  std::string Raw(const std::string& bytes) {
    const int fd = Connect();
    if (fd < 0) return "";
    std::string answer;
    if (write(fd, bytes.data(), bytes.size()) ==
        static_cast<ssize_t>(bytes.size())) {
      char buf[4096];
      for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) {
        answer.append(buf, static_cast<size_t>(n));
      }
    }
    close(fd);
    return answer;
  }

  // Stops the server gracefully: its exit status (0 unless it crashed).
  int StopServer() {
    desk_.reset();  // no open connection when the server stops
    agency_.reset();
    postal_.reset();
    return server_->Stop();
  }

  // The process is alive and gRPC answers.
  void ExpectGrpcAnswers() {
    pb::GetDossierRequest get;
    get.set_code("000.00.31.H12-260105-0001");
    pb::GetDossierResponse got;
    EXPECT_EQ(desk_->GetDossier(Ctx().get(), get, &got).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<pb::DossierService::Stub> desk_;
  std::unique_ptr<pb::ProcessingService::Stub> agency_;
  std::unique_ptr<pb::PostalService::Stub> postal_;
  std::string code_;
};

TEST_F(PostalServerTest, RoundTripOverWebhookAndGrpc) {
  const int64_t handover = Now() - 60;
  // The desk receives the dossier from the postal worker: the handover.
  pb::SubmitDossierRequest submit;
  submit.set_client_id("desk-app");
  submit.set_request_id("postal-1");
  submit.set_agency_code("H55.1");
  submit.set_procedure_code("1.001234");
  submit.mutable_applicant()->set_full_name("Phan Văn Hùng");
  submit.mutable_applicant()->set_personal_id("001190012345");
  submit.mutable_applicant()->set_address("Thôn 3, xã Mẫu Sơn");
  submit.set_channel(pb::CHANNEL_POSTAL);
  submit.set_result_channel(pb::CHANNEL_POSTAL);
  submit.set_postal_tracking_number("EE100000001VN");
  submit.mutable_received_at()->set_seconds(handover);
  submit.add_documents()->set_name("Tờ khai");
  submit.mutable_documents(0)->set_originals(1);
  pb::SubmitDossierResponse submitted;
  ASSERT_TRUE(desk_->SubmitDossier(Ctx().get(), submit, &submitted).ok());
  code_ = submitted.dossier().code();
  const int64_t appointment = submitted.dossier().appointment().seconds();

  // The carrier reports the handover first, then (late) the pickup the day
  // before: both are placed by their event time.
  const std::string handover_json =
      "{\"carrier_event_id\":\"ev-2\",\"tracking_number\":\"EE100000001VN\","
      "\"status\":\"HCC-200\",\"event_time\":\"" +
      Iso(handover) +
      "\",\"postal_worker\":\"bt.hoa\",\"officer\":\"cb.le\","
      "\"record_number\":\"BB-0042\"}";
  Http r = Post(handover_json);
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string pickup_json =
      "{\"carrier_event_id\":\"ev-1\",\"tracking_number\":\"EE100000001VN\","
      "\"status\":\"HCC-100\",\"event_time\":\"" +
      Iso(handover - 86400) +
      "\",\"postal_worker\":\"bt.hoa\",\"sealed\":true,\"fees_vnd\":32000,"
      "\"documents\":[{\"name\":\"Tờ khai\",\"originals\":1}]}";
  r = Post(pickup_json);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"duplicate\":false"), std::string::npos) << r.body;
  r = Post(pickup_json);  // the carrier retries
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"duplicate\":true"), std::string::npos) << r.body;

  // Refusals: nothing is stored for any of them.
  EXPECT_EQ(Post(pickup_json, "wrong-secret-wrong-secret").status, 401);
  EXPECT_EQ(Post(pickup_json, kSecret, Now() - 3600).status, 401);
  EXPECT_EQ(Post("{\"carrier_event_id\": ").status, 400);
  r = Post(
      "{\"carrier_event_id\":\"ev-x\",\"tracking_number\":\"EE999999999VN\","
      "\"status\":\"HCC-200\",\"event_time\":\"" +
      Iso(Now()) +
      "\",\"postal_worker\":\"bt.hoa\",\"officer\":\"cb.le\","
      "\"record_number\":\"BB-9\"}");
  EXPECT_EQ(r.status, 404) << r.body;
  r = Post(
      "{\"carrier_event_id\":\"ev-early\",\"tracking_number\":"
      "\"EE300000003VN\","
      "\"dossier_code\":\"" +
      code_ +
      "\",\"status\":\"HCC-300\","
      "\"event_time\":\"" +
      Iso(Now()) +
      "\",\"postal_worker\":\"bt.hoa\",\"officer\":\"cb.le\","
      "\"record_number\":\"SB-1\"}");
  EXPECT_EQ(r.status, 409) << r.body;  // the result is not ready

  // Processing across agencies; postal transit did not use the budget.
  pb::DossierActionResponse resp;
  pb::DossierAction transfer = Action("H55.1", "t");
  transfer.set_to_agency("H55.10");
  ASSERT_TRUE(desk_->Transfer(Ctx().get(), transfer, &resp).ok());
  ASSERT_TRUE(
      agency_->StartProcessing(Ctx().get(), Action("H55.10", "s1"), &resp)
          .ok());
  ASSERT_TRUE(agency_->Forward(Ctx().get(), Action("H55.10", "f"), &resp).ok());
  ASSERT_TRUE(
      agency_->StartProcessing(Ctx().get(), Action("H55.21", "s2"), &resp)
          .ok());
  grpc::Status s =
      agency_->MarkResultReady(Ctx().get(), Action("H55.21", "rr"), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.dossier().appointment().seconds(), appointment);

  // The postal worker collects the result at the desk (gRPC adapter).
  pb::RecordPostalEventRequest out;
  out.set_client_id("vnpost-adapter");
  out.set_dossier_code(code_);
  auto* report = out.mutable_report();
  report->set_kind(pb::POSTAL_EVENT_KIND_OUTBOUND_PICKUP);
  report->set_carrier("vnpost");
  report->set_carrier_event_id("ev-3");
  report->set_tracking_number("EE200000002VN");
  // Seconds resolution: one second on, so the pickup is after the result.
  report->mutable_at()->set_seconds(Now() + 1);
  report->set_postal_worker("bt.hoa");
  report->set_officer("cb.le");
  report->set_record_number("SB-0101");
  pb::RecordPostalEventResponse recorded;
  s = postal_->RecordPostalEvent(Ctx().get(), out, &recorded);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(recorded.duplicate());

  // Delivery reported over the webhook under the outbound number, and a
  // batch with one repeat and one unknown number.
  r = Post(
      "{\"carrier_event_id\":\"ev-4\",\"tracking_number\":\"EE200000002VN\","
      "\"status\":\"HCC-400\",\"event_time\":\"" +
      Iso(Now() + 2) +
      "\",\"postal_worker\":\"bt.hoa\",\"recipient_name\":\"Phan Văn Hùng\","
      "\"recipient_id\":\"001190012345\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  pb::RecordPostalEventsRequest batch;
  *batch.add_events() = out;
  *batch.add_events() = out;
  batch.mutable_events(1)->clear_dossier_code();
  batch.mutable_events(1)->mutable_report()->set_carrier_event_id("ev-5");
  batch.mutable_events(1)->mutable_report()->set_tracking_number("EE404");
  // A third with two bad fields: its slot names both (BadRequest).
  *batch.add_events() = out;
  batch.mutable_events(2)->mutable_report()->set_carrier_event_id("");
  batch.mutable_events(2)->mutable_report()->set_tracking_number("no spaces");
  pb::RecordPostalEventsResponse results;
  ASSERT_TRUE(postal_->RecordPostalEvents(Ctx().get(), batch, &results).ok());
  ASSERT_EQ(results.results_size(), 3);
  EXPECT_EQ(results.results(0).code(), 0);
  EXPECT_FALSE(results.results(0).has_status());
  EXPECT_TRUE(results.results(0).response().duplicate());
  EXPECT_EQ(results.results(1).code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(results.results(1).status().code(), grpc::StatusCode::NOT_FOUND);
  const pb::PostalEventResult& bad = results.results(2);
  EXPECT_EQ(bad.code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(bad.status().details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad.status().details(0).UnpackTo(&bad_request));
  std::vector<std::string> fields;
  for (const auto& v : bad_request.field_violations()) {
    fields.push_back(v.field());
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"events[2].report.carrier_event_id",
                                      "events[2].report.tracking_number"}))
      << bad.message();

  pb::GetDossierRequest get;
  get.set_code(code_);
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk_->GetDossier(Ctx().get(), get, &got).ok());
  const pb::Dossier& d = got.dossier();
  EXPECT_EQ(d.state(), pb::DOSSIER_STATE_RETURNED);
  EXPECT_EQ(d.returned_by(), pb::CHANNEL_POSTAL);
  EXPECT_EQ(d.result(), pb::TIMELINESS_EARLY);
  EXPECT_EQ(d.postal().delivery_status(), "delivered");
  ASSERT_EQ(d.postal().legs_size(), 4);
  EXPECT_EQ(d.postal().legs(0).kind(), pb::POSTAL_EVENT_KIND_INBOUND_PICKUP);
  EXPECT_EQ(d.postal().legs(1).kind(), pb::POSTAL_EVENT_KIND_INBOUND_HANDOVER);
  EXPECT_EQ(d.postal().outbound_tracking_number(), "EE200000002VN");
  int postal_events = 0;
  for (const auto& e : got.history()) {
    postal_events += e.kind().rfind("postal_", 0) == 0 ? 1 : 0;
  }
  EXPECT_EQ(postal_events, 4);

  pb::GetFormsRequest forms_req;
  forms_req.set_code(code_);
  pb::GetFormsResponse forms;
  ASSERT_TRUE(desk_->GetForms(Ctx().get(), forms_req, &forms).ok());
  bool post_to_desk = false, desk_to_post = false, post_to_applicant = false;
  for (const auto& row : forms.control_sheet().rows()) {
    post_to_desk |= row.from_agency() == "vnpost" && row.to_agency() == "H55.1";
    desk_to_post |= row.to_agency() == "vnpost";
    post_to_applicant |=
        row.from_agency() == "vnpost" && row.to_agency().empty();
  }
  EXPECT_TRUE(post_to_desk);
  EXPECT_TRUE(desk_to_post);
  EXPECT_TRUE(post_to_applicant);
}

TEST_F(PostalServerTest, InvalidUtf8CarrierPathDoesNotCrashTheServer) {
  // No credentials needed: this aborted motcuad (the 401's JSON dump threw).
  const std::string answer =
      Raw("POST /v1/carriers/\xff/events HTTP/1.1\r\nHost: x\r\n"
          "Connection: close\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 401") << answer;
  EXPECT_NE(answer.find("\"field\":\"carrier\""), std::string::npos) << answer;
  ExpectGrpcAnswers();
  EXPECT_EQ(Post("{}").status, 400);  // the webhook serves on
  EXPECT_EQ(StopServer(), 0);
}

TEST_F(PostalServerTest, SignedLongMultibyteDossierCodeDoesNotCrashTheServer) {
  std::string code = "a";
  for (int i = 0; i < 50; ++i) code += "Ă";
  const std::string body =
      "{\"carrier_event_id\": \"ev-utf8\", \"tracking_number\": "
      "\"EE100000001VN\", \"dossier_code\": \"" +
      code + "\", \"status\": \"HCC-200\", \"event_time\": \"" +
      Iso(Now() - 60) +
      "\", \"postal_worker\": \"Bưu tá\", \"officer\": \"Hoa\", "
      "\"record_number\": \"BB-1\"}";
  Http r = Post(body);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("dossier_code"), std::string::npos) << r.body;
  ExpectGrpcAnswers();
  EXPECT_EQ(StopServer(), 0);
}

TEST_F(PostalServerTest, TimestampAtTheInt64EdgeIsRefused) {
  const std::string body = "{}";
  for (int64_t ts : {std::numeric_limits<int64_t>::min(),
                     std::numeric_limits<int64_t>::min() + 1,
                     std::numeric_limits<int64_t>::max()}) {
    SCOPED_TRACE(ts);
    Http r = Post(body, kSecret, ts);
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_NE(r.body.find("X-Motcua-Timestamp"), std::string::npos) << r.body;
  }
  ExpectGrpcAnswers();
}

TEST_F(PostalServerTest, ConnectionsBeyondThePerAddressCapAreClosed) {
  // The default cap is 64 open connections per address.
  std::vector<int> open;
  for (int i = 0; i < 64; ++i) {
    const int fd = Connect();
    ASSERT_GE(fd, 0);
    open.push_back(fd);
  }
  const std::string get =
      "GET /v1/carriers/vnpost/events HTTP/1.1\r\nHost: x\r\n\r\n";
  auto answer = [&](int fd) {
    std::string text;
    if (write(fd, get.data(), get.size()) != static_cast<ssize_t>(get.size())) {
      return text;
    }
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) text.assign(buf, static_cast<size_t>(n));
    return text;
  };
  const int extra = Connect();
  ASSERT_GE(extra, 0);
  EXPECT_EQ(answer(extra), "");  // closed unanswered
  close(extra);
  EXPECT_EQ(answer(open.front()).substr(0, 12), "HTTP/1.1 405");
  EXPECT_EQ(answer(open.back()).substr(0, 12), "HTTP/1.1 405");
  for (int fd : open) close(fd);
  ExpectGrpcAnswers();
}

}  // namespace
}  // namespace motcua

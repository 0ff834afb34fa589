// INVALID_ARGUMENT replies carry every bad field as google.rpc.BadRequest in
// the binary error details (grpc-status-details-bin), read as a client
// would: grpc::Status::error_details() parsed as google.rpc.Status.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/postal.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
using testing::Ctx;
using testing::ServerProcess;
using testing::TempDir;

// The field paths of the BadRequest in `status`'s details, in order; fails
// the test when the details are missing or do not parse.
std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()))
      << "no google.rpc.Status in the details";
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(details.message(), status.error_message());
  std::vector<std::string> fields;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& v : bad.field_violations()) {
      EXPECT_FALSE(v.description().empty()) << v.field();
      fields.push_back(v.field());
    }
  }
  EXPECT_FALSE(fields.empty()) << "no google.rpc.BadRequest in the details";
  return fields;
}

TEST(ErrorsServerTest, SubmitDossierNamesEveryBadField) {
  TempDir dir;
  ServerProcess server(dir.path());
  auto stub = server.DossierStub();
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-it");
  r.set_request_id("bad-1");
  r.set_agency_code("000.00.31.H12");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Lê Thị Hoa");
  r.mutable_applicant()->set_personal_id("12345");  // bad: not 12 digits
  r.mutable_applicant()->set_phone("12");           // bad
  r.set_channel(pb::CHANNEL_DIRECT);                // documents: none (bad)
  pb::SubmitDossierResponse response;
  const grpc::Status s = stub->SubmitDossier(Ctx().get(), r, &response);
  EXPECT_EQ(ViolatedFields(s),
            (std::vector<std::string>{"applicant.personal_id",
                                      "applicant.phone", "documents"}));
  // The human message still names the first field, and how many more.
  EXPECT_EQ(s.error_message().rfind("applicant.personal_id: ", 0), 0u)
      << s.error_message();
  EXPECT_NE(s.error_message().find("(and 2 more: applicant.phone, documents)"),
            std::string::npos)
      << s.error_message();
  // Nothing was stored: the same request, fixed, is the agency's first.
  r.mutable_applicant()->set_personal_id("001190012345");
  r.mutable_applicant()->set_phone("0912345678");
  auto* d = r.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  ASSERT_TRUE(stub->SubmitDossier(Ctx().get(), r, &response).ok());
  EXPECT_EQ(response.dossier().sequence(), 1u);
}

TEST(ErrorsServerTest, ActionsPostalReportsAndCalendarsNameEveryBadField) {
  TempDir dir;
  ServerProcess server(dir.path());
  auto channel = server.Channel();
  {
    // A lifecycle action: the key, the code and an engine check at once.
    pb::DossierAction a;
    a.set_client_id("desk-it");
    a.set_code("not a code");
    a.set_agency_code("000.00.31.H12");
    a.set_officer("Trần Văn B");
    a.set_to_agency("x");
    pb::DossierActionResponse response;
    const grpc::Status s = pb::ProcessingService::NewStub(channel)->Forward(
        Ctx().get(), a, &response);
    EXPECT_EQ(ViolatedFields(s),
              (std::vector<std::string>{"request_id", "code", "to_agency"}));
  }
  {
    pb::RecordPostalEventRequest r;  // no client_id, kind or instant
    r.mutable_report()->set_carrier("vnpost");
    pb::RecordPostalEventResponse response;
    auto carrier =
        server.ChannelWith(server.IssueToken({"carrier:vnpost"}, {}));
    const grpc::Status s =
        pb::PostalService::NewStub(carrier)->RecordPostalEvent(Ctx().get(), r,
                                                               &response);
    const std::vector<std::string> fields = ViolatedFields(s);
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
              (std::set<std::string>{"client_id", "report.kind", "report.at"}));
  }
  {
    pb::GetForm06Request r;  // no period kind
    r.set_grouping(static_cast<pb::AgencyGrouping>(99));
    r.set_format(static_cast<pb::ExportFormat>(99));
    pb::GetForm06Response response;
    const grpc::Status s = pb::ReportService::NewStub(channel)->GetForm06(
        Ctx().get(), r, &response);
    EXPECT_EQ(ViolatedFields(s),
              (std::vector<std::string>{"period.kind", "grouping", "format"}));
  }
  {
    pb::ComputeDeadlineRequest r;  // no calendar, no received_at
    r.set_receipt_cutoff("25:99");
    pb::ComputeDeadlineResponse response;
    const grpc::Status s =
        pb::CalendarService::NewStub(channel)->ComputeDeadline(Ctx().get(), r,
                                                               &response);
    const std::vector<std::string> fields = ViolatedFields(s);
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
              (std::set<std::string>{"calendar", "received_at", "budget.unit",
                                     "receipt_cutoff"}));
  }
}

}  // namespace
}  // namespace motcua

#include "services/status_mapping.h"

#include <gtest/gtest.h>

#include "engine/dossier/receipt.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/dossier_mapping.h"

namespace motcua::services {
namespace {

// The BadRequest field paths in `s`'s details.
std::vector<std::string> Fields(const grpc::Status& s) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(details.message(), s.error_message());
  EXPECT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  EXPECT_TRUE(details.details(0).UnpackTo(&bad));
  std::vector<std::string> fields;
  for (const auto& v : bad.field_violations()) {
    EXPECT_FALSE(v.description().empty());
    fields.push_back(v.field());
  }
  return fields;
}

TEST(StatusMappingTest, SubmitWithThreeBadFieldsHasThreeViolations) {
  motcua::v1::SubmitDossierRequest r;
  r.set_client_id("desk-01");
  r.set_request_id("r-1");
  r.set_agency_code("000.00.31.H12");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Lê Thị Hoa");
  r.mutable_applicant()->set_personal_id("12345");
  r.set_channel(static_cast<motcua::v1::Channel>(42));
  r.add_documents()->set_originals(1);  // no name
  engine::FieldViolations v;
  const engine::ReceiveCommand cmd = FromProto(r, v);
  engine::CheckReceipt(cmd, /*now=*/1'800'000'000'000'000, v);
  const grpc::Status s = ToGrpcStatus(v);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // "channel" once: unknown value, not also "required".
  EXPECT_EQ(Fields(s),
            (std::vector<std::string>{"channel", "applicant.personal_id",
                                      "documents[0].name"}));
  EXPECT_EQ(s.error_message().rfind("channel: unknown value 42", 0), 0u)
      << s.error_message();
  // The Status form names the same first field.
  EXPECT_EQ(engine::ValidateReceipt(cmd, 1'800'000'000'000'000)
                .error()
                .message.rfind("applicant.personal_id:", 0),
            0u);
}

TEST(StatusMappingTest, OneErrorIsOneViolation) {
  const grpc::Status s =
      ToGrpcStatus(engine::InvalidArgument("code: not a dossier code"));
  EXPECT_EQ(s.error_message(), "code: not a dossier code");
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"code"}));
}

TEST(StatusMappingTest, OtherCodesCarryNoDetails) {
  const grpc::Status s = ToGrpcStatus(engine::NotFound("x: none"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(s.error_details().empty());
  engine::FieldViolations v;
  EXPECT_TRUE(ToGrpcStatus(v).ok());
}

}  // namespace
}  // namespace motcua::services

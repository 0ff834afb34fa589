// Printable forms over gRPC on a real motcuad: DossierService.RenderForm
// returns the PDF a desk prints (checked with pdftotext), to the roles
// GetForms serves, with the errors a client can act on.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "motcua/v1/dossier.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

constexpr char kLookupBase[] = "https://dvc.example.invalid/tra-cuu";

std::string PdfText(const std::string& pdf, const std::string& dir) {
  const std::string path = dir + "/form.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  FILE* p = popen(("pdftotext -enc UTF-8 '" + path + "' -").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  // Every run of white space as one space: a wrapped value reads whole.
  std::string flat;
  for (char c : out) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f') {
      flat.push_back(c);
    } else if (!flat.empty() && flat.back() != ' ') {
      flat.push_back(' ');
    }
  }
  return flat;
}

class FormsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::ServerProcess>(
        dir_.path(),
        std::vector<std::string>{"--lookup-url-base", kLookupBase});
    desk_ = pb::DossierService::NewStub(server_->Channel());
  }

  std::string Submit() {
    pb::SubmitDossierRequest r;
    r.set_client_id("desk-app");
    r.set_request_id("forms-1");
    r.set_agency_code("H55.1");
    r.set_procedure_code("1.001234");
    r.mutable_applicant()->set_full_name("Võ Thị Lan");
    r.mutable_applicant()->set_personal_id("001190012345");
    r.mutable_applicant()->set_address("5 Lê Lợi, Huế");
    r.set_channel(pb::CHANNEL_DIRECT);
    auto* d = r.add_documents();
    d->set_name("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp");
    d->set_originals(1);
    pb::SubmitDossierResponse resp;
    grpc::Status s = desk_->SubmitDossier(Ctx().get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    secret_ = resp.lookup_secret();
    return resp.dossier().code();
  }

  grpc::Status Render(pb::DossierService::Stub& stub, const std::string& code,
                      const std::string& file, pb::RenderFormResponse* out) {
    pb::RenderFormRequest r;
    r.set_code(code);
    r.set_file(file);
    return stub.RenderForm(Ctx().get(), r, out);
  }

  testing::TempDir dir_;
  testing::TempDir out_dir_;
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<pb::DossierService::Stub> desk_;
  std::string secret_;
};

TEST_F(FormsServerTest, ReceiptSlipIsAPdfWithTheCode) {
  const std::string code = Submit();
  pb::RenderFormResponse slip;
  grpc::Status s = Render(*desk_, code, "receipt-slip.pdf", &slip);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(slip.body().content_type(), "application/pdf");
  EXPECT_EQ(slip.file_name(), code + "-receipt-slip.pdf");
  ASSERT_EQ(slip.body().data().rfind("%PDF-", 0), 0u);
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "pdftotext (poppler-utils) is not installed; "
                    "deploy/install-deps.sh installs it";
  }
  const std::string text = PdfText(slip.body().data(), out_dir_.path());
  EXPECT_NE(text.find(code), std::string::npos) << text;
  EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos);
  EXPECT_NE(text.find("Võ Thị Lan"), std::string::npos);
  EXPECT_NE(text.find(std::string(kLookupBase) + "?code=" + code),
            std::string::npos)
      << text;
  // The bootstrap principal is a desk of the receiving agency: the secret
  // is printed for the citizen.
  ASSERT_FALSE(secret_.empty());
  EXPECT_NE(text.find(secret_), std::string::npos);
  EXPECT_EQ(text.find("001190012345"), std::string::npos);

  // An auditor of the agency reads the slip without the secret.
  auto auditor = pb::DossierService::NewStub(
      server_->ChannelWith(server_->IssueToken({"auditor"}, {"H55.1"})));
  pb::RenderFormResponse audited;
  s = Render(*auditor, code, "receipt-slip.pdf", &audited);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string audited_text =
      PdfText(audited.body().data(), out_dir_.path());
  EXPECT_NE(audited_text.find(code), std::string::npos);
  EXPECT_EQ(audited_text.find(secret_), std::string::npos);

  pb::RenderFormResponse sheet;
  s = Render(*desk_, code, "control-sheet.pdf", &sheet);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(PdfText(sheet.body().data(), out_dir_.path()).find(code),
            std::string::npos);
}

TEST_F(FormsServerTest, ErrorsNameWhatIsWrong) {
  const std::string code = Submit();
  pb::RenderFormResponse out;

  grpc::Status s = Render(*desk_, code, "refusal.pdf", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << s.error_message();
  EXPECT_NE(s.error_message().find("refusal"), std::string::npos);

  s = Render(*desk_, code, "receipt-slip.docx", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("file: ", 0), 0u) << s.error_message();

  s = Render(*desk_, "H55.1-260101-9999", "receipt-slip.pdf", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();

  s = Render(*desk_, "not a code", "receipt-slip.pdf", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  auto anonymous = pb::DossierService::NewStub(server_->AnonymousChannel());
  s = Render(*anonymous, code, "receipt-slip.pdf", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // A statistician is not among GetForms' roles; an officer of an agency
  // that never held the dossier did not take part in it.
  auto statistician = pb::DossierService::NewStub(
      server_->ChannelWith(server_->IssueToken({"statistician"}, {"*"})));
  s = Render(*statistician, code, "receipt-slip.pdf", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto stranger = pb::DossierService::NewStub(server_->ChannelWith(
      server_->IssueToken({"agency_officer"}, {"H55.21"})));
  s = Render(*stranger, code, "receipt-slip.pdf", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << s.error_message();
  EXPECT_TRUE(out.body().data().empty());
}

TEST(FormsServerStartTest, RefusesABadLookupUrlBase) {
  testing::TempDir dir;
  const testing::ExitedRun run = testing::RunExpectingExit(
      dir.path(), {"--lookup-url-base", "dvc.example.invalid/tra-cuu"});
  EXPECT_NE(run.exit_status, 0);
  EXPECT_NE(run.output.find("--lookup-url-base"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace motcua

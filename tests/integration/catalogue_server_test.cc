// CatalogueService and CatalogueAdminService on a real motcuad with the
// shipped deploy/catalogue sample.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "motcua/v1/catalogue.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

using testing::Ctx;

pb::Date Day(int y, int m, int d) {
  pb::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(CatalogueServerTest, ListsPagesAndVersionsByDate) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path());
  auto stub = pb::CatalogueService::NewStub(server.Channel());

  pb::ListProceduresRequest list;
  *list.mutable_effective_on() = Day(2026, 1, 5);
  list.set_page_size(7);
  std::set<std::string> codes;
  for (int pages = 0; pages < 20; ++pages) {
    pb::ListProceduresResponse page;
    ASSERT_TRUE(stub->ListProcedures(Ctx().get(), list, &page).ok());
    for (const auto& p : page.procedures()) {
      EXPECT_TRUE(codes.insert(p.code()).second)
          << "listed twice: " << p.code();
    }
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_GE(codes.size(), 20u);

  pb::GetProcedureRequest get;
  get.set_code("1.001193");
  *get.mutable_effective_on() = Day(2025, 6, 30);
  pb::GetProcedureResponse got;
  ASSERT_TRUE(stub->GetProcedure(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.procedure().version(), 1);
  EXPECT_EQ(got.versions_size(), 2);
  *get.mutable_effective_on() = Day(2025, 7, 1);
  ASSERT_TRUE(stub->GetProcedure(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.procedure().version(), 2);

  get.set_code("9.999999");
  grpc::Status s = stub->GetProcedure(Ctx().get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);

  pb::ListAgenciesRequest agencies;
  pb::ListAgenciesResponse all;
  ASSERT_TRUE(stub->ListAgencies(Ctx().get(), agencies, &all).ok());
  *agencies.mutable_valid_on() = Day(2026, 1, 5);
  pb::ListAgenciesResponse valid;
  ASSERT_TRUE(stub->ListAgencies(Ctx().get(), agencies, &valid).ok());
  EXPECT_LT(valid.agencies_size(), all.agencies_size());  // merged ones left
}

TEST(CatalogueServerTest, AppliedChangeIsDurable) {
  testing::TempDir dir;
  const std::string text =
      "[agency H55.99]\nname = UBND xã Thử Nghiệm\nlevel = commune\n"
      "parent = H55\ncalendar = vn\n";
  {
    testing::ServerProcess server(dir.path());
    auto admin = pb::CatalogueAdminService::NewStub(server.Channel());
    pb::ApplyCatalogueRequest req;
    req.set_client_id("office");
    req.set_request_id("add-h55-99");
    req.set_catalogue_text("[agency H55.99]\nname = X\nlevel = planet\n");
    pb::ApplyCatalogueResponse resp;
    grpc::Status s = admin->ApplyCatalogue(Ctx().get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind("catalogue_text:", 0), 0u)
        << s.error_message();
    req.set_catalogue_text(text);
    ASSERT_TRUE(admin->ApplyCatalogue(Ctx().get(), req, &resp).ok());
    EXPECT_EQ(resp.change_seq(), 1u);
    ASSERT_EQ(resp.agencies_size(), 1);
    server.Crash();
  }
  testing::ServerProcess server(dir.path());
  auto stub = pb::CatalogueService::NewStub(server.Channel());
  pb::ListAgenciesRequest req;
  pb::ListAgenciesResponse resp;
  ASSERT_TRUE(stub->ListAgencies(Ctx().get(), req, &resp).ok());
  bool found = false;
  for (const auto& a : resp.agencies()) found |= a.code() == "H55.99";
  EXPECT_TRUE(found);
}

// Issue 10 fault 3: an agency on an undefined calendar used to be stored,
// and the next start refused to open the data directory.
TEST(CatalogueServerTest, RunTimeChangesPassTheStartUpChecks) {
  testing::TempDir dir;
  {
    testing::ServerProcess server(dir.path());
    auto admin = pb::CatalogueAdminService::NewStub(server.Channel());
    pb::ApplyCatalogueRequest req;
    req.set_client_id("office");
    req.set_request_id("mars");
    req.set_catalogue_text(
        "[agency H55.98]\nname = UBND xã Hỏa Tinh\nlevel = commune\n"
        "parent = H55\ncalendar = mars\n");
    pb::ApplyCatalogueResponse resp;
    grpc::Status s = admin->ApplyCatalogue(Ctx().get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("calendar \"mars\""), std::string::npos)
        << s.error_message();

    // Renaming an existing agency is explicit and versioned.
    req.set_request_id("rename");
    req.set_catalogue_text(
        "[agency H55]\nname = UBND tỉnh Đổi Tên\nlevel = province\n"
        "calendar = vn\n");
    s = admin->ApplyCatalogue(Ctx().get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << s.error_message();
    EXPECT_NE(s.error_message().find("revision = 2"), std::string::npos)
        << s.error_message();
    req.set_request_id("rename-2");
    req.set_catalogue_text(req.catalogue_text() + "revision = 2\n");
    s = admin->ApplyCatalogue(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(server.Stop(), 0);
  }
  // The next start opens the same data directory.
  testing::ServerProcess server(dir.path());
  auto stub = pb::CatalogueService::NewStub(server.Channel());
  pb::ListAgenciesRequest req;
  pb::ListAgenciesResponse resp;
  ASSERT_TRUE(stub->ListAgencies(Ctx().get(), req, &resp).ok());
  bool renamed = false;
  for (const auto& a : resp.agencies()) {
    EXPECT_NE(a.code(), "H55.98");
    if (a.code() == "H55") {
      renamed = a.name() == "UBND tỉnh Đổi Tên" && a.revision() == 2;
    }
  }
  EXPECT_TRUE(renamed);
}

}  // namespace
}  // namespace motcua

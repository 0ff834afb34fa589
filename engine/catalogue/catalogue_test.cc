#include "engine/catalogue/catalogue.h"

#include <gtest/gtest.h>

#include <functional>

namespace motcua::engine {
namespace {

Agency Province() {
  return {"H55",        "Ủy ban nhân dân tỉnh Mẫu",
          "",           AgencyLevel::kProvince,
          {2000, 1, 1}, std::nullopt,
          {},           "vn"};
}

Agency Department(std::string code) {
  return {std::move(code), "Sở Tư pháp", "H55", AgencyLevel::kDepartment,
          {2000, 1, 1},    std::nullopt, {},    "vn"};
}

Procedure BirthV1() {
  Procedure p;
  p.code = "1.001193";
  p.version = 1;
  p.name = "Đăng ký khai sinh";
  p.field_code = "HT";
  p.field_name = "Hộ tịch";
  p.level = ProcedureLevel::kCommune;
  p.effective_from = {2016, 1, 1};
  p.budget = Budget::WorkingDays(3);
  return p;
}

CatalogueData Base() {
  return {{Province(), Department("H55.10")}, {BirthV1()}};
}

TEST(CatalogueTest, BuildRejectsBadEntriesNamingTheField) {
  struct Case {
    const char* name;
    std::function<void(CatalogueData&)> edit;
    const char* field;
  };
  const Case cases[] = {
      {"bad agency code", [](auto& d) { d.agencies[1].code = "h55.10"; },
       "agencies[1].code"},
      {"empty name", [](auto& d) { d.agencies[0].name = ""; },
       "agencies[0].name"},
      {"unknown parent", [](auto& d) { d.agencies[1].parent_code = "H56"; },
       "agencies[1].parent_code"},
      {"self parent", [](auto& d) { d.agencies[1].parent_code = "H55.10"; },
       "agencies[1].parent_code"},
      {"until before from",
       [](auto& d) {
         d.agencies[1].valid_until = CivilDate{1999, 1, 1};
       },
       "agencies[1].valid_until"},
      {"successor without until",
       [](auto& d) { d.agencies[1].successors = {"H55"}; },
       "agencies[1].successors"},
      {"unknown successor",
       [](auto& d) {
         d.agencies[1].valid_until = CivilDate{2025, 7, 1};
         d.agencies[1].successors = {"H55.99"};
       },
       "agencies[1].successors[0]"},
      {"no calendar", [](auto& d) { d.agencies[0].calendar = ""; },
       "agencies[0].calendar"},
      {"duplicate agency",
       [](auto& d) { d.agencies.push_back(Department("H55.10")); },
       "agencies[2].code"},
      {"bad procedure code", [](auto& d) { d.procedures[0].code = "1.1193"; },
       "procedures[0].code"},
      {"version 0", [](auto& d) { d.procedures[0].version = 0; },
       "procedures[0].version"},
      {"zero budget",
       [](auto& d) { d.procedures[0].budget = Budget::WorkingDays(0); },
       "procedures[0].budget"},
      {"no channel",
       [](auto& d) {
         d.procedures[0].channels = {false, false, false};
       },
       "procedures[0].channels"},
      {"negative fee",
       [](auto& d) {
         d.procedures[0].fees = {{"Lệ phí", -1}};
       },
       "procedures[0].fees[0].amount_vnd"},
      {"one step",
       [](auto& d) {
         d.procedures[0].steps = {{"lead", "", Budget::WorkingDays(3)}};
       },
       "procedures[0].steps"},
      {"steps exceed budget",
       [](auto& d) {
         d.procedures[0].steps = {{"lead", "", Budget::WorkingDays(2)},
                                  {"tax", "H55.10", Budget::WorkingDays(2)}};
       },
       "procedures[0].steps"},
      {"step in another unit",
       [](auto& d) {
         d.procedures[0].steps = {{"lead", "", Budget::WorkingDays(1)},
                                  {"tax", "", Budget::WorkingHours(2)}};
       },
       "procedures[0].steps[1].budget"},
      {"unknown step agency",
       [](auto& d) {
         d.procedures[0].steps = {{"lead", "", Budget::WorkingDays(1)},
                                  {"tax", "H55.22", Budget::WorkingDays(1)}};
       },
       "procedures[0].steps[1].agency_code"},
      {"duplicate version", [](auto& d) { d.procedures.push_back(BirthV1()); },
       "procedures[1].version"},
      {"first version is 2", [](auto& d) { d.procedures[0].version = 2; },
       "procedures[0].version"},
      {"overlapping versions",
       [](auto& d) {
         Procedure v2 = BirthV1();
         v2.version = 2;
         v2.effective_from = {2025, 7, 1};
         d.procedures.push_back(v2);  // v1 is open-ended
       },
       "procedures[1].effective_from"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CatalogueData data = Base();
    ASSERT_TRUE(Catalogue::Build(data).ok());
    c.edit(data);
    auto cat = Catalogue::Build(data);
    ASSERT_FALSE(cat.ok());
    EXPECT_EQ(cat.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(cat.error().message.rfind(std::string(c.field) + ":", 0), 0u)
        << cat.error().message;
  }
}

TEST(CatalogueTest, FindsTheVersionInForceOnADate) {
  CatalogueData data = Base();
  data.procedures[0].effective_until = CivilDate{2025, 7, 1};
  Procedure v2 = BirthV1();
  v2.version = 2;
  v2.effective_from = {2025, 7, 1};
  v2.budget = Budget::SameDay();
  data.procedures.push_back(v2);
  auto cat = Catalogue::Build(data);
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  struct Case {
    CivilDate on;
    int version;  // 0: none in force
  };
  const Case cases[] = {{{2015, 12, 31}, 0},
                        {{2016, 1, 1}, 1},
                        {{2025, 6, 30}, 1},
                        {{2025, 7, 1}, 2},
                        {{2030, 1, 1}, 2}};
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatDate(c.on));
    auto p = cat->FindProcedure("1.001193", c.on);
    if (c.version == 0) {
      ASSERT_FALSE(p.ok());
      EXPECT_EQ(p.error().code, ErrorCode::kFailedPrecondition);
      EXPECT_NE(p.error().message.find("version 1 [2016-01-01, 2025-07-01)"),
                std::string::npos)
          << p.error().message;
    } else {
      ASSERT_TRUE(p.ok()) << p.error().message;
      EXPECT_EQ((*p)->version, c.version);
    }
  }
  EXPECT_EQ(cat->FindProcedure("1.999999", {2025, 1, 1}).error().code,
            ErrorCode::kNotFound);
}

TEST(CatalogueTest, AgencyValidityAndSuccessors) {
  CatalogueData data = Base();
  Agency old_commune = Department("H55.30.5");
  old_commune.level = AgencyLevel::kCommune;
  old_commune.valid_until = CivilDate{2025, 7, 1};
  old_commune.successors = {"H55.10"};
  data.agencies.push_back(old_commune);
  auto cat = Catalogue::Build(data);
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  EXPECT_TRUE(cat->FindAgency("H55.30.5", {2025, 6, 30}).ok());
  auto merged = cat->FindAgency("H55.30.5", {2025, 7, 1});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(merged.error().message.find("passed to H55.10"), std::string::npos)
      << merged.error().message;
  EXPECT_EQ(cat->FindAgency("H99", {2025, 1, 1}).error().code,
            ErrorCode::kNotFound);
  ASSERT_NE(cat->AgencyByCode("H55.30.5"), nullptr);
}

TEST(CatalogueTest, AddProcedureVersionClosesTheOpenOneAndRefusesOverlap) {
  auto cat = Catalogue::Build(Base());
  ASSERT_TRUE(cat.ok());
  Procedure v2 = BirthV1();
  v2.version = 2;
  v2.effective_from = {2025, 7, 1};
  ASSERT_TRUE(cat->AddProcedureVersion(v2).ok());
  const auto versions = cat->Versions("1.001193");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]->effective_until, (CivilDate{2025, 7, 1}));

  struct Case {
    const char* name;
    int version;
    CivilDate from;
    std::optional<CivilDate> until;
  };
  // v2 is open-ended now; v3 must be numbered 3 and start after v2.
  const Case refused[] = {
      {"skips a number", 4, {2026, 1, 1}, std::nullopt},
      {"reuses a number", 2, {2026, 1, 1}, std::nullopt},
      {"starts before the latest", 3, {2025, 7, 1}, std::nullopt},
  };
  for (const Case& c : refused) {
    SCOPED_TRACE(c.name);
    Procedure p = BirthV1();
    p.version = c.version;
    p.effective_from = c.from;
    p.effective_until = c.until;
    Status s = cat->AddProcedureVersion(p);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  }
  Procedure v3 = BirthV1();
  v3.version = 3;
  v3.effective_from = {2026, 1, 1};
  EXPECT_TRUE(cat->AddProcedureVersion(v3).ok());
  EXPECT_EQ((*cat->FindProcedure("1.001193", {2025, 12, 31}))->version, 2);
  EXPECT_EQ((*cat->FindProcedure("1.001193", {2026, 1, 1}))->version, 3);
}

TEST(CatalogueTest, PutAgencyClosesAnAgency) {
  auto cat = Catalogue::Build(Base());
  ASSERT_TRUE(cat.ok());
  Agency a = Department("H55.10");
  a.valid_until = CivilDate{2025, 3, 1};
  a.successors = {"H55.11"};
  EXPECT_FALSE(cat->PutAgency(a).ok());  // successor unknown
  ASSERT_TRUE(cat->PutAgency(Department("H55.11")).ok());
  ASSERT_TRUE(cat->PutAgency(a).ok());
  EXPECT_FALSE(cat->FindAgency("H55.10", {2025, 3, 1}).ok());
}

}  // namespace
}  // namespace motcua::engine

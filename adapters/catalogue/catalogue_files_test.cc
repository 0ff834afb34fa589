#include "adapters/catalogue/catalogue_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/catalogue/catalogue_text.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

TEST(CatalogueFilesTest, ShippedSampleBuilds) {
  auto data = LoadCatalogueDir(MOTCUA_CATALOGUE_DIR);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_GE(data->procedures.size(), 20u);
  auto catalogue = engine::Catalogue::Build(std::move(*data));
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
}

TEST(CatalogueFilesTest, MergesFilesAndNamesTheBadOne) {
  testing::TempDir dir;
  std::ofstream(dir.path() + "/a.catalogue")
      << "[agency H55]\nname = UBND tỉnh\nlevel = province\ncalendar = vn\n";
  std::ofstream(dir.path() + "/ignored.txt") << "not read";
  auto data = LoadCatalogueDir(dir.path());
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->agencies.size(), 1u);

  std::ofstream(dir.path() + "/b.catalogue") << "[agency H56]\nbogus = 1\n";
  auto bad = LoadCatalogueDir(dir.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("b.catalogue"), std::string::npos);
  EXPECT_FALSE(LoadCatalogueDir("/nonexistent/motcua").ok());
}

// Issue 14: the format reference's own example (the first code block of
// deploy/catalogue/README.md) parses as written, comments included.
TEST(CatalogueFilesTest, ReadmeExampleParses) {
  std::ifstream in(std::string(MOTCUA_CATALOGUE_DIR) + "/README.md");
  ASSERT_TRUE(in.is_open());
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  const size_t open = text.find("\n```\n");
  ASSERT_NE(open, std::string::npos);
  const size_t close = text.find("\n```\n", open + 5);
  ASSERT_NE(close, std::string::npos);
  const std::string example = text.substr(open + 5, close - open - 4);
  ASSERT_NE(example.find("# "), std::string::npos) << "no comment left";

  auto data = engine::ParseCatalogueText(example);
  ASSERT_TRUE(data.ok()) << data.error().message << "\n" << example;
  ASSERT_EQ(data->agencies.size(), 1u);
  const engine::Agency& agency = data->agencies[0];
  EXPECT_EQ(agency.code, "H55.16.1");
  EXPECT_EQ(agency.level, engine::AgencyLevel::kOther);
  EXPECT_EQ(agency.parent_code, "H55.16");
  EXPECT_EQ(agency.valid_until, (engine::CivilDate{2030, 1, 1}));
  EXPECT_EQ(agency.successors, std::vector<std::string>{"H55.20"});
  EXPECT_EQ(agency.calendar, "vn");
  ASSERT_EQ(data->procedures.size(), 1u);
  const engine::Procedure& p = data->procedures[0];
  EXPECT_EQ(p.code, "1.012735");
  EXPECT_EQ(p.field_name, "Đất đai");
  EXPECT_EQ(p.level, engine::ProcedureLevel::kProvince);
  EXPECT_EQ(p.budget, engine::Budget::WorkingDays(20));
  EXPECT_EQ(p.receipt_cutoff_minute, 15 * 60);
  EXPECT_TRUE(p.channels.online);
  EXPECT_TRUE(p.result_by_post);
  ASSERT_EQ(p.fees.size(), 1u);
  EXPECT_EQ(p.fees[0].amount_vnd, 100000);
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[1].agency_code, "H55.22");
  EXPECT_EQ(p.steps[2].agency_code, "");
}

}  // namespace
}  // namespace motcua::adapters

#include "adapters/catalogue/catalogue_files.h"

#include <gtest/gtest.h>

#include <fstream>

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

}  // namespace
}  // namespace motcua::adapters

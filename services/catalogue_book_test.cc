#include "services/catalogue_book.h"

#include <gtest/gtest.h>

#include "adapters/memory/memory_store.h"
#include "engine/catalogue/catalogue_text.h"

namespace motcua::services {
namespace {

constexpr const char* kBase = R"([agency H55]
name = UBND tỉnh Mẫu
level = province
calendar = vn

[agency H55.10]
name = Sở Tư pháp
level = department
parent = H55
calendar = vn

[procedure 1.001022 1]
name = Cấp phiếu lý lịch tư pháp
field = LLTP | Lý lịch tư pháp
level = province
effective_from = 2020-01-01
budget = 10 working_days
channels = direct postal online
fee = Phí | 200000
)";

constexpr const char* kVersion2 = R"([procedure 1.001022 2]
name = Cấp phiếu lý lịch tư pháp
field = LLTP | Lý lịch tư pháp
level = province
effective_from = 2026-01-01
budget = 7 working_days
channels = direct online
fee = Phí | 200000
)";

engine::CatalogueData Base() {
  auto data = engine::ParseCatalogueText(kBase);
  EXPECT_TRUE(data.ok()) << data.error().message;
  return *data;
}

TEST(CatalogueBookTest, AppliedVersionIsUsedAndSurvivesRestart) {
  adapters::MemoryStore store;
  {
    auto book = CatalogueBook::Open(Base(), store);
    ASSERT_TRUE(book.ok()) << book.error().message;
    auto applied = (*book)->Apply("office", "v2", kVersion2, 0);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(applied->seq, 1u);
    ASSERT_EQ(applied->procedures.size(), 1u);
    EXPECT_EQ(applied->procedures[0].second, 2);
    auto p = (*book)->Snapshot()->FindProcedure("1.001022", {2026, 3, 1});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ((*p)->budget, engine::Budget::WorkingDays(7));
    // The old version was closed the day the new one starts.
    auto old = (*book)->Snapshot()->FindProcedure("1.001022", {2025, 12, 31});
    ASSERT_TRUE(old.ok());
    EXPECT_EQ((*old)->version, 1);

    auto again = (*book)->Apply("office", "v2", kVersion2, 0);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->seq, 1u);
    auto reused = (*book)->Apply("office", "v2", kBase, 0);
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, engine::ErrorCode::kInvalidArgument);
  }
  auto book = CatalogueBook::Open(Base(), store);
  ASSERT_TRUE(book.ok()) << book.error().message;
  EXPECT_EQ((*book)->Snapshot()->Versions("1.001022").size(), 2u);
  // The key is remembered across restarts.
  auto again = (*book)->Apply("office", "v2", kVersion2, 0);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
}

TEST(CatalogueBookTest, RejectedTextChangesNothing) {
  adapters::MemoryStore store;
  auto book = CatalogueBook::Open(Base(), store);
  ASSERT_TRUE(book.ok());
  // Version 3 skips 2: refused by the catalogue's versioning rule.
  std::string skip = kVersion2;
  skip.replace(skip.find("1.001022 2"), 10, "1.001022 3");
  auto r = (*book)->Apply("office", "bad-1", skip, 0);
  ASSERT_FALSE(r.ok());
  auto syntax =
      (*book)->Apply("office", "bad-2", "[agency H56]\nbogus = 1\n", 0);
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, engine::ErrorCode::kInvalidArgument);
  EXPECT_EQ(syntax.error().message.rfind("catalogue_text:", 0), 0u);
  EXPECT_TRUE(store.ListCatalogueChanges()->empty());
  EXPECT_EQ((*book)->Snapshot()->Versions("1.001022").size(), 1u);

  store.SetFailCommits(true);
  auto failed = (*book)->Apply("office", "v2", kVersion2, 0);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, engine::ErrorCode::kUnavailable);
  EXPECT_EQ((*book)->Snapshot()->Versions("1.001022").size(), 1u);
}

TEST(CatalogueBookTest, ChangeLaterShippedInFilesIsToleratedOnlyIfIdentical) {
  adapters::MemoryStore store;
  {
    auto book = CatalogueBook::Open(Base(), store);
    ASSERT_TRUE((*book)->Apply("office", "v2", kVersion2, 0).ok());
  }
  engine::CatalogueData folded = Base();
  auto v2 = engine::ParseCatalogueText(kVersion2);
  folded.procedures.push_back(v2->procedures[0]);
  folded.procedures[0].effective_until = engine::CivilDate{2026, 1, 1};
  auto book = CatalogueBook::Open(folded, store);
  ASSERT_TRUE(book.ok()) << book.error().message;

  engine::CatalogueData conflicting = folded;
  conflicting.procedures[1].budget = engine::Budget::WorkingDays(5);
  auto refused = CatalogueBook::Open(conflicting, store);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("different content"),
            std::string::npos);
}

}  // namespace
}  // namespace motcua::services

#include "runtime/catalogue_book.h"

#include <gtest/gtest.h>

#include "adapters/memory/memory_store.h"
#include "engine/catalogue/catalogue_text.h"

namespace motcua::runtime {
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
  // Stored data never stops a start: the conflicting change is skipped and
  // reported, the files are in force.
  auto skipped = CatalogueBook::Open(conflicting, store);
  ASSERT_TRUE(skipped.ok()) << skipped.error().message;
  ASSERT_EQ((*skipped)->skipped().size(), 1u);
  EXPECT_NE((*skipped)->skipped()[0].find("different content"),
            std::string::npos);
  auto p = (*skipped)->Snapshot()->FindProcedure("1.001022", {2026, 3, 1});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->budget, engine::Budget::WorkingDays(5));
}

engine::Status OnlyVn(const engine::Agency& a) {
  if (a.calendar == "vn") return {};
  return engine::InvalidArgument("calendar \"" + a.calendar +
                                 "\" is not configured (known: vn)");
}

TEST(CatalogueBookTest, AgencyOnAnUndefinedCalendarIsRefusedAtRunTime) {
  adapters::MemoryStore store;
  auto book = CatalogueBook::Open(Base(), store, OnlyVn);
  ASSERT_TRUE(book.ok());
  auto mars = (*book)->Apply(
      "office", "mars",
      "[agency H56]\nname = UBND tỉnh Hỏa\nlevel = province\ncalendar = "
      "mars\n",
      0);
  ASSERT_FALSE(mars.ok());
  EXPECT_EQ(mars.error().code, engine::ErrorCode::kInvalidArgument);
  EXPECT_NE(mars.error().message.find("[agency H56]: calendar \"mars\""),
            std::string::npos)
      << mars.error().message;
  EXPECT_TRUE(store.ListCatalogueChanges()->empty());
  EXPECT_EQ((*book)->Snapshot()->AgencyByCode("H56"), nullptr);
}

TEST(CatalogueBookTest, StoredChangeThatNoLongerAppliesIsSkippedNotFatal) {
  adapters::MemoryStore store;
  // As an older motcuad stored it, before run-time calendar checks.
  ASSERT_TRUE(
      store
          .AppendCatalogueChange({1, "office", "mars",
                                  "[agency H56]\nname = UBND tỉnh Hỏa\nlevel = "
                                  "province\ncalendar = mars\n",
                                  0})
          .ok());
  ASSERT_TRUE(
      store.AppendCatalogueChange({2, "office", "v2", kVersion2, 0}).ok());
  auto book = CatalogueBook::Open(Base(), store, OnlyVn);
  ASSERT_TRUE(book.ok()) << book.error().message;
  ASSERT_EQ((*book)->skipped().size(), 1u);
  EXPECT_NE((*book)->skipped()[0].find("change 1"), std::string::npos);
  EXPECT_EQ((*book)->Snapshot()->AgencyByCode("H56"), nullptr);
  // The later, valid change is in force, and new changes number after both.
  EXPECT_EQ((*book)->Snapshot()->Versions("1.001022").size(), 2u);
  auto next = (*book)->Apply(
      "office", "h57",
      "[agency H57]\nname = UBND tỉnh Mới\nlevel = province\ncalendar = "
      "vn\n",
      0);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->seq, 3u);
}

TEST(CatalogueBookTest, ReplacingAnAgencyNeedsTheNextRevision) {
  adapters::MemoryStore store;
  auto book = CatalogueBook::Open(Base(), store, OnlyVn);
  ASSERT_TRUE(book.ok());
  const std::string renamed =
      "[agency H55.10]\nname = Sở Tư pháp tỉnh Mẫu\nlevel = "
      "department\nparent = H55\ncalendar = vn\n";
  auto silent = (*book)->Apply("office", "r1", renamed, 0);
  ASSERT_FALSE(silent.ok());
  EXPECT_EQ(silent.error().code, engine::ErrorCode::kFailedPrecondition);
  EXPECT_NE(silent.error().message.find("revision = 2"), std::string::npos)
      << silent.error().message;
  EXPECT_EQ((*book)->Snapshot()->AgencyByCode("H55.10")->name, "Sở Tư pháp");

  auto stale = (*book)->Apply("office", "r2", renamed + "revision = 3\n", 0);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, engine::ErrorCode::kFailedPrecondition);

  auto explicit_change =
      (*book)->Apply("office", "r3", renamed + "revision = 2\n", 0);
  ASSERT_TRUE(explicit_change.ok()) << explicit_change.error().message;
  const engine::Agency* a = (*book)->Snapshot()->AgencyByCode("H55.10");
  EXPECT_EQ(a->name, "Sở Tư pháp tỉnh Mẫu");
  EXPECT_EQ(a->revision, 2);

  // The same content again changes nothing and needs no revision.
  auto same = (*book)->Apply("office", "r4", renamed, 0);
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_EQ((*book)->Snapshot()->AgencyByCode("H55.10")->revision, 2);

  // A new agency starts at revision 1.
  auto new_at_5 = (*book)->Apply(
      "office", "r5",
      "[agency H58]\nname = Mới\nlevel = province\ncalendar = vn\nrevision "
      "= 5\n",
      0);
  ASSERT_FALSE(new_at_5.ok());

  // Restart: the revision is replayed.
  auto reopened = CatalogueBook::Open(Base(), store, OnlyVn);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->Snapshot()->AgencyByCode("H55.10")->revision, 2);
  EXPECT_EQ((*reopened)->Snapshot()->AgencyByCode("H55.10")->name,
            "Sở Tư pháp tỉnh Mẫu");
}

// Issue 14: `motcuactl catalogue apply FILE` twice (each call with its own
// request_id) changes nothing the second time, also after a later version
// closed the file's open-ended one, and across a restart.
TEST(CatalogueBookTest, ApplyingTheSameTextTwiceIsANoOp) {
  adapters::MemoryStore store;
  const std::string text = std::string(
                               "[agency H55.20]\nname = Sở Tài chính\nlevel = "
                               "department\nparent = H55\ncalendar = vn\n\n") +
                           kVersion2;
  auto book = CatalogueBook::Open(Base(), store, OnlyVn);
  ASSERT_TRUE(book.ok());
  auto first = (*book)->Apply("motcuactl", "a-1", text, 0);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->unchanged);
  EXPECT_EQ(first->seq, 1u);
  EXPECT_EQ(first->agencies, std::vector<std::string>{"H55.20"});
  ASSERT_EQ(first->procedures.size(), 1u);

  auto second = (*book)->Apply("motcuactl", "a-2", text, 0);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->unchanged);
  EXPECT_FALSE(second->replayed);
  EXPECT_EQ(second->seq, 1u);
  EXPECT_TRUE(second->agencies.empty());
  EXPECT_TRUE(second->procedures.empty());
  ASSERT_TRUE(store.ListCatalogueChanges().ok());
  EXPECT_EQ(store.ListCatalogueChanges()->size(), 1u);

  // Version 3 closes version 2; the file with the open-ended version 2 is
  // still what the catalogue holds.
  const std::string v3 = R"([procedure 1.001022 3]
name = Cấp phiếu lý lịch tư pháp
field = LLTP | Lý lịch tư pháp
level = province
effective_from = 2027-01-01
budget = 5 working_days
channels = direct online
)";
  ASSERT_TRUE((*book)->Apply("motcuactl", "a-3", v3, 0).ok());
  auto third = (*book)->Apply("motcuactl", "a-4", text, 0);
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_TRUE(third->unchanged);

  // Other content under a used version number is refused, naming it.
  std::string edited = kVersion2;
  edited.replace(edited.find("7 working_days"), 14, "6 working_days");
  auto clash = (*book)->Apply("motcuactl", "a-5", edited, 0);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, engine::ErrorCode::kFailedPrecondition);
  EXPECT_NE(clash.error().message.find("next version number"),
            std::string::npos)
      << clash.error().message;

  auto reopened = CatalogueBook::Open(Base(), store, OnlyVn);
  ASSERT_TRUE(reopened.ok());
  ASSERT_TRUE((*reopened)->skipped().empty());
  auto after_restart = (*reopened)->Apply("motcuactl", "a-6", text, 0);
  ASSERT_TRUE(after_restart.ok()) << after_restart.error().message;
  EXPECT_TRUE(after_restart->unchanged);
  EXPECT_EQ(after_restart->seq, 2u);
}

}  // namespace
}  // namespace motcua::runtime

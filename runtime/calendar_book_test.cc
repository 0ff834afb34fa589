#include "runtime/calendar_book.h"

#include <gtest/gtest.h>

#include "adapters/memory/memory_store.h"

namespace motcua::runtime {
namespace {

using engine::CalendarConfig;
using engine::OfficialSchedule;

OfficialSchedule Schedule(const char* text) {
  auto s = engine::ParseOfficialSchedule(text);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return *s;
}

constexpr const char* k2026 = R"(year 2026
source D1 Decision one
off 2026-01-01 holiday new_year D1
off 2026-01-02 swapped D1
work 2026-01-10 D1
off 2026-02-16..2026-02-20 holiday tet D1
off 2026-04-27 holiday hung_kings D1
off 2026-04-30 holiday reunification D1
off 2026-05-01 holiday labour D1
off 2026-09-01..2026-09-02 holiday national_day D1
)";

std::vector<CalendarConfig> Configs() {
  return {CalendarConfig{.name = "vn"}, CalendarConfig{.name = "ha-noi"}};
}

TEST(CalendarBookTest, VersionsAreStableAcrossRestartsAndBumpOnChange) {
  adapters::MemoryStore store;
  {
    auto book = CalendarBook::Open(Configs(), {}, store);
    ASSERT_TRUE(book.ok()) << book.error().message;
    EXPECT_EQ((*(*book)->Get("vn"))->version(), 1);
  }
  {
    auto book = CalendarBook::Open(Configs(), {}, store);
    ASSERT_TRUE(book.ok());
    EXPECT_EQ((*(*book)->Get("vn"))->version(), 1);  // same content
  }
  std::vector<CalendarConfig> changed = Configs();
  changed[0].receipt_cutoff_minute = 16 * 60;
  auto book = CalendarBook::Open(changed, {}, store);
  ASSERT_TRUE(book.ok());
  EXPECT_EQ((*(*book)->Get("vn"))->version(), 2);
  EXPECT_EQ((*(*book)->Get("ha-noi"))->version(), 1);
}

TEST(CalendarBookTest, PublishIsDurableAndWinsOverShippedFile) {
  adapters::MemoryStore store;
  const OfficialSchedule published = Schedule(k2026);
  {
    auto book = CalendarBook::Open(Configs(), {}, store);
    ASSERT_TRUE(book.ok());
    auto changes = (*book)->Publish({}, published);
    ASSERT_TRUE(changes.ok()) << changes.error().message;
    ASSERT_EQ(changes->size(), 2u);
    for (const CalendarChange& c : *changes) {
      EXPECT_TRUE(c.changed);
      EXPECT_EQ(c.version, 2);
    }
    EXPECT_TRUE((*(*book)->Get("vn"))->HasOfficialSchedule(2026));
    // Publishing the same again changes nothing.
    auto again = (*book)->Publish({"vn"}, published);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE((*again)[0].changed);
    EXPECT_EQ((*again)[0].version, 2);
  }
  // A shipped file for 2026 without the swap: the publication still wins.
  OfficialSchedule shipped = Schedule(k2026);
  shipped.days.erase(shipped.days.begin() + 1, shipped.days.begin() + 3);
  auto book = CalendarBook::Open(Configs(), {shipped}, store);
  ASSERT_TRUE(book.ok()) << book.error().message;
  auto vn = *(*book)->Get("vn");
  EXPECT_EQ(vn->schedules().at(2026), published);
  EXPECT_EQ(vn->version(), 2);
  EXPECT_FALSE(*vn->IsWorkingDay({2026, 1, 2}));
  EXPECT_TRUE(*vn->IsWorkingDay({2026, 1, 10}));
}

TEST(CalendarBookTest, WithdrawFallsBackToRulesEvenOverAFile) {
  adapters::MemoryStore store;
  const OfficialSchedule s = Schedule(k2026);
  {
    auto book = CalendarBook::Open(Configs(), {s}, store);
    ASSERT_TRUE(book.ok());
    auto changes = (*book)->Withdraw({"vn"}, 2026);
    ASSERT_TRUE(changes.ok());
    EXPECT_TRUE((*changes)[0].changed);
    auto twice = (*book)->Withdraw({"vn"}, 2026);
    ASSERT_TRUE(twice.ok());
    EXPECT_FALSE((*twice)[0].changed);
  }
  auto book = CalendarBook::Open(Configs(), {s}, store);
  ASSERT_TRUE(book.ok());
  EXPECT_FALSE((*(*book)->Get("vn"))->HasOfficialSchedule(2026));
  EXPECT_TRUE((*(*book)->Get("ha-noi"))->HasOfficialSchedule(2026));
}

TEST(CalendarBookTest, FailuresChangeNothing) {
  adapters::MemoryStore store;
  auto book = CalendarBook::Open(Configs(), {}, store);
  ASSERT_TRUE(book.ok());
  auto unknown = (*book)->Publish({"vn", "da-nang"}, Schedule(k2026));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, engine::ErrorCode::kNotFound);
  EXPECT_FALSE((*(*book)->Get("vn"))->HasOfficialSchedule(2026));

  store.SetFailCommits(true);
  auto failed = (*book)->Publish({}, Schedule(k2026));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, engine::ErrorCode::kUnavailable);
  EXPECT_FALSE((*(*book)->Get("vn"))->HasOfficialSchedule(2026));
  EXPECT_EQ((*(*book)->Get("vn"))->version(), 1);
  store.SetFailCommits(false);
  EXPECT_TRUE(store.ListPublications()->empty());

  auto missing = (*book)->Get("da-nang");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("known: ha-noi, vn"),
            std::string::npos);
}

// Issue 11 item 4: the 2026 draft without National Day was accepted and an
// appointment then fell on 02/09.
TEST(CalendarBookTest, ScheduleLeavingOutAHolidayIsRefusedUnlessForced) {
  adapters::MemoryStore store;
  auto book = CalendarBook::Open(Configs(), {}, store);
  ASSERT_TRUE(book.ok());
  std::string draft = k2026;
  draft.erase(draft.find("off 2026-09-01"));
  auto refused = (*book)->Publish({}, Schedule(draft.c_str()));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, engine::ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find(
                "national_day: the rules give 2 days, the schedule marks 0"),
            std::string::npos)
      << refused.error().message;
  EXPECT_FALSE((*(*book)->Get("vn"))->HasOfficialSchedule(2026));
  EXPECT_TRUE(store.ListPublications()->empty());

  auto forced = (*book)->Publish({}, Schedule(draft.c_str()), true);
  ASSERT_TRUE(forced.ok()) << forced.error().message;
  EXPECT_TRUE((*(*book)->Get("vn"))->HasOfficialSchedule(2026));
  // The complete schedule needs no force.
  ASSERT_TRUE((*book)->Publish({}, Schedule(k2026)).ok());
}

}  // namespace
}  // namespace motcua::runtime

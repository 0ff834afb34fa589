#include "engine/calendar/calendar_registry.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

CalendarConfig Config(std::string name) {
  CalendarConfig config;
  config.name = std::move(name);
  return config;
}

OfficialSchedule Schedule2027(std::string extra = "") {
  Result<OfficialSchedule> s = ParseOfficialSchedule(
      "year 2027\nsource S decision\noff 2027-01-01 holiday new_year S\n" +
      extra);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return *s;
}

TEST(CalendarRegistryTest, UnknownCalendarIsNotFound) {
  CalendarRegistry registry;
  auto cal = registry.Get("ha-noi");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(registry.Publish("ha-noi", Schedule2027()).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(registry.Replace(Config("ha-noi")).error().code,
            ErrorCode::kNotFound);
}

TEST(CalendarRegistryTest, EveryChangeIsANewVersionAndOldSnapshotsStay) {
  CalendarRegistry registry;
  ASSERT_TRUE(registry.Add(Config("ha-noi")).ok());
  EXPECT_EQ(registry.Add(Config("ha-noi")).error().code,
            ErrorCode::kAlreadyExists);
  const auto v1 = *registry.Get("ha-noi");
  EXPECT_EQ(v1->version(), 1);
  EXPECT_TRUE(*v1->IsWorkingDay({2027, 2, 4}));  // Thursday; rules: no Tết

  // Publishing 2027 with a decided day off gives version 2.
  ASSERT_TRUE(
      registry.Publish("ha-noi", Schedule2027("off 2027-02-04 decided S\n"))
          .ok());
  const auto v2 = *registry.Get("ha-noi");
  struct Case {
    std::string step;
    int64_t version;
    bool official_2027;
    bool feb4_working;
  };
  std::vector<Case> seen = {{"published", v2->version(),
                             v2->HasOfficialSchedule(2027),
                             *v2->IsWorkingDay({2027, 2, 4})}};
  // The same schedule again changes nothing.
  ASSERT_TRUE(
      registry.Publish("ha-noi", Schedule2027("off 2027-02-04 decided S\n"))
          .ok());
  auto now = *registry.Get("ha-noi");
  seen.push_back({"republished identical", now->version(),
                  now->HasOfficialSchedule(2027),
                  *now->IsWorkingDay({2027, 2, 4})});
  // A corrected schedule replaces the year.
  ASSERT_TRUE(registry.Publish("ha-noi", Schedule2027()).ok());
  now = *registry.Get("ha-noi");
  seen.push_back({"corrected", now->version(), now->HasOfficialSchedule(2027),
                  *now->IsWorkingDay({2027, 2, 4})});
  ASSERT_TRUE(registry.Withdraw("ha-noi", 2027).ok());
  now = *registry.Get("ha-noi");
  seen.push_back({"withdrawn", now->version(), now->HasOfficialSchedule(2027),
                  *now->IsWorkingDay({2027, 2, 4})});
  CalendarConfig six_days = Config("ha-noi");
  six_days.working_weekdays[5] = true;
  ASSERT_TRUE(registry.Replace(six_days).ok());
  now = *registry.Get("ha-noi");
  seen.push_back({"replaced config", now->version(),
                  now->HasOfficialSchedule(2027),
                  *now->IsWorkingDay({2027, 2, 4})});
  const std::vector<Case> want = {
      {"published", 2, true, false},
      {"republished identical", 2, true, false},
      {"corrected", 3, true, true},
      {"withdrawn", 4, false, true},
      {"replaced config", 5, false, true},
  };
  ASSERT_EQ(seen.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].step);
    EXPECT_EQ(seen[i].version, want[i].version);
    EXPECT_EQ(seen[i].official_2027, want[i].official_2027);
    EXPECT_EQ(seen[i].feb4_working, want[i].feb4_working);
  }
  EXPECT_TRUE(*now->IsWorkingDay({2027, 3, 6}));  // a Saturday, now worked
  // Snapshots handed out earlier are untouched.
  EXPECT_EQ(v1->version(), 1);
  EXPECT_TRUE(*v1->IsWorkingDay({2027, 2, 4}));
  EXPECT_FALSE(*v2->IsWorkingDay({2027, 2, 4}));
  EXPECT_EQ(registry.Withdraw("ha-noi", 2027).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(registry.Names(), std::vector<std::string>{"ha-noi"});
}

TEST(CalendarRegistryTest, AnInvalidScheduleLeavesTheCalendarAsItWas) {
  CalendarRegistry registry;
  ASSERT_TRUE(registry.Add(Config("hue")).ok());
  Status s =
      registry.Publish("hue", Schedule2027("source T t\nwork 2027-02-03 T\n"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ((*registry.Get("hue"))->version(), 1);
}

}  // namespace
}  // namespace motcua::engine

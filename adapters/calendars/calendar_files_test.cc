#include "adapters/calendars/calendar_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace motcua::adapters {
namespace {

TEST(CalendarFilesTest, ShippedCalendarsAndSchedulesLoad) {
  auto configs = LoadCalendarConfigs(std::string(MOTCUA_CALENDARS_DIR) +
                                     "/calendars.json");
  ASSERT_TRUE(configs.ok()) << configs.error().message;
  ASSERT_GE(configs->size(), 1u);
  EXPECT_EQ((*configs)[0].name, "vn");
  EXPECT_EQ((*configs)[0].receipt_cutoff_minute, 15 * 60);
  for (const auto& c : *configs) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(engine::WorkingCalendar::Create(c, {}, 1).ok());
  }
  auto schedules = LoadScheduleDir(MOTCUA_CALENDARS_DIR);
  ASSERT_TRUE(schedules.ok()) << schedules.error().message;
  ASSERT_GE(schedules->size(), 6u);
  EXPECT_EQ(schedules->front().year, 2022);
  // Issue 11: the current and the next year are official, whole files.
  EXPECT_EQ((*schedules)[4].year, 2026);
  EXPECT_EQ((*schedules)[5].year, 2027);
  for (size_t i = 1; i < schedules->size(); ++i) {
    EXPECT_LT((*schedules)[i - 1].year, (*schedules)[i].year);
  }
}

// Issue 11 item 14: the Ministry of Labour, Invalids and Social Affairs
// numbers its notices "/TB-BLĐTBXH"; the 2025 schedule is Thông báo
// 6150/TB-BLĐTBXH (implementing Công văn 8726/VPCP-KGVX).
TEST(CalendarFilesTest, ShippedSourcesCiteTheMinistrysNoticeNumber) {
  auto schedules = LoadScheduleDir(MOTCUA_CALENDARS_DIR);
  ASSERT_TRUE(schedules.ok()) << schedules.error().message;
  const engine::OfficialSchedule* y2025 = nullptr;
  for (const auto& s : *schedules) {
    if (s.year == 2025) y2025 = &s;
    for (const auto& source : s.sources) {
      SCOPED_TRACE(source.citation);
      EXPECT_EQ(source.citation.find("/TB-LĐTBXH"), std::string::npos);
    }
  }
  ASSERT_NE(y2025, nullptr);
  const engine::ScheduleSource* tb = y2025->FindSource("TB6150");
  ASSERT_NE(tb, nullptr);
  EXPECT_NE(tb->citation.find("Thông báo 6150/TB-BLĐTBXH"), std::string::npos)
      << tb->citation;
}

TEST(CalendarFilesTest, DefaultsAndOverrides) {
  auto configs = ParseCalendarConfigs(
      R"({"calendars":[{"name":"a"},
          {"name":"b","working_weekdays":["mon","tue","wed","thu","fri","sat"],
           "working_hours":["07:30-11:30"],"receipt_cutoff":null,
           "appointment_time":"same_time_of_day","tet_days_before_new_year":2,
           "national_day_extra":"september_1",
           "compensate_rest_day_holidays":false,"first_year":2020,
           "last_year":2030}]})",
      "t.json");
  ASSERT_TRUE(configs.ok()) << configs.error().message;
  EXPECT_EQ((*configs)[0], engine::CalendarConfig{.name = "a"});
  const engine::CalendarConfig& b = (*configs)[1];
  EXPECT_TRUE(b.working_weekdays[5]);
  EXPECT_FALSE(b.working_weekdays[6]);
  ASSERT_EQ(b.working_hours.size(), 1u);
  EXPECT_EQ(b.working_hours[0].start_minute, 7 * 60 + 30);
  EXPECT_FALSE(b.receipt_cutoff_minute.has_value());
  EXPECT_EQ(b.appointment_time, engine::AppointmentTime::kSameTimeOfDay);
  EXPECT_EQ(b.holiday_rules.tet_days_before_new_year, 2);
  EXPECT_EQ(b.holiday_rules.national_day_extra,
            engine::NationalDayExtra::kSeptember1);
  EXPECT_FALSE(b.holiday_rules.compensate_rest_day_holidays);
  EXPECT_EQ(b.first_year, 2020);
}

TEST(CalendarFilesTest, ErrorsNameTheCalendarAndKey) {
  struct Case {
    const char* json;
    const char* expect;
  } cases[] = {
      {"not json", "not valid JSON"},
      {R"({"calendar":[]})", "expected"},
      {R"({"calendars":[{"name":""}]})", "calendars[0].name"},
      {R"({"calendars":[{}]})", "calendars[0].name"},
      {R"({"calendars":[{"name":"a","recipt_cutoff":"15:00"}]})",
       "calendars[0].recipt_cutoff: unknown key"},
      {R"({"calendars":[{"name":"a","working_hours":["7:00-11:30"]}]})",
       "calendars[0].working_hours"},
      {R"({"calendars":[{"name":"a","receipt_cutoff":"25:00"}]})",
       "calendars[0].receipt_cutoff"},
      {R"({"calendars":[{"name":"a","working_weekdays":["monday"]}]})",
       "calendars[0].working_weekdays"},
      {R"({"calendars":[{"name":"a"},{"name":"a"}]})", "defined twice"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    auto r = ParseCalendarConfigs(c.json, "t.json");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos)
        << r.error().message;
  }
}

// The shipped holiday table gives exactly the holidays the engine computed
// before they were data, so every rule-based year is unchanged; every
// calendar adopts it.
TEST(CalendarFilesTest, ShippedHolidayTableIsTheLabourCodesAndAdopted) {
  const std::string dir = MOTCUA_CALENDARS_DIR;
  auto table = LoadHolidayTable(dir + "/holidays.rules");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(*table, engine::LabourCode2019Holidays());
  auto configs = LoadCalendarConfigs(dir + "/calendars.json");
  ASSERT_TRUE(configs.ok()) << configs.error().message;
  for (const auto& c : *configs) {
    EXPECT_EQ(c.holiday_rules.holidays, *table) << c.name;
  }
}

TEST(CalendarFilesTest, HolidayTableIsRequiredAndErrorsNameFileAndLine) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("motcua-holidays-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  write("calendars.json", R"({"calendars":[{"name":"vn"}]})");
  auto missing = LoadCalendarConfigs((dir / "calendars.json").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("holidays.rules"), std::string::npos)
      << missing.error().message;

  write("holidays.rules",
        "source S s\nholiday culture_day solar 11-24 days one compensate S "
        "Ngày Văn hóa Việt Nam\n");
  auto bad = LoadCalendarConfigs((dir / "calendars.json").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("holidays.rules: holidays line 2: field "
                                     "'days': 'one'"),
            std::string::npos)
      << bad.error().message;

  write("holidays.rules",
        "source S Văn bản thử\nholiday culture_day solar 11-24 days 1 from "
        "2026-07-01 compensate S Ngày Văn hóa Việt Nam\n");
  auto good = LoadCalendarConfigs((dir / "calendars.json").string());
  ASSERT_TRUE(good.ok()) << good.error().message;
  ASSERT_EQ((*good)[0].holiday_rules.holidays.size(), 1u);
  EXPECT_EQ((*good)[0].holiday_rules.holidays[0].key, "culture_day");
  std::filesystem::remove_all(dir);
}

TEST(CalendarFilesTest, MissingDirectoryIsAnError) {
  EXPECT_FALSE(LoadScheduleDir("/nonexistent/motcua").ok());
  EXPECT_FALSE(LoadCalendarConfigs("/nonexistent/motcua.json").ok());
}

}  // namespace
}  // namespace motcua::adapters

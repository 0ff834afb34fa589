#include "engine/calendar/official_schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

using ::testing::HasSubstr;

constexpr char kExample[] = R"(# Example: 2025 as decided.
year 2025
source LC2019 Bộ luật Lao động 45/2019/QH14, Điều 112
source TB6150   Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024

off 2025-01-01 holiday new_year LC2019
off 2025-01-27..2025-01-31 holiday tet TB6150
	off 2025-05-02 swapped TB6150 hoán đổi với thứ Bảy 26/04/2025
work 2025-04-26 TB6150 làm bù cho thứ Sáu 02/05/2025
off 2025-09-01 decided LC2019
off 2025-04-07 compensatory hung_kings LC2019  note with  two spaces
)";

TEST(OfficialScheduleTest, ParsesEveryDirective) {
  Result<OfficialSchedule> s = ParseOfficialSchedule(kExample);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->year, 2025);
  ASSERT_EQ(s->sources.size(), 2u);
  EXPECT_EQ(s->sources[1].id, "TB6150");
  EXPECT_EQ(s->sources[1].citation,
            "Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024");
  ASSERT_EQ(s->days.size(), 10u);  // 1 + 5 + 1 + 1 + 1 + 1, sorted
  EXPECT_EQ(s->days[0].date, (CivilDate{2025, 1, 1}));
  EXPECT_EQ(s->days[0].holiday, "new_year");
  EXPECT_EQ(s->days[5].date, (CivilDate{2025, 1, 31}));
  EXPECT_EQ(s->days[5].kind, ScheduleDayKind::kHoliday);
  EXPECT_EQ(s->days[6].date, (CivilDate{2025, 4, 7}));
  EXPECT_EQ(s->days[6].kind, ScheduleDayKind::kCompensatoryDayOff);
  EXPECT_EQ(s->days[6].note, "note with  two spaces");
  EXPECT_EQ(s->days[7].date, (CivilDate{2025, 4, 26}));
  EXPECT_EQ(s->days[7].kind, ScheduleDayKind::kSwappedWorkingDay);
  EXPECT_EQ(s->days[7].holiday, "");
  EXPECT_EQ(s->days[7].note, "làm bù cho thứ Sáu 02/05/2025");
  EXPECT_EQ(s->days[8].kind, ScheduleDayKind::kSwappedDayOff);
  EXPECT_EQ(s->days[9].kind, ScheduleDayKind::kDecidedDayOff);
  EXPECT_EQ(s->days[9].source_id, "LC2019");
  EXPECT_NE(s->FindSource("LC2019"), nullptr);
  EXPECT_EQ(s->FindSource("nope"), nullptr);
}

TEST(OfficialScheduleTest, FormatRoundTrips) {
  Result<OfficialSchedule> s = ParseOfficialSchedule(kExample);
  ASSERT_TRUE(s.ok()) << s.error().message;
  const std::string text = FormatOfficialSchedule(*s);
  Result<OfficialSchedule> again = ParseOfficialSchedule(text);
  ASSERT_TRUE(again.ok()) << again.error().message << "\n" << text;
  EXPECT_EQ(*again, *s);
  EXPECT_THAT(text, HasSubstr("off 2025-01-27 holiday tet TB6150\n"));
  EXPECT_THAT(text, HasSubstr("work 2025-04-26 TB6150 làm bù"));
}

TEST(OfficialScheduleTest, RejectsMalformedFilesNamingTheLine) {
  struct Case {
    std::string name;
    std::string text;
    std::string want;  // substring of the message
  };
  const std::string head = "year 2023\nsource S decision 1\n";
  const Case cases[] = {
      {"no year", "# nothing\n", "no 'year YYYY' line"},
      {"entry before year", "source S x\nyear 2023\n",
       "line 1: 'source' before"},
      {"year twice", "year 2023\nyear 2024\n", "line 2: a second 'year'"},
      {"bad year", "year 23\n", "line 1: expected 'year YYYY'"},
      {"year out of range", "year 2300\n", "outside 1900..2199"},
      {"unknown directive", head + "holiday 2023-01-02\n",
       "line 3: unknown directive 'holiday'"},
      {"bad date", head + "off 2023-02-30 decided S\n",
       "line 3: '2023-02-30' is not a date"},
      {"other year", head + "off 2024-01-01 decided S\n",
       "outside the schedule's year 2023"},
      {"reversed range", head + "off 2023-01-05..2023-01-02 decided S\n",
       "ends before it starts"},
      {"unknown kind", head + "off 2023-01-02 bridge S\n",
       "unknown kind of day off 'bridge'"},
      // Whether a well-formed key is defined is the calendar's question
      // (holidays are data: WorkingCalendarTest checks "tett").
      {"malformed holiday key", head + "off 2023-01-02 holiday Tết S\n",
       "line 3: holiday 'Tết' is not a holiday key"},
      {"no source", head + "off 2023-01-02 decided\n", "missing source id"},
      {"undeclared source", head + "off 2023-01-02 decided T\n",
       "2023-01-02 cites source 'T'"},
      {"source twice", head + "source S again\n", "declared twice"},
      {"source without citation", "year 2023\nsource S\n", "no citation"},
      // Issue 10 fault 5: notes are printed; no NUL or bidi controls.
      {"NUL in a note",
       head + std::string("off 2023-01-02 decided S bad\0note\n", 34),
       "line 3: text: must be UTF-8 text without control"},
      {"bidi override in a note",
       head + "off 2023-01-02 decided S \xE2\x80\xAEnote\n",
       "line 3: text: contains a bidirectional control"},
      {"duplicate date",
       head + "off 2023-01-20..2023-01-26 holiday tet S\nwork 2023-01-21 S\n",
       "line 4: 2023-01-21 is listed twice"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<OfficialSchedule> s = ParseOfficialSchedule(c.text);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(s.error().message, HasSubstr(c.want));
  }
}

// Found by tests/fuzz/schedule_text_fuzz: the message quoted the bad field
// byte for byte, and ill-formed UTF-8 cannot travel in a gRPC message.
TEST(OfficialScheduleTest, NonUtf8LineIsRefusedWithAUtf8Message) {
  auto r = ParseOfficialSchedule(
      "year 2024\nday_off \xff"
      "2024-04-29 X\n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("line 2"));
  EXPECT_TRUE(IsWellFormedUtf8(r.error().message)) << r.error().message;
}

}  // namespace
}  // namespace motcua::engine

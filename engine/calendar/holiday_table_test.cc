#include "engine/calendar/holiday_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

using ::testing::HasSubstr;

constexpr char kLabourCode[] = R"(# The Labour Code 2019 holidays.
source LC2019 Bộ luật Lao động 45/2019/QH14, Điều 112
holiday new_year      solar 01-01          days 1 compensate LC2019 Tết Dương lịch
holiday tet           lunar_new_year       days 5 compensate LC2019 Tết Âm lịch
	holiday hung_kings    lunar 03-10          days 1 compensate LC2019 Giỗ Tổ Hùng Vương
holiday reunification solar 04-30          days 1 compensate LC2019 Ngày Chiến thắng

holiday labour        solar 05-01          days 1 compensate LC2019 Ngày Quốc tế Lao động
holiday national_day  solar_adjacent 09-02 days 2 compensate LC2019 Quốc khánh
)";

// The text form of the six holidays is exactly what the engine computed
// before holidays were data, so rule-based years do not change.
TEST(HolidayTableTest, LabourCodeTextEqualsTheBuiltInTable) {
  Result<std::vector<HolidayDefinition>> t = ParseHolidayTable(kLabourCode);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(*t, LabourCode2019Holidays());
}

TEST(HolidayTableTest, ParsesRangesCompensationAndNames) {
  const std::string text = std::string(kLabourCode) +
                           "source X Văn bản thử, ngày 01/01/2026\n"
                           "holiday culture_day solar 11-24 days 1 from "
                           "2026-07-01 until 2040-12-31 no_compensate X  Ngày "
                           "Văn hóa Việt Nam\n";
  Result<std::vector<HolidayDefinition>> t = ParseHolidayTable(text);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->size(), 7u);
  const HolidayDefinition& h = t->back();
  EXPECT_EQ(h.key, "culture_day");
  EXPECT_EQ(h.rule, HolidayDateRule::kSolar);
  EXPECT_EQ(h.month, 11);
  EXPECT_EQ(h.day, 24);
  EXPECT_EQ(h.from, (CivilDate{2026, 7, 1}));
  EXPECT_EQ(h.until, (CivilDate{2040, 12, 31}));
  EXPECT_FALSE(h.compensate);
  EXPECT_EQ(h.source, "Văn bản thử, ngày 01/01/2026");
  EXPECT_EQ(h.name, "Ngày Văn hóa Việt Nam");
}

TEST(HolidayTableTest, RejectsMalformedLinesNamingLineAndField) {
  struct Case {
    std::string name;
    std::string line;  // appended as line 3
    std::string want;
  };
  const std::string head =
      "source S s\nholiday a solar 01-01 days 1 "
      "compensate S A\n";
  const Case cases[] = {
      {"unknown directive", "off 2026-01-01\n",
       "holidays line 3: unknown directive 'off'"},
      {"bad key", "holiday Tet solar 01-02 days 1 compensate S T\n",
       "line 3: field 'key': 'Tet'"},
      {"bad rule", "holiday b gregorian 01-02 days 1 compensate S B\n",
       "line 3: field 'rule': 'gregorian'"},
      {"bad date", "holiday b solar 1/2 days 1 compensate S B\n",
       "line 3: field 'date': '1/2'"},
      {"impossible date", "holiday b solar 02-30 days 1 compensate S B\n",
       "line 3: holiday 'b': solar date 30/2"},
      {"no days", "holiday b solar 01-02 compensate S B\n",
       "line 3: field 'days': 'compensate'"},
      {"bad days", "holiday b solar 01-02 days 0 compensate S B\n",
       "line 3: field 'days': '0' is not 1..10"},
      {"bad from",
       "holiday b solar 01-02 days 1 from 2026-13-01 compensate S B\n",
       "line 3: field 'from': '2026-13-01'"},
      {"bad until", "holiday b solar 01-02 days 1 until soon compensate S B\n",
       "line 3: field 'until': 'soon'"},
      {"no compensate", "holiday b solar 01-02 days 1 S B\n",
       "line 3: field 'compensate': 'S'"},
      {"undeclared source", "holiday b solar 01-02 days 1 compensate T B\n",
       "line 3: field 'source': 'T'"},
      {"no name", "holiday b solar 01-02 days 1 compensate S\n",
       "line 3: field 'name': missing"},
      {"twice", "holiday a solar 01-02 days 1 compensate S B\n",
       "line 3: holiday 'a' is defined twice"},
      {"adjacent", "holiday b solar_adjacent 09-02 days 1 compensate S B\n",
       "line 3: holiday 'b': a day with an adjacent day has days 2"},
      {"source twice", "source S again\n",
       "line 3: source S is declared twice"},
      {"source without citation", "source T\n", "line 3: source T has no"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::vector<HolidayDefinition>> t = ParseHolidayTable(head + c.line);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(t.error().message, HasSubstr(c.want));
  }
  Result<std::vector<HolidayDefinition>> empty =
      ParseHolidayTable("# nothing\nsource S s\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message, HasSubstr("no holidays"));
}

TEST(HolidayTableTest, NonUtf8LineIsRefusedWithAUtf8Message) {
  auto r = ParseHolidayTable("source LC2019 B\xe1\n");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("line 1"));
  EXPECT_TRUE(IsWellFormedUtf8(r.error().message)) << r.error().message;
}

}  // namespace
}  // namespace motcua::engine

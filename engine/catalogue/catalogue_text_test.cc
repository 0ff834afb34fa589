#include "engine/catalogue/catalogue_text.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/common/text.h"
#include "sample_catalogue.h"

namespace motcua::engine {
namespace {

TEST(CatalogueTextTest, ParsesEveryKey) {
  const char* text = R"(# comment
[agency H55]
name = Ủy ban nhân dân tỉnh Mẫu
level = province
calendar = vn

[agency H55.30]
name = UBND huyện
level = district
parent = H55
valid_from = 2010-01-01
valid_until = 2025-07-01
successors = H55
calendar = vn

[procedure 1.012735 1]
name = Đăng ký đất đai lần đầu
field = DD | Đất đai
level = province
effective_from = 2024-08-01
effective_until = 2026-01-01
budget = 20 working_days
channels = direct online
result_by_post = yes
fee = Lệ phí | 100000
step = land registry | | 12 working_days
step = tax | H55 | 5 working_days
)";
  auto data = ParseCatalogueText(text);
  ASSERT_TRUE(data.ok()) << data.error().message;
  ASSERT_EQ(data->agencies.size(), 2u);
  const Agency& d = data->agencies[1];
  EXPECT_EQ(d.level, AgencyLevel::kDistrict);
  EXPECT_EQ(d.parent_code, "H55");
  EXPECT_EQ(d.valid_from, (CivilDate{2010, 1, 1}));
  EXPECT_EQ(d.valid_until, (CivilDate{2025, 7, 1}));
  EXPECT_EQ(d.successors, std::vector<std::string>{"H55"});
  ASSERT_EQ(data->procedures.size(), 1u);
  const Procedure& p = data->procedures[0];
  EXPECT_EQ(p.field_code, "DD");
  EXPECT_EQ(p.field_name, "Đất đai");
  EXPECT_EQ(p.budget, Budget::WorkingDays(20));
  EXPECT_EQ(p.channels, (ProcedureChannels{true, false, true}));
  EXPECT_TRUE(p.result_by_post);
  EXPECT_EQ(p.fees, (std::vector<Fee>{{"Lệ phí", 100000}}));
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.steps[0].agency_code, "");
  EXPECT_EQ(p.steps[1].agency_code, "H55");
  EXPECT_EQ(p.effective_until, (CivilDate{2026, 1, 1}));
  EXPECT_TRUE(Catalogue::Build(*data).ok());
}

// Issue 11: a procedure's own receipt cut-off (same-day certification,
// Decree 23/2015 Art. 7) and calendar-day budgets (Civil Code 2015
// Arts. 147-148).
TEST(CatalogueTextTest, ParsesReceiptCutoffAndCalendarDays) {
  const char* text = R"([procedure 2.000884 1]
name = Chứng thực chữ ký
field = CT | Chứng thực
level = commune
effective_from = 2016-01-01
budget = same_day
receipt_cutoff = 15:00
channels = direct

[procedure 1.000001 1]
name = Thủ tục tính theo ngày
field = KN | Khiếu nại
level = province
effective_from = 2016-01-01
budget = 30 calendar_days
channels = direct
step = lead | | 20 calendar_days
step = review | | 10 calendar_days
)";
  auto data = ParseCatalogueText(text);
  ASSERT_TRUE(data.ok()) << data.error().message;
  ASSERT_EQ(data->procedures.size(), 2u);
  EXPECT_EQ(data->procedures[0].receipt_cutoff_minute, 15 * 60);
  EXPECT_EQ(data->procedures[0].budget, Budget::SameDay());
  EXPECT_FALSE(data->procedures[1].receipt_cutoff_minute.has_value());
  EXPECT_EQ(data->procedures[1].budget, Budget::CalendarDays(30));
  EXPECT_EQ(data->procedures[1].steps[0].budget, Budget::CalendarDays(20));
  EXPECT_EQ(FormatBudget(Budget::CalendarDays(30)), "30 calendar days");
  EXPECT_EQ(BudgetText(Budget::CalendarDays(30)), "30 ngày");
  EXPECT_EQ(BudgetText(Budget::WorkingDays(20)), "20 ngày làm việc");
  EXPECT_EQ(BudgetText(Budget::SameDay()), "trong ngày");
  EXPECT_EQ(BudgetText(Budget::WorkingHours(8)), "8 giờ làm việc");
  EXPECT_TRUE(Catalogue::Build(*data).ok());
  for (const char* bad : {"15h", "25:00", "15:60", "3:00", "15:00:00", ""}) {
    SCOPED_TRACE(bad);
    auto r = ParseCatalogueText(
        std::string("[procedure 2.000884 1]\nreceipt_cutoff = ") + bad + "\n");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("receipt_cutoff: expected HH:MM"),
              std::string::npos)
        << r.error().message;
  }
}

TEST(CatalogueTextTest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* prefix;
  };
  const Case cases[] = {
      {"name = x\n", "line 1: key \"name\" before any section"},
      {"[agency H55]\nname = a\nname = b\n",
       "line 3: [agency H55]: key \"name\" given twice"},
      {"[agency H55]\nnme = a\n", "line 2: [agency H55]: unknown key \"nme\""},
      {"[agency H55]\nname = a\nlevel = province\n",
       "line 1: [agency H55]: missing key \"calendar\""},
      {"[agency H55]\nlevel = county\n",
       "line 2: [agency H55]: unknown agency level"},
      {"[procedure 1.001193]\n", "line 1: [procedure 1.001193]: expected"},
      {"[procedure 1.001193 1]\nbudget = 3 days\n",
       "line 2: [procedure 1.001193 1]: budget: expected"},
      {"[procedure 1.001193 1]\neffective_from = 2025-02-30\n",
       "line 2: [procedure 1.001193 1]: effective_from: expected YYYY-MM-DD"},
      {"[procedure 1.001193 1]\nstep = lead | 3 working_days\n",
       "line 2: [procedure 1.001193 1]: step: expected"},
      {"[procedure 1.001193 1]\nchannels = fax\n",
       "line 2: [procedure 1.001193 1]: unknown channel \"fax\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto data = ParseCatalogueText(c.text);
    ASSERT_FALSE(data.ok());
    EXPECT_EQ(data.error().message.rfind(c.prefix, 0), 0u)
        << data.error().message;
  }
}

TEST(CatalogueTextTest, ShippedSampleIsValidAndRich) {
  auto data = ParseCatalogueText(testing::kSampleCatalogue);
  ASSERT_TRUE(data.ok()) << data.error().message;
  auto cat = Catalogue::Build(*data);
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  EXPECT_GE(cat->procedures().size(), 20u);
  std::set<std::string> fields;
  int inter_agency = 0, province = 0, commune = 0;
  for (const auto& [key, p] : cat->procedures()) {
    fields.insert(p.field_code);
    inter_agency += p.inter_agency() ? 1 : 0;
    province += p.level == ProcedureLevel::kProvince ? 1 : 0;
    commune += p.level == ProcedureLevel::kCommune ? 1 : 0;
  }
  EXPECT_GE(fields.size(), 8u);
  EXPECT_GE(inter_agency, 3);
  EXPECT_GE(province, 5);
  EXPECT_GE(commune, 5);
  // The README's example submission works against the sample.
  EXPECT_TRUE(cat->FindAgency("000.00.31.H12", {2026, 1, 5}).ok());
  EXPECT_TRUE(cat->FindProcedure("1.001234", {2026, 1, 5}).ok());
  for (const auto& [code, a] : cat->agencies()) {
    SCOPED_TRACE(code);
    EXPECT_TRUE(a.calendar == "vn" || a.calendar == "ha-noi");
  }
}

// Found by tests/fuzz/catalogue_text_fuzz: an error message quoted a key
// with a stray byte, and ill-formed UTF-8 cannot travel in a gRPC message.
TEST(CatalogueTextTest, NonUtf8LineIsRefusedWithAUtf8Message) {
  auto r = ParseCatalogueText("[agency H55.10]\nname = S\xe1 T\xc6\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos);
  EXPECT_TRUE(IsWellFormedUtf8(r.error().message)) << r.error().message;
  r = ParseCatalogueText("[agency H55.10]\nnam\xff = x\n");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsWellFormedUtf8(r.error().message)) << r.error().message;
}

}  // namespace
}  // namespace motcua::engine

#include "adapters/postal/carrier_table.h"

#include <gtest/gtest.h>

namespace motcua::adapters {
namespace {

using engine::PostalEventKind;

TEST(CarrierTableTest, ShippedTableMapsEveryKind) {
  auto t = CarrierTable::Load(MOTCUA_POSTAL_DIR "/carrier_statuses.json");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->HasCarrier("vnpost"));
  for (int k = 0; k < engine::kPostalEventKindCount; ++k) {
    SCOPED_TRACE(k);
    bool found = false;
    for (const char* code :
         {"HCC-100", "HCC-200", "HCC-300", "HCC-400", "HCC-410", "HCC-500"}) {
      const CarrierStatus* s = t->Find("vnpost", code);
      ASSERT_NE(s, nullptr);
      found = found || s->kind == static_cast<PostalEventKind>(k);
    }
    EXPECT_TRUE(found);
  }
  const CarrierStatus* transit = t->Find("vnpost", "HCC-110");
  ASSERT_NE(transit, nullptr);
  EXPECT_FALSE(transit->kind.has_value());
  EXPECT_EQ(t->Find("vnpost", "HCC-999"), nullptr);
  EXPECT_EQ(t->Find("other", "HCC-100"), nullptr);
}

TEST(CarrierTableTest, RejectsBadTablesNamingThePath) {
  struct Case {
    const char* name;
    const char* text;
    const char* prefix;
  };
  const Case cases[] = {
      {"not json", "{", "not valid JSON"},
      {"format", R"({"format": 2, "carriers": {}})", "format:"},
      {"no carriers", R"({"format": 1})", "carriers:"},
      {"no statuses", R"({"format": 1, "carriers": {"vnpost": {}}})",
       "carriers.vnpost.statuses:"},
      {"unknown kind",
       R"({"format": 1, "carriers": {"vnpost": {"statuses": {"1": {"kind": "lost"}}}}})",
       "carriers.vnpost.statuses.1.kind:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = CarrierTable::Parse(c.text);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().message.rfind(c.prefix, 0), 0u) << t.error().message;
  }
}

TEST(CarrierSecretsTest, NeedsLongEnoughSecrets) {
  auto ok = ParseCarrierSecrets(R"({"vnpost": "0123456789abcdef"})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->at("vnpost"), "0123456789abcdef");
  EXPECT_FALSE(ParseCarrierSecrets(R"({"vnpost": "short"})").ok());
  EXPECT_FALSE(ParseCarrierSecrets(R"(["vnpost"])").ok());
}

}  // namespace
}  // namespace motcua::adapters

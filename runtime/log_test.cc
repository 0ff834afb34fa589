#include "runtime/log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace motcua::runtime {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { ConfigureLog(LogOptions()); }
};

TEST_F(LogTest, JsonLinesAreValidJsonWithTheFields) {
  std::ostringstream out;
  ConfigureLog({.format = LogFormat::kJson, .level = LogLevel::kInfo}, &out);
  Log(LogLevel::kInfo, "rpc",
      {{"method", "/motcua.v1.DossierService/GetDossier"},
       {"code", "OK"},
       {"millis", 1.5},
       {"count", 3},
       {"big", uint64_t{18446744073709551615u}},
       {"ok", true},
       {"odd", std::string_view("a\"b\\c\nd\x01\xff\xc3(")}});
  const std::string line = out.str();
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["event"], "rpc");
  EXPECT_EQ(j["method"], "/motcua.v1.DossierService/GetDossier");
  EXPECT_EQ(j["millis"], 1.5);
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["big"], 18446744073709551615u);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["odd"], "a\"b\\c\nd\x01\xef\xbf\xbd\xef\xbf\xbd(");
  const std::string time = j["time"];
  ASSERT_EQ(time.size(), 24u) << time;  // 2026-12-02T14:03:11.042Z
  EXPECT_EQ(time[10], 'T');
  EXPECT_EQ(time.back(), 'Z');
}

TEST_F(LogTest, LevelsBelowTheConfiguredOneAreDropped) {
  std::ostringstream out;
  ConfigureLog({.format = LogFormat::kText, .level = LogLevel::kWarn}, &out);
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));
  Log(LogLevel::kInfo, "quiet");
  Log(LogLevel::kDebug, "quieter");
  EXPECT_EQ(out.str(), "");
  Log(LogLevel::kError, "loud", {{"what", "disk"}});
  EXPECT_NE(out.str().find(" error loud what=disk\n"), std::string::npos)
      << out.str();
}

TEST_F(LogTest, TextQuotesValuesThatWouldBreakTheLine) {
  const LogField fields[] = {{"version", "0.4.0"},
                             {"data", "/var/lib/motcua data"},
                             {"empty", ""},
                             {"eq", "a=b"},
                             {"nl", "x\ny"}};
  EXPECT_EQ(FormatLogPayload(LogFormat::kText, "start", fields),
            "start version=0.4.0 data=\"/var/lib/motcua data\" empty=\"\" "
            "eq=\"a=b\" nl=\"x\\ny\"");
}

TEST_F(LogTest, NamesParse) {
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("warn"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("WARN"), std::nullopt);
  EXPECT_EQ(ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("xml"), std::nullopt);
  EXPECT_EQ(LogLevelName(LogLevel::kError), "error");
}

}  // namespace
}  // namespace motcua::runtime

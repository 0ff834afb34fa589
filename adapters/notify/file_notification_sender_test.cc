#include "adapters/notify/file_notification_sender.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

engine::Notification Sample(const std::string& id) {
  return {id,
          "H55.1-261125-0001",
          "received",
          "0912345678",
          "Hồ sơ H55.1-261125-0001 đã được tiếp nhận",
          "Ho so ... da duoc tiep nhan"};
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(FileNotificationSenderTest, DeliversOnceAndResumes) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/n.jsonl";
  {
    auto sender = FileNotificationSender::Open(path);
    ASSERT_TRUE(sender.ok());
    EXPECT_EQ(*(*sender)->LastDelivered(), 0u);
    ASSERT_TRUE((*sender)->Deliver(3, Sample("a/1")).ok());
    ASSERT_TRUE((*sender)->Deliver(7, Sample("a/2")).ok());
    ASSERT_TRUE((*sender)->Deliver(7, Sample("a/2")).ok());  // repeat: no-op
    EXPECT_EQ(*(*sender)->LastDelivered(), 0u);              // not durable yet
    ASSERT_TRUE((*sender)->Flush().ok());
    EXPECT_EQ(*(*sender)->LastDelivered(), 7u);
  }
  auto sender = FileNotificationSender::Open(path);
  ASSERT_TRUE(sender.ok());
  EXPECT_EQ(*(*sender)->LastDelivered(), 7u);
  const std::string text = Read(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_NE(text.find("\"seq\":7"), std::string::npos);
  EXPECT_NE(text.find("đã được tiếp nhận"), std::string::npos);
}

TEST(FileNotificationSenderTest, APartialLineFromACrashIsRedelivered) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/n.jsonl";
  std::ofstream(path) << "{\"seq\":1,\"id\":\"a/1\"}\n{\"seq\":2,\"id\":\"a/";
  auto sender = FileNotificationSender::Open(path);
  ASSERT_TRUE(sender.ok());
  EXPECT_EQ(*(*sender)->LastDelivered(), 1u);
  ASSERT_TRUE((*sender)->Deliver(2, Sample("a/2")).ok());
  ASSERT_TRUE((*sender)->Flush().ok());
  const std::string text = Read(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_EQ(text.find("\"id\":\"a/\n"), std::string::npos);
}

TEST(FileNotificationSenderTest, RedactsADossiersLinesInPlace) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/n.jsonl";
  auto sender = FileNotificationSender::Open(path);
  ASSERT_TRUE(sender.ok());
  engine::Notification quoted = Sample("H55.1-261125-0001/2");
  quoted.text = "Bà \"Ánh\" bổ sung\ngiấy tờ";  // escapes in the JSON
  ASSERT_TRUE((*sender)->Deliver(1, Sample("H55.1-261125-0001/1")).ok());
  ASSERT_TRUE((*sender)->Deliver(2, quoted).ok());
  engine::Notification other = Sample("H55.1-261125-0002/1");
  other.dossier_code = "H55.1-261125-0002";
  ASSERT_TRUE((*sender)->Deliver(3, other).ok());
  ASSERT_TRUE((*sender)->Flush().ok());
  const std::string before = Read(path);

  auto redacted = RedactNotifications(path, {"H55.1-261125-0001"});
  ASSERT_TRUE(redacted.ok());
  EXPECT_EQ(*redacted, 2u);
  const std::string after = Read(path);
  // Same length, same line breaks: a follower sees no change of size.
  EXPECT_EQ(after.size(), before.size());
  std::istringstream lines(after);
  std::string line;
  std::vector<nlohmann::json> parsed;
  while (std::getline(lines, line)) {
    parsed.push_back(nlohmann::json::parse(line));  // still valid JSON
  }
  ASSERT_EQ(parsed.size(), 3u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(parsed[i]["seq"], i + 1);
    EXPECT_EQ(parsed[i]["dossier_code"], "H55.1-261125-0001");
    EXPECT_EQ(parsed[i]["phone"].get<std::string>().find_first_not_of(' '),
              std::string::npos);
    EXPECT_EQ(parsed[i]["text"].get<std::string>().find_first_not_of(' '),
              std::string::npos);
  }
  EXPECT_EQ(parsed[2]["phone"], "0912345678");
  EXPECT_EQ(after.find("Ánh"), std::string::npos);

  // Again: nothing left to do. The sender appends after it as before.
  auto again = RedactNotifications(path, {"H55.1-261125-0001"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
  ASSERT_TRUE((*sender)->Deliver(4, Sample("H55.1-261125-0001/3")).ok());
  ASSERT_TRUE((*sender)->Flush().ok());
  auto reopened = FileNotificationSender::Open(path);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*(*reopened)->LastDelivered(), 4u);
  auto missing = RedactNotifications(dir.path() + "/missing.jsonl", {"x"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing, 0u);
}

}  // namespace
}  // namespace motcua::adapters

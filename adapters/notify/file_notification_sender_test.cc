#include "adapters/notify/file_notification_sender.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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

}  // namespace
}  // namespace motcua::adapters

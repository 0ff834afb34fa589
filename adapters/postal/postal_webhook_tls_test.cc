// The webhook over HTTPS: certificates made at test time, a raw TLS client
// that shows which certificate is served, and reload of changed files
// (checked on every accept here: tls_reload_seconds = 0).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "adapters/postal/postal_webhook_server.h"
#include "tests/fakes/temp_dir.h"
#include "tests/fakes/test_pki.h"

namespace motcua::adapters {
namespace {

class FixedClock : public engine::Clock {
 public:
  engine::Instant Now() const override { return engine::Instant{}; }
};

// No request these tests send reaches the sink.
class UnusedSink : public engine::PostalEventSink {
 public:
  void Record(engine::PostalCommand, Done done) override {
    done(engine::Internal("not used"));
  }
};

constexpr char kGet[] =
    "GET /v1/carriers/vnpost/events HTTP/1.1\r\nHost: motcua\r\n"
    "Connection: close\r\n\r\n";

// Plain TCP: sends `request`, returns what comes back before the close.
std::string PlainExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string received;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      write(fd, request.data(), request.size()) ==
          static_cast<ssize_t>(request.size())) {
    char buf[1024];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) {
      received.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  return received;
}

class WebhookTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::InstallKeyPair(ca_.IssueServer(100), cert_, key_);
  }

  engine::Result<uint16_t> Start() {
    auto table = CarrierTable::Load(MOTCUA_POSTAL_DIR "/carrier_statuses.json");
    if (!table.ok()) return table.error();
    PostalWebhookOptions options;
    options.auth.secrets = {{"vnpost", "vnpost-secret-0123456789"}};
    options.tls_cert_file = cert_;
    options.tls_key_file = key_;
    options.tls_reload_seconds = 0;
    server_ = std::make_unique<PostalWebhookServer>(options, sink_, clock_,
                                                    std::move(*table));
    return server_->Start();
  }

  testing::TempDir dir_;
  const std::string cert_ = dir_.path() + "/tls.crt";
  const std::string key_ = dir_.path() + "/tls.key";
  testing::TestCa ca_{"webhook test CA"};
  FixedClock clock_;
  UnusedSink sink_;
  std::unique_ptr<PostalWebhookServer> server_;
};

TEST_F(WebhookTlsTest, AnswersOverHttpsAndNotOverPlainHttp) {
  auto port = Start();
  ASSERT_TRUE(port.ok()) << port.error().message;
  auto reply = testing::TlsExchange(*port, ca_.cert_pem(), {.request = kGet});
  ASSERT_TRUE(reply.ok) << reply.error;
  EXPECT_EQ(reply.serial, "64");
  EXPECT_EQ(reply.received.substr(0, 12), "HTTP/1.1 405") << reply.received;
  // Keep-alive over TLS: two requests on one connection.
  const std::string keep_alive =
      "GET /nowhere HTTP/1.1\r\nHost: motcua\r\n\r\n"
      "GET /nowhere HTTP/1.1\r\nHost: motcua\r\nConnection: close\r\n\r\n";
  auto two =
      testing::TlsExchange(*port, ca_.cert_pem(), {.request = keep_alive});
  ASSERT_TRUE(two.ok) << two.error;
  EXPECT_EQ(two.received.find("HTTP/1.1 404"), 0u) << two.received;
  EXPECT_NE(two.received.find("HTTP/1.1 404", 12), std::string::npos)
      << two.received;

  // An answer sent before the request's end (the body is too large) still
  // reaches the client through TLS.
  const std::string large =
      "POST /v1/carriers/vnpost/events HTTP/1.1\r\nHost: motcua\r\n"
      "Content-Length: 100000\r\n\r\n" +
      std::string(100000, 'x');
  auto too_large =
      testing::TlsExchange(*port, ca_.cert_pem(), {.request = large});
  ASSERT_TRUE(too_large.ok) << too_large.error;
  EXPECT_EQ(too_large.received.substr(0, 12), "HTTP/1.1 413")
      << too_large.received;

  const std::string plain = PlainExchange(*port, kGet);
  EXPECT_EQ(plain.find("HTTP/1.1"), std::string::npos) << plain;
}

TEST_F(WebhookTlsTest, ChangedFilesAreServedToNewConnections) {
  auto port = Start();
  ASSERT_TRUE(port.ok()) << port.error().message;
  EXPECT_EQ(testing::TlsExchange(*port, ca_.cert_pem()).serial, "64");

  testing::InstallKeyPair(ca_.IssueServer(200), cert_, key_);
  EXPECT_EQ(testing::TlsExchange(*port, ca_.cert_pem()).serial, "C8");

  // Half-replaced (a new certificate, the old key): the last good pair
  // stays in use.
  testing::WriteFileAtomically(cert_, ca_.IssueServer(300).cert_pem);
  EXPECT_EQ(testing::TlsExchange(*port, ca_.cert_pem()).serial, "C8");
  testing::WriteFileAtomically(cert_, "not a certificate");
  EXPECT_EQ(testing::TlsExchange(*port, ca_.cert_pem()).serial, "C8");

  testing::InstallKeyPair(ca_.IssueServer(400), cert_, key_);
  EXPECT_EQ(testing::TlsExchange(*port, ca_.cert_pem()).serial, "0190");
}

TEST_F(WebhookTlsTest, StartRefusesFilesThatDoNotFitTogether) {
  testing::WriteFileAtomically(key_, ca_.IssueServer(101).key_pem);
  auto port = Start();
  ASSERT_FALSE(port.ok());
  EXPECT_NE(port.error().message.find("does not belong"), std::string::npos)
      << port.error().message;
}

}  // namespace
}  // namespace motcua::adapters

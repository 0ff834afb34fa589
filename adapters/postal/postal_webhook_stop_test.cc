// Stopping the webhook: open connections are closed at once, and a sink
// answer that arrives after the server is gone is dropped without touching
// it. (Before, Stop left every connection and its pending handlers in the
// stopped io_context: they held the runtime that held them, so nothing was
// ever closed or freed; the ASan build reports any leak or late use.)
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/postal/postal_webhook_server.h"
#include "engine/postal/postal_testing.h"

namespace motcua::adapters {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using engine::testing::At;

constexpr char kSecret[] = "vnpost-secret-0123456789";

class FixedClock : public engine::Clock {
 public:
  explicit FixedClock(engine::Instant t) : t_(t) {}
  engine::Instant Now() const override { return t_; }

 private:
  engine::Instant t_;
};

// Keeps every `done` until the test answers it, as a sequencer does while a
// batch commits.
class HoldingSink : public engine::PostalEventSink {
 public:
  void Record(engine::PostalCommand cmd, Done done) override {
    std::lock_guard<std::mutex> lock(mu_);
    held_.push_back(std::move(done));
    cv_.notify_all();
  }
  // Waits (bounded) until `n` reports are held.
  bool WaitForHeld(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10),
                        [&] { return held_.size() >= n; });
  }
  void AnswerAll() {
    std::vector<Done> held;
    {
      std::lock_guard<std::mutex> lock(mu_);
      held.swap(held_);
    }
    for (Done& done : held) {
      done(engine::PostalOutcome{false, "000.00.31.H12-250310-0001", 2});
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Done> held_;
};

class WebhookStopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = CarrierTable::Load(MOTCUA_POSTAL_DIR "/carrier_statuses.json");
    ASSERT_TRUE(table.ok()) << table.error().message;
    PostalWebhookOptions o;
    o.threads = 2;
    o.auth.secrets = {{"vnpost", kSecret}};
    server_ = std::make_unique<PostalWebhookServer>(o, sink_, clock_,
                                                    std::move(*table));
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    endpoint_ = {net::ip::make_address("127.0.0.1"), *port};
  }

  std::unique_ptr<beast::tcp_stream> Connect() {
    auto stream = std::make_unique<beast::tcp_stream>(ioc_);
    stream->connect(endpoint_);
    return stream;
  }
  // True when the server closes `stream` without sending a byte; false
  // when it answers or keeps it open for 10 s (bounded, so a server that
  // never closes fails the test instead of hanging it).
  static bool ClosedUnanswered(beast::tcp_stream& stream) {
    pollfd p{stream.socket().native_handle(), POLLIN, 0};
    if (poll(&p, 1, 10'000) != 1) {
      ADD_FAILURE() << "still open 10 s after Stop";
      return false;
    }
    char byte;
    const ssize_t n = recv(p.fd, &byte, 1, 0);
    if (n > 0) ADD_FAILURE() << "the server answered";
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }
  std::string SignedReport() const {
    const std::string body =
        R"({"carrier_event_id":"e","tracking_number":"EB100000001VN",)"
        R"("status":"HCC-200","event_time":"2025-03-10T09:00:00+07:00",)"
        R"("postal_worker":"B","officer":"H","record_number":"1"})";
    const std::string ts =
        std::to_string(clock_.Now() / engine::kMicrosPerSecond);
    http::request<http::string_body> req(http::verb::post,
                                         "/v1/carriers/vnpost/events", 11);
    req.set(http::field::host, "127.0.0.1");
    req.set("X-Motcua-Timestamp", ts);
    req.set("X-Motcua-Signature", SignWebhook(kSecret, ts, body));
    req.body() = body;
    req.prepare_payload();
    std::ostringstream out;
    out << req;
    return out.str();
  }

  FixedClock clock_{At(2025, 3, 24, 10, 0)};
  HoldingSink sink_;  // outlives server_
  std::unique_ptr<PostalWebhookServer> server_;
  net::io_context ioc_;
  net::ip::tcp::endpoint endpoint_;
};

TEST_F(WebhookStopTest, StopClosesOpenConnections) {
  auto idle = Connect();
  auto half = Connect();
  const std::string head = "POST /v1/carriers/vnpost/events HTTP/1.1\r\n";
  net::write(*half, net::buffer(head));
  // Both are accepted and waiting for a request before Stop: a third
  // connection's answer comes after theirs were accepted.
  {
    auto probe = Connect();
    net::write(*probe, net::buffer(std::string(
                           "GET /v1/carriers/vnpost/events HTTP/1.1\r\n"
                           "Host: x\r\n\r\n")));
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(*probe, buffer, res);
    EXPECT_EQ(res.result_int(), 405u);
  }

  server_->Stop();

  EXPECT_TRUE(ClosedUnanswered(*idle));
  EXPECT_TRUE(ClosedUnanswered(*half));
}

TEST_F(WebhookStopTest, SinkAnswerAfterTheServerIsGoneIsDropped) {
  auto waiting = Connect();
  net::write(*waiting, net::buffer(SignedReport()));
  ASSERT_TRUE(sink_.WaitForHeld(1));

  server_->Stop();
  // Closed unanswered: the carrier retries (the report is idempotent).
  EXPECT_TRUE(ClosedUnanswered(*waiting));
  server_.reset();

  // The answer finds the server gone: dropped, and the session it held is
  // freed with the last of the server.
  sink_.AnswerAll();
}

}  // namespace
}  // namespace motcua::adapters

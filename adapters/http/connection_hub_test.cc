// The listener and session every motcuad HTTP endpoint shares, with a
// minimal session that answers each request with its target. The webhook's
// and the gateway's own tests cover TLS, overload, draining and stop with
// answers pending; these pin the shared rules on their own.
#include "adapters/http/connection_hub.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "adapters/http/http_session.h"

namespace motcua::adapters {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

ThrottledLog& TestLog() {
  static ThrottledLog log("hub_test");
  return log;
}

template <class Stream>
class EchoSession : public HttpSession<EchoSession<Stream>, Stream> {
  using Base = HttpSession<EchoSession<Stream>, Stream>;
  friend Base;

 public:
  using Base::Base;

 private:
  void Handle(http::request<http::string_body> request) {
    if (request.target() == "/throw") throw std::runtime_error("boom");
    Send(200, std::string(request.target()));
  }
  void SendError(int status, std::string message) {
    Send(status, std::move(message));
  }
  void SendInternalError() { Send(500, "internal"); }
  void Send(int status, std::string body) {
    auto& response = this->NewResponse(status);
    response.body() = std::move(body);
    this->Write();
  }
};

class EchoHub : public ConnectionHub {
 public:
  explicit EchoHub(HubOptions options) : ConnectionHub(options, TestLog()) {}

 private:
  void NewSession(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
                  std::string address, const tcp::endpoint&) override {
    const SessionLimits limits{64, 1024, 431, 5};
    if (tls) {
      std::make_shared<EchoSession<TlsStream>>(
          std::move(socket), std::move(tls), shared_from_this(),
          std::move(address), limits)
          ->Start();
    } else {
      std::make_shared<EchoSession<PlainStream>>(std::move(socket), nullptr,
                                                 shared_from_this(),
                                                 std::move(address), limits)
          ->Start();
    }
  }
};

// One request on a connection of its own; the answer's status and body
// (status 0: the connection was closed unanswered).
struct Answer {
  int status = 0;
  std::string body;
};

Answer Ask(beast::tcp_stream& stream, const std::string& raw) {
  beast::error_code ec;
  net::write(stream, net::buffer(raw), ec);
  if (ec) return {};
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response, ec);
  if (ec) return {};
  return {static_cast<int>(response.result_int()), response.body()};
}

class ConnectionHubTest : public ::testing::Test {
 protected:
  void Listen(HubOptions options) {
    hub_ = std::make_shared<EchoHub>(options);
    auto port =
        hub_->Start({.address_name = "--test-listen", .address = "127.0.0.1"});
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }
  void TearDown() override {
    if (hub_) hub_->Stop();
  }
  std::unique_ptr<beast::tcp_stream> Connect() {
    auto stream = std::make_unique<beast::tcp_stream>(ioc_);
    stream->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    stream->expires_after(std::chrono::seconds(10));
    return stream;
  }

  net::io_context ioc_;
  std::shared_ptr<EchoHub> hub_;
  uint16_t port_ = 0;
};

TEST_F(ConnectionHubTest, AnswersKeepsAliveAndRefusesWhatItCannotRead) {
  Listen({});
  auto c = Connect();
  // Two requests on one connection: keep-alive.
  EXPECT_EQ(Ask(*c, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n").body, "/a");
  EXPECT_EQ(Ask(*c, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n").body, "/b");
  // A step that throws is answered 500 and the connection closes.
  EXPECT_EQ(Ask(*c, "GET /throw HTTP/1.1\r\nHost: x\r\n\r\n").status, 500);

  auto big = Connect();
  const Answer too_big =
      Ask(*big, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n" +
                    std::string(65, 'x'));
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(too_big.body, "the body is larger than 64 bytes");

  auto head = Connect();
  EXPECT_EQ(Ask(*head, "GET /a HTTP/1.1\r\nHost: x\r\nX-Long: " +
                           std::string(2000, 'h') + "\r\n\r\n")
                .status,
            431);

  auto malformed = Connect();
  const Answer bad = Ask(*malformed, "GET\xff / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.rfind("malformed HTTP request: ", 0), 0u) << bad.body;
}

TEST_F(ConnectionHubTest, CapsConnectionsPerAddressAndFreesTheSlotOnClose) {
  Listen({/*max_connections_per_address=*/2, /*accept_retry_millis=*/100});
  auto first = Connect();
  auto second = Connect();
  EXPECT_EQ(Ask(*first, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
  EXPECT_EQ(Ask(*second, "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
  // The third from the same address is closed unanswered.
  auto third = Connect();
  EXPECT_EQ(Ask(*third, "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n").status, 0);
  // Once one closes, its slot is free again.
  EXPECT_EQ(Ask(*first,
                "GET /x HTTP/1.1\r\nHost: x\r\n"
                "Connection: close\r\n\r\n")
                .status,
            200);
  first.reset();
  Answer again;
  for (int i = 0; i < 100 && again.status == 0; ++i) {
    auto fourth = Connect();
    again = Ask(*fourth, "GET /4 HTTP/1.1\r\nHost: x\r\n\r\n");
    if (again.status == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  EXPECT_EQ(again.status, 200);
}

TEST_F(ConnectionHubTest, StopClosesOpenConnectionsPromptly) {
  Listen({});
  auto idle = Connect();
  EXPECT_EQ(Ask(*idle, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
  auto half = Connect();  // a request that never ends
  net::write(*half, net::buffer(std::string("GET /a HTTP/1.1\r\n")));
  const auto begin = std::chrono::steady_clock::now();
  hub_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(2));
  EXPECT_EQ(Ask(*idle, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n").status, 0);
  // A stopped hub is not listening for new answers.
  beast::error_code ec;
  beast::tcp_stream late(ioc_);
  late.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
  EXPECT_TRUE(ec) << "connected after Stop";
}

TEST(ConnectionHubStartTest, ErrorsNameTheFlagAndTheListener) {
  auto hub = std::make_shared<EchoHub>(HubOptions{});
  auto tls = hub->Start({.address_name = "--http-listen",
                         .address = "127.0.0.1",
                         .who = "the webhook",
                         .tls_cert_file = "cert.pem"});
  ASSERT_FALSE(tls.ok());
  EXPECT_EQ(tls.error().code, engine::ErrorCode::kInvalidArgument);
  EXPECT_EQ(tls.error().message.rfind("the webhook's TLS certificate", 0), 0u)
      << tls.error().message;
  auto bad = hub->Start({.address_name = "--http-listen",
                         .address = "not-an-ip",
                         .who = "the gateway"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, engine::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message.rfind("--http-listen: not-an-ip: ", 0), 0u)
      << bad.error().message;
  EXPECT_FALSE(hub->listening());
}

}  // namespace
}  // namespace motcua::adapters

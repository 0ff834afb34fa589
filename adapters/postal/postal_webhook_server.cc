#include "adapters/postal/postal_webhook_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

namespace motcua::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// Shared by the server object, its sessions and the sink's pending `done`
// callbacks, so a late callback never touches a destroyed io_context.
class WebhookRuntime : public std::enable_shared_from_this<WebhookRuntime> {
 public:
  WebhookRuntime(PostalWebhookOptions o, engine::PostalEventSink& s,
                 const engine::Clock& c, CarrierTable t)
      : options(std::move(o)), sink(s), clock(c), table(std::move(t)) {}

  void Accept();

  const PostalWebhookOptions options;
  engine::PostalEventSink& sink;
  const engine::Clock& clock;
  const CarrierTable table;
  net::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::atomic<size_t> in_flight{0};
};

namespace {

constexpr std::string_view kPrefix = "/v1/carriers/";
constexpr std::string_view kSuffix = "/events";

// The carrier of "/v1/carriers/{carrier}/events", or empty.
std::string_view CarrierOf(std::string_view target) {
  if (target.substr(0, kPrefix.size()) != kPrefix) return {};
  target.remove_prefix(kPrefix.size());
  if (target.size() <= kSuffix.size() ||
      target.substr(target.size() - kSuffix.size()) != kSuffix) {
    return {};
  }
  target.remove_suffix(kSuffix.size());
  return target.find('/') == std::string_view::npos ? target
                                                    : std::string_view();
}

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<WebhookRuntime> rt)
      : stream_(std::move(socket)), rt_(std::move(rt)) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(rt_->options.max_body_bytes);
    stream_.expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return Send(ErrorReply(413, "invalid_argument", "",
                             "the body is larger than " +
                                 std::to_string(rt_->options.max_body_bytes) +
                                 " bytes"));
    }
    if (ec) return Close();
    Handle(parser_->release());
  }

  void Handle(http::request<http::string_body> req) {
    keep_alive_ = req.keep_alive();
    const std::string_view carrier = CarrierOf(View(req.target()));
    if (carrier.empty()) {
      return Send(ErrorReply(404, "not_found", "",
                             "no such endpoint; POST "
                             "/v1/carriers/{carrier}/events"));
    }
    if (req.method() != http::verb::post) {
      return Send(ErrorReply(405, "method_not_allowed", "", "use POST"));
    }
    const std::string& body = req.body();
    if (auto denied = Authenticate(
            rt_->options.auth, carrier, View(req["X-Motcua-Timestamp"]),
            View(req["X-Motcua-Signature"]), body, rt_->clock.Now())) {
      return Send(std::move(*denied));
    }
    auto parsed =
        ParseReport(rt_->table, carrier, body, rt_->options.client_id);
    if (auto* reply = std::get_if<HttpReply>(&parsed)) {
      return Send(std::move(*reply));
    }
    auto& cmd = std::get<engine::PostalCommand>(parsed);
    // Field rules before queueing: a bad report never waits for the writer.
    if (engine::Status s = engine::ValidatePostalCommand(cmd, rt_->clock.Now());
        !s.ok()) {
      return Send(ReplyFor(s.error(), cmd.report.kind));
    }
    if (rt_->in_flight.fetch_add(1) >= rt_->options.max_in_flight) {
      rt_->in_flight.fetch_sub(1);
      return Send(ErrorReply(429, "resource_exhausted", "",
                             "too many reports in flight; retry later"));
    }
    const engine::PostalEventKind kind = cmd.report.kind;
    rt_->sink.Record(std::move(cmd),
                     [self = shared_from_this(),
                      kind](engine::Result<engine::PostalOutcome> r) {
                       HttpReply reply = ReplyFor(r, kind);
                       net::post(self->stream_.get_executor(),
                                 [self, reply = std::move(reply)]() mutable {
                                   self->rt_->in_flight.fetch_sub(1);
                                   self->Send(std::move(reply));
                                 });
                     });
  }

  void Send(HttpReply reply) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<http::status>(reply.status));
    response_.set(http::field::content_type, "application/json");
    if (reply.status == 503 || reply.status == 429) {
      response_.set(http::field::retry_after, "5");
    }
    response_.keep_alive(keep_alive_);
    response_.body() = std::move(reply.body);
    response_.prepare_payload();
    stream_.expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec || !self->keep_alive_) return self->Close();
          self->Read();
        });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<WebhookRuntime> rt_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool keep_alive_ = false;
};

}  // namespace

void WebhookRuntime::Accept() {
  acceptor->async_accept(
      net::make_strand(ioc),
      [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !self->acceptor->is_open()) {
          return;
        }
        if (!ec) {
          std::make_shared<Session>(std::move(socket), self)->Read();
        }
        self->Accept();
      });
}

PostalWebhookServer::PostalWebhookServer(PostalWebhookOptions options,
                                         engine::PostalEventSink& sink,
                                         const engine::Clock& clock,
                                         CarrierTable table)
    : runtime_(std::make_shared<WebhookRuntime>(std::move(options), sink, clock,
                                                std::move(table))) {}

PostalWebhookServer::~PostalWebhookServer() { Stop(); }

engine::Result<uint16_t> PostalWebhookServer::Start() {
  WebhookRuntime& rt = *runtime_;
  if (rt.acceptor) return engine::Internal("the webhook is already started");
  beast::error_code ec;
  const auto address = net::ip::make_address(rt.options.address, ec);
  if (ec) {
    return engine::InvalidArgument("address: " + rt.options.address + ": " +
                                   ec.message());
  }
  tcp::acceptor acceptor(net::make_strand(rt.ioc));
  const tcp::endpoint endpoint(address, rt.options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return engine::Unavailable("cannot listen on " + rt.options.address + ":" +
                               std::to_string(rt.options.port) + ": " +
                               ec.message());
  }
  const uint16_t port = acceptor.local_endpoint().port();
  rt.acceptor.emplace(std::move(acceptor));
  rt.Accept();
  for (int i = 0; i < std::max(1, rt.options.threads); ++i) {
    threads_.emplace_back([rt = runtime_] { rt->ioc.run(); });
  }
  return port;
}

void PostalWebhookServer::Stop() {
  if (threads_.empty()) return;
  // Once no thread runs the io_context, closing the acceptor is safe; the
  // sessions are abandoned (their sockets close when the runtime goes).
  runtime_->ioc.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  beast::error_code ignored;
  runtime_->acceptor->close(ignored);
}

}  // namespace motcua::adapters

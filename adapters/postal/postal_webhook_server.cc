#include "adapters/postal/postal_webhook_server.h"

#include <algorithm>
#include <atomic>
#include <boost/beast/http.hpp>
#include <memory>
#include <variant>

#include "adapters/http/http_session.h"

namespace motcua::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

ThrottledLog& WebhookLog() {
  static ThrottledLog log("postal_webhook");
  return log;
}

}  // namespace

// The webhook's listener (connection_hub.h) and what its sessions share.
class WebhookRuntime : public ConnectionHub {
 public:
  WebhookRuntime(PostalWebhookOptions o, engine::PostalEventSink& s,
                 const engine::Clock& c, CarrierTable t)
      : ConnectionHub({o.max_connections_per_address, o.accept_retry_millis},
                      WebhookLog()),
        options(std::move(o)),
        sink(s),
        clock(c),
        table(std::move(t)) {}

  const PostalWebhookOptions options;
  engine::PostalEventSink& sink;
  const engine::Clock& clock;
  const CarrierTable table;
  std::atomic<size_t> in_flight{0};

 private:
  void NewSession(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
                  std::string address, const tcp::endpoint& peer) override;
};

namespace {

constexpr std::string_view kPrefix = "/v1/carriers/";
constexpr std::string_view kSuffix = "/events";

// The contract's error code ("bad_signature") of an error reply's JSON
// body: the message is left out, it may quote the report.
std::string ErrorCodeOf(std::string_view body) {
  constexpr std::string_view kCode = "\"code\":\"";
  const size_t at = body.find(kCode);
  if (at == std::string_view::npos) return "-";
  const size_t begin = at + kCode.size();
  const size_t end = body.find('"', begin);
  if (end == std::string_view::npos) return "-";
  return std::string(body.substr(begin, std::min<size_t>(end - begin, 64)));
}

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

// One carrier connection: requests are authenticated, parsed and handed to
// the sink; the answer waits for the sink's (durable) outcome.
template <class Stream>
class Session : public HttpSession<Session<Stream>, Stream> {
  using Base = HttpSession<Session<Stream>, Stream>;
  friend Base;

 public:
  Session(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
          std::shared_ptr<WebhookRuntime> rt, std::string address)
      : Base(std::move(socket), std::move(tls), rt, std::move(address),
             SessionLimits{rt->options.max_body_bytes, 8 * 1024, 400,
                           rt->options.request_timeout_seconds}),
        rt_(std::move(rt)) {}

 private:
  void SendError(int status, std::string message) {
    Send(ErrorReply(status, "invalid_argument", "", std::move(message)));
  }
  void SendInternalError() { Send(InternalErrorReply()); }

  void Handle(http::request<http::string_body> req) {
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
    auto parsed = ParseReport(rt_->table, carrier, body, rt_->options.client_id,
                              rt_->clock.Now());
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
    Record(std::move(cmd));
  }

  // Hands the command to the sink. Exactly one of the sink's `done` and a
  // throwing Record answers (and releases the in-flight slot): `claimed`
  // says which came first.
  void Record(engine::PostalCommand cmd) {
    const engine::PostalEventKind kind = cmd.report.kind;
    auto claimed = std::make_shared<std::atomic<bool>>(false);
    try {
      rt_->sink.Record(
          std::move(cmd), [self = this->shared_from_this(), kind,
                           claimed](engine::Result<engine::PostalOutcome> r) {
            if (claimed->exchange(true)) return;
            // Runs on the sink's thread (the sequencer): nothing may escape.
            try {
              HttpReply reply;
              try {
                reply = ReplyFor(r, kind);
              } catch (...) {
                WebhookLog().Exception(
                    "building the reply to a recorded report");
                reply = InternalErrorReply();
              }
              // After Stop the connection is closed: the reply is dropped.
              if (!self->rt_->Post(self->stream().get_executor(),
                                   [self, reply = std::move(reply)]() mutable {
                                     self->rt_->in_flight.fetch_sub(1);
                                     self->Guard("sending a reply", [&] {
                                       self->Send(std::move(reply));
                                     });
                                   })) {
                self->rt_->in_flight.fetch_sub(1);
              }
            } catch (...) {
              self->rt_->in_flight.fetch_sub(1);
              WebhookLog().Exception("posting the reply to a recorded report");
            }
          });
    } catch (...) {
      // `done` already ran: its reply is on the way.
      if (claimed->exchange(true)) {
        return WebhookLog().Exception("recording a report");
      }
      rt_->in_flight.fetch_sub(1);
      throw;
    }
  }

  void Send(HttpReply reply) {
    if (reply.status >= 400) {
      // Refused calls (bad signature, overload, ...), at most a line a
      // second: the body is the contract's error code, never report data.
      WebhookLog().Warn("refused a call from " + this->address() + ": " +
                        std::to_string(reply.status) + " " +
                        ErrorCodeOf(reply.body));
    }
    auto& response = this->NewResponse(reply.status);
    response.set(http::field::content_type, "application/json");
    if (reply.status == 503 || reply.status == 429) {
      response.set(http::field::retry_after, "5");
    }
    response.body() = std::move(reply.body);
    this->Write();
  }

  std::shared_ptr<WebhookRuntime> rt_;
};

}  // namespace

void WebhookRuntime::NewSession(tcp::socket socket,
                                std::shared_ptr<net::ssl::context> tls,
                                std::string address, const tcp::endpoint&) {
  auto self = std::static_pointer_cast<WebhookRuntime>(shared_from_this());
  if (tls) {
    std::make_shared<Session<TlsStream>>(std::move(socket), std::move(tls),
                                         std::move(self), std::move(address))
        ->Start();
  } else {
    std::make_shared<Session<PlainStream>>(std::move(socket), nullptr,
                                           std::move(self), std::move(address))
        ->Start();
  }
}

PostalWebhookServer::PostalWebhookServer(PostalWebhookOptions options,
                                         engine::PostalEventSink& sink,
                                         const engine::Clock& clock,
                                         CarrierTable table)
    : runtime_(std::make_shared<WebhookRuntime>(std::move(options), sink, clock,
                                                std::move(table))) {}

PostalWebhookServer::~PostalWebhookServer() { Stop(); }

engine::Result<uint16_t> PostalWebhookServer::Start() {
  const PostalWebhookOptions& o = runtime_->options;
  return runtime_->Start({.address_name = "address",
                          .address = o.address,
                          .port = o.port,
                          .threads = o.threads,
                          .who = "the webhook",
                          .tls_cert_file = o.tls_cert_file,
                          .tls_key_file = o.tls_key_file,
                          .tls_reload_seconds = o.tls_reload_seconds});
}

void PostalWebhookServer::Stop() { runtime_->Stop(); }

}  // namespace motcua::adapters

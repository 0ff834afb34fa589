#include "adapters/postal/postal_webhook_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "adapters/tls/server_tls_context.h"
#include "engine/common/text.h"
#include "runtime/log.h"

namespace motcua::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What Stop needs of an open connection (a Session of either stream type).
class WebhookConnection {
 public:
  virtual ~WebhookConnection() = default;
  // Closes the socket (its pending operations complete with an error). Only
  // while no thread runs the io_context.
  virtual void CloseSocket() noexcept = 0;
};

// Shared by the server object, its sessions and the sink's pending `done`
// callbacks, so a late callback never touches a destroyed io_context.
//
// Ownership: the io_context's queued handlers hold their session (and the
// runtime) until they run; a session holds the runtime. Handlers left queued
// in a stopped io_context would keep that cycle alive forever, so Stop
// closes the acceptor and every connection and runs the io_context once more
// until every handler has completed (CloseAndDrain); after that nothing is
// posted again (Post).
class WebhookRuntime : public std::enable_shared_from_this<WebhookRuntime> {
 public:
  WebhookRuntime(PostalWebhookOptions o, engine::PostalEventSink& s,
                 const engine::Clock& c, CarrierTable t)
      : options(std::move(o)), sink(s), clock(c), table(std::move(t)) {}

  void Accept();
  // Reads the TLS files and makes the context new connections use; the
  // error when they do not read or fit together (the context is kept).
  engine::Status LoadTls();
  // The context for a connection accepted now (null: plain HTTP), after
  // LoadTls when a check is due. On the acceptor's strand.
  std::shared_ptr<net::ssl::context> TlsContext();
  // Counts a connection from `address`; false when it is at the cap.
  bool Admit(const std::string& address);
  // Makes an admitted connection known to CloseAndDrain.
  void Track(const std::shared_ptr<WebhookConnection>& connection);
  // Forgets `connection` and uncounts its address (from its destructor).
  void Release(const std::string& address, WebhookConnection* connection);
  // Posts `handler` to `executor` unless Stop has begun; false when it has
  // (then `handler` is dropped). From any thread.
  template <class Executor, class Handler>
  bool Post(const Executor& executor, Handler&& handler) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    net::post(executor, std::forward<Handler>(handler));
    return true;
  }
  // True once Stop has begun: a closing session skips close_notify and
  // draining.
  bool stopping() const { return stopping_flag_.load(); }
  // With no thread running the io_context: refuses further posts, closes
  // the acceptor and every connection, and runs the io_context until every
  // queued handler has completed and released what it holds.
  void CloseAndDrain() noexcept;

  const PostalWebhookOptions options;
  engine::PostalEventSink& sink;
  const engine::Clock& clock;
  const CarrierTable table;
  net::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> accept_retry;  // on the acceptor's strand
  std::atomic<size_t> in_flight{0};

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void RetryAcceptLater();

  std::mutex mu_;
  std::unordered_map<std::string, size_t> connections_;  // guarded by mu_
  // Every session alive, for CloseAndDrain. Guarded by mu_.
  std::unordered_map<WebhookConnection*, std::weak_ptr<WebhookConnection>>
      open_;
  bool stopping_ = false;                   // guarded by mu_
  std::atomic<bool> stopping_flag_{false};  // stopping_, readable lock-free
  // Start, then the acceptor's strand. Empty: plain HTTP.
  std::optional<ServerTlsContext> tls_;
};

namespace {

constexpr std::string_view kPrefix = "/v1/carriers/";
constexpr std::string_view kSuffix = "/events";

// One stderr line, at most one a second: a flood of bad requests or failed
// accepts cannot flood the log. Never throws.
void LogFailure(std::string_view what) noexcept {
  static std::atomic<int64_t> next_ms{0};
  static std::atomic<uint64_t> suppressed{0};
  try {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t next = next_ms.load();
    if (now < next || !next_ms.compare_exchange_strong(next, now + 1000)) {
      suppressed.fetch_add(1);
      return;
    }
    const uint64_t n = suppressed.exchange(0);
    runtime::Log(runtime::LogLevel::kWarn, "postal_webhook",
                 {{"detail", what.substr(0, 600)}, {"held_back", n}});
  } catch (...) {
    // Nothing sensible is left to do when logging itself fails.
  }
}

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

void LogException(std::string_view where) noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    LogFailure(std::string(where) + ": " + e.what());
  } catch (...) {
    LogFailure(std::string(where) + ": unknown exception");
  }
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

// One connection: plain HTTP (Stream = beast::tcp_stream) or HTTPS
// (TlsStream: a handshake first, close_notify last).
template <class Stream>
class Session : public WebhookConnection,
                public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // `address` was admitted by rt->Admit; the session releases it. `tls` is
  // the context of a TlsStream session, null for plain HTTP.
  Session(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
          std::shared_ptr<WebhookRuntime> rt, std::string address)
      : rt_(std::move(rt)),
        tls_(std::move(tls)),
        stream_(MakeStream(std::move(socket), tls_.get())),
        address_(std::move(address)) {}
  ~Session() override { rt_->Release(address_, this); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void CloseSocket() noexcept override { Lowest().close(); }

  void Start() {
    rt_->Track(this->shared_from_this());
    if constexpr (kTls) {
      Guard("starting TLS", [this] {
        Lowest().expires_after(
            std::chrono::seconds(rt_->options.request_timeout_seconds));
        stream_.async_handshake(
            net::ssl::stream_base::server,
            [self = this->shared_from_this()](beast::error_code ec) {
              self->Guard("reading a request", [&] { self->OnHandshake(ec); });
            });
      });
    } else {
      secured_ = true;
      Guard("reading a request", [this] { Read(); });
    }
  }

 private:
  // Every step of a session runs here: whatever it throws is logged and
  // answered 500 when no reply has been started, else the connection closes.
  template <class F>
  void Guard(std::string_view where, F&& step) noexcept {
    try {
      step();
    } catch (...) {
      LogException(where);
      Fail();
    }
  }

  static Stream MakeStream(tcp::socket socket, net::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void OnHandshake(beast::error_code ec) {
    if (ec) {
      LogFailure("TLS handshake with " + address_ + " failed: " + ec.message());
      return CloseTcp(false);
    }
    secured_ = true;
    Read();
  }

  // A reply is possible only once TLS (if any) is up.
  void Fail() noexcept {
    if (!replying_ && secured_) {
      try {
        keep_alive_ = false;
        Send(InternalErrorReply());
        return;
      } catch (...) {
        LogException("answering 500");
      }
    }
    Close();
  }

  void Read() {
    replying_ = false;
    parser_.emplace();
    parser_->body_limit(rt_->options.max_body_bytes);
    Lowest().expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          self->Guard("handling a request", [&] { self->OnRead(ec); });
        });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      unread_input_ = true;
      return Send(ErrorReply(413, "invalid_argument", "",
                             "the body is larger than " +
                                 std::to_string(rt_->options.max_body_bytes) +
                                 " bytes"));
    }
    if (ec == http::error::header_limit) {
      keep_alive_ = false;
      unread_input_ = true;
      return Send(ErrorReply(400, "invalid_argument", "",
                             "the request line and headers are too large"));
    }
    // A request Beast cannot parse (bad method, target, version, header)
    // gets an answer; a connection that just ends or times out does not.
    if (ec &&
        ec.category() ==
            http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      keep_alive_ = false;
      unread_input_ = true;
      return Send(ErrorReply(400, "invalid_argument", "",
                             "malformed HTTP request: " + ec.message()));
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
                LogException("building the reply to a recorded report");
                reply = InternalErrorReply();
              }
              // After Stop the connection is closed: the reply is dropped.
              if (!self->rt_->Post(self->stream_.get_executor(),
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
              LogException("posting the reply to a recorded report");
            }
          });
    } catch (...) {
      // `done` already ran: its reply is on the way.
      if (claimed->exchange(true)) return LogException("recording a report");
      rt_->in_flight.fetch_sub(1);
      throw;
    }
  }

  void Send(HttpReply reply) {
    if (reply.status >= 400) {
      // Refused calls (bad signature, overload, ...), at most a line a
      // second: the body is the contract's error code, never report data.
      LogFailure("refused a call from " + address_ + ": " +
                 std::to_string(reply.status) + " " + ErrorCodeOf(reply.body));
    }
    replying_ = true;
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
    Lowest().expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    http::async_write(
        stream_, response_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->Close();
          if (!self->keep_alive_) {
            return self->unread_input_ ? self->Linger() : self->Close();
          }
          self->Guard("reading a request", [&] { self->Read(); });
        });
  }

  // After an answer sent before the request was read to its end: closing
  // with unread input would reset the connection, and the client could lose
  // the answer. Drain (bounded in bytes and time) until the client closes.
  void Linger() noexcept { End(true); }

  void Close() noexcept { End(false); }

  // TLS sends close_notify first, bounded by the timer (a peer that never
  // answers it cannot hold the session); then the TCP side is shut.
  void End(bool drain) noexcept {
    // Stopping: the socket is closed already, or is about to be.
    if (rt_->stopping()) return CloseSocket();
    if constexpr (kTls) {
      if (secured_ && !ending_) {
        ending_ = true;
        try {
          Lowest().expires_after(std::chrono::seconds(2));
          stream_.async_shutdown(
              [self = this->shared_from_this(), drain](beast::error_code) {
                self->CloseTcp(drain);
              });
          return;
        } catch (...) {
          LogException("closing a TLS connection");
        }
      }
    }
    CloseTcp(drain);
  }

  void CloseTcp(bool drain) noexcept {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!drain) return;
    try {
      Lowest().expires_after(std::chrono::seconds(2));
    } catch (...) {
      return LogException("draining a closed request");
    }
    DiscardInput();
  }

  // Reads below TLS: once close_notify is sent the bytes only need to go.
  void DiscardInput() noexcept {
    try {
      Lowest().async_read_some(
          net::buffer(discard_),
          [self = this->shared_from_this()](beast::error_code ec, size_t n) {
            self->discarded_ += n;
            if (!ec && self->discarded_ < kMaxDiscardBytes) {
              self->DiscardInput();
            }
          });
    } catch (...) {
      LogException("draining a closed request");
    }
  }

  // Declared first, destroyed last: stream_'s socket needs the runtime's
  // io_context, and this may be its last owner (a late sink answer).
  std::shared_ptr<WebhookRuntime> rt_;
  std::shared_ptr<net::ssl::context> tls_;  // outlives stream_
  Stream stream_;
  const std::string address_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool keep_alive_ = false;
  bool replying_ = false;      // a response was started for this request
  bool unread_input_ = false;  // answered before the request's end
  bool secured_ = false;       // plain HTTP, or the TLS handshake is done
  bool ending_ = false;        // close_notify is on its way
  static constexpr size_t kMaxDiscardBytes = 1 << 20;
  std::array<char, 4096> discard_;
  size_t discarded_ = 0;
};

}  // namespace

bool WebhookRuntime::Admit(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t& n = connections_[address];
  if (options.max_connections_per_address != 0 &&
      n >= options.max_connections_per_address) {
    if (n == 0) connections_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void WebhookRuntime::Track(
    const std::shared_ptr<WebhookConnection>& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.emplace(connection.get(), connection);
}

void WebhookRuntime::Release(const std::string& address,
                             WebhookConnection* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.erase(connection);
  auto it = connections_.find(address);
  if (it != connections_.end() && --it->second == 0) connections_.erase(it);
}

void WebhookRuntime::CloseAndDrain() noexcept {
  std::vector<std::shared_ptr<WebhookConnection>> sessions;
  try {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    stopping_flag_.store(true);
    sessions.reserve(open_.size());
    for (const auto& entry : open_) {
      // A session whose last owner is going away is already closing.
      if (auto connection = entry.second.lock()) {
        sessions.push_back(std::move(connection));
      }
    }
  } catch (...) {
    LogException("closing the webhook's connections");
  }
  beast::error_code ignored;
  try {
    if (accept_retry) accept_retry->cancel();
  } catch (...) {
    LogException("cancelling the accept retry");
  }
  if (acceptor) acceptor->close(ignored);
  for (const auto& connection : sessions) connection->CloseSocket();
  sessions.clear();
  // Every pending operation now completes at once with an error, and no
  // handler starts another wait (End closes without close_notify once
  // stopping), so this returns promptly.
  ioc.restart();
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (...) {
      LogException("draining the webhook at stop");
    }
  }
}

engine::Status WebhookRuntime::LoadTls() {
  if (!tls_) {
    tls_.emplace(options.tls_cert_file, options.tls_key_file,
                 options.tls_reload_seconds);
  }
  return tls_->Load();
}

std::shared_ptr<net::ssl::context> WebhookRuntime::TlsContext() {
  if (!tls_) return nullptr;
  return tls_->Current([](const std::string& e) { LogFailure(e); });
}

void WebhookRuntime::Accept() {
  acceptor->async_accept(
      net::make_strand(ioc),
      [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        self->OnAccept(ec, std::move(socket));
      });
}

void WebhookRuntime::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
  if (ec) {
    // Out of descriptors (EMFILE, ENFILE) or buffers, the connection stays
    // queued and accepting again at once fails again at once: a busy loop
    // that starves the process. Wait for descriptors to come back.
    LogFailure("accepting a connection failed: " + ec.message() +
               "; retrying in " + std::to_string(options.accept_retry_millis) +
               " ms");
    return RetryAcceptLater();
  }
  try {
    beast::error_code peer_ec;
    const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    if (!peer_ec) {
      std::string address = peer.address().to_string();
      if (!Admit(address)) {
        LogFailure("refused a connection from " + address + ": already " +
                   std::to_string(options.max_connections_per_address) +
                   " open from that address");
      } else if (auto tls = TlsContext()) {
        std::make_shared<Session<TlsStream>>(std::move(socket), std::move(tls),
                                             shared_from_this(),
                                             std::move(address))
            ->Start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(
            std::move(socket), nullptr, shared_from_this(), std::move(address))
            ->Start();
      }
    }
    // A refused or vanished peer's socket closes here.
  } catch (...) {
    LogException("accepting a connection");
  }
  try {
    Accept();
  } catch (...) {
    LogException("waiting for a connection");
    RetryAcceptLater();
  }
}

void WebhookRuntime::RetryAcceptLater() {
  try {
    accept_retry->expires_after(
        std::chrono::milliseconds(options.accept_retry_millis));
    accept_retry->async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec == net::error::operation_aborted || !self->acceptor->is_open()) {
        return;
      }
      try {
        self->Accept();
      } catch (...) {
        LogException("waiting for a connection");
        self->RetryAcceptLater();
      }
    });
  } catch (...) {
    LogException("scheduling the next accept; the webhook stops accepting");
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
  WebhookRuntime& rt = *runtime_;
  if (rt.acceptor) return engine::Internal("the webhook is already started");
  if (rt.options.tls_cert_file.empty() != rt.options.tls_key_file.empty()) {
    return engine::InvalidArgument(
        "the webhook's TLS certificate and key go together: give both or "
        "neither");
  }
  if (!rt.options.tls_cert_file.empty()) {
    if (engine::Status loaded = rt.LoadTls(); !loaded.ok()) {
      return loaded.error();
    }
  }
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
  rt.accept_retry.emplace(rt.acceptor->get_executor());
  rt.Accept();
  for (int i = 0; i < std::max(1, rt.options.threads); ++i) {
    threads_.emplace_back([rt = runtime_] {
      // Handlers catch their own exceptions; this is the last line, so that
      // nothing can reach std::terminate from an I/O thread. After an
      // exception, run() may be called again as it is.
      for (;;) {
        try {
          rt->ioc.run();
          return;
        } catch (...) {
          LogException("webhook I/O thread");
        }
      }
    });
  }
  return port;
}

void PostalWebhookServer::Stop() {
  if (threads_.empty()) return;
  // Once no thread runs the io_context, closing the acceptor and the
  // connections from here is safe.
  runtime_->ioc.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  runtime_->CloseAndDrain();
}

}  // namespace motcua::adapters

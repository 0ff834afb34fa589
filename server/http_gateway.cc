#include "server/http_gateway.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "adapters/tls/server_tls_context.h"
#include "engine/common/text.h"
#include "server/http_transcoding.h"

namespace motcua::services {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace pb = google::protobuf;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

// One stderr line, at most one a second. Never throws.
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
    const std::string line =
        "motcuad: http gateway: " + engine::QuoteText(what, 300) +
        (n == 0 ? std::string()
                : " (" + std::to_string(n) + " more since the last line)") +
        "\n";
    std::fputs(line.c_str(), stderr);
  } catch (...) {
  }
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

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

// What Stop needs of an open connection.
class GatewayConnection {
 public:
  virtual ~GatewayConnection() = default;
  virtual void CloseSocket() noexcept = 0;
};

// An answer ready to send.
struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // 405
};

Reply ErrorReply(const HttpError& e) {
  return {e.http_status, "application/json", ErrorJson(e.code, e.message, {}),
          e.allow};
}

Reply InternalErrorReply() {
  return {500,
          "application/json",
          ErrorJson(grpc::StatusCode::INTERNAL, "internal error", {}),
          {}};
}

// The caller's address as gRPC prints a peer, for CallerKey.
std::string PeerString(const tcp::endpoint& peer) {
  const net::ip::address a = peer.address();
  return a.is_v6()
             ? "ipv6:[" + a.to_string() + "]:" + std::to_string(peer.port())
             : "ipv4:" + a.to_string() + ":" + std::to_string(peer.port());
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

class StreamCall;

}  // namespace

class GatewayRuntime : public std::enable_shared_from_this<GatewayRuntime> {
 public:
  GatewayRuntime(HttpGatewayOptions o, std::shared_ptr<grpc::Channel> ch)
      : options(std::move(o)),
        channel(std::move(ch)),
        stub(channel),
        tls(options.tls_cert_file, options.tls_key_file,
            options.tls_reload_seconds) {}

  void Accept();
  bool Admit(const std::string& address);
  void Track(const std::shared_ptr<GatewayConnection>& connection);
  void Release(const std::string& address, GatewayConnection* connection);
  template <class Executor, class Handler>
  bool Post(const Executor& executor, Handler&& handler) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    net::post(executor, std::forward<Handler>(handler));
    return true;
  }
  bool stopping() const { return stopping_flag_.load(); }
  void CloseAndDrain() noexcept;
  // Streams open, cancelled by CancelStreams (at Stop).
  void TrackStream(const std::shared_ptr<StreamCall>& call);
  void CancelStreams() noexcept;

  const HttpGatewayOptions options;
  std::shared_ptr<grpc::Channel> channel;
  grpc::GenericStub stub;
  HttpRouter router;
  adapters::ServerTlsContext tls;
  bool use_tls = false;
  net::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> accept_retry;
  std::atomic<size_t> in_flight{0};

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void RetryAcceptLater();

  std::mutex mu_;
  std::unordered_map<std::string, size_t> connections_;  // guarded by mu_
  std::unordered_map<GatewayConnection*, std::weak_ptr<GatewayConnection>>
      open_;                                        // guarded by mu_
  bool stopping_ = false;                           // guarded by mu_
  std::atomic<bool> stopping_flag_{false};          // stopping_, lock-free
  std::vector<std::weak_ptr<StreamCall>> streams_;  // guarded by mu_
};

namespace {

// One gRPC call: what must live until its completion callback.
struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

// The reply message of `route` in `buffer`; null when it does not parse.
std::unique_ptr<pb::Message> ParseReply(const HttpRoute& route,
                                        grpc::ByteBuffer& buffer) {
  const pb::Message* prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(
          route.method->output_type());
  std::vector<grpc::Slice> slices;
  if (prototype == nullptr || !buffer.Dump(&slices).ok()) return nullptr;
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  std::unique_ptr<pb::Message> message(prototype->New());
  if (!message->ParseFromString(bytes)) return nullptr;
  return message;
}

// One server-streaming call (sent as a bidi stream with one message and a
// half-close, which is the same on the wire). Each message becomes a JSON
// line handed to on_line; the next one is read only once the line is
// written (ReadNext), so a slow HTTP client slows only its own stream.
// After each line exactly one of ReadNext and Abandon is called; a hold
// keeps OnDone back until the reads end (gRPC's rule for operations started
// outside the reactions). Keeps itself alive until OnDone, which hands the
// status to on_done and drops both callbacks.
class StreamCall
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  const HttpRoute* route = nullptr;
  std::function<void(std::string)> on_line;  // from a gRPC thread
  std::function<void(const grpc::Status&)> on_done;

  void Start(grpc::GenericStub& stub, std::shared_ptr<StreamCall> self) {
    self_ = std::move(self);
    stub.PrepareBidiStreamingCall(&context, route->grpc_method,
                                  grpc::StubOptions(), this);
    AddHold();
    StartWriteLast(&request, grpc::WriteOptions());
    StartRead(&response_);
    StartCall();
  }
  // The last line is written: read the next message.
  void ReadNext() { StartRead(&response_); }
  // No more reads (the client is gone, or stopping): cancel, let OnDone run.
  void Abandon() noexcept {
    context.TryCancel();
    ReleaseHold();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return ReleaseHold();  // the end: OnDone follows
    try {
      std::unique_ptr<pb::Message> message = ParseReply(*route, response_);
      if (message == nullptr) return Abandon();
      HttpAnswer answer = RenderResponse(*route, *message);
      on_line(std::move(answer.body) + "\n");
    } catch (...) {
      LogException("streaming a reply");
      Abandon();
    }
  }
  void OnDone(const grpc::Status& status) override {
    std::shared_ptr<StreamCall> keep = std::move(self_);
    try {
      on_done(status);
    } catch (...) {
      LogException("ending a stream");
    }
    on_line = nullptr;
    on_done = nullptr;
  }

 private:
  void ReleaseHold() noexcept {
    if (!released_.exchange(true)) RemoveHold();
  }

  grpc::ByteBuffer response_;
  std::atomic<bool> released_{false};
  std::shared_ptr<StreamCall> self_;  // until OnDone
};

template <class Stream>
class Session : public GatewayConnection,
                public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
          std::shared_ptr<GatewayRuntime> rt, std::string address,
          std::string peer)
      : rt_(std::move(rt)),
        tls_(std::move(tls)),
        stream_(MakeStream(std::move(socket), tls_.get())),
        address_(std::move(address)),
        peer_(std::move(peer)) {}
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

  void Fail() noexcept {
    if (!replying_ && secured_) {
      try {
        keep_alive_ = false;
        return Send(InternalErrorReply());
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
    parser_->header_limit(
        static_cast<std::uint32_t>(rt_->options.max_header_bytes));
    Lowest().expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          self->Guard("handling a request", [&] { self->OnRead(ec); });
        });
  }

  void OnRead(beast::error_code ec) {
    const auto refuse = [this](int status, std::string message) {
      keep_alive_ = false;
      unread_input_ = true;
      Send(ErrorReply(HttpError{
          status, grpc::StatusCode::INVALID_ARGUMENT, std::move(message), {}}));
    };
    if (ec == http::error::body_limit) {
      return refuse(413, "the body is larger than " +
                             std::to_string(rt_->options.max_body_bytes) +
                             " bytes");
    }
    if (ec == http::error::header_limit) {
      return refuse(431, "the request line and headers are larger than " +
                             std::to_string(rt_->options.max_header_bytes) +
                             " bytes");
    }
    if (ec &&
        ec.category() ==
            http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      return refuse(400, "malformed HTTP request: " + ec.message());
    }
    if (ec) return Close();
    Handle(parser_->release());
  }

  void Handle(http::request<http::string_body> req) {
    keep_alive_ = req.keep_alive();
    metadata_.clear();
    const size_t header_count =
        static_cast<size_t>(std::distance(req.begin(), req.end()));
    if (header_count > rt_->options.max_header_count) {
      keep_alive_ = false;
      return Send(ErrorReply(HttpError{
          431,
          grpc::StatusCode::INVALID_ARGUMENT,
          "more than " + std::to_string(rt_->options.max_header_count) +
              " header fields",
          {}}));
    }
    const std::string_view target = View(req.target());
    const size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    const std::string_view query =
        q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    auto found = rt_->router.Find(View(req.method_string()), path);
    if (auto* error = std::get_if<HttpError>(&found)) {
      return Send(ErrorReply(*error));
    }
    const HttpRouter::Found& match = std::get<HttpRouter::Found>(found);
    auto built = BuildRequest(match, query, req.body(),
                              View(req[http::field::content_type]),
                              {rt_->options.max_json_depth});
    if (auto* error = std::get_if<HttpError>(&built)) {
      return Send(ErrorReply(*error));
    }
    auto call = std::make_shared<Call>();
    const std::string_view auth = View(req[http::field::authorization]);
    if (!auth.empty()) {
      if (auth.size() > 8192 || !IsPrintableAscii(auth)) {
        return Send(ErrorReply(
            HttpError{401,
                      grpc::StatusCode::UNAUTHENTICATED,
                      "the Authorization header is not a bearer token",
                      {}}));
      }
      metadata_.emplace_back("authorization", std::string(auth));
    }
    // The caller's address for the lookup rate limit (caller_key.h).
    std::vector<std::string_view> forwarded;
    for (const auto& field : req) {
      if (beast::iequals(field.name_string(), "X-Forwarded-For")) {
        forwarded.push_back(View(field.value()));
      }
    }
    metadata_.emplace_back(
        "x-forwarded-for",
        CallerKey(peer_, forwarded, rt_->options.trusted_proxies));
    for (const auto& [key, value] : metadata_) {
      call->context.AddMetadata(key, value);
    }
    const std::string bytes =
        std::get<std::unique_ptr<pb::Message>>(built)->SerializeAsString();
    grpc::Slice slice(bytes);
    call->request = grpc::ByteBuffer(&slice, 1);
    if (rt_->in_flight.fetch_add(1) >= rt_->options.max_in_flight) {
      rt_->in_flight.fetch_sub(1);
      return Send(ErrorReply(HttpError{429,
                                       grpc::StatusCode::RESOURCE_EXHAUSTED,
                                       "too many calls in flight; retry later",
                                       {}}));
    }
    const HttpRoute* route = match.route;
    replying_ = true;  // the answer comes from the call
    if (route->server_streaming) return StartStream(route, *call);
    call->context.set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::seconds(rt_->options.call_timeout_seconds));
    rt_->stub.UnaryCall(
        &call->context, route->grpc_method, grpc::StubOptions(), &call->request,
        &call->response,
        [self = this->shared_from_this(), call, route](grpc::Status status) {
          // On a gRPC thread: nothing may escape.
          Reply reply;
          try {
            reply = ReplyFor(*route, status, call->response);
          } catch (...) {
            LogException("building the reply to a call");
            reply = InternalErrorReply();
          }
          try {
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
            LogException("posting the reply to a call");
          }
        });
  }

  static Reply ReplyFor(const HttpRoute& route, const grpc::Status& status,
                        grpc::ByteBuffer& response) {
    if (!status.ok()) {
      return {HttpStatusFor(status.error_code()),
              "application/json",
              ErrorJson(status.error_code(), status.error_message(),
                        status.error_details()),
              {}};
    }
    std::unique_ptr<pb::Message> message = ParseReply(route, response);
    if (message == nullptr) return InternalErrorReply();
    HttpAnswer answer = RenderResponse(route, *message);
    return {answer.http_status,
            std::move(answer.content_type),
            std::move(answer.body),
            {}};
  }

  // A server stream (StreamCall): the metadata of `unary` (credentials,
  // caller) move to the stream's context; no deadline.
  void StartStream(const HttpRoute* route, Call& unary) {
    auto call = std::make_shared<StreamCall>();
    for (const auto& [key, value] : metadata_) {
      call->context.AddMetadata(key, value);
    }
    call->request = unary.request;
    call->route = route;
    keep_alive_ = false;  // the stream ends the connection
    auto self = this->shared_from_this();
    StreamCall* raw = call.get();
    call->on_line = [self, raw](std::string line) {
      if (!self->rt_->Post(self->stream_.get_executor(),
                           [self, line = std::move(line)]() mutable {
                             try {
                               self->StreamLine(std::move(line));
                             } catch (...) {
                               LogException("streaming a reply");
                               self->StreamBroken();
                             }
                           })) {
        raw->Abandon();  // stopping
      }
    };
    call->on_done = [self](const grpc::Status& status) {
      if (!self->rt_->Post(self->stream_.get_executor(), [self, status] {
            self->rt_->in_flight.fetch_sub(1);
            self->Guard("ending a stream", [&] { self->StreamDone(status); });
          })) {
        self->rt_->in_flight.fetch_sub(1);
      }
    };
    stream_call_ = call;
    rt_->TrackStream(call);
    call->Start(rt_->stub, call);
  }

  void StreamLine(std::string line) {
    line_ = std::move(line);
    if (head_sent_) return WriteLine();
    head_sent_ = true;
    stream_head_ = {};
    stream_head_.version(11);
    stream_head_.result(http::status::ok);
    stream_head_.set(http::field::content_type, "application/x-ndjson");
    stream_head_.set(http::field::cache_control, "no-store");
    stream_head_.set("X-Content-Type-Options", "nosniff");
    stream_head_.keep_alive(false);
    stream_head_.chunked(true);
    head_serializer_.emplace(stream_head_);
    Lowest().expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    http::async_write_header(
        stream_, *head_serializer_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->StreamBroken();
          try {
            self->WriteLine();
          } catch (...) {
            LogException("streaming a reply");
            self->StreamBroken();
          }
        });
  }

  void WriteLine() {
    Lowest().expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    net::async_write(
        stream_, http::make_chunk(net::buffer(line_)),
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->StreamBroken();
          // Idle until the next message: no timer while nothing is sent.
          self->Lowest().expires_never();
          if (self->stream_call_) self->stream_call_->ReadNext();
        });
  }

  // The client is gone or too slow, or a line could not be written: the
  // call is cancelled (and the connection closed).
  void StreamBroken() noexcept {
    broken_ = true;
    if (stream_call_) stream_call_->Abandon();
    Close();
  }

  void StreamDone(const grpc::Status& status) {
    stream_call_.reset();
    if (!head_sent_) {
      // Nothing streamed: an ordinary answer.
      if (status.ok()) return Send({200, "application/x-ndjson", "", {}});
      return Send({HttpStatusFor(status.error_code()),
                   "application/json",
                   ErrorJson(status.error_code(), status.error_message(),
                             status.error_details()),
                   {}});
    }
    if (broken_) return;
    line_ = status.ok()
                ? std::string()
                : "{\"error\":" +
                      ErrorJson(status.error_code(), status.error_message(),
                                status.error_details()) +
                      "}\n";
    Lowest().expires_after(
        std::chrono::seconds(rt_->options.request_timeout_seconds));
    const auto last = [self = this->shared_from_this()](beast::error_code ec,
                                                        size_t) {
      if (ec) return self->Close();
      net::async_write(self->stream_, http::make_chunk_last(),
                       [self](beast::error_code, size_t) { self->Close(); });
    };
    if (line_.empty()) return last({}, 0);
    net::async_write(stream_, http::make_chunk(net::buffer(line_)), last);
  }

  void Send(Reply reply) {
    replying_ = true;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<http::status>(reply.status));
    response_.set(http::field::content_type, reply.content_type);
    response_.set(http::field::cache_control, "no-store");
    response_.set("X-Content-Type-Options", "nosniff");
    if (reply.status == 503 || reply.status == 429) {
      response_.set(http::field::retry_after, "5");
    }
    if (reply.status == 401) {
      response_.set(http::field::www_authenticate, "Bearer");
    }
    if (!reply.allow.empty()) response_.set(http::field::allow, reply.allow);
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

  void Linger() noexcept { End(true); }
  void Close() noexcept { End(false); }

  void End(bool drain) noexcept {
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
  // io_context, and this may be its last owner (a late call answer).
  std::shared_ptr<GatewayRuntime> rt_;
  std::shared_ptr<net::ssl::context> tls_;  // outlives stream_
  Stream stream_;
  const std::string address_;
  const std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  // The call's metadata (credentials, caller).
  std::vector<std::pair<std::string, std::string>> metadata_;
  // A server stream in progress.
  std::shared_ptr<StreamCall> stream_call_;
  http::response<http::empty_body> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> head_serializer_;
  std::string line_;  // the chunk being written
  bool head_sent_ = false;
  bool broken_ = false;
  bool keep_alive_ = false;
  bool replying_ = false;
  bool unread_input_ = false;
  bool secured_ = false;
  bool ending_ = false;
  static constexpr size_t kMaxDiscardBytes = 1 << 20;
  std::array<char, 4096> discard_;
  size_t discarded_ = 0;
};

}  // namespace

void GatewayRuntime::TrackStream(const std::shared_ptr<StreamCall>& call) {
  std::lock_guard<std::mutex> lock(mu_);
  // Forget the ended ones first: the list stays as long as the open ones.
  streams_.erase(std::remove_if(streams_.begin(), streams_.end(),
                                [](const std::weak_ptr<StreamCall>& s) {
                                  return s.expired();
                                }),
                 streams_.end());
  streams_.push_back(call);
}

void GatewayRuntime::CancelStreams() noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& weak : streams_) {
    if (auto call = weak.lock()) call->context.TryCancel();
  }
}

bool GatewayRuntime::Admit(const std::string& address) {
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

void GatewayRuntime::Track(
    const std::shared_ptr<GatewayConnection>& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.emplace(connection.get(), connection);
}

void GatewayRuntime::Release(const std::string& address,
                             GatewayConnection* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.erase(connection);
  auto it = connections_.find(address);
  if (it != connections_.end() && --it->second == 0) connections_.erase(it);
}

void GatewayRuntime::CloseAndDrain() noexcept {
  std::vector<std::shared_ptr<GatewayConnection>> sessions;
  try {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    stopping_flag_.store(true);
    sessions.reserve(open_.size());
    for (const auto& entry : open_) {
      if (auto connection = entry.second.lock()) {
        sessions.push_back(std::move(connection));
      }
    }
  } catch (...) {
    LogException("closing the gateway's connections");
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
  ioc.restart();
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (...) {
      LogException("draining the gateway at stop");
    }
  }
}

void GatewayRuntime::Accept() {
  acceptor->async_accept(
      net::make_strand(ioc),
      [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        self->OnAccept(ec, std::move(socket));
      });
}

void GatewayRuntime::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
  if (ec) {
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
      } else if (use_tls) {
        auto ctx = tls.Current([](const std::string& e) { LogFailure(e); });
        std::make_shared<Session<TlsStream>>(
            std::move(socket), std::move(ctx), shared_from_this(),
            std::move(address), PeerString(peer))
            ->Start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(
            std::move(socket), nullptr, shared_from_this(), std::move(address),
            PeerString(peer))
            ->Start();
      }
    }
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

void GatewayRuntime::RetryAcceptLater() {
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
    LogException("scheduling the next accept; the gateway stops accepting");
  }
}

HttpGateway::HttpGateway(HttpGatewayOptions options,
                         std::shared_ptr<grpc::Channel> channel)
    : runtime_(std::make_shared<GatewayRuntime>(std::move(options),
                                                std::move(channel))) {}

HttpGateway::~HttpGateway() { Stop(); }

engine::Result<uint16_t> HttpGateway::Start() {
  GatewayRuntime& rt = *runtime_;
  if (rt.acceptor) return engine::Internal("the gateway is already started");
  auto router = HttpRouter::Build(*pb::DescriptorPool::generated_pool(),
                                  rt.options.services);
  if (!router.ok()) return router.error();
  rt.router = std::move(*router);
  if (rt.options.tls_cert_file.empty() != rt.options.tls_key_file.empty()) {
    return engine::InvalidArgument(
        "the gateway's TLS certificate and key go together: give both or "
        "neither");
  }
  if (!rt.options.tls_cert_file.empty()) {
    if (engine::Status loaded = rt.tls.Load(); !loaded.ok()) {
      return loaded.error();
    }
    rt.use_tls = true;
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(rt.options.address, ec);
  if (ec) {
    return engine::InvalidArgument("--http-listen: " + rt.options.address +
                                   ": " + ec.message());
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
      for (;;) {
        try {
          rt->ioc.run();
          return;
        } catch (...) {
          LogException("gateway I/O thread");
        }
      }
    });
  }
  return port;
}

void HttpGateway::Stop() {
  if (threads_.empty()) return;
  runtime_->CancelStreams();
  runtime_->ioc.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  runtime_->CloseAndDrain();
}

engine::Result<int> StartHttpGateway(const std::string& listen,
                                     HttpGatewayOptions options,
                                     grpc::Server& server,
                                     std::unique_ptr<HttpGateway>* gateway) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const std::string_view digits = std::string_view(listen).substr(colon + 1);
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size()) port = -1;
  }
  if (colon == std::string::npos || port < 0 || port > 65535) {
    return engine::InvalidArgument("--http-listen: expected HOST:PORT, got " +
                                   engine::QuoteText(listen));
  }
  std::string host = listen.substr(0, colon);
  if (host == "localhost") host = "127.0.0.1";
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  options.address = std::move(host);
  options.port = static_cast<uint16_t>(port);
  grpc::ChannelArguments args;
  // Replies as large as the gRPC listener sends (GetForm06 files).
  args.SetMaxReceiveMessageSize(-1);
  *gateway = std::make_unique<HttpGateway>(std::move(options),
                                           server.InProcessChannel(args));
  auto bound = (*gateway)->Start();
  if (!bound.ok()) return bound.error();
  return static_cast<int>(*bound);
}

}  // namespace motcua::services

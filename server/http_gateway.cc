#include "server/http_gateway.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <boost/beast/http.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "adapters/http/http_session.h"
#include "engine/common/text.h"
#include "server/http_transcoding.h"
#include "services/network_address.h"

namespace motcua::services {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace pb = google::protobuf;
using tcp = net::ip::tcp;
using adapters::HttpSession;
using adapters::PlainStream;
using adapters::TlsStream;

namespace {

adapters::ThrottledLog& GatewayLog() {
  static adapters::ThrottledLog log("http_gateway");
  return log;
}

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

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

// The gateway's listener (adapters/http/connection_hub.h) and what its
// sessions share.
class GatewayRuntime : public adapters::ConnectionHub {
 public:
  GatewayRuntime(HttpGatewayOptions o, std::shared_ptr<grpc::Channel> ch)
      : ConnectionHub({o.max_connections_per_address, o.accept_retry_millis},
                      GatewayLog()),
        options(std::move(o)),
        channel(std::move(ch)),
        stub(channel) {}

  // Streams open, cancelled when the gateway stops.
  void TrackStream(const std::shared_ptr<StreamCall>& call);

  const HttpGatewayOptions options;
  std::shared_ptr<grpc::Channel> channel;
  grpc::GenericStub stub;
  HttpRouter router;
  std::atomic<size_t> in_flight{0};

 private:
  void NewSession(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
                  std::string address, const tcp::endpoint& peer) override;
  void BeforeStop() noexcept override;

  std::mutex mu_;
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
      GatewayLog().Exception("streaming a reply");
      Abandon();
    }
  }
  void OnDone(const grpc::Status& status) override {
    std::shared_ptr<StreamCall> keep = std::move(self_);
    try {
      on_done(status);
    } catch (...) {
      GatewayLog().Exception("ending a stream");
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

// One HTTP connection: each request becomes a call of the route's gRPC
// method through the in-process channel; a server stream is sent as NDJSON.
template <class Stream>
class Session : public HttpSession<Session<Stream>, Stream> {
  using Base = HttpSession<Session<Stream>, Stream>;
  friend Base;

 public:
  Session(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
          std::shared_ptr<GatewayRuntime> rt, std::string address,
          std::string peer)
      : Base(std::move(socket), std::move(tls), rt, std::move(address),
             adapters::SessionLimits{rt->options.max_body_bytes,
                                     rt->options.max_header_bytes, 431,
                                     rt->options.request_timeout_seconds}),
        rt_(std::move(rt)),
        peer_(std::move(peer)) {}

 private:
  void SendError(int status, std::string message) {
    Send(ErrorReply(HttpError{
        status, grpc::StatusCode::INVALID_ARGUMENT, std::move(message), {}}));
  }
  void SendInternalError() { Send(InternalErrorReply()); }

  void Handle(http::request<http::string_body> req) {
    metadata_.clear();
    const size_t header_count =
        static_cast<size_t>(std::distance(req.begin(), req.end()));
    if (header_count > rt_->options.max_header_count) {
      this->keep_alive_ = false;
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
    this->replying_ = true;  // the answer comes from the call
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
            GatewayLog().Exception("building the reply to a call");
            reply = InternalErrorReply();
          }
          try {
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
            GatewayLog().Exception("posting the reply to a call");
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
    this->keep_alive_ = false;  // the stream ends the connection
    auto self = this->shared_from_this();
    StreamCall* raw = call.get();
    call->on_line = [self, raw](std::string line) {
      if (!self->rt_->Post(self->stream().get_executor(),
                           [self, line = std::move(line)]() mutable {
                             try {
                               self->StreamLine(std::move(line));
                             } catch (...) {
                               GatewayLog().Exception("streaming a reply");
                               self->StreamBroken();
                             }
                           })) {
        raw->Abandon();  // stopping
      }
    };
    call->on_done = [self](const grpc::Status& status) {
      if (!self->rt_->Post(self->stream().get_executor(), [self, status] {
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
    this->RestartTimer();
    http::async_write_header(
        this->stream(), *head_serializer_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->StreamBroken();
          try {
            self->WriteLine();
          } catch (...) {
            GatewayLog().Exception("streaming a reply");
            self->StreamBroken();
          }
        });
  }

  void WriteLine() {
    this->RestartTimer();
    net::async_write(
        this->stream(), http::make_chunk(net::buffer(line_)),
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
    this->Close();
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
    this->RestartTimer();
    const auto last = [self = this->shared_from_this()](beast::error_code ec,
                                                        size_t) {
      if (ec) return self->Close();
      net::async_write(self->stream(), http::make_chunk_last(),
                       [self](beast::error_code, size_t) { self->Close(); });
    };
    if (line_.empty()) return last({}, 0);
    net::async_write(this->stream(), http::make_chunk(net::buffer(line_)),
                     last);
  }

  void Send(Reply reply) {
    auto& response = this->NewResponse(reply.status);
    response.set(http::field::content_type, reply.content_type);
    response.set(http::field::cache_control, "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    if (reply.status == 503 || reply.status == 429) {
      response.set(http::field::retry_after, "5");
    }
    if (reply.status == 401) {
      response.set(http::field::www_authenticate, "Bearer");
    }
    if (!reply.allow.empty()) response.set(http::field::allow, reply.allow);
    response.body() = std::move(reply.body);
    this->Write();
  }

  std::shared_ptr<GatewayRuntime> rt_;
  const std::string peer_;
  // The call's metadata (credentials, caller).
  std::vector<std::pair<std::string, std::string>> metadata_;
  // A server stream in progress.
  std::shared_ptr<StreamCall> stream_call_;
  http::response<http::empty_body> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> head_serializer_;
  std::string line_;  // the chunk being written
  bool head_sent_ = false;
  bool broken_ = false;
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

void GatewayRuntime::BeforeStop() noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& weak : streams_) {
    if (auto call = weak.lock()) call->context.TryCancel();
  }
}

void GatewayRuntime::NewSession(tcp::socket socket,
                                std::shared_ptr<net::ssl::context> tls,
                                std::string address,
                                const tcp::endpoint& peer) {
  auto self = std::static_pointer_cast<GatewayRuntime>(shared_from_this());
  if (tls) {
    std::make_shared<Session<TlsStream>>(std::move(socket), std::move(tls),
                                         std::move(self), std::move(address),
                                         PeerString(peer))
        ->Start();
  } else {
    std::make_shared<Session<PlainStream>>(std::move(socket), nullptr,
                                           std::move(self), std::move(address),
                                           PeerString(peer))
        ->Start();
  }
}

HttpGateway::HttpGateway(HttpGatewayOptions options,
                         std::shared_ptr<grpc::Channel> channel)
    : runtime_(std::make_shared<GatewayRuntime>(std::move(options),
                                                std::move(channel))) {}

HttpGateway::~HttpGateway() { Stop(); }

engine::Result<uint16_t> HttpGateway::Start() {
  GatewayRuntime& rt = *runtime_;
  if (rt.listening()) return engine::Internal("the gateway is already started");
  auto router = HttpRouter::Build(*pb::DescriptorPool::generated_pool(),
                                  rt.options.services);
  if (!router.ok()) return router.error();
  rt.router = std::move(*router);
  return rt.Start({.address_name = "--http-listen",
                   .address = rt.options.address,
                   .port = rt.options.port,
                   .threads = rt.options.threads,
                   .who = "the gateway",
                   .tls_cert_file = rt.options.tls_cert_file,
                   .tls_key_file = rt.options.tls_key_file,
                   .tls_reload_seconds = rt.options.tls_reload_seconds});
}

void HttpGateway::Stop() { runtime_->Stop(); }

engine::Result<int> StartHttpGateway(const std::string& listen,
                                     HttpGatewayOptions options,
                                     grpc::Server& server,
                                     std::unique_ptr<HttpGateway>* gateway) {
  const std::optional<ListenAddress> address = ParseListenAddress(listen);
  if (!address) {
    return engine::InvalidArgument("--http-listen: expected HOST:PORT, got " +
                                   engine::QuoteText(listen));
  }
  options.address = address->host;
  options.port = address->port;
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

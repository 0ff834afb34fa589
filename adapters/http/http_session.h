// HttpSession<Derived, Stream>: one HTTP/1.1 connection of a ConnectionHub,
// plain (Stream = PlainStream) or HTTPS (TlsStream: a handshake first,
// close_notify last), with what every motcuad listener needs around the
// requests it answers: bounded reads (body, head, time), an answer for a
// request that cannot be read (too large, malformed), keep-alive, no
// exception escaping a step (logged, answered 500 while an answer is still
// possible, else the connection closes), and a close that lets the client
// read an answer sent before its request ended (bounded draining).
//
// Derived (CRTP) answers the requests; it befriends its base and provides:
//   void Handle(http::request<http::string_body> request);
//       a complete request (keep_alive_ already set from it); answers with
//       NewResponse + Write, now or later (Post to stream().get_executor()).
//   void SendError(int status, std::string message);
//       the answer to a request that could not be read (413, the head-limit
//       status, 400); the connection closes after it.
//   void SendInternalError();  // 500, after a step threw
//
// Thread safety: every step runs on the session's strand (the executor its
// socket was accepted on); answers from other threads are posted there.
//
// Example: adapters/postal/postal_webhook_server.cc, server/http_gateway.cc.
#pragma once

#include <array>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "adapters/http/connection_hub.h"

namespace motcua::adapters {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

struct SessionLimits {
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 8 * 1024;  // request line and headers
  int head_too_large_status = 431;     // the answer when they are larger
  int64_t request_timeout_seconds = 30;
};

template <class Derived, class Stream>
class HttpSession : public HubConnection,
                    public std::enable_shared_from_this<Derived> {
 protected:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response =
      boost::beast::http::response<boost::beast::http::string_body>;

 public:
  // `address` was admitted by hub->Admit; the session releases it. `tls` is
  // the context of a TlsStream session, null for plain HTTP.
  HttpSession(boost::asio::ip::tcp::socket socket,
              std::shared_ptr<boost::asio::ssl::context> tls,
              std::shared_ptr<ConnectionHub> hub, std::string address,
              SessionLimits limits)
      : hub_(std::move(hub)),
        tls_(std::move(tls)),
        stream_(MakeStream(std::move(socket), tls_.get())),
        address_(std::move(address)),
        limits_(limits) {}
  ~HttpSession() override { hub_->Release(address_, this); }
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void CloseSocket() noexcept override { Lowest().close(); }

  // Registers with the hub and reads the first request (after the TLS
  // handshake).
  void Start() {
    hub_->Track(this->shared_from_this());
    if constexpr (kTls) {
      Guard("starting TLS", [this] {
        RestartTimer();
        stream_.async_handshake(
            boost::asio::ssl::stream_base::server,
            [self = this->shared_from_this()](boost::beast::error_code ec) {
              self->Guard("reading a request", [&] { self->OnHandshake(ec); });
            });
      });
    } else {
      secured_ = true;
      Guard("reading a request", [this] { Read(); });
    }
  }

 protected:
  // Every step of a session runs here: whatever it throws is logged and
  // answered 500 when no answer has been started, else the connection
  // closes.
  template <class F>
  void Guard(std::string_view where, F&& step) noexcept {
    try {
      step();
    } catch (...) {
      hub_->log.Exception(where);
      Fail();
    }
  }

  // A fresh response to fill in (status and HTTP/1.1 set) and Write.
  Response& NewResponse(int status) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<boost::beast::http::status>(status));
    return response_;
  }

  // Sends the response NewResponse made (keep-alive as keep_alive_), then
  // reads the next request or closes.
  void Write() {
    replying_ = true;
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    RestartTimer();
    boost::beast::http::async_write(
        stream_, response_,
        [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
          if (ec) return self->Close();
          if (!self->keep_alive_) {
            return self->unread_input_ ? self->Linger() : self->Close();
          }
          self->Guard("reading a request", [&] { self->Read(); });
        });
  }

  // The time a request, an answer or a handshake may take from now.
  void RestartTimer() {
    Lowest().expires_after(
        std::chrono::seconds(limits_.request_timeout_seconds));
  }

  // Ends the connection: TLS sends close_notify first, bounded by a timer
  // (a peer that never answers it cannot hold the session); then the TCP
  // side is shut.
  void Close() noexcept { End(false); }

  Stream& stream() { return stream_; }
  boost::beast::tcp_stream& Lowest() {
    return boost::beast::get_lowest_layer(stream_);
  }
  const std::string& address() const { return address_; }

  bool keep_alive_ = false;
  bool replying_ = false;  // an answer was started for this request

 private:
  Derived& derived() { return static_cast<Derived&>(*this); }

  static Stream MakeStream(boost::asio::ip::tcp::socket socket,
                           boost::asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  void OnHandshake(boost::beast::error_code ec) {
    if (ec) {
      hub_->log.Warn("TLS handshake with " + address_ +
                     " failed: " + ec.message());
      return CloseTcp(false);
    }
    secured_ = true;
    Read();
  }

  // An answer is possible only once TLS (if any) is up.
  void Fail() noexcept {
    if (!replying_ && secured_) {
      try {
        keep_alive_ = false;
        derived().SendInternalError();
        return;
      } catch (...) {
        hub_->log.Exception("answering 500");
      }
    }
    Close();
  }

  void Read() {
    replying_ = false;
    parser_.emplace();
    parser_->body_limit(limits_.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    RestartTimer();
    boost::beast::http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](boost::beast::error_code ec, size_t) {
          self->Guard("handling a request", [&] { self->OnRead(ec); });
        });
  }

  void OnRead(boost::beast::error_code ec) {
    namespace http = boost::beast::http;
    if (ec == http::error::body_limit) {
      return Refuse(413, "the body is larger than " +
                             std::to_string(limits_.max_body_bytes) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return Refuse(limits_.head_too_large_status,
                    "the request line and headers are larger than " +
                        std::to_string(limits_.max_header_bytes) + " bytes");
    }
    // A request Beast cannot parse (bad method, target, version, header)
    // gets an answer; a connection that just ends or times out does not.
    if (ec &&
        ec.category() ==
            http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      return Refuse(400, "malformed HTTP request: " + ec.message());
    }
    if (ec) return Close();
    Request request = parser_->release();
    keep_alive_ = request.keep_alive();
    derived().Handle(std::move(request));
  }

  // The request was not read to its end: answer, then close.
  void Refuse(int status, std::string message) {
    keep_alive_ = false;
    unread_input_ = true;
    derived().SendError(status, std::move(message));
  }

  // After an answer sent before the request was read to its end: closing
  // with unread input would reset the connection, and the client could lose
  // the answer. Drain (bounded in bytes and time) until the client closes.
  void Linger() noexcept { End(true); }

  void End(bool drain) noexcept {
    // Stopping: the socket is closed already, or is about to be.
    if (hub_->stopping()) return CloseSocket();
    if constexpr (kTls) {
      if (secured_ && !ending_) {
        ending_ = true;
        try {
          Lowest().expires_after(std::chrono::seconds(2));
          stream_.async_shutdown(
              [self = this->shared_from_this(),
               drain](boost::beast::error_code) { self->CloseTcp(drain); });
          return;
        } catch (...) {
          hub_->log.Exception("closing a TLS connection");
        }
      }
    }
    CloseTcp(drain);
  }

  void CloseTcp(bool drain) noexcept {
    boost::beast::error_code ignored;
    Lowest().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send,
                               ignored);
    if (!drain) return;
    try {
      Lowest().expires_after(std::chrono::seconds(2));
    } catch (...) {
      return hub_->log.Exception("draining a closed request");
    }
    DiscardInput();
  }

  // Reads below TLS: once close_notify is sent the bytes only need to go.
  void DiscardInput() noexcept {
    try {
      Lowest().async_read_some(
          boost::asio::buffer(discard_),
          [self = this->shared_from_this()](boost::beast::error_code ec,
                                            size_t n) {
            self->discarded_ += n;
            if (!ec && self->discarded_ < kMaxDiscardBytes) {
              self->DiscardInput();
            }
          });
    } catch (...) {
      hub_->log.Exception("draining a closed request");
    }
  }

  // Declared first, destroyed last: stream_'s socket needs the hub's
  // io_context, and this may be its last owner (a late answer).
  std::shared_ptr<ConnectionHub> hub_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // outlives stream_
  Stream stream_;
  const std::string address_;
  const SessionLimits limits_;
  boost::beast::flat_buffer buffer_;
  std::optional<
      boost::beast::http::request_parser<boost::beast::http::string_body>>
      parser_;
  Response response_;
  bool unread_input_ = false;  // answered before the request's end
  bool secured_ = false;       // plain HTTP, or the TLS handshake is done
  bool ending_ = false;        // close_notify is on its way
  static constexpr size_t kMaxDiscardBytes = 1 << 20;
  std::array<char, 4096> discard_;
  size_t discarded_ = 0;
};

}  // namespace motcua::adapters

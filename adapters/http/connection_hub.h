// ConnectionHub: what every Beast HTTP/1.1 listener of motcuad shares (the
// postal webhook, the HTTP/JSON gateway): its own Asio io_context and
// threads, the acceptor (with a pause after a failed accept, so that running
// out of file descriptors cannot become a busy loop), a cap on open
// connections per IP address, the TLS context (files re-read when due), the
// registry of open sessions, and a stop that closes every connection and
// runs the io_context until every queued handler has released what it holds.
// A listener derives from it and makes its sessions in NewSession;
// http_session.h is the session half.
//
// Ownership: the io_context's queued handlers hold their session (and the
// hub) until they run; a session holds the hub. Handlers left queued in a
// stopped io_context would keep that cycle alive forever, so Stop closes the
// acceptor and every connection and runs the io_context once more until
// every handler has completed; after that nothing is posted again (Post).
//
// Thread safety: Start/Stop from one thread; Post, Admit, Track, Release
// and stopping from any.
//
// Example:
//   class MyHub : public ConnectionHub { ... NewSession(...) override; };
//   auto hub = std::make_shared<MyHub>(...);
//   auto port = hub->Start({.address_name = "--x-listen",
//                           .address = "127.0.0.1", .who = "the x"});
//   ...
//   hub->Stop();
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "adapters/tls/server_tls_context.h"
#include "engine/common/result.h"

namespace motcua::adapters {

// Warnings of one listener as structured log lines (runtime/log.h), at most
// one a second: a flood of bad requests or failed accepts cannot flood the
// log; the next line says how many were held back. Never throws.
class ThrottledLog {
 public:
  explicit ThrottledLog(std::string component)
      : component_(std::move(component)) {}

  void Warn(std::string_view what) noexcept;
  // From a catch block: logs the exception being handled, after `where`.
  void Exception(std::string_view where) noexcept;

 private:
  const std::string component_;
  std::atomic<int64_t> next_ms_{0};
  std::atomic<uint64_t> suppressed_{0};
};

// What Stop needs of an open session (HttpSession of either stream type).
class HubConnection {
 public:
  virtual ~HubConnection() = default;
  // Closes the socket (its pending operations complete with an error). Only
  // while no thread runs the io_context.
  virtual void CloseSocket() noexcept = 0;
};

struct ListenOptions {
  std::string address_name;  // in errors: "--http-listen"
  std::string address;       // an IP address: "127.0.0.1", "::1"
  uint16_t port = 0;         // 0: any free port
  int threads = 1;
  std::string who;  // in errors: "the gateway" ("the gateway's TLS ...")
  // PEM chain and key, both or neither (plain HTTP); re-read when due.
  std::string tls_cert_file;
  std::string tls_key_file;
  int64_t tls_reload_seconds = 60;
};

struct HubOptions {
  // Open connections from one IP address; beyond it a new connection is
  // closed as soon as it is accepted, unanswered. 0: no cap.
  size_t max_connections_per_address = 64;
  // Wait before accepting again after accept failed (e.g. EMFILE).
  int64_t accept_retry_millis = 100;
};

class ConnectionHub : public std::enable_shared_from_this<ConnectionHub> {
 public:
  // `log` outlives the hub (a listener's static log).
  ConnectionHub(HubOptions options, ThrottledLog& log)
      : log(log), hub_options_(options) {}
  virtual ~ConnectionHub() = default;
  ConnectionHub(const ConnectionHub&) = delete;
  ConnectionHub& operator=(const ConnectionHub&) = delete;

  // Loads the TLS files when given (HTTPS for every connection), binds
  // address:port (0: a free one), starts accepting and the I/O threads: the
  // bound port. InvalidArgument when the files are not both or neither
  // (naming `who`), do not read or fit together, or the address does not
  // parse (naming `address_name`); Unavailable when it cannot listen;
  // Internal when already started.
  engine::Result<uint16_t> Start(const ListenOptions& options);
  // True once Start has succeeded.
  bool listening() const { return acceptor_.has_value(); }
  // Stops the threads, closes the acceptor and every connection, unanswered,
  // and returns once every queued handler has completed. Not restarted.
  void Stop() noexcept;

  // Counts a connection from `address`; false when it is at the cap.
  bool Admit(const std::string& address);
  // Makes an admitted session known to Stop.
  void Track(const std::shared_ptr<HubConnection>& connection);
  // Forgets `connection` and uncounts its address (from its destructor).
  void Release(const std::string& address, HubConnection* connection);
  // Posts `handler` to `executor` unless Stop has begun; false when it has
  // (then `handler` is dropped). From any thread.
  template <class Executor, class Handler>
  bool Post(const Executor& executor, Handler&& handler) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    boost::asio::post(executor, std::forward<Handler>(handler));
    return true;
  }
  // True once Stop has begun: a closing session skips close_notify and
  // draining.
  bool stopping() const { return stopping_flag_.load(); }

  ThrottledLog& log;

 protected:
  // Makes and starts the session of an admitted connection from `peer`
  // (`address` is its IP, counted by Admit: the session releases it). `tls`
  // is the context of an HTTPS session, null for plain HTTP. On the
  // acceptor's strand; what it throws is logged, the socket closed.
  virtual void NewSession(boost::asio::ip::tcp::socket socket,
                          std::shared_ptr<boost::asio::ssl::context> tls,
                          std::string address,
                          const boost::asio::ip::tcp::endpoint& peer) = 0;
  // Called first by Stop, while the threads still run (e.g. cancel calls
  // that would otherwise hold sessions open).
  virtual void BeforeStop() noexcept {}

 private:
  engine::Status UseTls(const ListenOptions& options);
  engine::Result<uint16_t> Listen(const ListenOptions& options);
  void Accept();
  void OnAccept(boost::system::error_code ec,
                boost::asio::ip::tcp::socket socket);
  void RetryAcceptLater();
  void CloseAndDrain() noexcept;

  const HubOptions hub_options_;
  boost::asio::io_context ioc_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  std::optional<boost::asio::steady_timer> accept_retry_;  // acceptor's strand
  std::optional<ServerTlsContext> tls_;                    // empty: plain HTTP
  std::vector<std::thread> threads_;

  std::mutex mu_;
  std::unordered_map<std::string, size_t> connections_;  // guarded by mu_
  // Every session alive, for Stop. Guarded by mu_.
  std::unordered_map<HubConnection*, std::weak_ptr<HubConnection>> open_;
  bool stopping_ = false;                   // guarded by mu_
  std::atomic<bool> stopping_flag_{false};  // stopping_, readable lock-free
};

}  // namespace motcua::adapters

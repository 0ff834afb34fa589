#include "adapters/http/connection_hub.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <exception>
#include <stdexcept>

#include "runtime/log.h"

namespace motcua::adapters {

namespace net = boost::asio;
using tcp = net::ip::tcp;

void ThrottledLog::Warn(std::string_view what) noexcept {
  try {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t next = next_ms_.load();
    if (now < next || !next_ms_.compare_exchange_strong(next, now + 1000)) {
      suppressed_.fetch_add(1);
      return;
    }
    const uint64_t n = suppressed_.exchange(0);
    runtime::Log(runtime::LogLevel::kWarn, component_,
                 {{"detail", what.substr(0, 600)}, {"held_back", n}});
  } catch (...) {
    // Nothing sensible is left to do when logging itself fails.
  }
}

void ThrottledLog::Exception(std::string_view where) noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    Warn(std::string(where) + ": " + e.what());
  } catch (...) {
    Warn(std::string(where) + ": unknown exception");
  }
}

engine::Result<uint16_t> ConnectionHub::Start(const ListenOptions& options) {
  if (acceptor_) return engine::Internal(options.who + " is already started");
  if (engine::Status tls = UseTls(options); !tls.ok()) return tls.error();
  return Listen(options);
}

engine::Status ConnectionHub::UseTls(const ListenOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return engine::InvalidArgument(
        options.who +
        "'s TLS certificate and key go together: give both or neither");
  }
  if (options.tls_cert_file.empty()) {
    tls_.reset();
    return {};
  }
  tls_.emplace(options.tls_cert_file, options.tls_key_file,
               options.tls_reload_seconds);
  engine::Status loaded = tls_->Load();
  if (!loaded.ok()) tls_.reset();
  return loaded;
}

engine::Result<uint16_t> ConnectionHub::Listen(const ListenOptions& options) {
  const std::string& address = options.address;
  const uint16_t port = options.port;
  boost::system::error_code ec;
  const auto ip = net::ip::make_address(address, ec);
  if (ec) {
    return engine::InvalidArgument(options.address_name + ": " + address +
                                   ": " + ec.message());
  }
  tcp::acceptor acceptor(net::make_strand(ioc_));
  const tcp::endpoint endpoint(ip, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return engine::Unavailable("cannot listen on " + address + ":" +
                               std::to_string(port) + ": " + ec.message());
  }
  const uint16_t bound = acceptor.local_endpoint().port();
  acceptor_.emplace(std::move(acceptor));
  accept_retry_.emplace(acceptor_->get_executor());
  Accept();
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    threads_.emplace_back([self = shared_from_this()] {
      // Handlers catch their own exceptions; this is the last line, so that
      // nothing can reach std::terminate from an I/O thread. After an
      // exception, run() may be called again as it is.
      for (;;) {
        try {
          self->ioc_.run();
          return;
        } catch (...) {
          self->log.Exception("I/O thread");
        }
      }
    });
  }
  return bound;
}

void ConnectionHub::Stop() noexcept {
  if (threads_.empty()) return;
  BeforeStop();
  // Once no thread runs the io_context, closing the acceptor and the
  // connections from here is safe.
  ioc_.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  CloseAndDrain();
}

bool ConnectionHub::Admit(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t& n = connections_[address];
  if (hub_options_.max_connections_per_address != 0 &&
      n >= hub_options_.max_connections_per_address) {
    if (n == 0) connections_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void ConnectionHub::Track(const std::shared_ptr<HubConnection>& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.emplace(connection.get(), connection);
}

void ConnectionHub::Release(const std::string& address,
                            HubConnection* connection) {
  std::lock_guard<std::mutex> lock(mu_);
  open_.erase(connection);
  auto it = connections_.find(address);
  if (it != connections_.end() && --it->second == 0) connections_.erase(it);
}

void ConnectionHub::CloseAndDrain() noexcept {
  std::vector<std::shared_ptr<HubConnection>> sessions;
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
    log.Exception("closing the connections");
  }
  boost::system::error_code ignored;
  try {
    if (accept_retry_) accept_retry_->cancel();
  } catch (...) {
    log.Exception("cancelling the accept retry");
  }
  if (acceptor_) acceptor_->close(ignored);
  for (const auto& connection : sessions) connection->CloseSocket();
  sessions.clear();
  // Every pending operation now completes at once with an error, and no
  // handler starts another wait (a session closes without close_notify once
  // stopping), so this returns promptly.
  ioc_.restart();
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (...) {
      log.Exception("draining at stop");
    }
  }
}

void ConnectionHub::Accept() {
  acceptor_->async_accept(
      net::make_strand(ioc_),
      [self = shared_from_this()](boost::system::error_code ec,
                                  tcp::socket socket) {
        self->OnAccept(ec, std::move(socket));
      });
}

void ConnectionHub::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;
  if (ec) {
    // Out of descriptors (EMFILE, ENFILE) or buffers, the connection stays
    // queued and accepting again at once fails again at once: a busy loop
    // that starves the process. Wait for descriptors to come back.
    log.Warn("accepting a connection failed: " + ec.message() +
             "; retrying in " +
             std::to_string(hub_options_.accept_retry_millis) + " ms");
    return RetryAcceptLater();
  }
  try {
    boost::system::error_code peer_ec;
    const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    if (!peer_ec) {
      std::string address = peer.address().to_string();
      std::shared_ptr<net::ssl::context> tls;
      if (tls_) {
        // Start loaded a context, so there is one: never plain HTTP here.
        tls = tls_->Current([this](const std::string& e) { log.Warn(e); });
        if (tls == nullptr) throw std::logic_error("no TLS context");
      }
      if (!Admit(address)) {
        log.Warn("refused a connection from " + address + ": already " +
                 std::to_string(hub_options_.max_connections_per_address) +
                 " open from that address");
      } else {
        NewSession(std::move(socket), std::move(tls), std::move(address), peer);
      }
    }
    // A refused or vanished peer's socket closes here.
  } catch (...) {
    log.Exception("accepting a connection");
  }
  try {
    Accept();
  } catch (...) {
    log.Exception("waiting for a connection");
    RetryAcceptLater();
  }
}

void ConnectionHub::RetryAcceptLater() {
  try {
    accept_retry_->expires_after(
        std::chrono::milliseconds(hub_options_.accept_retry_millis));
    accept_retry_->async_wait([self = shared_from_this()](
                                  boost::system::error_code ec) {
      if (ec == net::error::operation_aborted || !self->acceptor_->is_open()) {
        return;
      }
      try {
        self->Accept();
      } catch (...) {
        self->log.Exception("waiting for a connection");
        self->RetryAcceptLater();
      }
    });
  } catch (...) {
    log.Exception("scheduling the next accept; no connection is accepted");
  }
}

}  // namespace motcua::adapters

// ServerTlsContext: the TLS server context of a Boost.Asio listener (TLS 1.2
// or later) made from the PEM files of --tls-cert and --tls-key, read again
// for changes at most every `reload_seconds` when asked for (a connection
// arrives). A changed pair that reads and fits together is used from then
// on; a broken one is reported through `on_error` and the previous pair is
// kept. Connections already open keep their session.
//
// Thread safety: Load and Current from one strand (the acceptor's).
//
// Example:
//   ServerTlsContext tls(cert_file, key_file, 60);
//   if (engine::Status s = tls.Load(); !s.ok()) return s.error();
//   auto ctx = tls.Current([](const std::string& e) { Log(e); });
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/common/result.h"

namespace motcua::adapters {

// A context from PEM bytes already checked by pem_files.h.
engine::Result<std::shared_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const std::string& chain_pem, const std::string& key_pem);

class ServerTlsContext {
 public:
  ServerTlsContext(std::string cert_file, std::string key_file,
                   int64_t reload_seconds);

  // Reads the files and makes the context; the error names the files when
  // they do not read or fit together (the previous context is kept).
  engine::Status Load();
  // The context for a connection accepted now, after Load when a check is
  // due (its error goes to `on_error`). Null before a successful Load.
  std::shared_ptr<boost::asio::ssl::context> Current(
      const std::function<void(const std::string&)>& on_error);

 private:
  const std::string cert_file_;
  const std::string key_file_;
  const int64_t reload_seconds_;
  std::shared_ptr<boost::asio::ssl::context> ctx_;
  std::string chain_pem_;  // what ctx_ was made from
  std::string key_pem_;
  std::chrono::steady_clock::time_point next_check_;
};

}  // namespace motcua::adapters

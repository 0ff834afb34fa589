// Transport security of motcuad's listeners: TLS for gRPC (and the same
// certificate for the carrier webhook), optional mutual TLS, and the rule
// that plaintext stays on loopback unless the operator says otherwise.
//
// Model:
// - TLS is on when TlsOptions names a certificate chain and a key (both or
//   neither). The files are checked at start (readable PEM, the key belongs
//   to the first certificate, the client CA parses): a bad file stops the
//   server with a message naming the flag and the file.
// - gRPC serves them through a file watcher: every reload_seconds the files
//   are read again and new handshakes use what they hold; connections
//   already open keep their session. Replace files by rename (key first,
//   then certificate); a handshake between the two renames may fail.
// - With client_ca_file, every gRPC client must present a certificate
//   issued by that CA; one without is refused during the handshake.
// - Plaintext on an address other than loopback (IsLoopbackListenAddress)
//   is refused unless allow_plaintext: desks' traffic carries citizens'
//   personal data (Decree 13/2023/ND-CP).
//
// Thread safety: free functions; call from one thread at start.
//
// Example:
//   if (auto s = CheckTls(options.tls); !s.ok()) return s.error();
//   builder.AddListeningPort(options.listen, GrpcServerCredentials(tls), &p);
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace grpc {
class ServerCredentials;
}

namespace motcua::services {

struct TlsOptions {
  // PEM certificate chain (server certificate first) and its private key
  // (--tls-cert, --tls-key); both empty: plaintext.
  std::string cert_file;
  std::string key_file;
  // PEM CA bundle that client certificates must chain to (--tls-client-ca);
  // empty: no client certificate is asked for.
  std::string client_ca_file;
  // Seconds between checks of the files for changes (--tls-reload-seconds).
  int reload_seconds = 60;

  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// Both or neither of cert and key; the files are readable PEM that fit
// together; reload_seconds >= 1.
engine::Status CheckTls(const TlsOptions& tls);

// OK when `address` (the value of `flag`) is loopback, TLS is on, or
// plaintext is allowed; else an error that says which flags to add.
engine::Status CheckPlaintextAllowed(std::string_view flag,
                                     const std::string& address,
                                     const TlsOptions& tls,
                                     bool allow_plaintext);

// Insecure credentials without TLS; otherwise TLS credentials that reload
// the files (see the model). One object serves every gRPC listener.
std::shared_ptr<grpc::ServerCredentials> GrpcServerCredentials(
    const TlsOptions& tls);

}  // namespace motcua::services

// HttpGateway: the HTTP/JSON face of the gRPC API (README "HTTP/JSON").
// An HTTP/1.1 server (Boost.Beast on its own io_context and threads, built
// like the carrier webhook, adapters/postal/postal_webhook_server.h) that
// transcodes each request by the methods' google.api.http rules
// (server/http_transcoding.h) and calls the real gRPC handler through the
// server's in-process channel, so access control, validation, durability
// and errors are exactly those of gRPC.
//
// Credentials: the `Authorization` header is forwarded as the call's
// `authorization` metadata (a bearer token; client certificates are a gRPC
// listener matter and are not read here). The caller's address for the
// citizen lookup rate limit is the HTTP peer, or the right-most untrusted
// X-Forwarded-For entry when the peer is a --trusted-proxy
// (services/caller_key.h), forwarded as `x-forwarded-for`.
//
// Which routes: only those of `services`, the services the listener next to
// it serves: with --admin-listen the admin services are not among them, and
// their routes answer 404 here.
//
// Limits: the body (max_body_bytes, 413), the request line and headers
// (max_header_bytes and max_header_count, 431), request_timeout_seconds to
// receive a request and to send the answer, call_timeout_seconds for the
// gRPC call (504 past it), max_in_flight calls at once (429 beyond), JSON
// nesting (400), max_connections_per_address connections per client address
// (closed at once beyond). No exception escapes a handler or an I/O
// thread: one thrown while a request is handled is logged (at most a line a
// second) and answered 500 when a reply is still possible.
//
// HTTPS: with tls_cert_file/tls_key_file (the server's --tls-cert/--tls-key)
// every connection starts with a TLS 1.2+ handshake; the files are read again
// at most every tls_reload_seconds when a connection arrives, keeping the
// previous pair while a new one does not read or fit.
//
// Stop() closes the listening socket and every connection; calls in flight
// finish in the gRPC server and their answers are dropped. Start/Stop from
// one thread.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/server.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "server/http_transcoding.h"
#include "services/caller_key.h"

namespace motcua::services {

struct HttpGatewayOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (Start returns it)
  int threads = 2;
  // Full names of the gRPC services whose routes are served.
  std::vector<std::string> services;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 * 1024;
  size_t max_header_count = 64;
  size_t max_json_depth = 32;
  size_t max_in_flight = 1024;
  int64_t request_timeout_seconds = 30;
  int64_t call_timeout_seconds = 30;
  size_t max_connections_per_address = 64;
  int64_t accept_retry_millis = 100;
  std::string tls_cert_file;
  std::string tls_key_file;
  int64_t tls_reload_seconds = 60;
  TrustedProxies trusted_proxies;
};

// Its ConnectionHub (adapters/http): routes, stub, sessions (.cc).
class GatewayRuntime;

class HttpGateway {
 public:
  // `channel`: to the gRPC server whose services are listed in options.
  HttpGateway(HttpGatewayOptions options,
              std::shared_ptr<grpc::Channel> channel);
  ~HttpGateway();  // Stop()
  HttpGateway(const HttpGateway&) = delete;
  HttpGateway& operator=(const HttpGateway&) = delete;

  // Builds the routes (InvalidArgument for an annotation it cannot serve),
  // loads the TLS files, binds, starts the threads: the bound port, or
  // Unavailable.
  engine::Result<uint16_t> Start();
  void Stop();

 private:
  std::shared_ptr<GatewayRuntime> runtime_;
};

// Starts a gateway on `listen` ("HOST:PORT"; InvalidArgument naming
// --http-listen otherwise) in front of `server`'s in-process channel, into
// `*gateway`; the bound port.
engine::Result<int> StartHttpGateway(const std::string& listen,
                                     HttpGatewayOptions options,
                                     grpc::Server& server,
                                     std::unique_ptr<HttpGateway>* gateway);

}  // namespace motcua::services

// PostalWebhookServer: the carrier webhook bridge. An HTTP/1.1 server
// (Boost.Beast on its own Asio io_context and threads) that accepts
// POST /v1/carriers/{carrier}/events, authenticates it (HMAC-SHA256 over
// timestamp + "." + body, replay window on the Clock port), maps the
// carrier's status through the CarrierTable, and hands the report to the
// PostalEventSink. It answers 2xx only when the sink reports success, which
// the sink does only after the durable commit; the contract (headers, JSON,
// status codes) is deploy/postal/README.md.
//
// Overload: at most max_in_flight reports wait for the sink; more are
// answered 429 at once. A connection whose request is not complete within
// request_timeout is closed. At most max_connections_per_address
// connections from one IP address are open at once; a further one is closed
// as soon as it is accepted, unanswered. When accepting fails (out of file
// descriptors: EMFILE/ENFILE), the acceptor waits accept_retry_millis before
// trying again instead of spinning on the queued connection.
//
// HTTPS: when tls_cert_file and tls_key_file are set, every connection
// starts with a TLS handshake (TLS 1.2 or later; no client certificate is
// asked for: carriers authenticate by HMAC). The files are read again at
// most every tls_reload_seconds, when a connection is accepted; a changed
// pair that reads and fits together is used by the connections accepted
// from then on, a broken one is logged and the previous pair kept.
// Connections already open keep their session. A failed handshake is
// logged (at most one line a second) and the connection closed.
//
// Failures: a malformed HTTP request (bad request line or header, a head
// over Beast's 8 KiB limit) is answered 400 and the connection closed. No
// exception escapes a handler or an I/O thread: one thrown while a request
// is handled is logged (at most one line a second) and answered
// 500 {"error": {"code": "internal"}} when a reply is still possible; the
// server keeps serving.
//
// Stop() stops the threads and closes the listening socket and every open
// connection, unanswered; it returns once every pending handler has
// completed, so nothing the server allocated outlives it but what the sink
// still holds. A sink answer arriving after Stop is discarded (the carrier
// sees no 2xx and retries; the report is idempotent). A stopped server is
// not restarted.
//
// Thread safety: Start/Stop from one thread; the sink may call `done` from
// any thread.
//
// Example:
//   PostalWebhookServer server(options, sink, clock, std::move(table));
//   auto port = server.Start();   // options.port 0 picks a free port
//   ...
//   server.Stop();
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "adapters/postal/carrier_table.h"
#include "adapters/postal/webhook_request.h"
#include "engine/common/result.h"
#include "engine/ports/clock.h"
#include "engine/ports/postal_sink.h"

namespace motcua::adapters {

struct PostalWebhookOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (Start returns it)
  int threads = 1;
  WebhookAuth auth;
  size_t max_body_bytes = 64 * 1024;  // larger: 413
  size_t max_in_flight = 1024;        // reports waiting for the sink: 429
  int64_t request_timeout_seconds = 30;
  // Open connections from one IP address; beyond it a new connection is
  // closed at once. 0: no cap.
  size_t max_connections_per_address = 64;
  // Wait before accepting again after accept failed (e.g. EMFILE).
  int64_t accept_retry_millis = 100;
  // DossierEvent::actor of what the webhook records.
  std::string client_id = "postal-webhook";
  // HTTPS: PEM certificate chain and private key (both or neither; empty:
  // plain HTTP), checked for changes at most this often (0: on every
  // accepted connection).
  std::string tls_cert_file;
  std::string tls_key_file;
  int64_t tls_reload_seconds = 60;
};

// Its ConnectionHub (adapters/http): io_context, acceptor, sessions (.cc).
class WebhookRuntime;

class PostalWebhookServer {
 public:
  PostalWebhookServer(PostalWebhookOptions options,
                      engine::PostalEventSink& sink, const engine::Clock& clock,
                      CarrierTable table);
  ~PostalWebhookServer();  // Stop()
  PostalWebhookServer(const PostalWebhookServer&) = delete;
  PostalWebhookServer& operator=(const PostalWebhookServer&) = delete;

  // Loads the TLS files (InvalidArgument when they do not read or fit
  // together), binds and starts the threads; the bound port, or
  // Unavailable.
  engine::Result<uint16_t> Start();
  void Stop();

 private:
  std::shared_ptr<WebhookRuntime> runtime_;
};

}  // namespace motcua::adapters

// MetricsEndpoint: motcuad's Prometheus endpoint (--metrics-listen
// HOST:PORT, GET /metrics, text format 0.0.4; README "Metrics").
//
// Served by prometheus-cpp's Exposer (its embedded civetweb HTTP server),
// not by the webhook's Beast server: the Exposer is the library's own
// text-format endpoint, needs no code of ours to parse HTTP, and a scrape
// runs on its thread, never on a gRPC or sequencer thread.
//
// Plain HTTP only: the metrics carry no personal data (agency codes, counts
// and latencies), but a scraper's port is still kept on this machine by
// default: like the other listeners, an address other than loopback needs
// --allow-plaintext, also when --tls-cert is given (the other listeners
// then serve TLS; this one cannot). Put a TLS-terminating proxy in front to
// scrape over an untrusted network.
//
// What is exported:
//  - RPC counts and latencies, recorded as calls finish (RpcMetrics,
//    metrics_interceptor.h);
//  - everything else read at scrape time from MetricsSources, cheaply: the
//    sequencer's queue and its histograms (runtime/metrics.h), RocksDB's
//    properties, the sweeper's lag (one bounded read of the deadline index),
//    the event streams' positions, the notifier's position, and open and
//    overdue dossiers per holding agency from the in-memory report index
//    (engine::OpenByHolder: one pass over the 52-byte facts, no dossier
//    read; the overdue rule of engine/lifecycle/overdue.h).
// prometheus-cpp adds its own exposer_* scrape statistics.
//
// Thread safety: Start/Stop from the controlling thread; scrapes run on the
// Exposer's threads and only read thread-safe sources.
#pragma once

#include <prometheus/metric_family.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/ports/clock.h"
#include "runtime/metrics.h"
#include "server/metrics_interceptor.h"

namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace motcua::adapters {
class RocksDbStore;
}

namespace motcua::runtime {
class EventHub;
class Notifier;
class ReportBook;
class Sequencer;
class Sweeper;
}  // namespace motcua::runtime

namespace motcua::services {

class EventService;

// Where scrape-time figures come from. Not owned; each must outlive the
// endpoint's Stop(); a null pointer leaves its metrics out (e.g. no
// notifier without --notify-file).
struct MetricsSources {
  const engine::Clock* clock = nullptr;
  const runtime::Sequencer* sequencer = nullptr;
  const runtime::SequencerMetrics* sequencer_metrics = nullptr;
  size_t max_queue = 0;
  const adapters::RocksDbStore* store = nullptr;
  const runtime::Sweeper* sweeper = nullptr;
  const runtime::EventHub* hub = nullptr;
  const EventService* events = nullptr;
  const runtime::Notifier* notifier = nullptr;
  const runtime::ReportBook* reports = nullptr;
};

// The scrape-time families (everything but the RPC metrics), read from
// `sources` now. Never throws.
std::vector<prometheus::MetricFamily> CollectServerMetrics(
    const MetricsSources& sources);

class MetricsEndpoint {
 public:
  // Creates the registry and RPC metrics; nothing listens yet. `listen`
  // is checked here (HOST:PORT; loopback unless allow_plaintext), before
  // the server opens anything.
  static engine::Result<std::unique_ptr<MetricsEndpoint>> Create(
      const std::string& listen, bool allow_plaintext);
  ~MetricsEndpoint();

  // The RPC metrics, for the gRPC interceptor (MetricsInterceptorFactory).
  std::shared_ptr<RpcMetrics> rpc() const { return rpc_; }

  // Listens and serves; the bound port, or Unavailable when the address
  // cannot be bound.
  engine::Result<int> Start(MetricsSources sources);
  // Stops serving (joins the HTTP threads); idempotent.
  void Stop();

 private:
  MetricsEndpoint() = default;
  class Collector;

  std::string listen_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<RpcMetrics> rpc_;
  std::shared_ptr<Collector> collector_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace motcua::services

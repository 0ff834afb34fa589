// MetricsEndpoint: motcuad's Prometheus endpoint (--metrics-listen
// HOST:PORT, GET /metrics, text format 0.0.4; README "Metrics").
//
// Served by the Beast listener every motcuad HTTP endpoint shares
// (adapters/http: per-address cap, bounded reads, stop), on threads of its
// own: a scrape never runs on a gRPC or sequencer thread. prometheus-cpp
// provides the registry, the RPC metric types and the text serializer.
//
// TLS: with --tls-cert/--tls-key the endpoint serves HTTPS with the same
// files (re-read like the other listeners'), and may then listen off
// loopback; without TLS an address other than loopback needs
// --allow-plaintext (CheckListeners). No authentication: the metrics carry
// no personal data (agency codes, counts and latencies); keep the port to
// the monitoring network.
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
//
// Thread safety: Start/Stop from the controlling thread; scrapes run on the
// endpoint's threads and only read thread-safe sources.
#pragma once

#include <prometheus/metric_family.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/ports/clock.h"
#include "runtime/metrics.h"
#include "server/metrics_interceptor.h"
#include "server/transport_security.h"
#include "services/network_address.h"

namespace prometheus {
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
class MetricsHub;  // the listener (.cc)

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
  // Creates the registry and RPC metrics; nothing listens yet. `listen` is
  // HOST:PORT (InvalidArgument naming --metrics-listen otherwise); the
  // plaintext rule is CheckListeners', asked before the server opens
  // anything.
  static engine::Result<std::unique_ptr<MetricsEndpoint>> Create(
      const std::string& listen);
  ~MetricsEndpoint();

  // The RPC metrics, for the gRPC interceptor (MetricsInterceptorFactory).
  std::shared_ptr<RpcMetrics> rpc() const { return rpc_; }

  // Listens and serves (HTTPS when `tls` names files; its client CA is not
  // used: scrapers are not asked for a certificate); the bound port,
  // InvalidArgument for TLS files that do not read or fit together, or
  // Unavailable when the address cannot be bound.
  engine::Result<int> Start(MetricsSources sources, const TlsOptions& tls);
  // Stops serving (closes every connection, joins the threads); idempotent.
  void Stop();

 private:
  MetricsEndpoint() = default;

  ListenAddress address_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<RpcMetrics> rpc_;
  std::shared_ptr<MetricsHub> hub_;
};

}  // namespace motcua::services

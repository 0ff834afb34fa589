#include "server/metrics_endpoint.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <exception>
#include <limits>

#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/report/indicators.h"
#include "motcua/version.h"
#include "runtime/event_hub.h"
#include "runtime/notifier.h"
#include "runtime/report_book.h"
#include "runtime/sequencer.h"
#include "runtime/sweeper.h"
#include "services/event_service.h"
#include "services/network_address.h"

namespace motcua::services {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily Family(std::string name, std::string help, MetricType type) {
  return MetricFamily{std::move(name), std::move(help), type, {}};
}

// A family with one unlabelled sample.
MetricFamily Single(std::string name, std::string help, MetricType type,
                    double value) {
  MetricFamily f = Family(std::move(name), std::move(help), type);
  ClientMetric m;
  if (type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
  return f;
}

MetricFamily HistogramFamily(std::string name, std::string help,
                             const runtime::Histogram& histogram) {
  const runtime::Histogram::Reading r = histogram.Read();
  MetricFamily f =
      Family(std::move(name), std::move(help), MetricType::Histogram);
  ClientMetric m;
  m.histogram.sample_count = r.count;
  m.histogram.sample_sum = r.sum;
  for (size_t i = 0; i < r.bounds.size(); ++i) {
    m.histogram.bucket.push_back({r.cumulative[i], r.bounds[i]});
  }
  m.histogram.bucket.push_back(
      {r.count, std::numeric_limits<double>::infinity()});
  f.metric.push_back(std::move(m));
  return f;
}

void CollectStore(const MetricsSources& sources,
                  std::vector<MetricFamily>& out) {
  const adapters::RocksDbStats st = sources.store->Stats();
  out.push_back(Single("motcua_rocksdb_delayed_write_rate_bytes",
                       "Rate RocksDB slows writes to (bytes/s); 0 when not "
                       "delayed",
                       MetricType::Gauge,
                       static_cast<double>(st.delayed_write_rate)));
  out.push_back(Single("motcua_rocksdb_write_stopped",
                       "1 while RocksDB stops writes for compaction",
                       MetricType::Gauge, st.write_stopped ? 1 : 0));
  out.push_back(Single("motcua_rocksdb_running_compactions",
                       "Compactions running", MetricType::Gauge,
                       static_cast<double>(st.running_compactions)));
  out.push_back(Single("motcua_rocksdb_running_flushes",
                       "Memtable flushes running", MetricType::Gauge,
                       static_cast<double>(st.running_flushes)));
  out.push_back(Single("motcua_rocksdb_compaction_pending",
                       "Column families with a compaction pending",
                       MetricType::Gauge,
                       static_cast<double>(st.compaction_pending)));
  out.push_back(Single("motcua_rocksdb_pending_compaction_bytes",
                       "Estimated bytes compaction must rewrite",
                       MetricType::Gauge,
                       static_cast<double>(st.pending_compaction_bytes)));
  out.push_back(Single("motcua_rocksdb_live_sst_bytes",
                       "Size of the live SST files", MetricType::Gauge,
                       static_cast<double>(st.live_sst_bytes)));
  out.push_back(Single("motcua_store_write_failed",
                       "1 after a refused write (e.g. disk full) until the "
                       "store resumes",
                       MetricType::Gauge, st.write_failed ? 1 : 0));
}

void CollectDossiers(const MetricsSources& sources,
                     std::vector<MetricFamily>& out) {
  MetricFamily open = Family("motcua_dossiers_open",
                             "Dossiers open now, by the agency holding them",
                             MetricType::Gauge);
  MetricFamily overdue = Family(
      "motcua_dossiers_overdue",
      "Dossiers open and overdue now (the reports' overdue rule), by the "
      "agency holding them",
      MetricType::Gauge);
  const engine::Instant now = sources.clock->Now();
  sources.reports->Read([&](std::span<const engine::ReportFact> facts,
                            const std::vector<std::string>&,
                            const engine::FactDictionary& dictionary) {
    const auto& agencies = dictionary.agencies();
    const std::vector<engine::OpenCount> counts =
        engine::OpenByHolder(facts, now, agencies.size());
    for (size_t i = 0; i < agencies.size(); ++i) {
      ClientMetric m;
      m.label.push_back({"agency", agencies[i].code});
      m.gauge.value = static_cast<double>(counts[i].open);
      open.metric.push_back(m);
      m.gauge.value = static_cast<double>(counts[i].overdue);
      overdue.metric.push_back(std::move(m));
    }
  });
  out.push_back(std::move(open));
  out.push_back(std::move(overdue));
}

void CollectInto(const MetricsSources& sources,
                 std::vector<MetricFamily>& out) {
  {
    MetricFamily info =
        Family("motcua_build_info", "The motcuad version (value 1)",
               MetricType::Gauge);
    ClientMetric m;
    m.label.push_back({"version", kVersion});
    m.gauge.value = 1;
    info.metric.push_back(std::move(m));
    out.push_back(std::move(info));
  }
  if (sources.sequencer != nullptr) {
    out.push_back(
        Single("motcua_sequencer_queue_depth",
               "Write commands waiting for the sequencer", MetricType::Gauge,
               static_cast<double>(sources.sequencer->queue_depth())));
    out.push_back(Single("motcua_sequencer_queue_capacity",
                         "Write commands allowed to wait (--max-queue)",
                         MetricType::Gauge,
                         static_cast<double>(sources.max_queue)));
    out.push_back(Single("motcua_sequencer_commits_total",
                         "Group commits written (one WAL fsync each)",
                         MetricType::Counter,
                         static_cast<double>(sources.sequencer->commits())));
  }
  if (sources.sequencer_metrics != nullptr) {
    const runtime::SequencerMetrics& m = *sources.sequencer_metrics;
    out.push_back(HistogramFamily(
        "motcua_sequencer_batch_size",
        "Write commands taken by the sequencer in one batch", m.batch_size));
    out.push_back(HistogramFamily(
        "motcua_sequencer_commit_duration_seconds",
        "Time to write a batch: projections, WriteBatch and WAL fsync",
        m.commit_seconds));
    out.push_back(Single("motcua_sequencer_failed_commits_total",
                         "Batches the store refused (answered UNAVAILABLE)",
                         MetricType::Counter,
                         static_cast<double>(m.failed_commits.load())));
  }
  if (sources.store != nullptr) CollectStore(sources, out);
  if (sources.sweeper != nullptr && sources.clock != nullptr) {
    auto lag = sources.sweeper->Lag();
    if (lag.ok()) {
      out.push_back(
          Single("motcua_sweeper_lag_seconds",
                 "Age of the oldest due deadline-index entry not fired yet",
                 MetricType::Gauge,
                 static_cast<double>(*lag) / engine::kMicrosPerSecond));
    }
  }
  const uint64_t last_seq =
      sources.hub != nullptr ? sources.hub->last_seq() : 0;
  if (sources.hub != nullptr) {
    out.push_back(Single("motcua_events_total",
                         "Events committed to the global log (its last "
                         "sequence number)",
                         MetricType::Counter, static_cast<double>(last_seq)));
  }
  if (sources.events != nullptr) {
    out.push_back(Single("motcua_event_streams_open",
                         "WatchEvents streams open", MetricType::Gauge,
                         static_cast<double>(sources.events->open_streams())));
    out.push_back(Single(
        "motcua_event_stream_lag_events",
        "Events committed that the furthest-behind WatchEvents stream has "
        "not delivered yet",
        MetricType::Gauge, static_cast<double>(sources.events->ConsumerLag())));
  }
  if (sources.notifier != nullptr && sources.hub != nullptr) {
    const uint64_t at = sources.notifier->position();
    out.push_back(Single(
        "motcua_notifications_pending_events",
        "Committed events the notifier has not turned into notifications "
        "yet",
        MetricType::Gauge,
        static_cast<double>(last_seq > at ? last_seq - at : 0)));
    out.push_back(
        Single("motcua_notifier_failed_passes_total",
               "Notifier passes whose delivery failed (retried with backoff)",
               MetricType::Counter,
               static_cast<double>(sources.notifier->failed_passes())));
  }
  if (sources.reports != nullptr && sources.clock != nullptr)
    CollectDossiers(sources, out);
}

}  // namespace

std::vector<MetricFamily> CollectServerMetrics(const MetricsSources& sources) {
  std::vector<MetricFamily> out;
  // A scrape must never take the server down: a failure leaves the rest.
  try {
    CollectInto(sources, out);
  } catch (const std::exception&) {
  }
  return out;
}

// Reads MetricsSources at scrape time (see the header).
class MetricsEndpoint::Collector final : public prometheus::Collectable {
 public:
  explicit Collector(MetricsSources sources) : sources_(sources) {}
  std::vector<MetricFamily> Collect() const override {
    return CollectServerMetrics(sources_);
  }

 private:
  const MetricsSources sources_;
};

engine::Result<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Create(
    const std::string& listen, bool allow_plaintext) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0 && colon + 1 < listen.size() &&
      listen.size() - colon <= 6 &&
      listen.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    port = std::stoi(listen.substr(colon + 1));
  }
  if (port < 0 || port > 65535) {
    return engine::InvalidArgument(
        "--metrics-listen: expected HOST:PORT, got " + listen);
  }
  if (!allow_plaintext && !IsLoopbackListenAddress(listen)) {
    return engine::InvalidArgument(
        "--metrics-listen " + listen +
        ": /metrics is plain HTTP (never TLS); refusing an address other than "
        "loopback; add --allow-plaintext if a TLS proxy or a closed network "
        "protects this address");
  }
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->listen_ = listen;
  endpoint->registry_ = std::make_shared<prometheus::Registry>();
  endpoint->rpc_ = std::make_shared<RpcMetrics>(*endpoint->registry_);
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() { Stop(); }

engine::Result<int> MetricsEndpoint::Start(MetricsSources sources) {
  collector_ = std::make_shared<Collector>(sources);
  try {
    // civetweb takes IP addresses only ("127.0.0.1:PORT", "[::1]:PORT").
    std::string address = listen_;
    if (address.starts_with("localhost:")) {
      address = "127.0.0.1" + address.substr(address.find(':'));
    }
    exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception&) {
    return engine::Unavailable("cannot listen on " + listen_ +
                               " (--metrics-listen): address in use or not "
                               "available on this host");
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(collector_);
  const std::vector<int> ports = exposer_->GetListeningPorts();
  if (ports.empty() || ports.front() <= 0) {
    exposer_.reset();
    return engine::Unavailable("cannot listen on " + listen_ +
                               " (--metrics-listen)");
  }
  return ports.front();
}

void MetricsEndpoint::Stop() { exposer_.reset(); }

}  // namespace motcua::services

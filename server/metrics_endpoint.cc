#include "server/metrics_endpoint.h"

#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <boost/beast/http.hpp>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>

#include "adapters/http/http_session.h"
#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/common/text.h"
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

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

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

// The endpoint's listener (adapters/http/connection_hub.h): a scrape is
// read and serialized on one of its threads.
class MetricsHub : public adapters::ConnectionHub {
 public:
  MetricsHub(std::shared_ptr<prometheus::Registry> registry,
             MetricsSources sources)
      : ConnectionHub({kMaxConnectionsPerAddress, 100}, MetricsLog()),
        registry_(std::move(registry)),
        sources_(sources) {}

  // The text format of every metric now (RPC ones and scrape-time ones).
  std::string Scrape() const {
    std::vector<MetricFamily> families = registry_->Collect();
    std::vector<MetricFamily> read = CollectServerMetrics(sources_);
    families.insert(families.end(), std::make_move_iterator(read.begin()),
                    std::make_move_iterator(read.end()));
    return prometheus::TextSerializer().Serialize(families);
  }

  static adapters::ThrottledLog& MetricsLog() {
    static adapters::ThrottledLog log("metrics_endpoint");
    return log;
  }

 private:
  static constexpr size_t kMaxConnectionsPerAddress = 16;

  void NewSession(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
                  std::string address, const tcp::endpoint& peer) override;

  const std::shared_ptr<prometheus::Registry> registry_;
  const MetricsSources sources_;
};

namespace {

// GET /metrics; anything else is 404 or 405. Requests carry no body worth
// reading: 4 KiB at most, 10 s to arrive.
template <class Stream>
class MetricsSession
    : public adapters::HttpSession<MetricsSession<Stream>, Stream> {
  using Base = adapters::HttpSession<MetricsSession<Stream>, Stream>;
  friend Base;

 public:
  MetricsSession(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
                 std::shared_ptr<MetricsHub> hub, std::string address)
      : Base(std::move(socket), std::move(tls), hub, std::move(address),
             adapters::SessionLimits{4096, 8 * 1024, 431, 10}),
        hub_(std::move(hub)) {}

 private:
  void Handle(http::request<http::string_body> request) {
    const std::string_view target(request.target().data(),
                                  request.target().size());
    if (target.substr(0, target.find('?')) != "/metrics") {
      return Send(404, "text/plain; charset=utf-8",
                  "only /metrics is served\n");
    }
    if (request.method() != http::verb::get) {
      return Send(405, "text/plain; charset=utf-8", "use GET\n", "GET");
    }
    Send(200, "text/plain; version=0.0.4; charset=utf-8", hub_->Scrape());
  }
  void SendError(int status, std::string message) {
    Send(status, "text/plain; charset=utf-8", std::move(message) + "\n");
  }
  void SendInternalError() {
    Send(500, "text/plain; charset=utf-8", "internal error\n");
  }
  void Send(int status, const char* content_type, std::string body,
            const char* allow = nullptr) {
    auto& response = this->NewResponse(status);
    response.set(http::field::content_type, content_type);
    if (allow != nullptr) response.set(http::field::allow, allow);
    response.set(http::field::cache_control, "no-store");
    response.body() = std::move(body);
    this->Write();
  }

  std::shared_ptr<MetricsHub> hub_;
};

}  // namespace

void MetricsHub::NewSession(tcp::socket socket,
                            std::shared_ptr<net::ssl::context> tls,
                            std::string address, const tcp::endpoint&) {
  auto self = std::static_pointer_cast<MetricsHub>(shared_from_this());
  if (tls) {
    std::make_shared<MetricsSession<adapters::TlsStream>>(
        std::move(socket), std::move(tls), std::move(self), std::move(address))
        ->Start();
  } else {
    std::make_shared<MetricsSession<adapters::PlainStream>>(
        std::move(socket), nullptr, std::move(self), std::move(address))
        ->Start();
  }
}

engine::Result<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Create(
    const std::string& listen) {
  const std::optional<ListenAddress> address = ParseListenAddress(listen);
  if (!address) {
    return engine::InvalidArgument(
        "--metrics-listen: expected HOST:PORT, got " +
        engine::QuoteText(listen, 200));
  }
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->address_ = *address;
  endpoint->registry_ = std::make_shared<prometheus::Registry>();
  endpoint->rpc_ = std::make_shared<RpcMetrics>(*endpoint->registry_);
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() { Stop(); }

engine::Result<int> MetricsEndpoint::Start(MetricsSources sources,
                                           const TlsOptions& tls) {
  if (hub_) return engine::Internal("the metrics endpoint is already started");
  auto hub = std::make_shared<MetricsHub>(registry_, sources);
  auto port = hub->Start({.address_name = "--metrics-listen",
                          .address = address_.host,
                          .port = address_.port,
                          .threads = 2,
                          .who = "--metrics-listen",
                          .tls_cert_file = tls.cert_file,
                          .tls_key_file = tls.key_file,
                          .tls_reload_seconds = tls.reload_seconds});
  if (!port.ok()) return port.error();
  hub_ = std::move(hub);
  return static_cast<int>(*port);
}

void MetricsEndpoint::Stop() {
  if (hub_) hub_->Stop();
}

}  // namespace motcua::services

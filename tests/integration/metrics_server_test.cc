// The Prometheus endpoint on a real motcuad (--metrics-listen): RPC counts
// by method and code after successful and failing calls, the write path's
// and the store's figures, streams, open dossiers by agency; the shipped
// Grafana dashboard only uses metrics the server exports; the listener
// follows the plaintext rule of the other listeners.
#include <arpa/inet.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;
using testing::Ctx;

// GET `path` over HTTP/1.0 from 127.0.0.1:`port`: the status line and the
// body ("" on a connection failure).
std::pair<std::string, std::string> HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  const std::string request =
      "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return {};
  }
  std::string response;
  char buf[8192];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
    response.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  const size_t head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos) return {};
  return {response.substr(0, response.find("\r\n")),
          response.substr(head_end + 4)};
}

// One sample: its name and labels.
struct Series {
  std::string name;
  std::map<std::string, std::string> labels;
  auto operator<=>(const Series&) const = default;
};

// The samples of a text-format scrape. Label values here never hold
// quotes or commas (method paths, status names, agency codes, versions).
std::map<Series, double> Parse(const std::string& text) {
  std::map<Series, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    Series s;
    const size_t brace = line.find('{');
    const size_t space = line.rfind(' ');
    std::string value = line.substr(space + 1);
    if (brace != std::string::npos && brace < space) {
      s.name = line.substr(0, brace);
      const std::string labels =
          line.substr(brace + 1, line.rfind('}') - brace - 1);
      // name="value" pairs separated by commas (our values hold no quote).
      size_t at = 0;
      while (at < labels.size()) {
        const size_t eq = labels.find("=\"", at);
        const size_t close = eq == std::string::npos ? std::string::npos
                                                     : labels.find('"', eq + 2);
        if (close == std::string::npos) break;
        s.labels[labels.substr(at, eq - at)] =
            labels.substr(eq + 2, close - eq - 2);
        at = close + 1;
        if (at < labels.size() && labels[at] == ',') ++at;
      }
    } else {
      s.name = line.substr(0, space);
    }
    out[s] = std::stod(value);
  }
  return out;
}

double Value(const std::map<Series, double>& samples, const std::string& name,
             std::map<std::string, std::string> labels = {}) {
  auto it = samples.find(Series{name, std::move(labels)});
  return it == samples.end() ? -1 : it->second;
}

// The unlabelled sample `name` once it equals `want` (scraping every
// 50 ms for up to 5 s), else its last value.
double Eventually(int port, const std::string& name, double want) {
  double value = -1;
  for (int i = 0; i < 100; ++i) {
    value = Value(Parse(HttpGet(port, "/metrics").second), name);
    if (value == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return value;
}

grpc::Status CallUnknownMethod(std::shared_ptr<grpc::Channel> channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  // An empty message (a ByteBuffer without a slice is never sent).
  grpc::Slice empty("", 0);
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&ctx, "/motcua.v1.DossierService/MadeUpMethod",
                 grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
                   std::lock_guard lock(mu);
                   status = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return done; });
  return status;
}

pb::SubmitDossierRequest Receipt(const std::string& request_id) {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-app");
  r.set_request_id(request_id);
  r.set_agency_code("H55.1");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Đỗ Văn Minh");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.set_channel(pb::CHANNEL_DIRECT);
  r.add_documents()->set_name("Tờ khai");
  r.mutable_documents(0)->set_originals(1);
  return r;
}

// A motcuad with its metrics on port 0: the kernel picks it, motcuad prints
// it (" metrics=HOST:PORT") and ServerProcess reads it.
struct MetricsServer {
  explicit MetricsServer(const std::string& dir)
      : server(dir, {"--metrics-listen", "127.0.0.1:0"}),
        metrics_port(server.metrics_port()) {}
  testing::ServerProcess server;
  int metrics_port;
};

const std::string kSubmit = "/motcua.v1.DossierService/SubmitDossier";
const std::string kGet = "/motcua.v1.DossierService/GetDossier";

TEST(MetricsServerTest, CountsCallsByMethodAndCodeAndExportsTheServersFigures) {
  testing::TempDir dir;
  MetricsServer metrics(dir.path());
  ASSERT_GT(metrics.metrics_port, 0);
  testing::ServerProcess& server = metrics.server;
  auto desk = server.DossierStub();

  pb::SubmitDossierResponse submitted;
  ASSERT_TRUE(
      desk->SubmitDossier(Ctx().get(), Receipt("m-1"), &submitted).ok());
  pb::SubmitDossierResponse bad_reply;
  pb::SubmitDossierRequest bad = Receipt("m-2");
  bad.mutable_applicant()->set_personal_id("123");
  EXPECT_EQ(desk->SubmitDossier(Ctx().get(), bad, &bad_reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  pb::GetDossierRequest get;
  get.set_code(submitted.dossier().code());
  pb::GetDossierResponse got;
  ASSERT_TRUE(desk->GetDossier(Ctx().get(), get, &got).ok());
  auto anonymous = pb::DossierService::NewStub(server.AnonymousChannel());
  EXPECT_EQ(anonymous->GetDossier(Ctx().get(), get, &got).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallUnknownMethod(server.Channel()).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  // A stream that stays open while we scrape.
  auto events = pb::EventService::NewStub(server.Channel());
  grpc::ClientContext stream_ctx;
  pb::WatchEventsRequest watch;
  auto reader = events->WatchEvents(&stream_ctx, watch);
  pb::LogEvent first;
  ASSERT_TRUE(reader->Read(&first));  // the receipt

  auto [status, body] = HttpGet(metrics.metrics_port, "/metrics");
  ASSERT_EQ(status.substr(0, 12), "HTTP/1.1 200") << status << body;
  const auto samples = Parse(body);

  EXPECT_EQ(Value(samples, "motcua_rpc_requests_total",
                  {{"method", kSubmit}, {"code", "OK"}}),
            1);
  EXPECT_EQ(Value(samples, "motcua_rpc_requests_total",
                  {{"method", kSubmit}, {"code", "INVALID_ARGUMENT"}}),
            1);
  EXPECT_EQ(Value(samples, "motcua_rpc_requests_total",
                  {{"method", kGet}, {"code", "OK"}}),
            1);
  EXPECT_EQ(Value(samples, "motcua_rpc_requests_total",
                  {{"method", kGet}, {"code", "UNAUTHENTICATED"}}),
            1);
  EXPECT_EQ(body.find("MadeUpMethod"), std::string::npos);
  EXPECT_EQ(Value(samples, "motcua_rpc_requests_total",
                  {{"method", "unknown"}, {"code", "UNIMPLEMENTED"}}),
            1);
  EXPECT_EQ(Value(samples, "motcua_rpc_duration_seconds_count",
                  {{"method", kSubmit}}),
            2);
  EXPECT_EQ(Value(samples, "motcua_rpc_duration_seconds_bucket",
                  {{"method", kSubmit}, {"le", "+Inf"}}),
            2);

  EXPECT_GE(Value(samples, "motcua_sequencer_commits_total"), 1);
  EXPECT_GE(Value(samples, "motcua_sequencer_commit_duration_seconds_count"),
            1);
  EXPECT_GE(Value(samples, "motcua_sequencer_batch_size_count"), 1);
  EXPECT_EQ(Value(samples, "motcua_sequencer_queue_depth"), 0);
  EXPECT_EQ(Value(samples, "motcua_sequencer_queue_capacity"), 20000);
  EXPECT_EQ(Value(samples, "motcua_sequencer_failed_commits_total"), 0);
  EXPECT_EQ(Value(samples, "motcua_rocksdb_write_stopped"), 0);
  EXPECT_EQ(Value(samples, "motcua_rocksdb_delayed_write_rate_bytes"), 0);
  EXPECT_GE(Value(samples, "motcua_rocksdb_pending_compaction_bytes"), 0);
  EXPECT_EQ(Value(samples, "motcua_store_write_failed"), 0);
  EXPECT_EQ(Value(samples, "motcua_sweeper_lag_seconds"), 0);
  EXPECT_GE(Value(samples, "motcua_events_total"), 1);
  EXPECT_EQ(Value(samples, "motcua_event_streams_open"), 1);
  EXPECT_GE(Value(samples, "motcua_event_stream_lag_events"), 0);
  EXPECT_GE(Value(samples, "motcua_notifications_pending_events"), 0);
  EXPECT_EQ(Value(samples, "motcua_dossiers_open", {{"agency", "H55.1"}}), 1);
  EXPECT_EQ(Value(samples, "motcua_dossiers_overdue", {{"agency", "H55.1"}}),
            0);
  bool versioned = false;
  for (const auto& [series, value] : samples) {
    if (series.name == "motcua_build_info") {
      versioned = value == 1 && !series.labels.at("version").empty();
    }
  }
  EXPECT_TRUE(versioned);

  // Every metric of ours is named motcua_*; the rest are the library's.
  for (const auto& [series, value] : samples) {
    EXPECT_TRUE(series.name.starts_with("motcua_") ||
                series.name.starts_with("exposer_"))
        << series.name;
  }

  // Other paths are not served.
  EXPECT_EQ(HttpGet(metrics.metrics_port, "/").first.substr(9, 3), "404");

  // A consumer that has read everything has no lag; the notifier catches up.
  pb::SubmitDossierResponse second;
  ASSERT_TRUE(desk->SubmitDossier(Ctx().get(), Receipt("m-3"), &second).ok());
  pb::LogEvent next;
  ASSERT_TRUE(reader->Read(&next));
  EXPECT_EQ(next.dossier_code(), second.dossier().code());
  EXPECT_EQ(
      Eventually(metrics.metrics_port, "motcua_event_stream_lag_events", 0), 0);
  EXPECT_EQ(Eventually(metrics.metrics_port,
                       "motcua_notifications_pending_events", 0),
            0);
  EXPECT_EQ(Eventually(metrics.metrics_port, "motcua_events_total", 2), 2);

  stream_ctx.TryCancel();
  pb::LogEvent more;
  while (reader->Read(&more)) {
  }
  (void)reader->Finish();
  // The stream is gone once the server has seen it end.
  EXPECT_EQ(Eventually(metrics.metrics_port, "motcua_event_streams_open", 0),
            0);
}

// deploy/grafana/motcua-dashboard.json, found beside the example client.
std::string DashboardPath() {
  const std::string client = MOTCUA_CALL_PATH;
  return client.substr(0, client.rfind("/examples/")) +
         "/grafana/motcua-dashboard.json";
}

TEST(MetricsServerTest, TheDashboardUsesOnlyExportedMetrics) {
  std::ifstream file(DashboardPath());
  ASSERT_TRUE(file.good()) << DashboardPath();
  const nlohmann::json dashboard = nlohmann::json::parse(file, nullptr, false);
  ASSERT_FALSE(dashboard.is_discarded()) << "not valid JSON";
  ASSERT_TRUE(dashboard.contains("panels"));

  std::set<std::string> titles;
  std::set<std::string> used;
  for (const auto& panel : dashboard["panels"]) {
    titles.insert(panel.value("title", ""));
    if (!panel.contains("targets")) continue;
    for (const auto& target : panel["targets"]) {
      const std::string expr = target.value("expr", "");
      EXPECT_FALSE(expr.empty()) << panel.value("title", "");
      // Every motcua_[a-z0-9_]+ that starts a word.
      for (size_t at = expr.find("motcua_"); at != std::string::npos;
           at = expr.find("motcua_", at + 1)) {
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(expr[at - 1])) ||
                       expr[at - 1] == '_')) {
          continue;
        }
        size_t end = at + 7;
        while (end < expr.size() &&
               (std::islower(static_cast<unsigned char>(expr[end])) ||
                std::isdigit(static_cast<unsigned char>(expr[end])) ||
                expr[end] == '_')) {
          ++end;
        }
        used.insert(expr.substr(at, end - at));
      }
    }
  }
  EXPECT_GE(titles.size(), 9u);

  // A server that has served a call of each kind exports every series.
  testing::TempDir dir;
  MetricsServer metrics(dir.path());
  testing::ServerProcess& server = metrics.server;
  auto desk = server.DossierStub();
  pb::SubmitDossierResponse submitted;
  ASSERT_TRUE(
      desk->SubmitDossier(Ctx().get(), Receipt("d-1"), &submitted).ok());
  const auto samples = Parse(HttpGet(metrics.metrics_port, "/metrics").second);
  std::set<std::string> exported;
  for (const auto& [series, value] : samples) exported.insert(series.name);
  for (const std::string& name : used) {
    EXPECT_TRUE(exported.contains(name))
        << "the dashboard uses " << name << ", which motcuad does not export";
  }
  EXPECT_GE(used.size(), 10u);
}

TEST(MetricsServerTest, PlaintextOffLoopbackNeedsAllowPlaintext) {
  testing::TempDir dir;
  const testing::ExitedRun run =
      testing::RunExpectingExit(dir.path(), {"--metrics-listen", "0.0.0.0:0"});
  EXPECT_EQ(run.exit_status, 1) << run.output;
  EXPECT_NE(run.output.find("--metrics-listen 0.0.0.0:0"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("--allow-plaintext"), std::string::npos);
  const testing::ExitedRun bad =
      testing::RunExpectingExit(dir.path(), {"--metrics-listen", "nonsense"});
  EXPECT_EQ(bad.exit_status, 1) << bad.output;
  EXPECT_NE(bad.output.find("--metrics-listen: expected HOST:PORT"),
            std::string::npos)
      << bad.output;
}

}  // namespace
}  // namespace motcua

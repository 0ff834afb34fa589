#include "server/metrics_endpoint.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "server/metrics_interceptor.h"
#include "tests/fakes/temp_dir.h"
#include "tests/fakes/test_pki.h"

namespace motcua::services {
namespace {

std::string Text(const std::vector<prometheus::MetricFamily>& families) {
  return prometheus::TextSerializer().Serialize(families);
}

TEST(MethodLabelTest, KnownMethodsKeepTheirNameOthersAreUnknown) {
  struct Case {
    const char* path;
    const char* label;
  };
  const std::vector<Case> cases = {
      {"/motcua.v1.DossierService/SubmitDossier",
       "/motcua.v1.DossierService/SubmitDossier"},
      {"/motcua.v1.EventService/WatchEvents",
       "/motcua.v1.EventService/WatchEvents"},
      {"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Check"},
      {"/motcua.v1.DossierService/MadeUp", "unknown"},
      {"/no.such.Service/SubmitDossier", "unknown"},
      {"motcua.v1.DossierService/SubmitDossier", "unknown"},
      {"/motcua.v1.DossierService/", "unknown"},
      {"/", "unknown"},
      {"", "unknown"},
      {"/\xff\xfe/\x80", "unknown"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(MethodLabel(c.path), c.label);
  }
  EXPECT_EQ(MethodLabel("/" + std::string(1000, 'a') + "/b"), "unknown");
}

TEST(MethodLabelTest, StatusCodesHaveTheirCanonicalNames) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::INVALID_ARGUMENT),
            "INVALID_ARGUMENT");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED),
            "UNAUTHENTICATED");
  EXPECT_EQ(StatusCodeName(static_cast<grpc::StatusCode>(99)), "UNKNOWN");
}

TEST(RpcMetricsTest, CountsByMethodAndCodeAndTimesOnlyWhenAsked) {
  prometheus::Registry registry;
  RpcMetrics rpc(registry);
  const std::string submit = "/motcua.v1.DossierService/SubmitDossier";
  rpc.Record(submit, grpc::StatusCode::OK, true, 0.003);
  rpc.Record(submit, grpc::StatusCode::OK, true, 0.2);
  rpc.Record(submit, grpc::StatusCode::INVALID_ARGUMENT, true, 0.0001);
  rpc.Record("/motcua.v1.EventService/WatchEvents", grpc::StatusCode::CANCELLED,
             false, 60);
  const std::string text = Text(registry.Collect());
  EXPECT_NE(text.find("motcua_rpc_requests_total{code=\"OK\",method=\"" +
                      submit + "\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("motcua_rpc_requests_total{code=\"INVALID_ARGUMENT\","
                      "method=\"" +
                      submit + "\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("motcua_rpc_duration_seconds_count{method=\"" + submit +
                      "\"} 3"),
            std::string::npos);
  EXPECT_NE(text.find("motcua_rpc_duration_seconds_bucket{method=\"" + submit +
                      "\",le=\"0.005\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("code=\"CANCELLED\",method=\"/motcua.v1.EventService/"
                      "WatchEvents\"} 1"),
            std::string::npos);
  EXPECT_EQ(text.find("motcua_rpc_duration_seconds_count{method=\"/motcua.v1."
                      "EventService/WatchEvents\"}"),
            std::string::npos);
}

TEST(CollectServerMetricsTest, HistogramsAreCumulativeWithAnInfBucket) {
  runtime::SequencerMetrics sequencer;
  sequencer.batch_size.Observe(3);
  sequencer.batch_size.Observe(300);
  sequencer.commit_seconds.Observe(0.004);
  sequencer.failed_commits = 2;
  MetricsSources sources;
  sources.sequencer_metrics = &sequencer;
  const std::string text = Text(CollectServerMetrics(sources));
  for (const char* want : {
           "motcua_sequencer_batch_size_bucket{le=\"2\"} 0",
           "motcua_sequencer_batch_size_bucket{le=\"4\"} 1",
           "motcua_sequencer_batch_size_bucket{le=\"512\"} 2",
           "motcua_sequencer_batch_size_bucket{le=\"+Inf\"} 2",
           "motcua_sequencer_batch_size_count 2",
           "motcua_sequencer_batch_size_sum 303",
           "motcua_sequencer_commit_duration_seconds_bucket{le=\"0.005\"} 1",
           "motcua_sequencer_failed_commits_total 2",
           "motcua_build_info{version=",
       }) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  // Sources left out leave their metrics out.
  EXPECT_EQ(text.find("motcua_sequencer_queue_depth"), std::string::npos);
  EXPECT_EQ(text.find("motcua_dossiers_open"), std::string::npos);
}

TEST(MetricsEndpointTest, AddressesAreCheckedBeforeAnythingListens) {
  struct Case {
    const char* listen;
    bool ok;
  };
  // Only HOST:PORT here; the plaintext rule is CheckListeners' (config_test).
  const std::vector<Case> cases = {
      {"127.0.0.1:0", true},      {"[::1]:9464", true},
      {"localhost:9464", true},   {"0.0.0.0:9464", true},
      {"nonsense", false},        {"127.0.0.1:", false},
      {"127.0.0.1:70000", false}, {"127.0.0.1:-1", false},
      {":9464", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.listen);
    auto endpoint = MetricsEndpoint::Create(c.listen);
    EXPECT_EQ(endpoint.ok(), c.ok);
    if (!endpoint.ok()) {
      EXPECT_EQ(endpoint.error().code, engine::ErrorCode::kInvalidArgument);
      EXPECT_EQ(endpoint.error().message.rfind("--metrics-listen: ", 0), 0u);
    }
  }
}

TEST(MetricsEndpointTest, StartsOnAFreePortAndAnAddressInUseIsUnavailable) {
  auto first = MetricsEndpoint::Create("127.0.0.1:0");
  ASSERT_TRUE(first.ok());
  auto port = (*first)->Start({}, {});
  ASSERT_TRUE(port.ok()) << port.error().message;
  EXPECT_GT(*port, 0);
  auto second = MetricsEndpoint::Create("127.0.0.1:" + std::to_string(*port));
  ASSERT_TRUE(second.ok());
  auto taken = (*second)->Start({}, {});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, engine::ErrorCode::kUnavailable);
  (*first)->Stop();
  (*first)->Stop();  // idempotent
}

// With the server's TLS files the scrape is HTTPS: a client that trusts the
// CA reads the metrics; plain HTTP gets no answer.
TEST(MetricsEndpointTest, ServesHttpsWithTheServersCertificate) {
  testing::TempDir dir;
  testing::TestCa ca("metrics test CA");
  testing::InstallKeyPair(ca.IssueServer(4242), dir.path() + "/tls.crt",
                          dir.path() + "/tls.key");
  auto endpoint = MetricsEndpoint::Create("127.0.0.1:0");
  ASSERT_TRUE(endpoint.ok());
  auto port =
      (*endpoint)->Start({}, TlsOptions{.cert_file = dir.path() + "/tls.crt",
                                        .key_file = dir.path() + "/tls.key"});
  ASSERT_TRUE(port.ok()) << port.error().message;
  (*endpoint)->rpc()->Record("/motcua.v1.DossierService/SubmitDossier",
                             grpc::StatusCode::OK, true, 0.01);

  testing::TlsExchangeOptions scrape;
  scrape.request =
      "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const testing::TlsExchangeResult r =
      testing::TlsExchange(*port, ca.cert_pem(), scrape);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.serial, "1092");
  EXPECT_EQ(r.received.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r.received;
  EXPECT_NE(r.received.find("Content-Type: text/plain; version=0.0.4"),
            std::string::npos);
  EXPECT_NE(r.received.find("motcua_rpc_requests_total{code=\"OK\",method=\"/"
                            "motcua.v1.DossierService/SubmitDossier\"} 1"),
            std::string::npos)
      << r.received;

  testing::TlsExchangeOptions other;
  other.request =
      "POST /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const testing::TlsExchangeResult post =
      testing::TlsExchange(*port, ca.cert_pem(), other);
  ASSERT_TRUE(post.ok) << post.error;
  EXPECT_EQ(post.received.rfind("HTTP/1.1 405", 0), 0u) << post.received;
  EXPECT_NE(post.received.find("Allow: GET"), std::string::npos);

  // Mismatched files are refused at start, naming the flag.
  auto broken = MetricsEndpoint::Create("127.0.0.1:0");
  ASSERT_TRUE(broken.ok());
  auto refused =
      (*broken)->Start({}, TlsOptions{.cert_file = dir.path() + "/tls.crt"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.rfind("--metrics-listen's TLS", 0), 0u)
      << refused.error().message;
}

}  // namespace
}  // namespace motcua::services

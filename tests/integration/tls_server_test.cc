// Transport security on a real motcuad: TLS and mutual TLS on gRPC with
// certificates made at test time, certificate reload without restart,
// plaintext refused off loopback, the admin services on their own listener
// and the carrier webhook over HTTPS.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/catalogue.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/fakes/test_pki.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

// Every RPC's context: the one place to add call metadata (credentials)
// for the server whose data directory is `data_dir`.
std::unique_ptr<grpc::ClientContext> CallContext(const std::string& data_dir) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + testing::ReadToken(data_dir));
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

// A channel of its own (no connection shared with other channels), so each
// one makes a fresh handshake.
std::shared_ptr<grpc::Channel> Channel(
    int port, std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port),
                                   credentials, args);
}

std::shared_ptr<grpc::Channel> TlsChannel(
    int port, const std::string& ca_pem,
    const testing::KeyPair* client = nullptr) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ca_pem;
  if (client != nullptr) {
    options.pem_cert_chain = client->cert_pem;
    options.pem_private_key = client->key_pem;
  }
  return Channel(port, grpc::SslCredentials(options));
}

std::shared_ptr<grpc::Channel> PlaintextChannel(int port) {
  return Channel(port, grpc::InsecureChannelCredentials());
}

// A read any caller may make.
grpc::Status ListCalendars(const std::shared_ptr<grpc::Channel>& channel,
                           const std::string& data_dir) {
  auto stub = pb::CalendarService::NewStub(channel);
  pb::ListCalendarsResponse response;
  return stub->ListCalendars(CallContext(data_dir).get(), {}, &response);
}

// grpc.health.v1.Health/Check for the whole server, through a generic
// stub (the health proto is not compiled here): the encoded reply,
// kServing for {status: SERVING}, or the error code's name.
constexpr char kServing[] = "\x08\x01";
std::string HealthStatus(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& data_dir) {
  grpc::GenericStub stub(channel);
  grpc::Slice empty;  // HealthCheckRequest{service: ""} encodes to nothing
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  auto ctx = CallContext(data_dir);
  stub.UnaryCall(ctx.get(), "/grpc.health.v1.Health/Check", {}, &request,
                 &response, [&](grpc::Status s) { done.set_value(s); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) return "error " + std::to_string(status.error_code());
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return "unreadable";
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// The server's certificate and key in `dir`, issued by `ca`.
struct ServerFiles {
  ServerFiles(const std::string& dir, const testing::TestCa& ca, long serial)
      : cert(dir + "/tls.crt"), key(dir + "/tls.key") {
    testing::InstallKeyPair(ca.IssueServer(serial), cert, key);
  }
  std::vector<std::string> Flags() const {
    return {"--tls-cert", cert, "--tls-key", key};
  }
  std::string cert;
  std::string key;
};

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class TlsServerTest : public ::testing::Test {
 protected:
  std::string Data() const { return dir_.path() + "/db"; }

  testing::TempDir dir_;
  testing::TestCa ca_{"motcua test CA"};
};

TEST_F(TlsServerTest, TlsClientsTrustingTheCaAreServedPlaintextOnesAreNot) {
  ServerFiles files(dir_.path(), ca_, 1001);
  testing::ServerProcess server(Data(), files.Flags());

  grpc::Status tls =
      ListCalendars(TlsChannel(server.port(), ca_.cert_pem()), Data());
  EXPECT_TRUE(tls.ok()) << tls.error_message();
  EXPECT_FALSE(ListCalendars(PlaintextChannel(server.port()), Data()).ok());
  testing::TestCa stranger("another CA");
  EXPECT_FALSE(
      ListCalendars(TlsChannel(server.port(), stranger.cert_pem()), Data())
          .ok());
  // A raw handshake sees the certificate the server was given.
  auto handshake =
      testing::TlsExchange(server.port(), ca_.cert_pem(), {.alpn = "h2"});
  ASSERT_TRUE(handshake.ok) << handshake.error;
  EXPECT_EQ(handshake.serial, "03E9");
}

TEST_F(TlsServerTest, MutualTlsRefusesClientsWithoutACertificateFromTheCa) {
  ServerFiles files(dir_.path(), ca_, 1002);
  testing::TestCa clients("desk CA");
  testing::WriteFileAtomically(dir_.path() + "/clients.pem",
                               clients.cert_pem());
  testing::ServerProcess server(
      Data(),
      Concat(files.Flags(), {"--tls-client-ca", dir_.path() + "/clients.pem"}));

  const testing::KeyPair desk = clients.IssueClient("desk-01", 7);
  grpc::Status with_cert =
      ListCalendars(TlsChannel(server.port(), ca_.cert_pem(), &desk), Data());
  EXPECT_TRUE(with_cert.ok()) << with_cert.error_message();
  grpc::Status without =
      ListCalendars(TlsChannel(server.port(), ca_.cert_pem()), Data());
  EXPECT_EQ(without.error_code(), grpc::StatusCode::UNAVAILABLE)
      << without.error_message();
  // A certificate from the server's own CA is not a client certificate
  // from the clients' CA.
  const testing::KeyPair outsider = ca_.IssueClient("outsider", 8);
  EXPECT_FALSE(ListCalendars(
                   TlsChannel(server.port(), ca_.cert_pem(), &outsider), Data())
                   .ok());
}

TEST_F(TlsServerTest, AClientCertificateNamedByAPrincipalIsItsCredential) {
  ServerFiles files(dir_.path(), ca_, 1010);
  testing::TestCa clients("desk CA");
  testing::WriteFileAtomically(dir_.path() + "/clients.pem",
                               clients.cert_pem());
  testing::ServerProcess server(
      Data(),
      Concat(files.Flags(), {"--tls-client-ca", dir_.path() + "/clients.pem"}));
  const testing::KeyPair desk = clients.IssueClient("desk-h55-10", 11);
  const testing::KeyPair unknown = clients.IssueClient("desk-h55-13", 12);

  // The administrator (bearer token over TLS) names the certificate.
  auto admin = pb::TokenAdminService::NewStub(
      TlsChannel(server.port(), ca_.cert_pem(), &desk));
  pb::CreateTokenRequest create;
  create.set_name("Bộ phận một cửa Sở Tư pháp");
  create.add_roles("desk");
  create.add_agencies("H55.10");
  create.set_certificate_name("desk-h55-10");
  create.set_certificate_only(true);
  pb::CreateTokenResponse created;
  grpc::Status s =
      admin->CreateToken(CallContext(Data()).get(), create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(created.token().empty());

  // No token: the certificate alone proves the principal.
  auto who = pb::AccessService::NewStub(
      TlsChannel(server.port(), ca_.cert_pem(), &desk));
  pb::WhoAmIResponse me;
  grpc::ClientContext c1;
  s = who->WhoAmI(&c1, pb::WhoAmIRequest(), &me);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(me.principal().id(), created.principal().id());
  // A valid certificate no principal names is no credential.
  auto stranger = pb::AccessService::NewStub(
      TlsChannel(server.port(), ca_.cert_pem(), &unknown));
  grpc::ClientContext c2;
  EXPECT_EQ(stranger->WhoAmI(&c2, pb::WhoAmIRequest(), &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Revoked: refused at once.
  pb::RevokeTokenRequest revoke;
  revoke.set_id(created.principal().id());
  pb::RevokeTokenResponse revoked;
  ASSERT_TRUE(
      admin->RevokeToken(CallContext(Data()).get(), revoke, &revoked).ok());
  grpc::ClientContext c3;
  EXPECT_EQ(who->WhoAmI(&c3, pb::WhoAmIRequest(), &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TlsServerTest, ReplacedCertificatesAreServedWithoutRestart) {
  ServerFiles files(dir_.path(), ca_, 1003);
  std::ofstream(dir_.path() + "/secrets.json")
      << R"({"vnpost": "integration-test-secret-0123"})";
  testing::ServerProcess server(
      Data(),
      Concat(files.Flags(),
             {"--tls-reload-seconds", "1", "--postal-listen", "127.0.0.1:0",
              "--postal-secrets", dir_.path() + "/secrets.json"}));
  ASSERT_NE(server.postal_port(), 0);
  ASSERT_TRUE(
      ListCalendars(TlsChannel(server.port(), ca_.cert_pem()), Data()).ok());
  ASSERT_EQ(testing::TlsExchange(server.postal_port(), ca_.cert_pem()).serial,
            "03EB");

  // The operator renews with a new CA: clients that trust only it connect
  // once the server has read the new files.
  testing::TestCa renewed("renewed CA");
  testing::InstallKeyPair(renewed.IssueServer(2003), files.cert, files.key);
  bool grpc_renewed = false;
  bool webhook_renewed = false;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((!grpc_renewed || !webhook_renewed) &&
         std::chrono::steady_clock::now() < give_up) {
    grpc_renewed =
        grpc_renewed ||
        ListCalendars(TlsChannel(server.port(), renewed.cert_pem()), Data())
            .ok();
    webhook_renewed =
        webhook_renewed ||
        testing::TlsExchange(server.postal_port(), renewed.cert_pem()).serial ==
            "07D3";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(grpc_renewed);
  EXPECT_TRUE(webhook_renewed);
  EXPECT_FALSE(
      ListCalendars(TlsChannel(server.port(), ca_.cert_pem()), Data()).ok());
}

TEST_F(TlsServerTest, WebhookAnswersOverHttpsOnly) {
  ServerFiles files(dir_.path(), ca_, 1004);
  std::ofstream(dir_.path() + "/secrets.json")
      << R"({"vnpost": "integration-test-secret-0123"})";
  testing::ServerProcess server(
      Data(), Concat(files.Flags(),
                     {"--postal-listen", "127.0.0.1:0", "--postal-secrets",
                      dir_.path() + "/secrets.json"}));
  ASSERT_NE(server.postal_port(), 0);
  auto reply = testing::TlsExchange(
      server.postal_port(), ca_.cert_pem(),
      {.request = "GET /v1/carriers/vnpost/events HTTP/1.1\r\nHost: "
                  "motcua\r\nConnection: close\r\n\r\n"});
  ASSERT_TRUE(reply.ok) << reply.error;
  EXPECT_EQ(reply.received.substr(0, 12), "HTTP/1.1 405") << reply.received;
  auto unsigned_post = testing::TlsExchange(
      server.postal_port(), ca_.cert_pem(),
      {.request =
           "POST /v1/carriers/vnpost/events HTTP/1.1\r\nHost: "
           "motcua\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"});
  ASSERT_TRUE(unsigned_post.ok) << unsigned_post.error;
  EXPECT_EQ(unsigned_post.received.substr(0, 12), "HTTP/1.1 401")
      << unsigned_post.received;
}

// With --tls-cert the metrics endpoint is HTTPS with the same files, so it
// may listen off loopback without --allow-plaintext (as the others).
TEST_F(TlsServerTest, MetricsAreScrapedOverHttpsOffLoopback) {
  ServerFiles files(dir_.path(), ca_, 1006);
  testing::ServerProcess server(
      Data(), Concat(files.Flags(), {"--metrics-listen", "0.0.0.0:0"}));
  ASSERT_NE(server.metrics_port(), 0);
  auto scrape = testing::TlsExchange(
      server.metrics_port(), ca_.cert_pem(),
      {.request = "GET /metrics HTTP/1.1\r\nHost: motcua\r\nConnection: "
                  "close\r\n\r\n"});
  ASSERT_TRUE(scrape.ok) << scrape.error;
  EXPECT_EQ(scrape.serial, "03EE");
  EXPECT_EQ(scrape.received.substr(0, 15), "HTTP/1.1 200 OK")
      << scrape.received;
  EXPECT_NE(scrape.received.find("\nmotcua_build_info{version="),
            std::string::npos);
  EXPECT_NE(scrape.received.find("\nmotcua_sequencer_queue_depth "),
            std::string::npos);
}

TEST_F(TlsServerTest, PlaintextOffLoopbackNeedsAllowPlaintext) {
  for (const std::string flag : {"--listen", "--admin-listen"}) {
    SCOPED_TRACE(flag);
    testing::ExitedRun refused =
        testing::RunExpectingExit(Data(), {flag, "0.0.0.0:0"});
    EXPECT_EQ(refused.exit_status, 1) << refused.output;
    EXPECT_NE(refused.output.find(flag + " 0.0.0.0:0"), std::string::npos)
        << refused.output;
    EXPECT_NE(refused.output.find("--allow-plaintext"), std::string::npos)
        << refused.output;
  }
  std::ofstream(dir_.path() + "/secrets.json")
      << R"({"vnpost": "integration-test-secret-0123"})";
  for (const std::string flag : {"--http-listen", "--metrics-listen"}) {
    testing::ExitedRun refused =
        testing::RunExpectingExit(Data(), {flag, "0.0.0.0:0"});
    EXPECT_EQ(refused.exit_status, 1) << refused.output;
    EXPECT_NE(refused.output.find(flag + " 0.0.0.0:0"), std::string::npos)
        << refused.output;
  }
  testing::ExitedRun webhook = testing::RunExpectingExit(
      Data(), {"--postal-listen", "0.0.0.0:0", "--postal-secrets",
               dir_.path() + "/secrets.json"});
  EXPECT_EQ(webhook.exit_status, 1) << webhook.output;
  EXPECT_NE(webhook.output.find("--postal-listen 0.0.0.0:0"), std::string::npos)
      << webhook.output;

  testing::ExitedRun allowed = testing::RunExpectingExit(
      Data(), {"--listen", "0.0.0.0:0", "--allow-plaintext"});
  EXPECT_EQ(allowed.exit_status, -1) << allowed.output;
  EXPECT_NE(allowed.output.find("motcuad listening on 0.0.0.0:"),
            std::string::npos)
      << allowed.output;
  ServerFiles files(dir_.path(), ca_, 1005);
  testing::ExitedRun tls = testing::RunExpectingExit(
      Data(), Concat({"--listen", "0.0.0.0:0"}, files.Flags()));
  EXPECT_EQ(tls.exit_status, -1) << tls.output;
}

TEST_F(TlsServerTest, BadTlsFilesStopTheStartNamingTheFlag) {
  ServerFiles files(dir_.path(), ca_, 1006);
  const testing::KeyPair other = ca_.IssueServer(1007);
  testing::WriteFileAtomically(dir_.path() + "/other.key", other.key_pem);
  testing::WriteFileAtomically(dir_.path() + "/garbage.pem",
                               "-----BEGIN CERTIFICATE-----\nnot base64\n"
                               "-----END CERTIFICATE-----\n");
  struct Case {
    std::vector<std::string> flags;
    std::string expected;
  };
  const Case cases[] = {
      {{"--tls-cert", files.cert}, "--tls-key"},
      {{"--tls-key", files.key}, "--tls-cert"},
      {{"--tls-cert", dir_.path() + "/missing.crt", "--tls-key", files.key},
       "--tls-cert " + dir_.path() + "/missing.crt"},
      {{"--tls-cert", dir_.path() + "/garbage.pem", "--tls-key", files.key},
       "--tls-cert " + dir_.path() + "/garbage.pem"},
      {{"--tls-cert", files.key, "--tls-key", files.key}, "--tls-cert"},
      {{"--tls-cert", files.cert, "--tls-key", files.cert}, "--tls-key"},
      {{"--tls-cert", files.cert, "--tls-key", dir_.path() + "/other.key"},
       "--tls-key " + dir_.path() + "/other.key"},
      {Concat(files.Flags(),
              {"--tls-client-ca", dir_.path() + "/missing-ca.pem"}),
       "--tls-client-ca"},
      {{"--tls-client-ca", files.cert}, "--tls-client-ca"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected);
    testing::ExitedRun run = testing::RunExpectingExit(Data(), c.flags);
    EXPECT_EQ(run.exit_status, 1) << run.output;
    EXPECT_NE(run.output.find(c.expected), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find("PRIVATE KEY"), std::string::npos) << run.output;
  }
}

TEST_F(TlsServerTest, AdminServicesAnswerOnlyOnTheAdminListener) {
  ServerFiles files(dir_.path(), ca_, 1008);
  testing::ServerProcess server(
      Data(), Concat(files.Flags(), {"--admin-listen", "127.0.0.1:0"}));
  ASSERT_NE(server.admin_port(), 0);
  ASSERT_NE(server.admin_port(), server.port());
  auto main_channel = TlsChannel(server.port(), ca_.cert_pem());
  auto admin_channel = TlsChannel(server.admin_port(), ca_.cert_pem());

  auto apply = [&](const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = pb::CatalogueAdminService::NewStub(channel);
    pb::ApplyCatalogueRequest request;
    request.set_client_id("admin-test");
    request.set_request_id("1");
    pb::ApplyCatalogueResponse response;
    return stub->ApplyCatalogue(CallContext(Data()).get(), request, &response)
        .error_code();
  };
  auto schedule = [&](const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = pb::CalendarAdminService::NewStub(channel);
    pb::GetScheduleRequest request;
    request.set_calendar("vn");
    request.set_year(2026);
    pb::GetScheduleResponse response;
    return stub->GetSchedule(CallContext(Data()).get(), request, &response)
        .error_code();
  };
  EXPECT_EQ(apply(main_channel), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(schedule(main_channel), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_NE(apply(admin_channel), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_NE(apply(admin_channel), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(schedule(admin_channel), grpc::StatusCode::OK);
  // The desks' services stay on the main listener.
  EXPECT_TRUE(ListCalendars(main_channel, Data()).ok());
  EXPECT_EQ(ListCalendars(admin_channel, Data()).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // Both listeners answer health checks, over the same TLS.
  EXPECT_EQ(HealthStatus(main_channel, Data()), kServing);
  EXPECT_EQ(HealthStatus(admin_channel, Data()), kServing);
  EXPECT_FALSE(
      ListCalendars(PlaintextChannel(server.admin_port()), Data()).ok());
}

TEST_F(TlsServerTest, WithoutAdminListenerEverythingIsOnTheMainPort) {
  testing::ServerProcess server(Data());
  EXPECT_EQ(server.admin_port(), 0);
  auto stub = pb::CalendarAdminService::NewStub(server.AnonymousChannel());
  pb::GetScheduleRequest request;
  request.set_calendar("vn");
  request.set_year(2026);
  pb::GetScheduleResponse response;
  grpc::Status s =
      stub->GetSchedule(CallContext(Data()).get(), request, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

}  // namespace
}  // namespace motcua

// Server: the composition root's building block. Opens the RocksDB store,
// loads the calendars, starts the sequencer and serves motcua.v1 plus
// grpc.health.v1.Health and server reflection on one port, or on two when
// the admin services have a listener of their own (admin_listen).
//
// Security of the listeners (server/transport_security.h) is checked
// before anything is opened: TLS files that do not read or fit together,
// or plaintext on an address other than loopback without allow_plaintext,
// stop the start with a message naming the flag.
//
// Shutdown order: stop the sequencer (the batch in flight is committed and
// answered, queued and new writes are answered UNAVAILABLE), give callers a
// moment to hear that, then stop taking RPCs (calls still running finish, or
// are cancelled after 5 s), then close the store. Every write is answered OK
// (durable) or UNAVAILABLE (nothing stored).
//
// Thread safety: Start/Shutdown/Wait from one controlling thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/common/result.h"
#include "engine/enforcement/watch.h"
#include "engine/ports/clock.h"
#include "runtime/event_hub.h"
#include "runtime/sequencer.h"
#include "runtime/worker_loop.h"
#include "server/install_paths.h"
#include "server/transport_security.h"
#include "services/rate_limiter.h"

namespace grpc {
class Server;
}

namespace motcua::services {
class HttpGateway;  // server/http_gateway.h
}

namespace motcua::adapters {
class FileNotificationSender;
class TokenHasher;
class HmacLookupSecrets;
class PdfFormRenderer;
class PostalWebhookServer;
class RocksDbBackup;
class RocksDbStore;
}  // namespace motcua::adapters

namespace motcua::runtime {
class AccessLog;
class CalendarBook;
class CatalogueBook;
class DeadlineProjection;
class Notifier;
class PersonalDataPurger;
class ReportBook;
class Sweeper;
}  // namespace motcua::runtime

namespace motcua::services {

class AccessControl;
class AdminService;
class AccessService;
class AuditService;
class TokenAdminService;
class CalendarAdminService;
class CalendarService;
class CatalogueAdminService;
class CatalogueService;
class DossierService;
class FormRendering;
class EventService;
class LifecycleActions;
class PostalRecorder;
class PostalService;
class LookupService;
class PortalSyncService;
class ReportService;
class ProcessingService;
class MetricsEndpoint;

struct ServerOptions {
  // host:port to listen on; port 0 picks a free port (see Server::port()).
  std::string listen = "127.0.0.1:50051";
  // host:port of a second gRPC listener for the admin services (catalogue
  // and calendar administration, see Server::Start's admin list) and
  // health; when set, they are served there and not on `listen`. Empty:
  // everything on `listen`. Port 0 picks one (Server::admin_port()).
  std::string admin_listen;
  // TLS for every listener: gRPC (both) and the carrier webhook.
  TlsOptions tls;
  // Plaintext on an address other than loopback is refused unless set.
  bool allow_plaintext = false;
  // Citizen lookups: peers trusted to name the caller in x-forwarded-for
  // (IP addresses or CIDR ranges; services/caller_key.h).
  std::vector<std::string> trusted_proxies;
  // RocksDB directory; created if missing.
  std::string data_dir = "./data";
  // Directory with calendars.json and the official *.schedule files
  // (deploy/calendars/README.md); by default the installed ones
  // (server/install_paths.h).
  std::string calendars_dir = InstalledDataPath("calendars");
  // Directory with the shipped *.catalogue files (deploy/catalogue/README.md).
  std::string catalogue_dir = InstalledDataPath("catalogue");
  runtime::SequencerOptions sequencer;
  runtime::EventHubOptions events;
  // Deadline enforcement: due-soon lead and the sweeper. Off only in tools.
  engine::WatchConfig watch;
  // Notifications for applicants, as JSON lines (empty: no notifications).
  // Default: notifications.jsonl in the data directory.
  std::string notify_file = "-";
  // Citizen lookups allowed per caller address.
  RateLimit lookup_limit;
  // The citizen portal's lookup page printed as a QR code on the forms
  // (RenderForm), with "?code=<dossier code>" appended. The default is a
  // reserved name (RFC 2606) that resolves nowhere: set the province's.
  std::string lookup_url_base = "https://motcua.invalid/tra-cuu";
  bool sweeper = true;
  // Carrier webhook (deploy/postal/README.md): host:port to listen on (port
  // 0 = any free port; empty = no webhook), the carriers' secrets file
  // (required when listening) and the status mapping table.
  std::string postal_listen;
  std::string postal_secrets;
  std::string postal_statuses =
      InstalledDataPath("postal/carrier_statuses.json");
  int64_t postal_replay_window_seconds = 300;
  // Open webhook connections per client address (0 = no cap).
  int postal_max_connections_per_address = 64;
  // WatchEvents streams open at once; one more is RESOURCE_EXHAUSTED.
  int max_event_streams = 256;
  // Idempotency records older than this many days are purged (0: kept
  // forever); README "Retention".
  uint32_t idempotency_retention_days = 30;
  // Personal data of dossiers closed more than this many years ago is
  // erased by a daily pass (0: kept; else at least
  // engine::kMinPersonalDataRetentionYears); README "Retention".
  uint32_t personal_data_retention_years = 0;
  // HTTP/JSON gateway (server/http_gateway.h): host:port (port 0 = any free
  // port; empty = off). Serves the routes of the services on `listen`.
  std::string http_listen;
  // Prometheus endpoint (server/metrics_endpoint.h): host:port serving GET
  // /metrics, over TLS when `tls` names a certificate (port 0 picks one);
  // empty: off.
  std::string metrics_listen;
};

// Every listener that is set is HOST:PORT (InvalidArgument "FLAG: expected
// HOST:PORT, got ...") and keeps the plaintext rule (CheckPlaintextAllowed).
// Server::Start and --check-config both ask this.
engine::Status CheckListeners(const ServerOptions& options);

class Server {
 public:
  static engine::Result<std::unique_ptr<Server>> Start(
      const ServerOptions& options, const engine::Clock& clock);
  ~Server();

  // The bound port (useful when listening on port 0).
  int port() const { return port_; }
  // The admin listener's bound port, 0 without admin_listen.
  int admin_port() const { return admin_port_; }
  // The carrier webhook's bound port, 0 when it is off.
  int postal_port() const { return postal_port_; }
  // The HTTP/JSON gateway's bound port, 0 when it is off.
  int http_port() const { return http_port_; }
  // The metrics endpoint's bound port, 0 when it is off.
  int metrics_port() const { return metrics_port_; }
  // Where this start wrote the bootstrap token (the first start on an empty
  // store, README "Security"); empty otherwise.
  const std::string& bootstrap_token_file() const {
    return bootstrap_token_file_;
  }
  // Blocks until Shutdown() is called from another thread.
  void Wait();
  void Shutdown();

 private:
  Server() = default;
  // AdminService with its backups (server/server.cc).
  static std::unique_ptr<AdminService> MakeAdminService(
      Server& server, const ServerOptions& options,
      const std::string& notify_file, const engine::Clock& clock);

  int port_ = 0;
  int admin_port_ = 0;
  int postal_port_ = 0;
  int http_port_ = 0;
  int metrics_port_ = 0;
  bool shut_down_ = false;
  std::string bootstrap_token_file_;
  std::unique_ptr<adapters::RocksDbStore> store_;
  std::unique_ptr<adapters::HmacLookupSecrets> secrets_;
  std::unique_ptr<adapters::PdfFormRenderer> form_renderer_;
  std::unique_ptr<FormRendering> form_rendering_;
  std::unique_ptr<adapters::TokenHasher> token_hasher_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<runtime::AccessLog> access_log_;
  std::unique_ptr<TokenAdminService> token_admin_service_;
  std::unique_ptr<AccessService> access_service_;
  std::unique_ptr<AuditService> audit_service_;
  std::unique_ptr<runtime::EventHub> hub_;
  // Outlives the sequencer, which records into it.
  runtime::SequencerMetrics sequencer_metrics_;
  std::unique_ptr<runtime::Sequencer> sequencer_;
  std::unique_ptr<runtime::Sweeper> sweeper_;
  std::unique_ptr<runtime::CalendarBook> calendars_;
  std::unique_ptr<runtime::CatalogueBook> catalogue_;
  std::unique_ptr<LifecycleActions> actions_;
  std::unique_ptr<DossierService> dossier_service_;
  std::unique_ptr<ProcessingService> processing_service_;
  std::unique_ptr<EventService> event_service_;
  std::unique_ptr<LookupService> lookup_service_;
  std::unique_ptr<PortalSyncService> portal_sync_service_;
  std::unique_ptr<runtime::DeadlineProjection> deadlines_;
  std::unique_ptr<runtime::ReportBook> reports_;
  std::unique_ptr<ReportService> report_service_;
  std::unique_ptr<adapters::FileNotificationSender> notification_sender_;
  std::unique_ptr<runtime::Notifier> notifier_;
  std::unique_ptr<PostalRecorder> postal_recorder_;
  std::unique_ptr<PostalService> postal_service_;
  std::unique_ptr<adapters::PostalWebhookServer> webhook_;
  std::unique_ptr<CalendarService> calendar_service_;
  std::unique_ptr<CalendarAdminService> calendar_admin_service_;
  std::unique_ptr<CatalogueService> catalogue_service_;
  std::unique_ptr<CatalogueAdminService> catalogue_admin_service_;
  // Purges expired idempotency records hourly (README "Retention").
  std::unique_ptr<runtime::WorkerLoop> retention_;
  // Erases the personal data of long-closed dossiers daily.
  std::unique_ptr<runtime::PersonalDataPurger> purger_;
  std::unique_ptr<adapters::RocksDbBackup> backup_;
  std::unique_ptr<AdminService> admin_service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<grpc::Server> admin_grpc_server_;
  // After the gRPC servers: destroyed first, its channel is theirs.
  std::unique_ptr<HttpGateway> http_gateway_;
  // Last: stopped and destroyed before what it reads.
  std::unique_ptr<MetricsEndpoint> metrics_;
};

}  // namespace motcua::services

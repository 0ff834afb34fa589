#include "server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "adapters/calendars/calendar_files.h"
#include "adapters/catalogue/catalogue_files.h"
#include "adapters/crypto/hmac_lookup_secrets.h"
#include "adapters/crypto/key_file.h"
#include "adapters/crypto/token_hasher.h"
#include "adapters/export/form06_xlsx.h"
#include "adapters/forms/pdf_forms.h"
#include "adapters/notify/file_notification_sender.h"
#include "adapters/postal/carrier_table.h"
#include "adapters/postal/postal_webhook_server.h"
#include "adapters/rocksdb/backup.h"
#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/common/civil_time.h"
#include "engine/common/text.h"
#include "engine/lifecycle/printout.h"
#include "engine/lifecycle/retention.h"
#include "runtime/access_log.h"
#include "runtime/calendar_book.h"
#include "runtime/catalogue_book.h"
#include "runtime/deadline_projection.h"
#include "runtime/log.h"
#include "runtime/notifier.h"
#include "runtime/personal_data_purge.h"
#include "runtime/report_book.h"
#include "runtime/sweeper.h"
#include "server/discovery.h"
#include "server/http_gateway.h"
#include "server/metrics_endpoint.h"
#include "services/access_control.h"
#include "services/access_service.h"
#include "services/admin_service.h"
#include "services/calendar_service.h"
#include "services/caller_key.h"
#include "services/catalogue_service.h"
#include "services/dossier_service.h"
#include "services/event_service.h"
#include "services/form_rendering.h"
#include "services/lifecycle_actions.h"
#include "services/lookup_service.h"
#include "services/network_address.h"
#include "services/portal_sync_service.h"
#include "services/postal_service.h"
#include "services/report_service.h"
#include "services/rpc_log.h"
#include "services/strict_parsing.h"

namespace motcua::services {
namespace {

// Every RPC answers a request that does not parse INVALID_ARGUMENT
// (services/strict_parsing.h). A method left out here would abort at start
// in no test: AccessServerTest sends garbage to every method.
#define MOTCUA_STRICT(Kind, Service, Method) \
  strict.Kind(#Method, service, &Service::Method)

void StrictDossier(DossierService* service) {
  StrictParsing strict(service,
                       motcua::v1::DossierService::service_full_name());
  MOTCUA_STRICT(Unary, DossierService, SubmitDossier);
  MOTCUA_STRICT(Unary, DossierService, GetDossier);
  MOTCUA_STRICT(Unary, DossierService, ListDossiers);
  MOTCUA_STRICT(Unary, DossierService, GetForms);
  MOTCUA_STRICT(Unary, DossierService, RenderForm);
  MOTCUA_STRICT(Unary, DossierService, AcceptOnline);
  MOTCUA_STRICT(Unary, DossierService, RefuseAtReceipt);
  MOTCUA_STRICT(Unary, DossierService, Transfer);
  MOTCUA_STRICT(Unary, DossierService, ReturnResult);
  MOTCUA_STRICT(Unary, DossierService, ReceiveSupplement);
  MOTCUA_STRICT(Unary, DossierService, ConfirmPayment);
  MOTCUA_STRICT(Unary, DossierService, RequestWithdrawal);
  MOTCUA_STRICT(Unary, DossierService, Withdraw);
}

void StrictProcessing(ProcessingService* service) {
  StrictParsing strict(service,
                       motcua::v1::ProcessingService::service_full_name());
  MOTCUA_STRICT(Unary, ProcessingService, StartProcessing);
  MOTCUA_STRICT(Unary, ProcessingService, Forward);
  MOTCUA_STRICT(Unary, ProcessingService, RequestSupplement);
  MOTCUA_STRICT(Unary, ProcessingService, ReceiveSupplement);
  MOTCUA_STRICT(Unary, ProcessingService, RequirePayment);
  MOTCUA_STRICT(Unary, ProcessingService, ConfirmPayment);
  MOTCUA_STRICT(Unary, ProcessingService, RefuseAfterAppraisal);
  MOTCUA_STRICT(Unary, ProcessingService, MarkResultReady);
  MOTCUA_STRICT(Unary, ProcessingService, Apologize);
  MOTCUA_STRICT(Unary, ProcessingService, Stop);
  MOTCUA_STRICT(Unary, ProcessingService, RequestWithdrawal);
  MOTCUA_STRICT(Unary, ProcessingService, Withdraw);
}

void StrictOthers(EventService* events, PostalService* postal,
                  LookupService* lookup, ReportService* reports,
                  CalendarService* calendars, CalendarAdminService* cal_admin,
                  CatalogueService* catalogue, CatalogueAdminService* cat_admin,
                  TokenAdminService* tokens, AccessService* access,
                  AuditService* audit, PortalSyncService* portal_sync) {
  {
    auto* service = events;
    StrictParsing strict(service,
                         motcua::v1::EventService::service_full_name());
    MOTCUA_STRICT(ServerStreaming, EventService, WatchEvents);
  }
  {
    auto* service = postal;
    StrictParsing strict(service,
                         motcua::v1::PostalService::service_full_name());
    MOTCUA_STRICT(Unary, PostalService, RecordPostalEvent);
    MOTCUA_STRICT(Unary, PostalService, RecordPostalEvents);
  }
  {
    auto* service = lookup;
    StrictParsing strict(service,
                         motcua::v1::LookupService::service_full_name());
    MOTCUA_STRICT(Unary, LookupService, LookupDossier);
    MOTCUA_STRICT(Unary, LookupService, RateDossier);
  }
  {
    auto* service = reports;
    StrictParsing strict(service,
                         motcua::v1::ReportService::service_full_name());
    MOTCUA_STRICT(Unary, ReportService, GetForm06);
    MOTCUA_STRICT(Unary, ReportService, SubmitForm06);
    MOTCUA_STRICT(Unary, ReportService, GetSubmission);
    MOTCUA_STRICT(Unary, ReportService, GetIndicators);
    MOTCUA_STRICT(Unary, ReportService, GetOverdueList);
  }
  {
    auto* service = calendars;
    StrictParsing strict(service,
                         motcua::v1::CalendarService::service_full_name());
    MOTCUA_STRICT(Unary, CalendarService, ListCalendars);
    MOTCUA_STRICT(Unary, CalendarService, ListDaysOff);
    MOTCUA_STRICT(Unary, CalendarService, ComputeDeadline);
  }
  {
    auto* service = cal_admin;
    StrictParsing strict(service,
                         motcua::v1::CalendarAdminService::service_full_name());
    MOTCUA_STRICT(Unary, CalendarAdminService, PublishSchedule);
    MOTCUA_STRICT(Unary, CalendarAdminService, WithdrawSchedule);
    MOTCUA_STRICT(Unary, CalendarAdminService, GetSchedule);
  }
  {
    auto* service = catalogue;
    StrictParsing strict(service,
                         motcua::v1::CatalogueService::service_full_name());
    MOTCUA_STRICT(Unary, CatalogueService, ListAgencies);
    MOTCUA_STRICT(Unary, CatalogueService, ListProcedures);
    MOTCUA_STRICT(Unary, CatalogueService, GetProcedure);
  }
  {
    auto* service = cat_admin;
    StrictParsing strict(
        service, motcua::v1::CatalogueAdminService::service_full_name());
    MOTCUA_STRICT(Unary, CatalogueAdminService, ApplyCatalogue);
  }
  {
    auto* service = tokens;
    StrictParsing strict(service,
                         motcua::v1::TokenAdminService::service_full_name());
    MOTCUA_STRICT(Unary, TokenAdminService, CreateToken);
    MOTCUA_STRICT(Unary, TokenAdminService, ListTokens);
    MOTCUA_STRICT(Unary, TokenAdminService, RevokeToken);
  }
  {
    auto* service = access;
    StrictParsing strict(service,
                         motcua::v1::AccessService::service_full_name());
    MOTCUA_STRICT(Unary, AccessService, WhoAmI);
  }
  {
    auto* service = audit;
    StrictParsing strict(service,
                         motcua::v1::AuditService::service_full_name());
    MOTCUA_STRICT(Unary, AuditService, ListAccessLog);
  }
  {
    auto* service = portal_sync;
    StrictParsing strict(service,
                         motcua::v1::PortalSyncService::service_full_name());
    MOTCUA_STRICT(Unary, PortalSyncService, AcknowledgeSync);
  }
}

void StrictAdmin(AdminService* service) {
  StrictParsing strict(service, motcua::v1::AdminService::service_full_name());
  MOTCUA_STRICT(Unary, AdminService, Backup);
  MOTCUA_STRICT(Unary, AdminService, GetStatus);
}

#undef MOTCUA_STRICT

}  // namespace
namespace {

engine::Result<std::unique_ptr<grpc::Server>> StartGrpcServer(
    const std::string& address,
    const std::shared_ptr<grpc::ServerCredentials>& credentials,
    const std::vector<grpc::Service*>& services, int* port,
    const std::shared_ptr<RpcMetrics>& rpc_metrics) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, credentials, port);
  // gRPC sets SO_REUSEPORT by default, which lets a second motcuad (another
  // --data) bind the same address and silently take half the calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // One list: a second SetInterceptorCreators would replace the first.
  // One access-log line per call (services/rpc_log.h); the Prometheus
  // counters and latencies (server/metrics_interceptor.h) when on.
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(RpcLogInterceptorFactory());
  if (rpc_metrics) {
    interceptors.push_back(MetricsInterceptorFactory(rpc_metrics));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (grpc::Service* service : services) builder.RegisterService(service);
  // Reflection v1 beside v1alpha; health per service (server/discovery.h).
  std::shared_ptr<DiscoveredServices> discovered = AddDiscovery(builder);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || *port == 0) {
    return engine::Unavailable("cannot listen on " + address +
                               ": address in use (another server?) or not "
                               "available on this host");
  }
  ServeHealth(*server, *discovered);
  return server;
}

}  // namespace

namespace {

// Idempotency records older than `days` are purged once an hour: a retry
// after that is a new request (README "Retention").
std::unique_ptr<runtime::WorkerLoop> MakeRetention(
    adapters::RocksDbStore& store, const engine::Clock& clock, uint32_t days) {
  return std::make_unique<runtime::WorkerLoop>(
      runtime::WorkerLoopOptions{.name = "retention"}, [&store, &clock, days] {
        const engine::Instant cutoff =
            clock.Now() - static_cast<int64_t>(days) * engine::kMicrosPerDay;
        auto purged = store.PurgeRequests(cutoff);
        if (!purged.ok()) {
          runtime::Log(runtime::LogLevel::kWarn, "idempotency_purge_failed",
                       {{"error", purged.error().message}});
        } else if (*purged > 0) {
          runtime::Log(runtime::LogLevel::kInfo, "idempotency_purge",
                       {{"purged", *purged}, {"retention_days", days}});
        }
        return std::chrono::microseconds(std::chrono::hours(1));
      });
}

}  // namespace

std::unique_ptr<AdminService> Server::MakeAdminService(
    Server& server, const ServerOptions& options,
    const std::string& notify_file, const engine::Clock& clock) {
  server.backup_ = std::make_unique<adapters::RocksDbBackup>(*server.store_,
                                                             options.data_dir);
  AdminServiceOptions admin;
  admin.data_dir = options.data_dir;
  admin.idempotency_retention_days = options.idempotency_retention_days;
  admin.personal_data_retention_years = options.personal_data_retention_years;
  // The files beside the database that a restore needs (backup.h).
  std::vector<adapters::BackupFile> files = {
      {"lookup.key", options.data_dir + "/lookup.key"},
      {"token.key", options.data_dir + "/token.key"}};
  if (!notify_file.empty())
    files.push_back({"notifications.jsonl", notify_file});
  adapters::RocksDbBackup* backup = server.backup_.get();
  admin.backup =
      [backup,
       files](const std::string& to_dir) -> engine::Result<BackupReport> {
    auto made = backup->Create(to_dir, files);
    if (!made.ok()) return made.error();
    return BackupReport{made->backup_id, made->size_bytes, made->new_bytes,
                        made->files, made->backups_in_dir};
  };
  admin.stop_backup = [backup] { backup->Stop(); };
  adapters::RocksDbStore* store = server.store_.get();
  admin.last_sequence = [store] { return store->LastGlobalSequence(); };
  Server* raw = &server;
  admin.queue_depth = [raw] { return raw->sequencer_->queue_depth(); };
  admin.commits = [raw] { return raw->sequencer_->commits(); };
  return std::make_unique<AdminService>(*server.access_, clock,
                                        std::move(admin));
}

engine::Status CheckListeners(const ServerOptions& options) {
  const std::pair<const char*, const std::string*> listeners[] = {
      {"--listen", &options.listen},
      {"--admin-listen", &options.admin_listen},
      {"--postal-listen", &options.postal_listen},
      {"--http-listen", &options.http_listen},
      {"--metrics-listen", &options.metrics_listen}};
  for (const auto& [flag, address] : listeners) {
    if (address->empty()) continue;
    if (!ParseListenAddress(*address)) {
      return engine::InvalidArgument(std::string(flag) +
                                     ": expected HOST:PORT, got " +
                                     engine::QuoteText(*address, 200));
    }
    if (engine::Status s = CheckPlaintextAllowed(flag, *address, options.tls,
                                                 options.allow_plaintext);
        !s.ok()) {
      return s;
    }
  }
  return {};
}

engine::Result<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options, const engine::Clock& clock) {
  // The listeners' security first: nothing is opened with a configuration
  // that would be refused.
  if (engine::Status tls = CheckTls(options.tls); !tls.ok()) {
    return tls.error();
  }
  if (engine::Status listeners = CheckListeners(options); !listeners.ok()) {
    return listeners.error();
  }
  auto proxies = TrustedProxies::Parse(options.trusted_proxies);
  if (!proxies.ok()) return proxies.error();
  if (engine::Status s = engine::ValidateLookupUrlBase(options.lookup_url_base,
                                                       "--lookup-url-base");
      !s.ok()) {
    return s.error();
  }
  std::unique_ptr<MetricsEndpoint> metrics;
  if (!options.metrics_listen.empty()) {
    auto created = MetricsEndpoint::Create(options.metrics_listen);
    if (!created.ok()) return created.error();
    metrics = std::move(*created);
  }

  std::unique_ptr<Server> server(new Server());
  server->metrics_ = std::move(metrics);
  auto store = adapters::RocksDbStore::Open({options.data_dir});
  if (!store.ok()) return store.error();
  server->store_ = std::move(*store);
  auto secrets =
      adapters::HmacLookupSecrets::Open(options.data_dir + "/lookup.key");
  if (!secrets.ok()) return secrets.error();
  server->secrets_ = std::move(*secrets);
  auto renderer = adapters::PdfFormRenderer::Open();
  if (!renderer.ok()) return renderer.error();
  server->form_renderer_ = std::move(*renderer);
  server->form_rendering_ = std::make_unique<FormRendering>(
      *server->form_renderer_, options.lookup_url_base);
  auto hasher = adapters::TokenHasher::Open(options.data_dir + "/token.key");
  if (!hasher.ok()) return hasher.error();
  server->token_hasher_ = std::move(*hasher);
  auto access =
      AccessControl::Open(*server->store_, *server->token_hasher_, clock);
  if (!access.ok()) return access.error();
  server->access_ = std::move(*access);
  // The first start: a break-glass token in a file only the server's user
  // can read (README "Security"). The file is written before the principal
  // is stored, so a crash in between leaves no principal without its token.
  const std::string token_file = options.data_dir + "/bootstrap-admin.token";
  auto bootstrapped =
      server->access_->Bootstrap([&token_file](const std::string& token) {
        return adapters::WriteSecretFile(token_file, token + "\n");
      });
  if (!bootstrapped.ok()) {
    std::remove(token_file.c_str());
    return bootstrapped.error();
  }
  if (*bootstrapped) server->bootstrap_token_file_ = token_file;
  server->access_log_ = std::make_unique<runtime::AccessLog>(*server->store_);
  server->token_admin_service_ =
      std::make_unique<TokenAdminService>(*server->access_);
  server->access_service_ = std::make_unique<AccessService>(*server->access_);

  auto configs =
      adapters::LoadCalendarConfigs(options.calendars_dir + "/calendars.json");
  if (!configs.ok()) return configs.error();
  auto shipped = adapters::LoadScheduleDir(options.calendars_dir);
  if (!shipped.ok()) return shipped.error();
  auto book = runtime::CalendarBook::Open(std::move(*configs),
                                          std::move(*shipped), *server->store_);
  if (!book.ok()) return book.error();
  server->calendars_ = std::move(*book);
  server->calendar_service_ =
      std::make_unique<CalendarService>(*server->access_, *server->calendars_);

  auto shipped_catalogue = adapters::LoadCatalogueDir(options.catalogue_dir);
  if (!shipped_catalogue.ok()) return shipped_catalogue.error();
  // One rule at start-up and at run time: an agency's calendar is defined.
  runtime::CalendarBook* calendar_book = server->calendars_.get();
  runtime::AgencyCheck agency_check =
      [calendar_book](const engine::Agency& agency) -> engine::Status {
    auto cal = calendar_book->Get(agency.calendar);
    if (cal.ok()) return {};
    return engine::InvalidArgument(cal.error().message);
  };
  auto catalogue = runtime::CatalogueBook::Open(std::move(*shipped_catalogue),
                                                *server->store_, agency_check);
  if (!catalogue.ok()) return catalogue.error();
  server->catalogue_ = std::move(*catalogue);
  for (const std::string& skipped : server->catalogue_->skipped()) {
    runtime::Log(runtime::LogLevel::kWarn, "catalogue_change_skipped",
                 {{"detail", skipped}});
  }
  for (const auto& [code, agency] :
       server->catalogue_->Snapshot()->agencies()) {
    if (!server->calendars_->Get(agency.calendar).ok()) {
      return engine::FailedPrecondition("agency " + code + " uses calendar \"" +
                                        agency.calendar + "\", which " +
                                        options.calendars_dir +
                                        "/calendars.json does not define");
    }
  }
  server->catalogue_service_ = std::make_unique<CatalogueService>(
      *server->access_, *server->catalogue_, clock);
  server->catalogue_admin_service_ = std::make_unique<CatalogueAdminService>(
      *server->access_, *server->catalogue_, clock);
  server->audit_service_ = std::make_unique<AuditService>(
      *server->access_, *server->store_, *server->catalogue_);
  auto reports = runtime::ReportBook::Open(*server->store_, *server->calendars_,
                                           *server->catalogue_);
  if (!reports.ok()) return reports.error();
  server->reports_ = std::move(*reports);
  auto last_seq = server->store_->LastGlobalSequence();
  if (!last_seq.ok()) return last_seq.error();
  server->hub_ = std::make_unique<runtime::EventHub>(*server->store_, clock,
                                                     *last_seq, options.events);
  runtime::CalendarBook* calendars = server->calendars_.get();
  const engine::WatchConfig watch = options.watch;
  server->deadlines_ =
      std::make_unique<runtime::DeadlineProjection>(*calendars, watch);
  const std::string notify_file =
      options.notify_file == "-" ? options.data_dir + "/notifications.jsonl"
                                 : options.notify_file;
  server->admin_service_ =
      MakeAdminService(*server, options, notify_file, clock);
  runtime::SequencerOptions sequencer_options = options.sequencer;
  // The projections: derived indexes written in the same commit as the
  // events they derive from, in this order (sequencer.h "Shape of a
  // commit").
  sequencer_options.projections = {
      server->deadlines_.get(),  // the sweeper's deadline index
      server->reports_.get(),    // the report index (Form 06, indicators)
  };
  sequencer_options.metrics = &server->sequencer_metrics_;
  Server* raw = server.get();
  sequencer_options.on_commit = [raw](uint64_t seq) {
    raw->hub_->Published(seq);
    raw->admin_service_->Committed(seq);
    if (raw->sweeper_) raw->sweeper_->Wake();
  };
  auto sequencer =
      runtime::Sequencer::Start(*server->store_, clock, sequencer_options);
  if (!sequencer.ok()) return sequencer.error();
  server->sequencer_ = std::move(*sequencer);
  if (options.sweeper) {
    server->sweeper_ = std::make_unique<runtime::Sweeper>(
        *server->sequencer_, *server->store_, clock,
        [calendars, watch](const engine::Dossier& d,
                           const engine::WatchEntry& e, engine::Instant now)
            -> engine::Result<std::vector<engine::DossierEvent>> {
          if (!d.terms) return std::vector<engine::DossierEvent>();
          auto cal = calendars->Get(d.terms->calendar);
          if (!cal.ok()) return cal.error();
          return engine::DecideDeadline(d, e, now, **cal, watch);
        });
  }
  // Publications move appointments through the sequencer.
  server->calendar_admin_service_ = std::make_unique<CalendarAdminService>(
      *server->access_, *server->calendars_, *server->store_,
      *server->sequencer_, clock);
  server->actions_ = std::make_unique<LifecycleActions>(
      *server->access_, *server->sequencer_, *server->calendars_,
      *server->catalogue_, clock);
  server->dossier_service_ = std::make_unique<DossierService>(
      *server->access_, *server->access_log_, *server->sequencer_,
      *server->store_, *server->calendars_, *server->catalogue_,
      *server->actions_, *server->secrets_, *server->reports_,
      *server->form_rendering_, clock);
  server->processing_service_ =
      std::make_unique<ProcessingService>(*server->actions_);
  server->event_service_ = std::make_unique<EventService>(
      *server->access_, *server->catalogue_, *server->store_, *server->hub_,
      options.max_event_streams);
  server->lookup_service_ = std::make_unique<LookupService>(
      *server->access_, *server->sequencer_, *server->store_, *server->secrets_,
      *server->calendars_, *server->catalogue_, clock, options.lookup_limit,
      std::move(*proxies));
  server->portal_sync_service_ = std::make_unique<PortalSyncService>(
      *server->access_, *server->sequencer_, *server->catalogue_);
  server->report_service_ = std::make_unique<ReportService>(
      *server->access_, *server->reports_, *server->store_, *server->calendars_,
      clock,
      [](const engine::Form06& form) { return adapters::Form06Xlsx(form); });
  server->postal_recorder_ = std::make_unique<PostalRecorder>(
      *server->sequencer_, *server->store_, clock);
  server->postal_service_ = std::make_unique<PostalService>(
      *server->access_, *server->postal_recorder_, clock);
  if (!options.postal_listen.empty()) {
    // CheckListeners took it apart already.
    const ListenAddress postal = *ParseListenAddress(options.postal_listen);
    if (options.postal_secrets.empty()) {
      return engine::InvalidArgument(
          "--postal-secrets: required with --postal-listen (one HMAC secret "
          "per carrier, deploy/postal/README.md)");
    }
    auto table = adapters::CarrierTable::Load(options.postal_statuses);
    if (!table.ok()) return table.error();
    auto secrets = adapters::LoadCarrierSecrets(options.postal_secrets);
    if (!secrets.ok()) return secrets.error();
    adapters::PostalWebhookOptions webhook;
    webhook.address = postal.host;
    webhook.port = postal.port;
    webhook.auth.secrets = std::move(*secrets);
    webhook.auth.replay_window_seconds = options.postal_replay_window_seconds;
    webhook.max_connections_per_address =
        static_cast<size_t>(options.postal_max_connections_per_address);
    webhook.tls_cert_file = options.tls.cert_file;
    webhook.tls_key_file = options.tls.key_file;
    webhook.tls_reload_seconds = options.tls.reload_seconds;
    server->webhook_ = std::make_unique<adapters::PostalWebhookServer>(
        std::move(webhook), *server->postal_recorder_, clock,
        std::move(*table));
    auto bound = server->webhook_->Start();
    if (!bound.ok()) return bound.error();
    server->postal_port_ = *bound;
  }

  StrictDossier(server->dossier_service_.get());
  StrictAdmin(server->admin_service_.get());
  StrictProcessing(server->processing_service_.get());
  StrictOthers(
      server->event_service_.get(), server->postal_service_.get(),
      server->lookup_service_.get(), server->report_service_.get(),
      server->calendar_service_.get(), server->calendar_admin_service_.get(),
      server->catalogue_service_.get(), server->catalogue_admin_service_.get(),
      server->token_admin_service_.get(), server->access_service_.get(),
      server->audit_service_.get(), server->portal_sync_service_.get());
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::vector<grpc::Service*> services = {
      server->dossier_service_.get(),  server->processing_service_.get(),
      server->event_service_.get(),    server->postal_service_.get(),
      server->lookup_service_.get(),   server->report_service_.get(),
      server->calendar_service_.get(), server->catalogue_service_.get(),
      server->access_service_.get(),   server->portal_sync_service_.get()};
  // Administration: served only on --admin-listen when it is given, so a
  // province can keep it off the desks' network.
  std::vector<grpc::Service*> admin_services = {
      server->calendar_admin_service_.get(),
      server->catalogue_admin_service_.get(),
      server->token_admin_service_.get(), server->audit_service_.get(),
      server->admin_service_.get()};
  if (options.admin_listen.empty()) {
    services.insert(services.end(), admin_services.begin(),
                    admin_services.end());
  }
  // One credentials object (and certificate watcher) for both listeners.
  const std::shared_ptr<grpc::ServerCredentials> credentials =
      GrpcServerCredentials(options.tls);
  const std::shared_ptr<RpcMetrics> rpc_metrics =
      server->metrics_ ? server->metrics_->rpc() : nullptr;
  auto grpc_server = StartGrpcServer(options.listen, credentials, services,
                                     &server->port_, rpc_metrics);
  if (!grpc_server.ok()) return grpc_server.error();
  server->grpc_server_ = std::move(*grpc_server);
  server->grpc_server_->GetHealthCheckService()->SetServingStatus(true);
  if (!options.admin_listen.empty()) {
    auto admin =
        StartGrpcServer(options.admin_listen, credentials, admin_services,
                        &server->admin_port_, rpc_metrics);
    if (!admin.ok()) return admin.error();
    server->admin_grpc_server_ = std::move(*admin);
    server->admin_grpc_server_->GetHealthCheckService()->SetServingStatus(true);
  }
  if (options.idempotency_retention_days > 0) {
    server->retention_ = MakeRetention(*server->store_, clock,
                                       options.idempotency_retention_days);
    server->retention_->Start();
  }
  if (options.personal_data_retention_years > 0) {
    if (engine::Status s = engine::ValidateRetentionYears(
            options.personal_data_retention_years,
            "--personal-data-retention-years");
        !s.ok()) {
      return s.error();
    }
    adapters::RocksDbStore* store = server->store_.get();
    // What the event log does not hold: the outbox lines, the overwritten
    // values still in RocksDB's files.
    auto erase = [store, notify_file](
                     const std::vector<std::string>& codes) -> engine::Status {
      if (!notify_file.empty()) {
        auto redacted = adapters::RedactNotifications(
            notify_file, {codes.begin(), codes.end()});
        if (!redacted.ok()) return redacted.error();
      }
      return store->CompactErased();
    };
    server->purger_ = std::make_unique<runtime::PersonalDataPurger>(
        *server->sequencer_, *server->store_, clock,
        runtime::PurgeOptions{.retention_years =
                                  options.personal_data_retention_years},
        std::move(erase));
    server->purger_->Start();
  }
  if (!options.http_listen.empty()) {
    HttpGatewayOptions http;
    // The routes of what --listen serves: the admin ones only with it.
    http.services = HttpServedServices(options.admin_listen.empty());
    http.tls_cert_file = options.tls.cert_file;
    http.tls_key_file = options.tls.key_file;
    http.tls_reload_seconds = options.tls.reload_seconds;
    auto http_proxies = TrustedProxies::Parse(options.trusted_proxies);
    if (!http_proxies.ok()) return http_proxies.error();
    http.trusted_proxies = std::move(*http_proxies);
    auto port = StartHttpGateway(options.http_listen, std::move(http),
                                 *server->grpc_server_, &server->http_gateway_);
    if (!port.ok()) return port.error();
    server->http_port_ = *port;
  }
  // Catch up with whatever fell due while the server was down, then follow.
  if (server->sweeper_) server->sweeper_->Start();
  if (!notify_file.empty()) {
    auto sender = adapters::FileNotificationSender::Open(notify_file);
    if (!sender.ok()) return sender.error();
    server->notification_sender_ = std::move(*sender);
    server->notifier_ = std::make_unique<runtime::Notifier>(
        *server->store_, *server->hub_, *server->notification_sender_);
    server->notifier_->Start();
  }
  if (server->metrics_) {
    MetricsSources sources;
    sources.clock = &clock;
    sources.sequencer = server->sequencer_.get();
    sources.sequencer_metrics = &server->sequencer_metrics_;
    sources.max_queue = options.sequencer.max_queue;
    sources.store = server->store_.get();
    sources.sweeper = server->sweeper_.get();
    sources.hub = server->hub_.get();
    sources.events = server->event_service_.get();
    sources.notifier = server->notifier_.get();
    sources.reports = server->reports_.get();
    auto port = server->metrics_->Start(sources, options.tls);
    if (!port.ok()) return port.error();
    server->metrics_port_ = *port;
  }
  return server;
}

Server::~Server() { Shutdown(); }

void Server::Wait() {
  if (grpc_server_) grpc_server_->Wait();
  if (admin_grpc_server_) admin_grpc_server_->Wait();
}

void Server::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  // A backup in progress ends (ABORTED) before anything it reads stops.
  if (admin_service_) admin_service_->Stop();
  if (metrics_) metrics_->Stop();
  if (notifier_) notifier_->Stop();
  if (webhook_) webhook_->Stop();
  if (http_gateway_) http_gateway_->Stop();
  if (sweeper_) sweeper_->Stop();
  if (retention_) retention_->Stop();
  if (purger_) purger_->Stop();
  if (grpc_server_) {
    grpc_server_->GetHealthCheckService()->SetServingStatus(false);
    if (admin_grpc_server_) {
      admin_grpc_server_->GetHealthCheckService()->SetServingStatus(false);
    }
    // Writes first: the batch being committed is answered, queued and new
    // writes get UNAVAILABLE. gRPC still takes calls meanwhile: a call that
    // reaches it once its Shutdown has begun is CANCELLED, so callers get a
    // moment to hear UNAVAILABLE (and back off) before the port closes.
    if (sequencer_) sequencer_->Stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    const auto deadline =
        std::chrono::system_clock::now() + std::chrono::seconds(5);
    if (admin_grpc_server_) admin_grpc_server_->Shutdown(deadline);
    grpc_server_->Shutdown(deadline);
  }
  if (sequencer_) sequencer_->Stop();
  if (access_log_) access_log_->Stop();
  if (hub_) hub_->Stop();
}

}  // namespace motcua::services

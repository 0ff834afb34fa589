// motcuad: the motcua server. See README.md "Configuration".
#include <google/protobuf/stubs/logging.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "adapters/clock/system_clock.h"
#include "motcua/version.h"
#include "runtime/log.h"
#include "server/build_info.h"
#include "server/config.h"
#include "server/restore.h"
#include "server/server.h"
#include "server/systemd_notify.h"

namespace {

// Protocol Buffers logs one ERROR line per request whose string field holds
// invalid UTF-8: a client could flood the log. At most one line a second
// gets through, with the count of lines held back.
void RateLimitedProtobufLog(google::protobuf::LogLevel level,
                            const char* filename, int line,
                            const std::string& message) {
  static std::atomic<int64_t> last_second{0};
  static std::atomic<int64_t> held_back{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int64_t last = last_second.load();
  if (level < google::protobuf::LOGLEVEL_FATAL &&
      (now == last || !last_second.compare_exchange_strong(last, now))) {
    held_back.fetch_add(1);
    return;
  }
  const int64_t held = held_back.exchange(0);
  motcua::runtime::Log(level >= google::protobuf::LOGLEVEL_ERROR
                           ? motcua::runtime::LogLevel::kError
                           : motcua::runtime::LogLevel::kWarn,
                       "protobuf",
                       {{"file", filename},
                        {"line", line},
                        {"message", message},
                        {"held_back", held}});
}

}  // namespace

int main(int argc, char** argv) {
  google::protobuf::SetLogHandler(&RateLimitedProtobufLog);
  motcua::services::ServerOptions options;
  CLI::App app{"motcuad: administrative-procedure dossier workflow service"};
  app.add_option("--listen", options.listen,
                 "host:port for gRPC; port 0 picks a free port")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--admin-listen", options.admin_listen,
                 "host:port for the admin services (catalogue and calendar "
                 "administration), served only there; empty: on --listen")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--tls-cert", options.tls.cert_file,
                 "PEM certificate chain (with --tls-key): gRPC and the "
                 "carrier webhook serve TLS")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--tls-key", options.tls.key_file,
                 "PEM private key of --tls-cert (unencrypted; keep it 0600)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--tls-client-ca", options.tls.client_ca_file,
                 "PEM CA bundle: gRPC clients must present a certificate it "
                 "issued (mutual TLS)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--tls-reload-seconds", options.tls.reload_seconds,
                 "how often the TLS files are checked for changes")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  app.add_flag("--allow-plaintext", options.allow_plaintext,
               "allow plaintext on an address other than loopback (behind a "
               "TLS proxy or on a closed network)");
  app.add_option("--trusted-proxy", options.trusted_proxies,
                 "IP address or CIDR range of a proxy whose x-forwarded-for "
                 "names the citizen for the lookup rate limit (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--data", options.data_dir,
                 "RocksDB data directory (created if missing)")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--calendars", options.calendars_dir,
                 "directory with calendars.json and official *.schedule files")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--catalogue", options.catalogue_dir,
                 "directory with the shipped *.catalogue files")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--max-queue", options.sequencer.max_queue,
                 "write commands allowed to wait; more get RESOURCE_EXHAUSTED")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--max-batch", options.sequencer.max_batch,
                 "most write commands group-committed in one fsync")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  app.add_option("--postal-listen", options.postal_listen,
                 "HOST:PORT of the carrier webhook (off when empty)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--http-listen", options.http_listen,
                 "HOST:PORT of the HTTP/JSON gateway (off when empty; "
                 "README \"HTTP/JSON\")")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option(
      "--postal-secrets", options.postal_secrets,
      "JSON file of per-carrier HMAC secrets (with --postal-listen)");
  app.add_option("--postal-statuses", options.postal_statuses,
                 "JSON table mapping carriers' status codes to postal events")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--postal-replay-window", options.postal_replay_window_seconds,
                 "seconds a webhook timestamp may differ from the server clock")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  double due_soon_hours = 8;
  app.add_option("--due-soon-working-hours", due_soon_hours,
                 "working hours before a deadline at which the due-soon "
                 "warning fires")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10000.0));
  app.add_option("--notify-file", options.notify_file,
                 "JSON-lines file of applicant notifications (\"-\": "
                 "notifications.jsonl in --data; empty: none)")
      ->capture_default_str();
  app.add_option("--lookup-per-minute", options.lookup_limit.per_minute,
                 "citizen lookups per minute allowed per caller address")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 1e6));
  app.add_option("--lookup-url-base", options.lookup_url_base,
                 "citizen portal lookup page printed as a QR code on the "
                 "forms, with ?code=<dossier code> appended")
      ->capture_default_str();
  app.add_option("--lookup-burst", options.lookup_limit.burst,
                 "citizen lookups a caller may make at once")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--postal-max-connections-per-address",
                 options.postal_max_connections_per_address,
                 "open webhook connections allowed per client address (0 = "
                 "no cap)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--max-event-streams", options.max_event_streams,
                 "WatchEvents streams open at once; one more is "
                 "RESOURCE_EXHAUSTED")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--metrics-listen", options.metrics_listen,
                 "HOST:PORT serving Prometheus metrics at /metrics (plain "
                 "HTTP; off when empty)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  int retention_days = 365;
  app.add_option("--event-retention-days", retention_days,
                 "days events stay in the global log for WatchEvents; 0 = "
                 "forever")
      ->capture_default_str()
      ->check(CLI::Range(0, 36500));
  std::string restore_from;
  app.add_option("--restore-from", restore_from,
                 "restore the latest backup in this directory into --data (a "
                 "new or empty directory) and exit")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--idempotency-retention-days",
                 options.idempotency_retention_days,
                 "days a request's idempotency record is kept (a retry after "
                 "that is a new request); 0 = forever")
      ->capture_default_str()
      ->check(CLI::Range(0, 36500));
  app.add_option("--personal-data-retention-years",
                 options.personal_data_retention_years,
                 "erase the personal data of dossiers closed more than this "
                 "many years ago (daily; README \"Retention\"); 0 = keep")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  motcua::services::OperationFlags ops;
  motcua::services::AddOperationFlags(app, ops);
  motcua::services::ConfigFile config(app, argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return config.Exit(e);
  }
  if (ops.version) {
    std::fputs(motcua::services::BuildInfo().c_str(), stdout);
    return 0;
  }
  motcua::runtime::ConfigureLog(
      {.format = *motcua::runtime::ParseLogFormat(ops.log_format),
       .level = *motcua::runtime::ParseLogLevel(ops.log_level)});
  if (!restore_from.empty()) {
    return motcua::services::RestoreAndExit(restore_from, options.data_dir);
  }
  options.events.retention = std::chrono::hours(24 * retention_days);
  options.watch.due_soon_lead_micros =
      static_cast<int64_t>(due_soon_hours * motcua::engine::kMicrosPerHour);
  if (ops.check_config) {
    if (motcua::engine::Status s =
            motcua::services::CheckServerOptions(options);
        !s.ok()) {
      std::fprintf(stderr, "motcuad: %s\n",
                   config.Annotate(s.error().message).c_str());
      return motcua::services::kConfigErrorExit;
    }
    std::printf("motcuad: configuration OK\n");
    return 0;
  }
  motcua::runtime::Log(motcua::runtime::LogLevel::kInfo, "start",
                       {{"version", motcua::kVersion}, {"pid", getpid()}});
  motcua::services::LogConfigurationSummary(app);

  // Signals are taken by one thread with sigwait, so shutdown runs outside
  // a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  motcua::adapters::SystemClock clock;
  auto server = motcua::services::Server::Start(options, clock);
  if (!server.ok()) {
    motcua::runtime::Log(motcua::runtime::LogLevel::kError, "start_failed",
                         {{"error", config.Annotate(server.error().message)}});
    return 1;
  }
  if (!(*server)->bootstrap_token_file().empty()) {
    // The path only: the token stays in the file (mode 0600).
    std::printf("motcuad: bootstrap token written to %s\n",
                (*server)->bootstrap_token_file().c_str());
  }
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::printf("motcuad listening on %s:%d data=%s", host.c_str(),
              (*server)->port(), options.data_dir.c_str());
  if ((*server)->postal_port() != 0) {
    const std::string postal_host =
        options.postal_listen.substr(0, options.postal_listen.rfind(':'));
    std::printf(" postal_webhook=%s:%d", postal_host.c_str(),
                (*server)->postal_port());
  }
  if ((*server)->http_port() != 0) {
    const std::string http_host =
        options.http_listen.substr(0, options.http_listen.rfind(':'));
    std::printf(" http=%s:%d", http_host.c_str(), (*server)->http_port());
  }
  if ((*server)->metrics_port() != 0) {
    const std::string metrics_host =
        options.metrics_listen.substr(0, options.metrics_listen.rfind(':'));
    std::printf(" metrics=%s:%d", metrics_host.c_str(),
                (*server)->metrics_port());
  }
  std::printf("\n");
  if ((*server)->admin_port() != 0) {
    const std::string admin_host =
        options.admin_listen.substr(0, options.admin_listen.rfind(':'));
    std::printf("motcuad admin listening on %s:%d\n", admin_host.c_str(),
                (*server)->admin_port());
  }
  // One write for both lines: a reader may stop after the lines it wants.
  std::fflush(stdout);
  motcua::runtime::Log(
      motcua::runtime::LogLevel::kInfo, "serving",
      {{"listen", host + ":" + std::to_string((*server)->port())},
       {"admin_port", (*server)->admin_port()},
       {"postal_port", (*server)->postal_port()},
       {"data", options.data_dir}});
  motcua::services::NotifyReady("serving on " + host + ":" +
                                std::to_string((*server)->port()));

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    motcua::runtime::Log(motcua::runtime::LogLevel::kInfo, "stopping",
                         {{"signal", sig}});
    motcua::services::NotifyStopping();
    (*server)->Shutdown();
  });
  (*server)->Wait();
  waiter.join();
  motcua::runtime::Log(motcua::runtime::LogLevel::kInfo, "stop");
  return 0;
}

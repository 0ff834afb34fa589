#include "services/admin_service.h"

#include <cstdio>
#include <exception>
#include <utility>

#include "motcua/version.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::Role;

}  // namespace

AdminService::AdminService(const AccessControl& access,
                           const engine::Clock& clock,
                           AdminServiceOptions options)
    : access_(access),
      clock_(clock),
      options_(std::move(options)),
      started_at_(clock.Now()) {}

AdminService::~AdminService() { Stop(); }

void AdminService::Committed(uint64_t last_seq) {
  last_commit_seq_.store(last_seq);
  last_commit_at_.store(clock_.Now());
}

void AdminService::Stop() {
  stopping_.store(true);
  if (options_.stop_backup) options_.stop_backup();
  std::thread running;
  {
    std::lock_guard lock(backup_mu_);
    running = std::move(backup_thread_);
  }
  if (running.joinable()) running.join();
}

grpc::ServerUnaryReactor* AdminService::Backup(
    grpc::CallbackServerContext* context, const pb::BackupRequest* request,
    pb::BackupResponse* response) {
  auto caller = access_.Require(*context, {Role::kOperator});
  if (!caller.ok()) return FinishCall(context, caller.error());
  if (engine::Status s = RequireEveryAgency(**caller, {Role::kOperator});
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  if (!options_.backup) {
    return FinishCall(
        context, engine::FailedPrecondition("this server makes no backups"));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::lock_guard lock(backup_mu_);
  if (stopping_.load()) {
    reactor->Finish(
        ToGrpcStatus(engine::Unavailable("the server is stopping")));
    return reactor;
  }
  if (backup_running_) {
    reactor->Finish(
        ToGrpcStatus({engine::ErrorCode::kAborted,
                      "a backup is already running; try again when it ends"}));
    return reactor;
  }
  // The thread of the previous backup has ended (backup_running_ is false).
  if (backup_thread_.joinable()) backup_thread_.join();
  backup_running_ = true;
  std::string to_dir = request->to_dir();
  backup_thread_ =
      std::thread([this, reactor, response, to_dir = std::move(to_dir)] {
        grpc::Status status;
        try {
          const engine::Instant started = clock_.Now();
          // Read before the snapshot: every event up to it is in the backup.
          auto last = options_.last_sequence ? options_.last_sequence()
                                             : engine::Result<uint64_t>(0);
          auto made = last.ok() ? options_.backup(to_dir)
                                : engine::Result<BackupReport>(last.error());
          if (made.ok()) {
            response->set_backup_id(made->backup_id);
            response->set_last_sequence(*last);
            ToTimestamp(started, response->mutable_taken_at());
            response->set_size_bytes(made->size_bytes);
            response->set_new_bytes(made->new_bytes);
            for (const std::string& f : made->files) response->add_files(f);
            response->set_backups_in_dir(made->backups_in_dir);
            const engine::Instant took = clock_.Now() - started;
            response->set_duration_ms(
                static_cast<uint64_t>(took > 0 ? took / 1000 : 0));
          } else {
            status = ToGrpcStatus(made.error());
          }
        } catch (const std::exception& e) {
          std::fprintf(stderr, "motcuad: backup: %s\n", e.what());
          status = grpc::Status(grpc::StatusCode::INTERNAL, "backup failed");
        }
        {
          std::lock_guard done(backup_mu_);
          backup_running_ = false;
        }
        reactor->Finish(status);
      });
  return reactor;
}

grpc::ServerUnaryReactor* AdminService::GetStatus(
    grpc::CallbackServerContext* context, const pb::GetStatusRequest*,
    pb::GetStatusResponse* response) {
  // Staff: every role but the outside parties (carrier, portal), which
  // have grpc.health.v1.Health.
  auto caller = access_.Require(
      *context,
      {Role::kOperator, Role::kDesk, Role::kAgencyOfficer, Role::kStatistician,
       Role::kCatalogueAdmin, Role::kCalendarAdmin, Role::kTokenAdmin,
       Role::kAuditor, Role::kPortalSync});
  if (!caller.ok()) return FinishCall(context, caller.error());
  const engine::Instant now = clock_.Now();
  response->set_health(stopping_.load() ? "NOT_SERVING" : "SERVING");
  response->set_version(motcua::kVersion);
  if (options_.queue_depth) response->set_queue_depth(options_.queue_depth());
  if (options_.commits) response->set_commits(options_.commits());
  uint64_t last = last_commit_seq_.load();
  if (options_.last_sequence) {
    auto stored = options_.last_sequence();
    if (!stored.ok()) return FinishCall(context, stored.error());
    last = *stored;
  }
  response->set_last_sequence(last);
  if (const engine::Instant at = last_commit_at_.load(); at != 0) {
    ToTimestamp(at, response->mutable_last_commit_at());
  }
  ToTimestamp(started_at_, response->mutable_started_at());
  response->set_uptime_seconds(static_cast<uint64_t>(
      now > started_at_ ? (now - started_at_) / 1000000 : 0));
  if (engine::HasRole(**caller, Role::kOperator)) {
    response->set_data_dir(options_.data_dir);
  }
  response->set_idempotency_retention_days(options_.idempotency_retention_days);
  response->set_personal_data_retention_years(
      options_.personal_data_retention_years);
  return FinishCall(context, grpc::Status::OK);
}

}  // namespace motcua::services

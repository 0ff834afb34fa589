// motcua.v1.AdminService (proto/motcua/v1/admin.proto): online backups
// (role operator, held for every agency) and the server's status (any staff
// role: every role but carrier and portal).
//
// The backup itself is the composition root's (server/server.cc hands in
// adapters/rocksdb/backup.h): services link no adapter. It runs on a thread
// of its own, not on a gRPC callback thread, one at a time (a second call
// while one runs is ABORTED); Stop() ends it (ABORTED) and joins before the
// store closes.
//
// Thread safety: gRPC calls the handlers concurrently; Committed() is
// called on the sequencer's thread; Stop() from the owner.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/common/result.h"
#include "engine/ports/clock.h"
#include "motcua/v1/admin.grpc.pb.h"
#include "services/access_control.h"

namespace motcua::services {

// What a backup made (admin.proto BackupResponse).
struct BackupReport {
  uint32_t backup_id = 0;
  uint64_t size_bytes = 0;
  uint64_t new_bytes = 0;
  std::vector<std::string> files;
  uint32_t backups_in_dir = 0;
};

struct AdminServiceOptions {
  // As given to --data; shown to operators only.
  std::string data_dir;
  uint32_t idempotency_retention_days = 0;
  uint32_t personal_data_retention_years = 0;
  // Makes a backup into to_dir: InvalidArgument naming to_dir, Aborted,
  // Unavailable (admin.proto).
  std::function<engine::Result<BackupReport>(const std::string& to_dir)> backup;
  // Ends a backup in progress (it fails Aborted) and refuses later ones.
  std::function<void()> stop_backup;
  // The last event in the global log now.
  std::function<engine::Result<uint64_t>()> last_sequence;
  // The sequencer's queue depth and commits (runtime/sequencer.h); unset
  // before it starts.
  std::function<size_t()> queue_depth;
  std::function<uint64_t()> commits;
};

class AdminService final : public motcua::v1::AdminService::CallbackService {
 public:
  AdminService(const AccessControl& access, const engine::Clock& clock,
               AdminServiceOptions options);
  ~AdminService() override;

  grpc::ServerUnaryReactor* Backup(
      grpc::CallbackServerContext* context,
      const motcua::v1::BackupRequest* request,
      motcua::v1::BackupResponse* response) override;
  grpc::ServerUnaryReactor* GetStatus(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetStatusRequest* request,
      motcua::v1::GetStatusResponse* response) override;

  // A commit wrote the global log up to `last_seq` (SequencerOptions::
  // on_commit); must not block.
  void Committed(uint64_t last_seq);
  // Health turns NOT_SERVING; a running backup is stopped and joined.
  void Stop();

 private:
  const AccessControl& access_;
  const engine::Clock& clock_;
  const AdminServiceOptions options_;
  const engine::Instant started_at_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> last_commit_seq_{0};
  std::atomic<engine::Instant> last_commit_at_{0};

  std::mutex backup_mu_;
  bool backup_running_ = false;  // guarded by backup_mu_
  std::thread backup_thread_;    // guarded by backup_mu_
};

}  // namespace motcua::services

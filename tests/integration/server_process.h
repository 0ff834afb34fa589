// ServerProcess: runs the real motcuad binary as a child process on port 0
// with a given data directory, for integration tests. The port is read from
// the "motcuad listening on HOST:PORT" line the server prints when ready,
// and with --admin-listen the admin port from the next line, "motcuad admin
// listening on HOST:PORT".
//
// Every run must end well: the destructor stops a server still running with
// SIGTERM and fails the test unless it exits 0, and Crash fails it when the
// server had died by itself. In a sanitizer build (build-asan) a report in
// motcuad aborts it, and LeakSanitizer checks at its exit, so a finding in
// the server fails the test that caused it; the report is on stderr, which
// the server shares with the test.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"

namespace motcua::testing {

// What a motcuad run that was expected to fail printed and how it ended.
struct ExitedRun {
  // The exit code; -1 when it started listening instead (it was killed).
  int exit_status = -1;
  // stdout and stderr together.
  std::string output;
};
// Runs motcuad with `args` (after --listen 127.0.0.1:0 --data `data_dir`,
// so later flags win) and waits for it to exit, at most 20 s.
ExitedRun RunExpectingExit(const std::string& data_dir,
                           std::vector<std::string> args);

// The token in `data_dir`/bootstrap-admin.token ("" when absent).
std::string ReadToken(const std::string& data_dir);
// A plaintext channel to `target` whose calls carry "authorization: Bearer
// <token>".
std::shared_ptr<grpc::Channel> AuthenticatedChannel(const std::string& target,
                                                    const std::string& token);

// A client context with a 20 s deadline, for one call.
std::unique_ptr<grpc::ClientContext> Ctx();

// A complete direct submission at the desk of H55.1 for procedure 1.001234
// of the shipped catalogue: an applicant with a name and an ID number, one
// document; tests change what they need (received_at, the applicant...).
motcua::v1::SubmitDossierRequest DeskSubmission(const std::string& client_id,
                                                const std::string& request_id);
// Submits `request` and returns the new code (a test failure and "" when
// refused).
std::string SubmitOk(motcua::v1::DossierService::Stub& desk,
                     const motcua::v1::SubmitDossierRequest& request);

class ServerProcess {
 public:
  // Starts motcuad and waits until it listens; aborts the test on failure.
  explicit ServerProcess(std::string data_dir,
                         std::vector<std::string> extra_args = {});
  // Stops the server if still running (as Stop); a test failure unless it
  // exits 0.
  ~ServerProcess();

  int port() const { return port_; }
  // The admin listener's port when started with --admin-listen, else 0.
  int admin_port() const { return admin_port_; }
  // The carrier webhook's port when started with --postal-listen, else 0.
  int postal_port() const { return postal_port_; }
  // The HTTP/JSON gateway's port when started with --http-listen, else 0.
  int http_port() const { return http_port_; }
  // The Prometheus endpoint's port when started with --metrics-listen, else
  // 0 (motcuad prints it as " metrics=HOST:PORT", port 0 resolved).
  int metrics_port() const { return metrics_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // A channel whose calls carry the bootstrap token (every role, every
  // agency), as the README's examples do.
  std::shared_ptr<grpc::Channel> Channel() const;
  // A channel without credentials.
  std::shared_ptr<grpc::Channel> AnonymousChannel() const;
  // The bootstrap token of this server's data directory.
  std::string Token() const;
  // A new principal's token, created with the bootstrap token through
  // TokenAdminService (ADD_FAILURE and "" when refused).
  std::string IssueToken(const std::vector<std::string>& roles,
                         const std::vector<std::string>& agencies,
                         const std::string& officer = "") const;
  // A channel whose calls carry `token`.
  std::shared_ptr<grpc::Channel> ChannelWith(const std::string& token) const;
  std::unique_ptr<motcua::v1::DossierService::Stub> DossierStub() const;

  // Graceful stop (SIGTERM) and wait; returns the exit status, or minus
  // the signal that ended it. One that has not exited 60 s after SIGTERM is
  // killed (-9) and the test fails.
  int Stop();
  // kill -9 and wait: a crash. A test failure when the server had already
  // exited by itself (e.g. a sanitizer report aborted it).
  void Crash();

 private:
  // Records how the server ended; it is gone afterwards.
  void Reap(int wait_status);

  std::string data_dir_;
  int pid_ = -1;
  int port_ = 0;
  int admin_port_ = 0;
  int postal_port_ = 0;
  int http_port_ = 0;
  int metrics_port_ = 0;
  int exit_status_ = -1;
};

}  // namespace motcua::testing

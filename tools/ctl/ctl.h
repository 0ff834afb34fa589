// motcuactl's shared parts: how a command reaches motcuad (target, TLS,
// bearer token), how it prints replies and errors, and how command groups
// register themselves.
//
// Connection (global options, before the command):
//   --target HOST:PORT   else $MOTCUA_TARGET, else 127.0.0.1:50051 (the flag
//                        wins over the environment);
//   --tls-ca FILE        TLS, trusting that CA (PEM); --tls-cert FILE with
//                        --tls-key FILE add a client certificate (mutual
//                        TLS); --tls-server-name NAME checks the server's
//                        certificate for NAME instead of the target's host.
//                        --tls-cert alone uses the system's CAs. (--ca,
//                        --cert and --key are the older names.)
//   --token-file FILE    the bearer token; else $MOTCUA_TOKEN; else
//                        ./data/bootstrap-admin.token when it exists. The
//                        token is never printed, also not in errors.
//
// Output: a reply is printed as JSON (protobuf's JSON mapping, proto field
// names) on stdout, exit status 0. A gRPC error is "CODE: message" on
// stderr, exit status 1; a message that starts with a request field's path
// ("reason: required") names the command-line flag that set it instead
// ("--reason: required"), from the command's FlagNames. Local errors (an
// unreadable file, a malformed flag value, flags that exclude each other)
// are "motcuactl: ..." or CLI11's message naming the flags, exit status 2.
//
// Writes carry an idempotency key: client_id "motcuactl" (or --client-id)
// and a random request_id unless --request-id gives one. UNAVAILABLE and
// RESOURCE_EXHAUSTED are retried by the channel, under the service config
// motcua publishes (Call), with the same key (the server answers a retry
// with the first result); when a write still fails, its request_id is
// printed so that the operator can retry it by hand with --request-id.
//
// Adding commands: a group is a function `void RegisterX(CLI::App&, Ctl&)`
// that adds its subcommands (keeping the state its options bind to alive in
// shared_ptrs captured by the callbacks); list it in kCommandGroups in
// tools/motcuactl.cc and its .cc in tools/CMakeLists.txt.
//
// Thread safety: one Ctl per process, used from main's thread.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::ctl {

// Request field paths and the flags that set them, e.g. {"agency_code",
// "--agency"}, {"period.number", "--quarter/--month/--half"}.
using FlagNames = std::vector<std::pair<std::string, std::string>>;

// `message` with a leading "path: " (or "path[i].sub: ") naming a field of
// `flags` rewritten to name the flag: "agency_code: unknown" ->
// "--agency: unknown"; "documents[1].name: blank" -> "--document
// (documents[1].name): blank". A field mapped to "" only wraps an inner
// field's message ("period: quarter: ..." with {"period", ""} and
// {"quarter", "--quarter"} -> "--quarter: ..."). Other messages are
// returned unchanged.
std::string NameFlags(std::string_view message, const FlagNames& flags);

// A request id no other call uses: "motcuactl-" and 32 random hex digits.
std::string NewRequestId();

// A name safe as a file name in the current directory: characters other
// than [A-Za-z0-9._-] (spaces, slashes) become '-', a leading '.' too;
// "export" when nothing is left.
std::string SafeFileName(std::string_view name);

// Thrown by commands for a local error: printed "motcuactl: what", exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Ctl {
 public:
  // Adds the connection options above to the top-level app.
  void AddConnectionOptions(CLI::App& app);

  // The channel to the target, made on first use.
  std::shared_ptr<grpc::Channel> Channel();
  // A client context carrying the token, with a deadline.
  std::unique_ptr<grpc::ClientContext> Context(
      std::chrono::seconds deadline = std::chrono::seconds(60));

  // Calls `call` with a fresh context. Retries are the channel's: motcua's
  // published service config (deploy/examples/service_config.json, compiled
  // in) retries UNAVAILABLE and RESOURCE_EXHAUSTED up to 5 attempts with
  // backoff, keeping the request (and so its idempotency key) as it was.
  grpc::Status Call(
      const std::function<grpc::Status(grpc::ClientContext*)>& call);

  // Prints the reply, or the error with flags named; sets the exit status.
  void Finish(const grpc::Status& status, const google::protobuf::Message& m,
              const FlagNames& flags = {});
  // As Finish for a write: on error also prints its request_id.
  void FinishWrite(const grpc::Status& status,
                   const google::protobuf::Message& m, const FlagNames& flags,
                   const std::string& request_id);
  // Only the error (for replies printed otherwise); false when !status.ok().
  bool Check(const grpc::Status& status, const FlagNames& flags = {});

  // Writes `bytes` to `path` ("motcuactl: wrote PATH (N bytes)" on
  // stderr); UsageError when it cannot.
  void Save(const std::string& path, const std::string& bytes);

  int exit_status() const { return exit_status_; }
  void set_exit_status(int s) { exit_status_ = s; }

 private:
  const std::string& Token();

  std::string target_ = "127.0.0.1:50051";
  std::string tls_ca_, tls_cert_, tls_key_, tls_server_name_;
  std::string token_file_;
  bool token_read_ = false;
  std::string token_;
  std::shared_ptr<grpc::Channel> channel_;
  int exit_status_ = 0;
};

// Reads a whole file; UsageError naming `flag` (or the path) when it cannot.
std::string ReadFile(const std::string& path, std::string_view flag = "");

// A command group: adds its subcommands to `app`.
using CommandGroup = void (*)(CLI::App& app, Ctl& ctl);

}  // namespace motcua::ctl

// motcuactl's operations commands (README "Backup and restore"):
//
//   motcuactl status              health, version, queue, last commit
//   motcuactl admin backup --to DIR
//                                 an online backup into DIR on the server's
//                                 machine (absolute path; new, or a backup
//                                 directory made earlier: incremental)
//
// Registered by tools/motcuactl.cc, which owns the connection flags.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

namespace motcua::ctl {

struct AdminCommandDeps {
  // The channel to --target, with TLS flags applied.
  std::function<std::shared_ptr<grpc::Channel>()> channel;
  // A context carrying the bearer token.
  std::function<std::unique_ptr<grpc::ClientContext>()> context;
  // Prints a reply (or the error) and returns the exit status.
  std::function<int(const grpc::Status&, const google::protobuf::Message&)>
      print;
};

// Adds "status" and "admin backup" to `app`; their exit status goes to `rc`.
void AddAdminCommands(CLI::App& app, AdminCommandDeps deps, int& rc);

}  // namespace motcua::ctl

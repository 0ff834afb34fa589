// motcuad's configuration file (README "Configuration"): TOML, read with
// toml++, one top-level key per command-line flag, named as the flag
// without its dashes:
//
//   listen = "127.0.0.1:50051"        # --listen
//   trusted-proxy = ["10.0.5.10"]     # --trusted-proxy (repeatable)
//   allow-plaintext = false           # --allow-plaintext (a switch)
//   max-queue = 20000                 # --max-queue
//
// Every option added to the CLI11 app is a key, so a new flag needs no
// change here. A flag given on the command line wins over the file.
//
// Checks, each an error naming the file, the line and the key: a file
// that is not TOML; a table or dotted key (every key is top-level); a key
// no flag has; a command-line-only key (config, check-config, version,
// help); a value of the wrong TOML type (a switch takes true/false, a
// number an integer — or for fractional flags a float —, a text a string,
// a repeatable flag an array of strings or one string). A value of the
// right type that the flag's own check refuses (a range) is named the same
// way by Explain().
//
// Thread safety: none; main() only.
//
// Example (main):
//   ConfigFile config(app, argc, argv);   // adds --config FILE
//   try { app.parse(argc, argv); }
//   catch (const CLI::ParseError& e) { return config.Exit(e); }
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "engine/common/result.h"

namespace motcua::services {

struct ServerOptions;

// The exit status of an invalid configuration (file or flags).
inline constexpr int kConfigErrorExit = 2;

// CLI11's config reader for TOML files, with toml++. Errors are
// CLI::ConfigError "FILE:LINE: key: what" with exit code kConfigErrorExit.
class TomlConfig : public CLI::ConfigTOML {
 public:
  // `app` must outlive this; its --config option names the file.
  explicit TomlConfig(const CLI::App& app) : app_(app) {}

  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

  // The line each key of the last file read was on.
  const std::map<std::string, int, std::less<>>& lines() const {
    return lines_;
  }

 private:
  const CLI::App& app_;
  mutable std::map<std::string, int, std::less<>> lines_;
};

class ConfigFile {
 public:
  // Adds --config FILE to `app` and installs the TOML reader; `argv` tells
  // which flags the command line gave (they win over the file). `app`
  // must outlive this.
  ConfigFile(CLI::App& app, int argc, const char* const* argv);

  // "FILE:LINE: key" when the file gave `key`'s value, else "--key".
  std::string Where(std::string_view key) const;
  // A message that starts with a flag ("--max-queue: Value 0 not in
  // range...") names the file, line and key instead when the file gave it.
  std::string Annotate(const std::string& message) const;
  // Prints what went wrong and returns the exit status: --help as CLI11
  // does (0), any other error Annotate()d on stderr with kConfigErrorExit.
  int Exit(const CLI::ParseError& e) const;

 private:
  const CLI::App* app_ = nullptr;
  std::shared_ptr<TomlConfig> reader_;
  std::set<std::string, std::less<>> command_line_;
};

// motcuad's operation flags: --log-format, --log-level (config keys like
// every flag), --check-config and --version (command line only).
struct OperationFlags {
  std::string log_format = "text";
  std::string log_level = "info";
  bool check_config = false;
  bool version = false;
};
void AddOperationFlags(CLI::App& app, OperationFlags& flags);

// The "config" log line at start: every flag's value as given or by
// default (flags hold file names and numbers, no secrets).
void LogConfigurationSummary(const CLI::App& app);

// What --check-config checks beyond parsing, with the functions motcuad's
// start uses (engine::Status naming the flag or key): TLS files, plaintext
// listeners, trusted proxies, HOST:PORT listeners, the calendars and
// catalogue directories, the postal files when the webhook is on. Nothing
// is opened for writing.
engine::Status CheckServerOptions(const ServerOptions& options);

}  // namespace motcua::services

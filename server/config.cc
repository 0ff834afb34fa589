#include "server/config.h"

#include <toml++/toml.h>

#include <cstdio>
#include <sstream>

#include "adapters/calendars/calendar_files.h"
#include "adapters/catalogue/catalogue_files.h"
#include "adapters/postal/carrier_table.h"
#include "engine/common/text.h"
#include "engine/lifecycle/retention.h"
#include "runtime/log.h"
#include "server/server.h"
#include "server/transport_security.h"
#include "services/caller_key.h"

namespace motcua::services {
namespace {

// Keys that only make sense on the command line.
constexpr std::string_view kCommandLineOnly[] = {"config", "check-config",
                                                 "version", "help"};

[[noreturn]] void Fail(const std::string& path, int line, std::string_view key,
                       const std::string& message) {
  std::string where = path + ":" + std::to_string(line) + ": ";
  if (!key.empty()) where += engine::QuoteText(key, 80) + ": ";
  throw CLI::ConfigError(where + message, kConfigErrorExit);
}

int LineOf(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

// The TOML value as CLI11 input, or an error for the wrong type.
std::string Scalar(const toml::node& node, std::string_view type,
                   const std::string& path, std::string_view key) {
  if (type == "INT" || type == "UINT") {
    if (const auto* i = node.as_integer()) return std::to_string(i->get());
    Fail(path, LineOf(node), key, "expected an integer");
  }
  if (type == "FLOAT") {
    if (const auto* i = node.as_integer()) return std::to_string(i->get());
    if (const auto* f = node.as_floating_point()) {
      std::ostringstream out;
      out.precision(17);
      out << f->get();
      return out.str();
    }
    Fail(path, LineOf(node), key, "expected a number");
  }
  if (const auto* s = node.as_string()) return s->get();
  Fail(path, LineOf(node), key, "expected a string");
}

// The flag a message from CLI11 or CheckServerOptions starts with: "--x".
std::string_view LeadingFlag(std::string_view message) {
  if (!message.starts_with("--")) return {};
  const size_t end = message.find_first_of(": =,");
  return message.substr(0, end);
}

}  // namespace

std::vector<CLI::ConfigItem> TomlConfig::from_config(
    std::istream& input) const {
  lines_.clear();
  const CLI::Option* config = app_.get_config_ptr();
  const std::string path = config != nullptr && config->count() > 0
                               ? config->as<std::string>()
                               : std::string("config");
  toml::table table;
  try {
    table = toml::parse(input, path);
  } catch (const toml::parse_error& e) {
    Fail(path, static_cast<int>(e.source().begin.line), "",
         "not TOML: " + std::string(e.description()));
  }
  std::vector<CLI::ConfigItem> items;
  for (auto&& [toml_key, node] : table) {
    const std::string key(toml_key.str());
    const int line = static_cast<int>(toml_key.source().begin.line);
    for (std::string_view only : kCommandLineOnly) {
      if (key == only) {
        Fail(path, line, key, "a command-line option, not a configuration key");
      }
    }
    if (node.is_table()) {
      Fail(path, line, key,
           "tables and dotted keys are not used: every key is top-level, "
           "named as its flag without the dashes");
    }
    const CLI::Option* option = key.empty() || key.front() == '-'
                                    ? nullptr
                                    : app_.get_option_no_throw("--" + key);
    if (option == nullptr || !option->get_configurable()) {
      Fail(path, line, key,
           "unknown key (the keys are motcuad's flags without the dashes; "
           "motcuad --help lists them)");
    }
    CLI::ConfigItem item;
    item.name = key;
    const std::string type_name = option->get_type_name();
    const std::string type = type_name.substr(0, type_name.find(':'));
    if (option->get_expected_min() == 0) {  // a switch, as CLI11 tells
      const auto* flag = node.as_boolean();
      if (flag == nullptr) Fail(path, line, key, "expected true or false");
      item.inputs = {flag->get() ? "true" : "false"};
    } else if (option->get_expected_max() > 1) {
      if (const auto* array = node.as_array()) {
        for (const toml::node& element : *array) {
          const auto* s = element.as_string();
          if (s == nullptr) Fail(path, line, key, "expected strings");
          item.inputs.push_back(s->get());
        }
      } else {
        item.inputs = {Scalar(node, type, path, key)};
      }
    } else {
      if (node.is_array()) Fail(path, line, key, "expected one value");
      item.inputs = {Scalar(node, type, path, key)};
    }
    lines_[key] = line;
    items.push_back(std::move(item));
  }
  return items;
}

ConfigFile::ConfigFile(CLI::App& app, int argc, const char* const* argv) {
  app.set_config("--config", "",
                 "TOML configuration file: one key per flag, named as the "
                 "flag without dashes (deploy/motcuad.toml); flags given "
                 "here win",
                 false)
      ->type_name("FILE");
  reader_ = std::make_shared<TomlConfig>(app);
  app.config_formatter(reader_);
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.starts_with("--")) continue;
    command_line_.insert(std::string(arg.substr(2, arg.find('=') - 2)));
  }
  app_ = &app;
}

std::string ConfigFile::Where(std::string_view key) const {
  const auto it = reader_->lines().find(key);
  if (it == reader_->lines().end() || command_line_.contains(it->first)) {
    return "--" + std::string(key);
  }
  const CLI::Option* config = app_->get_config_ptr();
  const std::string path = config != nullptr && config->count() > 0
                               ? config->as<std::string>()
                               : std::string("config");
  return path + ":" + std::to_string(it->second) + ": " + std::string(key);
}

std::string ConfigFile::Annotate(const std::string& message) const {
  const std::string_view flag = LeadingFlag(message);
  if (flag.empty()) return message;
  const std::string where = Where(flag.substr(2));
  if (where.starts_with("--")) return message;
  return where + message.substr(flag.size());
}

int ConfigFile::Exit(const CLI::ParseError& e) const {
  if (e.get_exit_code() == 0) return app_->exit(e);
  std::fprintf(stderr, "motcuad: %s\nRun with --help for more information.\n",
               Annotate(e.what()).c_str());
  return kConfigErrorExit;
}

void AddOperationFlags(CLI::App& app, OperationFlags& flags) {
  app.add_option("--log-format", flags.log_format,
                 "log lines on stderr as text or json (README \"Logs\")")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", flags.log_level,
                 "lowest level logged: debug (adds health checks), info, "
                 "warn, error or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}));
  app.add_flag("--check-config", flags.check_config,
               "check the configuration (file and flags) and the files it "
               "names, print the result and exit: 0 when it is fine, 2 when "
               "not")
      ->configurable(false);
  app.add_flag("--version", flags.version,
               "print the version and the libraries it was built with")
      ->configurable(false);
}

void LogConfigurationSummary(const CLI::App& app) {
  std::vector<std::string> names;
  std::vector<std::string> values;
  for (const CLI::Option* option : app.get_options()) {
    const std::string& name = option->get_lnames().empty()
                                  ? option->get_name()
                                  : option->get_lnames().front();
    if (name == "help" || name == "version" || name == "check-config") {
      continue;
    }
    std::string value;
    if (option->count() > 0) {
      for (const std::string& r : option->results()) {
        if (!value.empty()) value += ',';
        value += r;
      }
    } else {
      value = option->get_default_str();
    }
    names.push_back(name);
    values.push_back(std::move(value));
  }
  std::vector<runtime::LogField> fields;
  fields.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    fields.emplace_back(names[i], values[i]);
  }
  runtime::Log(runtime::LogLevel::kInfo, "config", fields);
}

engine::Status CheckServerOptions(const ServerOptions& options) {
  if (engine::Status tls = CheckTls(options.tls); !tls.ok()) return tls;
  if (options.personal_data_retention_years > 0) {
    if (engine::Status s = engine::ValidateRetentionYears(
            options.personal_data_retention_years,
            "--personal-data-retention-years");
        !s.ok()) {
      return s;
    }
  }
  if (engine::Status listeners = CheckListeners(options); !listeners.ok()) {
    return listeners;
  }
  if (auto proxies = TrustedProxies::Parse(options.trusted_proxies);
      !proxies.ok()) {
    return proxies.error();
  }
  if (auto configs = adapters::LoadCalendarConfigs(options.calendars_dir +
                                                   "/calendars.json");
      !configs.ok()) {
    return engine::InvalidArgument("--calendars: " + configs.error().message);
  }
  if (auto schedules = adapters::LoadScheduleDir(options.calendars_dir);
      !schedules.ok()) {
    return engine::InvalidArgument("--calendars: " + schedules.error().message);
  }
  if (auto catalogue = adapters::LoadCatalogueDir(options.catalogue_dir);
      !catalogue.ok()) {
    return engine::InvalidArgument("--catalogue: " + catalogue.error().message);
  }
  if (!options.postal_listen.empty()) {
    if (options.postal_secrets.empty()) {
      return engine::InvalidArgument(
          "--postal-secrets: required with --postal-listen");
    }
    if (auto table = adapters::CarrierTable::Load(options.postal_statuses);
        !table.ok()) {
      return engine::InvalidArgument("--postal-statuses: " +
                                     table.error().message);
    }
    if (auto secrets = adapters::LoadCarrierSecrets(options.postal_secrets);
        !secrets.ok()) {
      return engine::InvalidArgument("--postal-secrets: " +
                                     secrets.error().message);
    }
  }
  return {};
}

}  // namespace motcua::services

// Log: motcuad's operational log (README "Logs"), one structured line per
// event on stderr, as text or as JSON (spdlog underneath). Not the access
// log of unmasked reads (runtime/access_log.h), which is stored data.
//
// A line is an event name and key/value fields:
//   text: 2026-12-02T14:03:11.042Z info rpc method=/motcua.v1.X/Y code=OK
//   json: {"time":"2026-12-02T14:03:11.042Z","level":"info","event":"rpc",
//          "method":"/motcua.v1.X/Y","code":"OK"}
// Times are UTC. Values are escaped (JSON: \" \\ \uXXXX; invalid UTF-8
// becomes U+FFFD; text: a value with a space, '"', '=' or a control
// character is quoted and escaped the same way), so a line is always one
// line and, in JSON, always valid JSON.
//
// Rules for callers: never log a token, a key, a secret or personal data
// (applicant names, ID numbers, phone numbers, addresses, officer names);
// log ids (principal id, dossier code is not personal) and counts.
//
// Thread safety: Log from any thread. ConfigureLog is meant for main()
// before the threads start (it may be called later; lines in flight use
// the previous configuration). Log never throws.
//
// Example:
//   runtime::Log(runtime::LogLevel::kInfo, "sweeper_pass",
//                {{"events", n}, {"millis", ms}});
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace motcua::runtime {

enum class LogLevel { kDebug, kInfo, kWarn, kError, kOff };
enum class LogFormat { kText, kJson };

struct LogOptions {
  LogFormat format = LogFormat::kText;
  LogLevel level = LogLevel::kInfo;
};

// "debug", "info", "warn", "error", "off" / "text", "json"; nullopt else.
std::optional<LogLevel> ParseLogLevel(std::string_view name);
std::optional<LogFormat> ParseLogFormat(std::string_view name);
std::string_view LogLevelName(LogLevel level);

// Lines from now on go to `out` (stderr when null; `out` must outlive
// every later Log call, for tests) in `options`' format, from its level up.
void ConfigureLog(const LogOptions& options, std::ostream* out = nullptr);

// One field of a line. Holds views: valid for the Log call only.
struct LogField {
  using Value = std::variant<std::string_view, int64_t, uint64_t, double, bool>;

  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v)
      : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, const std::string& v)
      : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
      LogField(std::string_view k, T v)
      : key(k),
        value(std::is_signed_v<T> ? Value(static_cast<int64_t>(v))
                                  : Value(static_cast<uint64_t>(v))) {}

  std::string_view key;
  Value value;
};

// Whether a line at `level` would be written (skip building costly fields).
bool LogEnabled(LogLevel level);

// Writes one line. `event` is a short snake_case name ("start", "rpc",
// "commit_failed"); keys are snake_case too.
void Log(LogLevel level, std::string_view event,
         std::initializer_list<LogField> fields = {}) noexcept;
// The same with fields built at run time.
void Log(LogLevel level, std::string_view event,
         std::span<const LogField> fields) noexcept;

// The line's payload after time and level, as Log writes it (tests).
std::string FormatLogPayload(LogFormat format, std::string_view event,
                             std::span<const LogField> fields);

}  // namespace motcua::runtime

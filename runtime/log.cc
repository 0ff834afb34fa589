#include "runtime/log.h"

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <memory>

namespace motcua::runtime {
namespace {

struct Configured {
  LogFormat format = LogFormat::kText;
  std::shared_ptr<spdlog::logger> logger;
};

spdlog::level::level_enum SpdLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

std::shared_ptr<const Configured> Make(const LogOptions& options,
                                       std::ostream* out) {
  auto configured = std::make_shared<Configured>();
  configured->format = options.format;
  spdlog::sink_ptr sink;
  if (out != nullptr) {
    sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out,
                                                            /*force_flush=*/
                                                            true);
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  }
  configured->logger = std::make_shared<spdlog::logger>("motcuad", sink);
  const std::string pattern =
      options.format == LogFormat::kJson
          ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
          : "%Y-%m-%dT%H:%M:%S.%eZ %l %v";
  configured->logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      pattern, spdlog::pattern_time_type::utc));
  configured->logger->set_level(SpdLevel(options.level));
  configured->logger->flush_on(spdlog::level::trace);
  return configured;
}

// Never destroyed: a thread may still log while statics are torn down.
std::atomic<std::shared_ptr<const Configured>>& Current() {
  static auto* current = new std::atomic<std::shared_ptr<const Configured>>(
      Make(LogOptions(), nullptr));
  return *current;
}

// Length of the valid UTF-8 sequence at s[i], 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  const auto cont = [&](size_t k) {
    return k < s.size() && (b(k) & 0xC0) == 0x80;
  };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(i + 1) > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;
    if (c == 0xF4 && b(i + 1) > 0x8F) return 0;
    return 4;
  }
  return 0;
}

// JSON string escaping without the quotes; invalid UTF-8 -> U+FFFD.
void AppendEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = Utf8Length(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
}

bool NeedsQuotes(std::string_view s) {
  if (s.empty()) return true;
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == '"' || c == '=' || c == '\\' || c == 0x7F) {
      return true;
    }
  }
  return false;
}

void AppendNumber(std::string& out, double v) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec == std::errc()) out.append(buffer, end);
}

void AppendValue(std::string& out, LogFormat format,
                 const LogField::Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (format == LogFormat::kJson || NeedsQuotes(v)) {
            out += '"';
            AppendEscaped(out, v);
            out += '"';
          } else {
            AppendEscaped(out, v);
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(v)) {
            AppendNumber(out, v);
          } else {
            out += "null";
          }
        } else {
          out += std::to_string(v);
        }
      },
      value);
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  if (name == "off") return LogLevel::kOff;
  return std::nullopt;
}

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "info";
}

void ConfigureLog(const LogOptions& options, std::ostream* out) {
  Current().store(Make(options, out));
}

bool LogEnabled(LogLevel level) {
  return level != LogLevel::kOff &&
         Current().load()->logger->should_log(SpdLevel(level));
}

std::string FormatLogPayload(LogFormat format, std::string_view event,
                             std::span<const LogField> fields) {
  std::string out;
  out.reserve(64 + 32 * fields.size());
  if (format == LogFormat::kJson) {
    out += "\"event\":\"";
    AppendEscaped(out, event);
    out += '"';
    for (const LogField& f : fields) {
      out += ",\"";
      AppendEscaped(out, f.key);
      out += "\":";
      AppendValue(out, format, f.value);
    }
  } else {
    AppendEscaped(out, event);
    for (const LogField& f : fields) {
      out += ' ';
      AppendEscaped(out, f.key);
      out += '=';
      AppendValue(out, format, f.value);
    }
  }
  return out;
}

void Log(LogLevel level, std::string_view event,
         std::initializer_list<LogField> fields) noexcept {
  Log(level, event, std::span<const LogField>(fields.begin(), fields.size()));
}

void Log(LogLevel level, std::string_view event,
         std::span<const LogField> fields) noexcept {
  if (level == LogLevel::kOff) return;
  try {
    const std::shared_ptr<const Configured> current = Current().load();
    const spdlog::level::level_enum spd = SpdLevel(level);
    if (!current->logger->should_log(spd)) return;
    const std::string payload =
        FormatLogPayload(current->format, event, fields);
    current->logger->log(spd, spdlog::string_view_t(payload));
  } catch (...) {
    // Nothing sensible is left to do when logging itself fails.
  }
}

}  // namespace motcua::runtime

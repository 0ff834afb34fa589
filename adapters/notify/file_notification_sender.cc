#include "adapters/notify/file_notification_sender.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace motcua::adapters {

engine::Result<std::unique_ptr<FileNotificationSender>>
FileNotificationSender::Open(const std::string& path) {
  // Find the last whole line and the highest sequence in it.
  uint64_t last = 0;
  off_t whole = 0;
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream buf;
      buf << in.rdbuf();
      const std::string text = buf.str();
      size_t start = 0;
      for (size_t nl = text.find('\n'); nl != std::string::npos;
           nl = text.find('\n', start)) {
        auto line = nlohmann::json::parse(text.substr(start, nl - start),
                                          nullptr, false);
        if (!line.is_discarded() && line.contains("seq") &&
            line["seq"].is_number_unsigned()) {
          last = std::max(last, line["seq"].get<uint64_t>());
        }
        start = nl + 1;
        whole = static_cast<off_t>(start);
      }
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0640);
  if (fd < 0) return engine::Unavailable("cannot open " + path);
  // Drop a partial last line left by a crash.
  if (::ftruncate(fd, whole) != 0 || ::lseek(fd, whole, SEEK_SET) < 0) {
    ::close(fd);
    return engine::Unavailable("cannot prepare " + path);
  }
  return std::unique_ptr<FileNotificationSender>(
      new FileNotificationSender(path, fd, last));
}

FileNotificationSender::~FileNotificationSender() { ::close(fd_); }

engine::Status FileNotificationSender::Deliver(uint64_t seq,
                                               const engine::Notification& n) {
  if (seq <= written_) return {};  // already delivered: exactly once
  nlohmann::json line = {{"seq", seq},
                         {"id", n.id},
                         {"dossier_code", n.dossier_code},
                         {"kind", n.kind},
                         {"phone", n.phone},
                         {"text", n.text},
                         {"sms_text", n.sms_text}};
  const std::string bytes = line.dump() + "\n";
  const off_t before = ::lseek(fd_, 0, SEEK_END);
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t w =
        ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (w <= 0) break;
    written += static_cast<size_t>(w);
  }
  if (written != bytes.size()) {
    // Leave no partial line behind; the dispatcher retries.
    if (before >= 0) (void)::ftruncate(fd_, before);
    return engine::Unavailable("cannot write notification to " + path_);
  }
  written_ = seq;
  return {};
}

engine::Status FileNotificationSender::Flush() {
  if (written_ == last_) return {};
  if (::fsync(fd_) != 0) {
    return engine::Unavailable("cannot sync notifications to " + path_);
  }
  last_ = written_;
  return {};
}

namespace {

// Blanks the JSON string value of top-level `key` in `line` (a line the
// sender wrote: compact, keys in its order). Inside a JSON string every
// quote is escaped, so the raw `"key":"` can only be the key itself. True
// when it changed a byte.
bool BlankValue(std::string& line, std::string_view key) {
  const std::string token = "\"" + std::string(key) + "\":\"";
  const size_t at = line.find(token);
  if (at == std::string::npos) return false;
  bool changed = false;
  for (size_t i = at + token.size(); i < line.size(); ++i) {
    if (line[i] == '"') return changed;
    if (line[i] == '\\' && i + 1 < line.size()) {
      line[i] = ' ';
      ++i;
      changed = true;
    }
    if (line[i] != ' ') {
      line[i] = ' ';
      changed = true;
    }
  }
  return changed;
}

}  // namespace

engine::Result<size_t> RedactNotifications(
    const std::string& path, const std::set<std::string, std::less<>>& codes) {
  if (codes.empty()) return size_t{0};
  std::ifstream in(path, std::ios::binary);
  if (!in) return size_t{0};
  const int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) {
    if (errno == ENOENT) return size_t{0};
    return engine::Unavailable("cannot open " + path + " to redact it");
  }
  size_t redacted = 0;
  off_t offset = 0;
  std::string line;
  bool failed = false;
  while (std::getline(in, line)) {
    const off_t start = offset;
    offset += static_cast<off_t>(line.size()) + 1;
    if (in.eof()) break;  // no newline: a line being written
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.contains("dossier_code") ||
        !json["dossier_code"].is_string() ||
        !codes.contains(json["dossier_code"].get<std::string>())) {
      continue;
    }
    bool changed = BlankValue(line, "phone");
    changed |= BlankValue(line, "text");
    changed |= BlankValue(line, "sms_text");
    if (!changed) continue;
    if (::pwrite(fd, line.data(), line.size(), start) !=
        static_cast<ssize_t>(line.size())) {
      failed = true;
      break;
    }
    ++redacted;
  }
  const bool synced = redacted == 0 || ::fsync(fd) == 0;
  ::close(fd);
  if (failed || !synced) {
    return engine::Unavailable("cannot redact notifications in " + path);
  }
  return redacted;
}

}  // namespace motcua::adapters

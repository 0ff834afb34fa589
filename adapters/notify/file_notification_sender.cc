#include "adapters/notify/file_notification_sender.h"

#include <fcntl.h>
#include <unistd.h>

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

}  // namespace motcua::adapters

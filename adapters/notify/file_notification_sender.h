// FileNotificationSender: appends each notification as one JSON line to a
// file and fsyncs it, for an SMS/email/Zalo gateway forwarder to read
// (`tail -F`), or for an operator to audit.
//
// Deliver() appends; Flush() fsyncs (once per page of notifications, so a
// burst costs one fsync, not one per line).
//
// Line: {"seq":123,"id":"H55.1-261125-0001/3","dossier_code":"...",
//        "kind":"supplement_requested","phone":"0912345678",
//        "text":"...","sms_text":"..."}
//
// LastDelivered is the highest "seq" in the file, read once at Open. A line
// cut short by a crash is not counted and is cut off before the next append,
// so it is delivered again, whole.
//
// Thread safety: one caller (the dispatcher).
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <string>

#include "engine/ports/notification_sender.h"

namespace motcua::adapters {

class FileNotificationSender final : public engine::NotificationSender {
 public:
  static engine::Result<std::unique_ptr<FileNotificationSender>> Open(
      const std::string& path);
  ~FileNotificationSender() override;

  engine::Result<uint64_t> LastDelivered() override { return last_; }
  engine::Status Deliver(uint64_t global_seq,
                         const engine::Notification& n) override;
  engine::Status Flush() override;

 private:
  FileNotificationSender(std::string path, int fd, uint64_t last)
      : path_(std::move(path)), fd_(fd), last_(last), written_(last) {}

  std::string path_;
  int fd_;
  uint64_t last_;         // durable
  uint64_t written_ = 0;  // appended, not yet flushed
};

// The personal-data purge (runtime/personal_data_purge.h) for this file:
// every whole line of a dossier in `codes` gets its "phone", "text" and
// "sms_text" values overwritten with spaces, in place and at the same
// length (pwrite on its own descriptor, then fsync), so the sender's
// appends, its position (the highest "seq") and a forwarder following the
// file (`tail -F` sees no truncation or replacement) are undisturbed; a
// forwarder skips a line whose phone is blank. Lines already blank are left
// alone (idempotent). Returns the number of lines redacted; a missing file
// is 0. Reads the file once, a line at a time.
engine::Result<size_t> RedactNotifications(
    const std::string& path, const std::set<std::string, std::less<>>& codes);

}  // namespace motcua::adapters

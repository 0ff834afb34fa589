// NotificationSender: the port through which notifications for applicants
// (engine/notify) leave the system: SMS, email or Zalo gateways, or a file
// that a gateway forwarder reads.
//
// Exactly-once bookkeeping: every notification is delivered under the
// global sequence of the event that caused it, in increasing order, and the
// sender itself records the highest sequence it has durably delivered. The
// dispatcher resumes after LastDelivered(), so a crash between a delivery
// and anything else neither loses nor repeats one.
//
// Thread safety: one dispatcher calls a sender; implementations need not be
// thread-safe.
#pragma once

#include <cstdint>

#include "engine/common/result.h"
#include "engine/notify/notification.h"

namespace motcua::engine {

class NotificationSender {
 public:
  virtual ~NotificationSender() = default;
  // The highest global sequence durably delivered; 0 when none.
  virtual Result<uint64_t> LastDelivered() = 0;
  // Delivers `n` for event `global_seq` (> LastDelivered()). Durable once
  // Flush() returns OK; on error the dispatcher retries from the first
  // notification after LastDelivered().
  virtual Status Deliver(uint64_t global_seq, const Notification& n) = 0;
  // Makes every delivery so far durable (one fsync for a page of them) and
  // advances LastDelivered().
  virtual Status Flush() = 0;
};

}  // namespace motcua::engine

#include "runtime/access_log.h"

#include <exception>

#include "runtime/log.h"

namespace motcua::runtime {

AccessLog::AccessLog(engine::AccessStore& store)
    : store_(store), thread_([this] { Run(); }) {}

AccessLog::~AccessLog() { Stop(); }

void AccessLog::Record(std::vector<engine::AccessRecord> records,
                       std::function<void(engine::Status)> done) {
  if (records.empty()) {
    done({});
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      pending_.push_back({std::move(records), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(engine::Unavailable("server is shutting down"));
}

void AccessLog::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void AccessLog::Run() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, nothing left
      batch.swap(pending_);
    }
    std::vector<engine::AccessRecord> records;
    for (Pending& p : batch) {
      for (engine::AccessRecord& r : p.records) {
        records.push_back(std::move(r));
      }
    }
    engine::Status status;
    try {
      status = store_.AppendAccessRecords(records);
    } catch (const std::exception& e) {
      Log(LogLevel::kError, "access_log_failed", {{"error", e.what()}});
      status = engine::Internal("access log: unexpected error");
    }
    for (Pending& p : batch) {
      try {
        p.done(status);
      } catch (...) {
        Log(LogLevel::kError, "access_log_reply_failed");
      }
    }
  }
}

}  // namespace motcua::runtime

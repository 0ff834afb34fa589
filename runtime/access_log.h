// AccessLog: records, durably and before the answer leaves, every answer
// that carries unmasked personal data (Decree 13/2023/NĐ-CP: who read which
// dossier's personal data, when, which fields).
//
// Reads are many and concurrent; the log is one writer thread that takes
// every record waiting and stores them in one synced write (group commit),
// so a read pays one shared fsync and the dossier write path (the
// sequencer) never waits for it. A read whose record could not be stored is
// answered UNAVAILABLE without its data.
//
// Thread safety: Record may be called from any thread; Stop from one.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/common/result.h"
#include "engine/ports/access_store.h"

namespace motcua::runtime {

class AccessLog {
 public:
  explicit AccessLog(engine::AccessStore& store);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Stores `records` and then calls `done` (on the log's thread) with the
  // outcome; with no records, calls `done` at once. After Stop, `done` gets
  // Unavailable at once.
  void Record(std::vector<engine::AccessRecord> records,
              std::function<void(engine::Status)> done);
  // Stores what is waiting, then ends the thread.
  void Stop();

 private:
  struct Pending {
    std::vector<engine::AccessRecord> records;
    std::function<void(engine::Status)> done;
  };
  void Run();

  engine::AccessStore& store_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Pending> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace motcua::runtime

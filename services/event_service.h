// motcua.v1.EventService: WatchEvents streams the global event log from a
// cursor, with filters, at the pace the consumer drains it.
//
// Each stream is a ServerWriteReactor with at most one write in flight and
// a small buffer: it reads the next page of the log from the store only when
// the buffer is empty, and when it has caught up it waits on the EventHub.
// A slow consumer therefore holds one message and one cursor, never a queue
// on the write path.
//
// At most max_streams streams are open at once (each holds a page buffer
// and a thread's share of the hub); one more is RESOURCE_EXHAUSTED at once,
// so a client that opens streams in a loop cannot starve the write path.
//
// Consumer lag (metrics): each accepted stream publishes the last global
// sequence it has delivered or filtered out; its lag is the hub's last
// sequence minus that, and ConsumerLag() reports the largest.
//
// Thread safety: gRPC and the hub call into a stream concurrently; each
// stream serialises itself with its own mutex.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>

#include "engine/ports/dossier_store.h"
#include "motcua/v1/events.grpc.pb.h"
#include "runtime/catalogue_book.h"
#include "runtime/event_hub.h"
#include "services/access_control.h"

namespace motcua::services {

class EventService final : public motcua::v1::EventService::CallbackService {
 public:
  EventService(const AccessControl& access,
               const runtime::CatalogueBook& catalogue,
               const engine::DossierStore& store, runtime::EventHub& hub,
               int max_streams = 256)
      : access_(access),
        catalogue_(catalogue),
        store_(store),
        hub_(hub),
        max_streams_(max_streams) {}

  // Streams open now.
  int open_streams() const { return open_streams_.load(); }
  // Events committed that the furthest-behind accepted stream has not
  // delivered (or skipped by its filters) yet; 0 without streams.
  uint64_t ConsumerLag() const;

  // The positions of the accepted streams (shared with them: a stream may
  // end after the service).
  struct StreamBoard {
    std::mutex mu;
    std::set<const std::atomic<uint64_t>*> positions;
  };

  grpc::ServerWriteReactor<motcua::v1::LogEvent>* WatchEvents(
      grpc::CallbackServerContext* context,
      const motcua::v1::WatchEventsRequest* request) override;

 private:
  const AccessControl& access_;
  const runtime::CatalogueBook& catalogue_;
  const engine::DossierStore& store_;
  runtime::EventHub& hub_;
  const int max_streams_;
  std::atomic<int> open_streams_{0};
  const std::shared_ptr<StreamBoard> board_ = std::make_shared<StreamBoard>();
};

}  // namespace motcua::services

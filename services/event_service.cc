#include "services/event_service.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <set>

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"
#include "services/dossier_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;

constexpr size_t kPage = 256;
// Log pages one Pump reads while everything is filtered out, before it
// yields to other streams (the hub calls it again at once).
constexpr int kMaxEmptyPages = 16;

bool Matches(const pb::WatchEventsRequest& r,
             const std::set<std::string>& kinds, const engine::LogEntry& entry,
             const pb::DossierEvent& event) {
  if (!r.dossier_code().empty() && entry.code != r.dossier_code()) return false;
  if (!kinds.empty() && !kinds.contains(event.kind())) return false;
  if (!r.agency_code().empty()) {
    const std::string& a = r.agency_code();
    const bool received_by = entry.code.size() > a.size() &&
                             entry.code.compare(0, a.size(), a) == 0 &&
                             entry.code[a.size()] == '-';
    if (!received_by && event.agency_code() != a && event.to_agency() != a &&
        event.opened_step_agency() != a) {
      return false;
    }
  }
  return true;
}

// Shared between the reactor (owned by gRPC until OnDone) and the hub (which
// holds a weak_ptr to the Pump interface).
class Stream : public runtime::EventHub::Waiter {
 public:
  Stream(const engine::DossierStore& store, runtime::EventHub& hub,
         pb::WatchEventsRequest request,
         grpc::ServerWriteReactor<pb::LogEvent>* reactor)
      : store_(store),
        hub_(hub),
        request_(std::move(request)),
        kinds_(request_.kinds().begin(), request_.kinds().end()),
        cursor_(request_.after_seq()),
        delivered_(request_.after_seq()),
        reactor_(reactor) {}
  ~Stream() override {
    if (board_ == nullptr) return;
    std::lock_guard lock(board_->mu);
    board_->positions.erase(&delivered_);
  }

  // Counts this (accepted) stream in the service's consumer lag.
  void Track(std::shared_ptr<EventService::StreamBoard> board) {
    std::lock_guard lock(board->mu);
    board->positions.insert(&delivered_);
    board_ = std::move(board);
  }

  void Pump() override {
    std::lock_guard lock(mu_);
    PumpLocked();
  }

  void OnWriteDone(bool ok) {
    std::lock_guard lock(mu_);
    writing_ = false;
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED,
                                "the client stopped reading"));
      return;
    }
    delivered_.store(current_.global_seq());
    PumpLocked();
  }

  void Cancel() {
    std::lock_guard lock(mu_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void Detach(std::shared_ptr<Stream> self) { self_ = std::move(self); }
  void Done() {
    std::lock_guard lock(mu_);
    reactor_ = nullptr;
    finished_ = true;
    self_.reset();
  }

 private:
  void FinishLocked(const grpc::Status& status) {
    if (finished_ || reactor_ == nullptr) return;
    finished_ = true;
    reactor_->Finish(status);
  }

  void PumpLocked() {
    if (finished_ || writing_ || reactor_ == nullptr) return;
    for (int page = 0; buffer_.empty() && page < kMaxEmptyPages; ++page) {
      auto entries = store_.ReadLog(cursor_, kPage);
      if (!entries.ok()) {
        FinishLocked(ToGrpcStatus(entries.error()));
        return;
      }
      for (const engine::LogEntry& e : *entries) {
        cursor_ = e.global_seq;
        pb::LogEvent out;
        out.set_global_seq(e.global_seq);
        out.set_dossier_code(e.code);
        ToProto(e.event, out.mutable_event());
        if (Matches(request_, kinds_, e, out.event())) {
          buffer_.push_back(std::move(out));
        }
      }
      if (entries->size() < kPage) break;
    }
    if (buffer_.empty()) {
      delivered_.store(cursor_);  // everything read so far was filtered out
      if (request_.stop_at_head() && cursor_ >= hub_.last_seq()) {
        FinishLocked(grpc::Status::OK);
        return;
      }
      hub_.WaitAfter(cursor_, self_);
      return;
    }
    current_ = std::move(buffer_.front());
    buffer_.pop_front();
    writing_ = true;
    reactor_->StartWrite(&current_);
  }

  const engine::DossierStore& store_;
  runtime::EventHub& hub_;
  const pb::WatchEventsRequest request_;
  const std::set<std::string> kinds_;

  std::recursive_mutex mu_;
  uint64_t cursor_;
  std::atomic<uint64_t> delivered_;
  std::shared_ptr<EventService::StreamBoard> board_;
  std::deque<pb::LogEvent> buffer_;
  pb::LogEvent current_;
  bool writing_ = false;
  bool finished_ = false;
  grpc::ServerWriteReactor<pb::LogEvent>* reactor_;
  std::shared_ptr<Stream> self_;  // kept alive until the reactor is done
};

class WatchReactor final : public grpc::ServerWriteReactor<pb::LogEvent> {
 public:
  WatchReactor(const engine::DossierStore& store, runtime::EventHub& hub,
               const pb::WatchEventsRequest& request, std::atomic<int>& open,
               std::shared_ptr<EventService::StreamBoard> board)
      : open_(open), board_(std::move(board)) {
    stream_ = std::make_shared<Stream>(store, hub, request, this);
    stream_->Detach(stream_);
  }
  void Start(const grpc::Status& refused) {
    if (!refused.ok()) {
      stream_->Done();
      Finish(refused);
      return;
    }
    stream_->Track(std::move(board_));
    // The client learns at once that its stream is open, before any event.
    StartSendInitialMetadata();
    stream_->Pump();
  }
  void OnWriteDone(bool ok) override { stream_->OnWriteDone(ok); }
  void OnCancel() override { stream_->Cancel(); }
  void OnDone() override {
    stream_->Done();
    open_.fetch_sub(1);
    delete this;
  }

 private:
  std::shared_ptr<Stream> stream_;
  std::atomic<int>& open_;  // counted from construction to OnDone
  std::shared_ptr<EventService::StreamBoard> board_;
};

}  // namespace

uint64_t EventService::ConsumerLag() const {
  const uint64_t last = hub_.last_seq();
  uint64_t lag = 0;
  std::lock_guard lock(board_->mu);
  for (const std::atomic<uint64_t>* position : board_->positions) {
    const uint64_t at = position->load();
    if (at < last) lag = std::max(lag, last - at);
  }
  return lag;
}

grpc::ServerWriteReactor<pb::LogEvent>* EventService::WatchEvents(
    grpc::CallbackServerContext* context,
    const pb::WatchEventsRequest* request) {
  const int open = open_streams_.fetch_add(1) + 1;
  auto* reactor =
      new WatchReactor(store_, hub_, *request, open_streams_, board_);
  grpc::Status refused;
  auto first = store_.FirstGlobalSequence();
  const uint64_t last = hub_.last_seq();
  // Events carry no personal data. Auditors and principals for every
  // agency watch everything; others watch their own agency's events.
  auto caller = access_.Require(
      *context, {engine::Role::kAuditor, engine::Role::kDesk,
                 engine::Role::kAgencyOfficer, engine::Role::kStatistician});
  if (!caller.ok()) {
    refused = ToGrpcStatus(caller.error());
  } else if (!engine::CoversEveryAgency(**caller) &&
             (request->agency_code().empty() ||
              !engine::CoversAgency(**caller, request->agency_code(),
                                    *catalogue_.Snapshot()))) {
    refused = grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        "agency_code: principal " + (*caller)->id +
            " watches only the events of its own agencies; name one");
  } else if (open > max_streams_) {
    refused = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                           "too many event streams are open (" +
                               std::to_string(max_streams_) +
                               " at most); close one or retry later");
  } else if (!request->dossier_code().empty() &&
             (request->dossier_code().size() > 64 ||
              !engine::IsWellFormedUtf8(request->dossier_code()))) {
    refused = ToGrpcStatus(
        engine::InvalidArgument("dossier_code: not a dossier code"));
  } else if (!request->agency_code().empty() &&
             !engine::ParseAgencyCode(request->agency_code(), "agency_code")
                  .ok()) {
    refused = ToGrpcStatus(
        engine::ParseAgencyCode(request->agency_code(), "agency_code").error());
  } else if (!first.ok()) {
    refused = ToGrpcStatus(first.error());
  } else if (request->after_seq() > last) {
    refused = grpc::Status(
        grpc::StatusCode::OUT_OF_RANGE,
        "after_seq: " + std::to_string(request->after_seq()) +
            " is ahead of the log (last event " + std::to_string(last) +
            "); was it from another server?");
  } else if (request->after_seq() != 0 && *first != 0 &&
             request->after_seq() + 1 < *first) {
    refused = grpc::Status(
        grpc::StatusCode::OUT_OF_RANGE,
        "after_seq: events after " + std::to_string(request->after_seq()) +
            " are past the retention window (oldest retained event " +
            std::to_string(*first) +
            "); resynchronise from ListDossiers, then watch from 0");
  }
  reactor->Start(refused);
  return reactor;
}

}  // namespace motcua::services

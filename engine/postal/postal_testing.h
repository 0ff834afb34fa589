// Test fixtures for the postal rules: a dossier walked through receipt,
// lifecycle commands and postal reports the way the sequencer does it.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/lifecycle/lifecycle_testing.h"
#include "engine/postal/decide_postal.h"

namespace motcua::engine::testing {

#define ASSERT_OK(expr)                                          \
  do {                                                           \
    ::motcua::engine::Status s_ = (expr);                        \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.error().message; \
  } while (0)

inline PostalRecorded Report(PostalEventKind kind, std::string event_id,
                             std::string tracking, Instant at) {
  PostalRecorded r;
  r.kind = kind;
  r.carrier = "vnpost";
  r.carrier_event_id = std::move(event_id);
  r.tracking_number = std::move(tracking);
  r.at = at;
  r.postal_worker = "Phạm Văn Bưu";
  switch (kind) {
    case PostalEventKind::kInboundPickup:
      r.documents = {{"Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, 0}};
      r.sealed = true;
      r.fees_vnd = 25000;
      break;
    case PostalEventKind::kInboundHandover:
      r.officer = "Lê Thị Hoa";
      r.record_number = "BB-0001";
      break;
    case PostalEventKind::kOutboundPickup:
      r.officer = "Lê Thị Hoa";
      r.record_number = "SBG-0042";
      break;
    case PostalEventKind::kDelivered:
      r.recipient_name = "Nguyễn Thị Ánh";
      r.recipient_id = "001190012345";
      break;
    case PostalEventKind::kDeliveryFailed:
      r.reason = "Không có người nhận";
      break;
    case PostalEventKind::kReturnedToSender:
      r.reason = "Hết thời hạn lưu";
      break;
  }
  return r;
}

// A dossier's log and state, advanced by receipt, lifecycle commands and
// postal reports. `now` of each step is one second after its event.
class PostalWalker {
 public:
  Status Receive(const ReceiveCommand& cmd) {
    auto e = engine::Receive(cmd, *cmd.received_at, 0,
                             {SampleCatalogue(), ShippedCalendars()});
    if (!e.ok()) return e.error();
    Add(*e);
    return {};
  }
  Status Do(const LifecycleCommand& cmd) {
    auto events = Decide(dossier_, cmd, *cmd.at + kMicrosPerSecond,
                         {ShippedCalendars(), &SampleCatalogue()});
    if (!events.ok()) return events.error();
    for (const DossierEvent& e : *events) Add(e);
    return {};
  }
  Result<PostalDecision> Post(const PostalRecorded& report,
                              std::optional<Instant> now = std::nullopt) {
    PostalCommand cmd{"postal-webhook", dossier_.code, report};
    auto r =
        DecidePostal(dossier_, cmd, now.value_or(report.at) + kMicrosPerSecond);
    if (r.ok()) {
      for (const DossierEvent& e : r->events) Add(e);
    }
    return r;
  }
  // Receipt of a dossier by post at H55.10 (judicial record, 10 working
  // days, result by post), processed and marked ready at `ready`.
  Status ReadyByPost(Instant handover, Instant ready) {
    auto sub = Submission("H55.10", "1.001234", Channel::kPostal, handover);
    sub.postal_tracking_number = "EB100000001VN";
    if (Status s = Receive(sub); !s.ok()) return s;
    return Process(handover, ready);
  }
  Status Process(Instant from, Instant ready) {
    auto transfer = Cmd(Transition::kTransfer, "H55.10", from);
    transfer.to_agency = "H55.10";
    if (Status s = Do(transfer); !s.ok()) return s;
    if (Status s = Do(Cmd(Transition::kStartProcessing, "H55.10", from));
        !s.ok()) {
      return s;
    }
    return Do(Cmd(Transition::kMarkResultReady, "H55.10", ready));
  }
  const Dossier& dossier() const { return dossier_; }
  const std::vector<DossierEvent>& log() const { return log_; }

 private:
  void Add(const DossierEvent& e) {
    Apply(dossier_, e);
    log_.push_back(e);
  }
  Dossier dossier_;
  std::vector<DossierEvent> log_;
};

}  // namespace motcua::engine::testing

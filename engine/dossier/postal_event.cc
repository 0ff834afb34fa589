#include "engine/dossier/postal_event.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace motcua::engine {
namespace {

constexpr std::string_view kKindNames[kPostalEventKindCount] = {
    "inbound_pickup", "inbound_handover", "outbound_pickup",
    "delivered",      "delivery_failed",  "returned_to_sender",
};

}  // namespace

std::string_view PostalEventKindName(PostalEventKind k) {
  const int i = static_cast<int>(k);
  if (i < 0 || i >= kPostalEventKindCount) {
    std::fprintf(stderr, "%s:%d: invariant violated: unknown PostalEventKind\n",
                 __FILE__, __LINE__);
    std::abort();
  }
  return kKindNames[i];
}

std::optional<PostalEventKind> ParsePostalEventKind(std::string_view name) {
  for (int i = 0; i < kPostalEventKindCount; ++i) {
    if (kKindNames[i] == name) return static_cast<PostalEventKind>(i);
  }
  return std::nullopt;
}

bool IsInbound(PostalEventKind k) {
  return k == PostalEventKind::kInboundPickup ||
         k == PostalEventKind::kInboundHandover;
}

std::string_view DeliveryStatusName(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kNone:
      return "none";
    case DeliveryStatus::kInTransit:
      return "in_transit";
    case DeliveryStatus::kAttemptFailed:
      return "attempt_failed";
    case DeliveryStatus::kDelivered:
      return "delivered";
    case DeliveryStatus::kReturnedToSender:
      return "returned_to_sender";
  }
  return "none";
}

const PostalRecorded* PostalRecord::Find(
    std::string_view carrier, std::string_view carrier_event_id) const {
  for (const PostalRecorded& l : legs) {
    if (l.carrier == carrier && l.carrier_event_id == carrier_event_id) {
      return &l;
    }
  }
  return nullptr;
}

const PostalRecorded* PostalRecord::First(PostalEventKind kind) const {
  for (const PostalRecorded& l : legs) {
    if (l.kind == kind) return &l;
  }
  return nullptr;
}

DeliveryStatus PostalRecord::delivery() const {
  DeliveryStatus s = DeliveryStatus::kNone;
  for (const PostalRecorded& l : legs) {
    switch (l.kind) {
      case PostalEventKind::kOutboundPickup:
        if (s == DeliveryStatus::kNone) s = DeliveryStatus::kInTransit;
        break;
      case PostalEventKind::kDeliveryFailed:
        s = DeliveryStatus::kAttemptFailed;
        break;
      case PostalEventKind::kDelivered:
        return DeliveryStatus::kDelivered;
      case PostalEventKind::kReturnedToSender:
        return DeliveryStatus::kReturnedToSender;
      default:
        break;
    }
  }
  return s;
}

void AddLeg(PostalRecord& record, const PostalRecorded& leg) {
  auto pos = std::upper_bound(
      record.legs.begin(), record.legs.end(), leg.at,
      [](Instant at, const PostalRecorded& l) { return at < l.at; });
  record.legs.insert(pos, leg);
  if (IsInbound(leg.kind)) {
    if (record.inbound_tracking_number.empty()) {
      record.inbound_tracking_number = leg.tracking_number;
    }
  } else if (leg.kind == PostalEventKind::kOutboundPickup) {
    record.outbound_tracking_number = leg.tracking_number;
  }
}

}  // namespace motcua::engine

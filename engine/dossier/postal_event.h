// Postal handover events (Decision 45/2016/QĐ-TTg) as part of a dossier's
// event log, and the postal record they build on the Dossier.
//
// A carrier (the public postal service) reports each leg: inbound pickup at
// the applicant, inbound handover to the desk, outbound pickup of the result
// at the desk, delivery to the applicant, failed delivery, return to sender.
// Each report is one PostalRecorded event, keyed by (carrier,
// carrier_event_id); the rules that accept it are in engine/postal.
//
// The postal record (Dossier::postal) keeps the accepted reports ordered by
// their event time `at` (not by arrival), so a late-arriving earlier report
// (an inbound pickup reported after the handover) takes its place in time.
// Two reports with the same `at` keep their arrival order.
//
// Postal events never change Dossier::last_event_at: that instant orders
// the lifecycle (Decide), and postal transit is outside the lifecycle and
// its clock (DOMAIN §4).
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/dossier/document.h"

namespace motcua::engine {

// Stored: append only.
enum class PostalEventKind : uint8_t {
  kInboundPickup = 0,     // the worker collected the dossier (dispatch slip)
  kInboundHandover = 1,   // the worker handed it to the desk (handover record)
  kOutboundPickup = 2,    // the worker collected the result (handover book)
  kDelivered = 3,         // the applicant received it (ID shown, signed)
  kDeliveryFailed = 4,    // an attempt failed (reason)
  kReturnedToSender = 5,  // the result went back to the desk (chuyển hoàn)
};
inline constexpr int kPostalEventKindCount = 6;
// "inbound_pickup", ...; stable, used in messages, JSON and the mapping file.
std::string_view PostalEventKindName(PostalEventKind k);
std::optional<PostalEventKind> ParsePostalEventKind(std::string_view name);
bool IsInbound(PostalEventKind k);

// One carrier report, as accepted. Fields that do not apply to the kind are
// empty (engine/postal/decide_postal.h says which are required).
struct PostalRecorded {
  PostalEventKind kind = PostalEventKind::kInboundPickup;
  std::string carrier;           // "vnpost": [a-z0-9-], the carrier's id
  std::string carrier_event_id;  // the carrier's id of this report
  std::string carrier_status;    // the carrier's own status code (audit)
  // The dispatch slip / tracking number the report is about: the inbound
  // number for inbound legs, the outbound number for the others.
  std::string tracking_number;
  Instant at = 0;  // when it happened (the carrier's clock), UTC
  std::string postal_worker;
  // Desk officer: who received the dossier (inbound handover) or handed the
  // result over (outbound pickup).
  std::string officer;
  // Handover record number (inbound handover) or handover book entry
  // (outbound pickup).
  std::string record_number;
  std::vector<Document> documents;  // inbound pickup: the dispatch slip list
  bool sealed = false;              // inbound pickup
  int64_t fees_vnd = 0;             // collected by the post, in đồng
  std::string recipient_name;       // delivered
  std::string recipient_id;         // delivered: identity document number
  std::string reason;               // delivery failed, returned to sender

  friend bool operator==(const PostalRecorded&,
                         const PostalRecorded&) = default;
};

// Where the result is on its way back.
enum class DeliveryStatus : uint8_t {
  kNone = 0,              // not handed to the post
  kInTransit = 1,         // picked up, no outcome yet
  kAttemptFailed = 2,     // the latest attempt failed
  kDelivered = 3,         // final
  kReturnedToSender = 4,  // final
};
std::string_view DeliveryStatusName(DeliveryStatus s);

struct PostalRecord {
  // Set by the receipt (ReceiptTerms::postal_tracking_number) or by the
  // first inbound report; by the outbound pickup.
  std::string inbound_tracking_number;
  std::string outbound_tracking_number;
  // Accepted reports ordered by `at` (see the file comment). The
  // (carrier, carrier_event_id) of every recorded report is here: a repeat
  // is found by scanning (a dossier has a handful of legs).
  std::vector<PostalRecorded> legs;

  bool empty() const {
    return inbound_tracking_number.empty() &&
           outbound_tracking_number.empty() && legs.empty();
  }
  // The recorded leg with that key, or null.
  const PostalRecorded* Find(std::string_view carrier,
                             std::string_view carrier_event_id) const;
  // The first leg of a kind (by event time), or null.
  const PostalRecorded* First(PostalEventKind kind) const;
  DeliveryStatus delivery() const;

  friend bool operator==(const PostalRecord&, const PostalRecord&) = default;
};

// Inserts `leg` after every leg with at <= leg.at and sets the tracking
// numbers it introduces (used by Apply).
void AddLeg(PostalRecord& record, const PostalRecorded& leg);

}  // namespace motcua::engine

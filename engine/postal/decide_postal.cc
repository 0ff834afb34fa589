#include "engine/postal/decide_postal.h"

#include <algorithm>

#include "engine/common/field_violations.h"
#include "engine/common/money.h"
#include "engine/common/text.h"
#include "engine/dossier/receipt.h"

namespace motcua::engine {
namespace {

using K = PostalEventKind;

bool IsCarrier(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsIdentityNumber(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

Status Text(std::string_view field, const std::string& v, size_t max,
            bool required) {
  return ValidateText(v, field, required ? 1 : 0, max);
}

std::string When(Instant t) { return FormatVietnamInstant(t); }

std::string Leg(const PostalRecorded& l) {
  return std::string(PostalEventKindName(l.kind)) + " at " + When(l.at) + " (" +
         l.carrier + " event " + l.carrier_event_id + ")";
}

// Only the fields the kind uses are kept.
PostalRecorded Normalised(const PostalRecorded& r) {
  PostalRecorded out;
  out.kind = r.kind;
  out.carrier = r.carrier;
  out.carrier_event_id = r.carrier_event_id;
  out.carrier_status = r.carrier_status;
  out.tracking_number = r.tracking_number;
  out.at = r.at;
  out.postal_worker = r.postal_worker;
  out.fees_vnd = r.fees_vnd;
  switch (r.kind) {
    case K::kInboundPickup:
      out.documents = r.documents;
      out.sealed = r.sealed;
      break;
    case K::kInboundHandover:
    case K::kOutboundPickup:
      out.officer = r.officer;
      out.record_number = r.record_number;
      break;
    case K::kDelivered:
      out.recipient_name = r.recipient_name;
      out.recipient_id = r.recipient_id;
      break;
    case K::kDeliveryFailed:
    case K::kReturnedToSender:
      out.reason = r.reason;
      break;
  }
  return out;
}

class PostalDecider {
 public:
  PostalDecider(const Dossier& d, const PostalCommand& cmd, Instant now)
      : d_(d),
        r_(cmd.report),
        cmd_(cmd),
        now_(now),
        subject_("cannot record " + std::string(PostalEventKindName(r_.kind)) +
                 " for dossier " + d.code) {}

  Result<PostalDecision> Run() {
    if (d_.version == 0) {
      return NotFound("cannot record " +
                      std::string(PostalEventKindName(r_.kind)) +
                      ": no dossier " + cmd_.dossier_code);
    }
    PostalDecision out;
    if (d_.postal.Find(r_.carrier, r_.carrier_event_id) != nullptr) {
      out.duplicate = true;
      return out;
    }
    if (!d_.terms) {
      return Fail(
          "it was received without procedure terms and can only be "
          "read");
    }
    if (Status s = CheckTracking(); !s.ok()) return s.error();
    if (Status s = CheckTimeline(); !s.ok()) return s.error();
    const PostalRecorded body = Normalised(r_);
    out.events.push_back(
        DossierEvent{d_.version + 1, now_, cmd_.client_id, body});
    if (r_.kind == K::kOutboundPickup &&
        (d_.state == DossierState::kResultReady ||
         d_.state == DossierState::kRefused)) {
      DossierTransitioned t;
      t.transition = Transition::kReturnResult;
      t.from = d_.state;
      t.to = DossierState::kReturned;
      t.officer = r_.officer;
      t.agency_code = d_.agency_code;
      t.at = r_.at;
      t.to_officer = r_.postal_worker;
      t.return_channel = Channel::kPostal;
      out.events.push_back(
          DossierEvent{d_.version + 2, now_, cmd_.client_id, std::move(t)});
    }
    return out;
  }

 private:
  Error Fail(const std::string& why) const {
    return FailedPrecondition(subject_ + ": " + why);
  }
  std::string StateText() const {
    return std::string(DossierStateName(d_.state)) + " (national status " +
           std::to_string(NationalStatus(d_.state)) + ")";
  }

  Status CheckTracking() {
    const PostalRecord& p = d_.postal;
    if (IsInbound(r_.kind)) {
      if (!d_.terms->dossier_by_post) {
        return Fail("it was received " + std::string(ChannelName(d_.channel)) +
                    ", not by post; inbound postal reports apply only to "
                    "dossiers received by post");
      }
      if (!p.inbound_tracking_number.empty() &&
          p.inbound_tracking_number != r_.tracking_number) {
        return Fail("it came by post with dispatch slip " +
                    p.inbound_tracking_number + ", not " + r_.tracking_number);
      }
      return {};
    }
    if (r_.kind == K::kOutboundPickup) {
      if (d_.terms->result_channel != Channel::kPostal) {
        return Fail("its result goes back " +
                    std::string(ChannelName(d_.terms->result_channel)) +
                    ", not by post");
      }
      if (const PostalRecorded* prev = p.First(K::kOutboundPickup)) {
        return Fail("the result was already picked up: " + Leg(*prev));
      }
      const bool at_desk = d_.state == DossierState::kResultReady ||
                           d_.state == DossierState::kRefused;
      const bool returned_by_post = d_.state == DossierState::kReturned &&
                                    d_.returned_by == Channel::kPostal;
      if (!at_desk && !returned_by_post) {
        return Fail("it is " + StateText() +
                    "; the post collects a result only when it is "
                    "result_ready or refused (or returned by post)");
      }
      return {};
    }
    if (p.outbound_tracking_number.empty()) {
      return Fail(
          "no outbound pickup of its result is recorded; the pickup "
          "must be reported first");
    }
    if (p.outbound_tracking_number != r_.tracking_number) {
      return Fail("its result travels under " + p.outbound_tracking_number +
                  ", not " + r_.tracking_number);
    }
    return {};
  }

  // The legs with this report inserted by time must make a lawful journey.
  Status CheckTimeline() {
    const PostalRecord& p = d_.postal;
    if (const PostalRecorded* prev = p.First(r_.kind);
        prev != nullptr && r_.kind != K::kDeliveryFailed) {
      return Fail("it already has " + Leg(*prev) +
                  "; a leg of this kind is "
                  "recorded once");
    }
    switch (r_.kind) {
      case K::kInboundPickup: {
        const PostalRecorded* h = p.First(K::kInboundHandover);
        const Instant limit = h != nullptr ? h->at : d_.received_at;
        if (r_.at > limit) {
          return Fail("the pickup at " + When(r_.at) +
                      " is after the handover to the desk at " + When(limit));
        }
        return {};
      }
      case K::kInboundHandover: {
        if (VietnamDateOf(r_.at) != VietnamDateOf(d_.received_at)) {
          return Fail("the handover at " + When(r_.at) +
                      " is not on the date of the receipt, " +
                      When(d_.received_at) +
                      "; the handover record and the receipt slip are "
                      "signed at one sitting");
        }
        if (const PostalRecorded* pk = p.First(K::kInboundPickup);
            pk != nullptr && pk->at > r_.at) {
          return Fail("the handover at " + When(r_.at) +
                      " is before the pickup " + Leg(*pk));
        }
        return {};
      }
      case K::kOutboundPickup: {
        if (d_.completed_at && r_.at < *d_.completed_at) {
          return Fail("the pickup at " + When(r_.at) +
                      " is before the result was ready at " +
                      When(*d_.completed_at));
        }
        if (d_.state != DossierState::kReturned && r_.at < d_.last_event_at) {
          return Fail("the pickup at " + When(r_.at) +
                      " is before the dossier's latest event at " +
                      When(d_.last_event_at));
        }
        return {};
      }
      case K::kDelivered:
      case K::kDeliveryFailed:
      case K::kReturnedToSender:
        return CheckOutcome();
    }
    return {};
  }

  Status CheckOutcome() {
    const PostalRecord& p = d_.postal;
    const PostalRecorded* pickup = p.First(K::kOutboundPickup);
    if (r_.at < pickup->at) {
      return Fail("the report at " + When(r_.at) + " is before the pickup " +
                  Leg(*pickup));
    }
    const PostalRecorded* delivered = p.First(K::kDelivered);
    const PostalRecorded* returned = p.First(K::kReturnedToSender);
    const PostalRecorded* final_leg =
        delivered != nullptr ? delivered : returned;
    switch (r_.kind) {
      case K::kDeliveryFailed:
        if (final_leg != nullptr && final_leg->at < r_.at) {
          return Fail("a failed attempt at " + When(r_.at) + " cannot follow " +
                      Leg(*final_leg));
        }
        return {};
      case K::kDelivered:
        if (returned != nullptr) {
          return Fail("the result was already " + Leg(*returned));
        }
        for (const PostalRecorded& l : p.legs) {
          if (l.kind == K::kDeliveryFailed && l.at > r_.at) {
            return Fail("a delivery at " + When(r_.at) +
                        " cannot precede the failed attempt " + Leg(l));
          }
        }
        return {};
      case K::kReturnedToSender: {
        if (delivered != nullptr) {
          return Fail("the result was already " + Leg(*delivered));
        }
        bool failed_before = false;
        for (const PostalRecorded& l : p.legs) {
          if (l.kind != K::kDeliveryFailed) continue;
          if (l.at > r_.at) {
            return Fail("a return at " + When(r_.at) +
                        " cannot precede the failed attempt " + Leg(l));
          }
          failed_before = true;
        }
        if (!failed_before) {
          return Fail("no failed delivery is recorded before the return at " +
                      When(r_.at) + "; report the failed attempts first");
        }
        return {};
      }
      default:
        return {};
    }
  }

  const Dossier& d_;
  const PostalRecorded& r_;
  const PostalCommand& cmd_;
  const Instant now_;
  const std::string subject_;
};

}  // namespace

Status ValidatePostalCommand(const PostalCommand& cmd, Instant now) {
  FieldViolations v;
  CheckPostalCommand(cmd, now, v);
  return v.ToStatus();
}

void CheckPostalCommand(const PostalCommand& cmd, Instant now,
                        FieldViolations& v) {
  const PostalRecorded& r = cmd.report;
  if (!IsToken(cmd.client_id, 64)) {
    v.Add("client_id", "required, 1..64 characters of [A-Za-z0-9._:-]");
  }
  if (static_cast<int>(r.kind) >= kPostalEventKindCount) {
    v.Add("kind", "unknown postal event kind");
    return;
  }
  if (!IsCarrier(r.carrier)) {
    v.Add("carrier", "required, 1..32 characters of [a-z0-9-]");
  }
  if (!IsToken(r.carrier_event_id, 128)) {
    v.Add("carrier_event_id", "required, 1..128 characters of [A-Za-z0-9._:-]");
  }
  if (!IsTrackingNumber(r.tracking_number)) {
    v.Add("tracking_number", "required, 1..64 characters of [A-Za-z0-9-]");
  }
  v.Add(Text("carrier_status", r.carrier_status, 64, false));
  if (r.at > now + kMaxClockSkew) {
    v.Add("at",
          When(r.at) + " is in the future (server time " + When(now) + ")");
  } else if (r.at < kEarliestReceipt) {
    v.Add("at", "required, an instant after 2000-01-01");
  }
  const bool worker_required =
      r.kind != K::kDeliveryFailed && r.kind != K::kReturnedToSender;
  v.Add(Text("postal_worker", r.postal_worker, 200, worker_required));
  v.Add(ValidateAmountVnd(r.fees_vnd, "fees_vnd", 0));
  switch (r.kind) {
    case K::kInboundPickup:
      if (r.documents.empty() || r.documents.size() > kMaxDocuments) {
        v.Add("documents", "the dispatch slip lists 1.." +
                               std::to_string(kMaxDocuments) + " documents");
        break;
      }
      for (size_t i = 0; i < r.documents.size(); ++i) {
        const Document& d = r.documents[i];
        const std::string f = "documents[" + std::to_string(i) + "]";
        v.Add(Text(f + ".name", d.name, 500, true));
        if (d.originals + d.copies == 0 ||
            d.originals > kMaxCopiesPerDocument ||
            d.copies > kMaxCopiesPerDocument) {
          v.Add(f, "1.." + std::to_string(kMaxCopiesPerDocument) +
                       " originals and copies");
        }
      }
      break;
    case K::kInboundHandover:
      v.Add(Text("officer", r.officer, 200, true));
      v.Add(Text("record_number", r.record_number, 64, true));
      break;
    case K::kOutboundPickup:
      v.Add(Text("officer", r.officer, 200, false));
      v.Add(Text("record_number", r.record_number, 64, true));
      break;
    case K::kDelivered:
      v.Add(Text("recipient_name", r.recipient_name, 200, true));
      if (!IsIdentityNumber(r.recipient_id)) {
        v.Add("recipient_id",
              "required, the identity document number shown, 1..20 "
              "characters of [A-Z0-9]");
      }
      break;
    case K::kDeliveryFailed:
      v.Add(Text("reason", r.reason, 2000, true));
      break;
    case K::kReturnedToSender:
      v.Add(Text("reason", r.reason, 2000, false));
      break;
  }
}

Result<PostalDecision> DecidePostal(const Dossier& dossier,
                                    const PostalCommand& cmd, Instant now) {
  if (Status s = ValidatePostalCommand(cmd, now); !s.ok()) return s.error();
  return PostalDecider(dossier, cmd, now).Run();
}

std::vector<std::string> TrackingNumbersIntroduced(
    const std::vector<DossierEvent>& events) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) {
      out.push_back(n);
    }
  };
  for (const DossierEvent& e : events) {
    if (const auto* r = std::get_if<DossierReceived>(&e.body)) {
      if (r->terms) add(r->terms->postal_tracking_number);
    } else if (const auto* p = std::get_if<PostalRecorded>(&e.body)) {
      if (IsInbound(p->kind) || p->kind == K::kOutboundPickup) {
        add(p->tracking_number);
      }
    }
  }
  return out;
}

}  // namespace motcua::engine

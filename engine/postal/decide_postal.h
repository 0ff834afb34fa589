// DecidePostal: a carrier's report of a postal leg (Decision 45/2016/QĐ-TTg,
// DOMAIN §6) against a dossier's state -> the events to append, a replay,
// or why nothing happens.
//
// The sequencer's write path, as for lifecycle commands (decide.h):
//   code = cmd.dossier_code, else index[cmd.report.tracking_number]
//                                        (unknown: NotFound, nothing stored)
//   auto r = DecidePostal(dossier, cmd, now);
//   if (!r.ok()) reply(r.error());                  // nothing stored
//   if (r->duplicate) reply(replay, dossier);       // nothing stored
//   Apply each event; batch: events + state + index entries for
//   TrackingNumbersIntroduced(events) (same batch), commit, then reply.
//
// Tying tracking numbers to dossiers. A carrier knows only its numbers:
//  - inbound: the dispatch slip number, entered by the desk at receipt
//    (ReceiveCommand::postal_tracking_number), or introduced by the first
//    inbound report that names the dossier by code;
//  - outbound: introduced by the outbound pickup, which carries its new
//    number and names the dossier (dossier_code, read from the result's
//    handover book entry), or reuses the inbound number.
// A number belongs to one dossier; the index keeper refuses (AlreadyExists)
// a number already tied to another dossier.
//
// The clock (DOMAIN §4). A dossier by post is RECEIVED at the inbound
// handover: the desk's SubmitDossier with channel postal is the handover,
// its received_at the instant the desk got the complete dossier from the
// postal worker, and the budget counts from there (engine/lifecycle/
// admission.h; nothing here moves the clock). So a pickup on Friday 16:00
// handed over on Monday 09:00 counts from Monday. Postal reports never
// suspend, start or move the clock. The result is classified (early / on
// time / late) when it is ready (mark_result_ready), and the outbound
// pickup takes the return_result transition at the pickup instant: the
// desk's part ends when the post collects the result, so a result handed to
// the post on its appointment date is on time, and a delivery three days
// later changes nothing but the postal record.
//
// Checks, in order (the first failure is returned):
//  1. InvalidArgument, naming the field: carrier, carrier_event_id,
//     tracking_number, at (more than kMaxClockSkew ahead of now, or before
//     2000), and the fields the kind requires:
//       inbound_pickup     postal_worker, documents (>= 1), fees_vnd >= 0
//       inbound_handover   postal_worker, officer (receiving), record_number
//       outbound_pickup    postal_worker, record_number (handover book)
//       delivered          postal_worker, recipient_name, recipient_id
//       delivery_failed    reason
//       returned_to_sender (nothing more)
//     Fields a kind does not use are dropped, not stored.
//  2. NotFound: the dossier does not exist (version 0).
//  3. Duplicate: (carrier, carrier_event_id) already recorded -> a replay,
//     no events, whatever the report says now (the first report wins).
//  4. FailedPrecondition, naming the dossier, its state and the rule:
//     no terms; inbound report for a dossier not received by post; a
//     tracking number other than the dossier's; a second report of a
//     once-only leg (inbound pickup, inbound handover, outbound pickup,
//     delivery, return); an inbound pickup after the handover (or after the
//     receipt); an inbound handover not on the receipt's date (the handover
//     record and the receipt slip are signed at one sitting); an outbound
//     pickup when the result does not go by post, before the result is
//     ready, or after it was returned another way; delivery, failure or
//     return before the outbound pickup, a failure or delivery after the
//     final outcome, a delivery after the return, a return to sender with
//     no failed delivery before it.
//
// Order. Reports are placed by their event time (PostalRecord keeps legs
// ordered by `at`); a late report of an earlier leg is accepted when the
// timeline it makes obeys the rules above: an inbound pickup reported after
// the handover, a failed attempt reported after the later delivery.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/field_violations.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

struct PostalCommand {
  // The calling system (DossierEvent::actor): "postal-webhook", a gRPC
  // client id.
  std::string client_id;
  // Optional: the dossier, when the carrier knows it. Required in practice
  // for an outbound pickup (its tracking number is new); otherwise the
  // caller resolves report.tracking_number through its index.
  std::string dossier_code;
  PostalRecorded report;
};

struct PostalDecision {
  // True: this (carrier, carrier_event_id) is already recorded; `events` is
  // empty and the caller answers with the dossier as it is.
  bool duplicate = false;
  // The PostalRecorded event, then (outbound pickup of a result still at the
  // desk) the return_result DossierTransitioned. Versions dossier.version+1..
  std::vector<DossierEvent> events;
};

// Step 1 alone (field rules), for callers that validate before resolving
// the dossier (the webhook answers 400 before any lookup).
Status ValidatePostalCommand(const PostalCommand& cmd, Instant now);
// The same, collecting every bad field (engine/common/field_violations.h);
// the report's fields are named without a prefix ("carrier").
void CheckPostalCommand(const PostalCommand& cmd, Instant now,
                        FieldViolations& v);

Result<PostalDecision> DecidePostal(const Dossier& dossier,
                                    const PostalCommand& cmd, Instant now);

// The tracking numbers `events` tie to their dossier (the receipt's postal
// tracking number, an inbound report's first number, an outbound pickup's
// number), each once, in order. The index (tracking number -> dossier code)
// is written in the same batch as the events.
std::vector<std::string> TrackingNumbersIntroduced(
    const std::vector<DossierEvent>& events);

}  // namespace motcua::engine

// DecideRating: a citizen's rating of her dossier -> the event to append, or
// why nothing happens (DOMAIN.md §7, Decision 766/QĐ-TTg; the scale and what
// counts as unsatisfied are in engine/dossier/citizen_rating.h).
//
// The caller (the lookup service) has already checked the dossier code and
// the lookup secret; the sequencer then, as for Decide:
//   auto events = DecideRating(d, rating, complaint, comment, now);
//   if (!events.ok()) reply(events.error());   // nothing stored
//   for (auto& e : *events) Apply(d, e);       // one DossierRated event
//
// Checks, in order (the first failure is returned):
//  1. InvalidArgument, the message starting with the field ("rating: ...",
//     "comment: ..."): `rating` outside 1..4; `comment` not
//     well-formed UTF-8, holding a control character other than a line break
//     or tab, or longer than 500 code points.
//  2. FailedPrecondition, naming the dossier: it is not returned (state
//     kReturned) — "it can be rated once its result is returned"; it was
//     already rated ("it was already rated on 2026-03-10").
// The event: version d.version + 1, recorded_at = at = `now`, actor
// "citizen", the comment as given (not trimmed).
//
// Ambiguous cases, answered:
//  - A dossier refused after appraisal and whose refusal notice was handed
//    back is returned too: it can be rated (the citizen was served, badly or
//    not). Withdrawn, stopped and refused-at-receipt dossiers never reach
//    kReturned and cannot be rated.
//  - No time limit after the return: the portal keeps the survey open; the
//    report counts the rating in whichever period the dossier was resolved.
//  - A complaint with a "satisfied" level is accepted as given; it counts
//    as unsatisfied (CountsAsUnsatisfied).
//  - Once means once: no correction. A second request, even identical, is
//    FailedPrecondition (a retried RPC whose first attempt succeeded gets
//    that answer; the rating stands).
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

// DossierEvent::actor of a rating.
inline constexpr std::string_view kRatingActor = "citizen";

// The citizen's request, as the sequencer runs it and digests it for
// idempotency (engine/idempotency/fingerprint.h); the lookup secret was
// checked before and is not part of it.
struct RatingCommand {
  std::string dossier_code;
  int rating = 0;
  bool complaint = false;
  std::string comment;
};

Result<std::vector<DossierEvent>> DecideRating(const Dossier& d, int rating,
                                               bool complaint,
                                               std::string comment,
                                               Instant now);

}  // namespace motcua::engine

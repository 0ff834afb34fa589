// The transition table: the single source of truth for how a dossier moves.
//
// Every accepted command is one row: from one of `from` to `to`, taken by
// the agency `actor` names, with its effect on the deadline clock and on the
// steps, and the form it produces. Decide (decide.h) checks the row and
// computes the event; Apply (engine/dossier) only records it. Tests walk
// every (state, transition) pair against this table.
//
// clang-format off
//   transition             from                       to                    actor      clock    steps
//   accept_online          submitted_online           received              receiving  start    -           form receipt slip
//   refuse_at_receipt      submitted_online           refused_at_receipt    receiving  -        -           reason, form refusal
//   transfer               received                   transferred           receiving  -        open 1st    form control sheet
//   start_processing       transferred                in_processing         holder     -        -
//   forward                in_processing              transferred           holder     -        close, open next  form control sheet
//   request_supplement     in_processing              supplement_requested  holder     suspend  -           reason, form supplement
//   receive_supplement     supplement_requested       in_processing         rcv|holder resume   -
//   require_payment        in_processing              payment_required      holder     suspend  -           reason
//   confirm_payment        payment_required           in_processing         rcv|holder resume   -
//   refuse_after_appraisal in_processing              refused               holder     -        close       reason, form refusal
//   mark_result_ready      in_processing              result_ready          holder     -        close last  form control sheet
//   return_result          result_ready, refused      returned              receiving  -        -           form tracking book
//   request_withdrawal     received, transferred, in_processing, supplement_requested, payment_required
//                                                     withdrawal_requested  rcv|holder -        -
//   withdraw               withdrawal_requested       withdrawn             rcv|holder -        -
//   stop                   transferred, in_processing, supplement_requested, payment_required
//                                                     stopped               holder     -        -           reason, form stop
//   apologize              in_processing              in_processing         at fault   reappoint -          reason, form apology
// clang-format on
//
// "receiving" is the agency that received the dossier (its code's agency,
// the one-stop desk); "holder" is the agency holding it now (after a
// transfer or forward; the receiving agency again once the result or the
// refusal is ready). Result ready and refusal hand the dossier back to the
// receiving agency for return. "at fault" is the holder, the lead agency or
// an agency whose own step is late; an untimely apology re-appoints nothing
// (engine/lifecycle/decide.h, "Apologies").
//
// Thread safety: immutable static data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/dossier/dossier.h"
#include "engine/lifecycle/regime.h"

namespace motcua::engine {

enum class ActorRule : uint8_t {
  kReceivingAgency,
  kHolder,
  kReceivingOrHolder,
  // Apologies: the holder, the lead agency, or an agency whose own step is
  // late (decide.h, "Apologies").
  kAtFault,
};

enum class ClockEffect : uint8_t {
  kNone,
  kStart,
  kSuspend,
  kResume,
  kReappoint
};

enum class StepEffect : uint8_t {
  kNone,
  kOpenFirst,         // transfer: step 1 starts
  kCloseAndOpenNext,  // forward: the current step ends, the next starts
  kClose,             // refusal: the current step ends
  kCloseLast,         // result ready: the current step must be the last
};

struct TransitionRule {
  Transition transition;
  std::string_view
      verb;            // "request a supplement for": "cannot <verb> dossier X"
  uint32_t from_mask;  // bit (1 << state) per allowed from-state
  DossierState to;
  ActorRule actor;
  ClockEffect clock;
  StepEffect steps;
  bool reason_required;
  std::optional<FormKind> form;

  bool AllowedFrom(DossierState s) const {
    return (from_mask >> static_cast<int>(s)) & 1u;
  }
};

// All rows, in Transition order (row i is Transition i).
std::span<const TransitionRule> TransitionTable();
const TransitionRule& RuleFor(Transition t);

// "received, transferred or in_processing".
std::string FromStatesText(const TransitionRule& rule);

}  // namespace motcua::engine

// The transition table: the single source of truth for how a dossier moves.
//
// Every accepted command is one row: from one of `from` to `to`, taken by
// the agency `actor` names, with its effect on the deadline clock and on the
// steps, and the form it produces. Decide (decide.h) checks the row and
// computes the event; Apply (engine/dossier) only records it. Tests walk
// every (state, transition) pair against this table.
//
// The rows are in transition_table.cc, one line each, in a table
// (kTable). In short: accept_online and refuse_at_receipt from
// submitted_online; transfer from received (opens step 1); start_processing;
// forward (closes the step, opens the next); request_supplement and
// require_payment suspend the clock, receive_supplement and confirm_payment
// resume it; refuse_after_appraisal and mark_result_ready close the step
// and hand the dossier back; return_result ends at returned;
// request_withdrawal, withdraw and stop end early; apologize re-appoints.
// The tests check every event Decide produces against its row's clock,
// steps and form columns (transition_table_test.cc).
//
// Actors: "receiving" is the agency that received the dossier (its code's
// agency, the one-stop desk); "holder" is the agency holding it now (after a
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

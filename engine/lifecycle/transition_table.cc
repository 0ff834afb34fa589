#include "engine/lifecycle/transition_table.h"

namespace motcua::engine {
namespace {

using S = DossierState;
using T = Transition;
using A = ActorRule;
using C = ClockEffect;
using P = StepEffect;

constexpr uint32_t Bit(S s) { return 1u << static_cast<int>(s); }

constexpr uint32_t kOpenBeforeResult =
    Bit(S::kReceived) | Bit(S::kTransferred) | Bit(S::kInProcessing) |
    Bit(S::kSupplementRequested) | Bit(S::kPaymentRequired);
constexpr uint32_t kStoppable = Bit(S::kTransferred) | Bit(S::kInProcessing) |
                                Bit(S::kSupplementRequested) |
                                Bit(S::kPaymentRequired);

// The table. Columns: transition, verb ("cannot <verb> dossier X"), from
// states, to state, actor, clock effect, step effect, reason required, form.
// clang-format off
constexpr TransitionRule kTable[kTransitionCount] = {
//  transition               verb                                from                                   to                       actor                   clock         steps                 reason  form
  {T::kAcceptOnline,         "accept the online submission of",  Bit(S::kSubmittedOnline),              S::kReceived,            A::kReceivingAgency,    C::kStart,    P::kNone,             false,  FormKind::kReceiptSlip},
  {T::kRefuseAtReceipt,      "refuse the online submission of",  Bit(S::kSubmittedOnline),              S::kRefusedAtReceipt,    A::kReceivingAgency,    C::kNone,     P::kNone,             true,   FormKind::kRefusal},
  {T::kTransfer,             "transfer",                         Bit(S::kReceived),                     S::kTransferred,         A::kReceivingAgency,    C::kNone,     P::kOpenFirst,        false,  FormKind::kControlSheet},
  {T::kStartProcessing,      "start processing",                 Bit(S::kTransferred),                  S::kInProcessing,        A::kHolder,             C::kNone,     P::kNone,             false,  std::nullopt},
  {T::kForward,              "forward",                          Bit(S::kInProcessing),                 S::kTransferred,         A::kHolder,             C::kNone,     P::kCloseAndOpenNext, false,  FormKind::kControlSheet},
  {T::kRequestSupplement,    "request a supplement for",         Bit(S::kInProcessing),                 S::kSupplementRequested, A::kHolder,             C::kSuspend,  P::kNone,             true,   FormKind::kSupplementRequest},
  {T::kReceiveSupplement,    "receive the supplement for",       Bit(S::kSupplementRequested),          S::kInProcessing,        A::kReceivingOrHolder,  C::kResume,   P::kNone,             false,  std::nullopt},
  {T::kRequirePayment,       "require a payment for",            Bit(S::kInProcessing),                 S::kPaymentRequired,     A::kHolder,             C::kSuspend,  P::kNone,             true,   std::nullopt},
  {T::kConfirmPayment,       "confirm the payment for",          Bit(S::kPaymentRequired),              S::kInProcessing,        A::kReceivingOrHolder,  C::kResume,   P::kNone,             false,  std::nullopt},
  {T::kRefuseAfterAppraisal, "refuse after appraisal",           Bit(S::kInProcessing),                 S::kRefused,             A::kHolder,             C::kNone,     P::kClose,            true,   FormKind::kRefusal},
  {T::kMarkResultReady,      "mark the result ready for",        Bit(S::kInProcessing),                 S::kResultReady,         A::kHolder,             C::kNone,     P::kCloseLast,        false,  FormKind::kControlSheet},
  {T::kReturnResult,         "return the result of",             Bit(S::kResultReady) | Bit(S::kRefused), S::kReturned,          A::kReceivingAgency,    C::kNone,     P::kNone,             false,  FormKind::kTrackingBook},
  {T::kRequestWithdrawal,    "request withdrawal of",            kOpenBeforeResult,                     S::kWithdrawalRequested, A::kReceivingOrHolder,  C::kNone,     P::kNone,             false,  std::nullopt},
  {T::kWithdraw,             "withdraw",                         Bit(S::kWithdrawalRequested),          S::kWithdrawn,           A::kReceivingOrHolder,  C::kNone,     P::kNone,             false,  std::nullopt},
  {T::kStop,                 "stop processing",                  kStoppable,                            S::kStopped,             A::kHolder,             C::kNone,     P::kNone,             true,   FormKind::kStopNotice},
  {T::kApologize,            "apologise and re-appoint",         Bit(S::kInProcessing),                 S::kInProcessing,        A::kAtFault,            C::kReappoint, P::kNone,            true,   FormKind::kApology},
};
// clang-format on

}  // namespace

std::span<const TransitionRule> TransitionTable() { return kTable; }

const TransitionRule& RuleFor(Transition t) {
  return kTable[static_cast<int>(t)];
}

std::string FromStatesText(const TransitionRule& rule) {
  std::string out;
  int n = 0;
  for (int i = 0; i < kDossierStateCount; ++i) {
    if (rule.AllowedFrom(static_cast<DossierState>(i))) ++n;
  }
  int k = 0;
  for (int i = 0; i < kDossierStateCount; ++i) {
    const auto s = static_cast<DossierState>(i);
    if (!rule.AllowedFrom(s)) continue;
    ++k;
    if (k > 1) out += k == n ? " or " : ", ";
    out += DossierStateName(s);
  }
  return out;
}

}  // namespace motcua::engine

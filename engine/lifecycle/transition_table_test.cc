#include "engine/lifecycle/transition_table.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "engine/lifecycle/forms.h"
#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::Submission;
using testing::Walker;
using S = DossierState;
using T = Transition;

constexpr const char* kDesk = "H55.41";
// Single-agency: marriage registration, 5 working days, direct and online.
constexpr const char* kSingle = "1.001022";
// Inter-agency: birth + residence + health insurance (lead, police, BHXH).
constexpr const char* kInterAgency = "1.011997";

// Drives a fresh dossier into `target` along the shortest path; each command
// five minutes after the previous one, from Mon 2026-01-05 08:00.
class Builder {
 public:
  explicit Builder(const char* procedure) : procedure_(procedure) {}

  Walker Build(S target) {
    Walker w;
    const bool online =
        target == S::kSubmittedOnline || target == S::kRefusedAtReceipt;
    EXPECT_TRUE(
        w.Receive(Submission(kDesk, procedure_,
                             online ? Channel::kOnline : Channel::kDirect,
                             Next()))
            .ok());
    auto step = [&](T t, const std::string& /*agency*/,
                    std::string reason = "") {
      const std::string agency = RuleFor(t).actor == ActorRule::kReceivingAgency
                                     ? w.dossier().agency_code
                                     : w.dossier().holder_agency;
      auto c = Cmd(t, agency, Next(), std::move(reason));
      if (t == T::kTransfer) c.to_agency = kDesk;
      Status s = w.Do(c);
      EXPECT_TRUE(s.ok()) << TransitionName(t) << ": " << s.error().message;
    };
    switch (target) {
      case S::kSubmittedOnline:
      case S::kReceived:
        break;
      case S::kRefusedAtReceipt:
        step(T::kRefuseAtReceipt, kDesk, "Ngoài thẩm quyền");
        break;
      case S::kWithdrawalRequested:
      case S::kWithdrawn:
        step(T::kRequestWithdrawal, kDesk);
        if (target == S::kWithdrawn) step(T::kWithdraw, kDesk);
        break;
      default:
        step(T::kTransfer, kDesk);
        if (target == S::kTransferred) break;
        step(T::kStartProcessing, kDesk);
        if (target == S::kSupplementRequested) {
          step(T::kRequestSupplement, kDesk, "Thiếu giấy tờ");
        } else if (target == S::kPaymentRequired) {
          auto c = Cmd(T::kRequirePayment, w.dossier().holder_agency, Next(),
                       "Lệ phí");
          c.amount_vnd = 50000;
          EXPECT_TRUE(w.Do(c).ok());
        } else if (target == S::kStopped) {
          step(T::kStop, kDesk, "Dừng theo yêu cầu");
        } else if (target == S::kRefused) {
          step(T::kRefuseAfterAppraisal, kDesk, "Không đủ điều kiện");
        } else if (target == S::kResultReady || target == S::kReturned) {
          while (w.dossier().steps.size() < w.dossier().terms->steps.size()) {
            step(T::kForward, kDesk);
            step(T::kStartProcessing, kDesk);
          }
          step(T::kMarkResultReady, kDesk);
          if (target == S::kReturned) step(T::kReturnResult, kDesk);
        }
    }
    EXPECT_EQ(w.dossier().state, target);
    return w;
  }

  Instant Next() {
    t_ += 5 * kMicrosPerMinute;
    return t_;
  }

 private:
  const char* procedure_;
  Instant t_ = At(2026, 1, 5, 8, 0);
};

// A command for `t` that satisfies every rule except, possibly, the state.
LifecycleCommand GoodCommand(const TransitionRule& rule, const Dossier& d,
                             Instant at) {
  const std::string agency = rule.actor == ActorRule::kReceivingAgency
                                 ? d.agency_code
                                 : d.holder_agency;
  auto c =
      Cmd(rule.transition, agency, at, rule.reason_required ? "Lý do" : "");
  if (rule.transition == T::kTransfer) c.to_agency = kDesk;
  if (rule.transition == T::kRequirePayment) c.amount_vnd = 30000;
  if (rule.transition == T::kApologize) {
    c.new_appointment = d.appointment + 3 * kMicrosPerDay;
  }
  return c;
}

TEST(TransitionTableTest, RowsAreInTransitionOrderAndMapToNationalStatus) {
  ASSERT_EQ(TransitionTable().size(), static_cast<size_t>(kTransitionCount));
  for (int i = 0; i < kTransitionCount; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(static_cast<int>(TransitionTable()[i].transition), i);
    EXPECT_NE(TransitionTable()[i].from_mask, 0u);
  }
  const std::map<S, int> national = {
      {S::kSubmittedOnline, 1},  {S::kReceived, 2},
      {S::kRefusedAtReceipt, 3}, {S::kTransferred, 4},
      {S::kInProcessing, 4},     {S::kSupplementRequested, 5},
      {S::kPaymentRequired, 6},  {S::kWithdrawalRequested, 7},
      {S::kWithdrawn, 7},        {S::kStopped, 8},
      {S::kRefused, 9},          {S::kResultReady, 9},
      {S::kReturned, 10}};
  ASSERT_EQ(national.size(), static_cast<size_t>(kDossierStateCount));
  for (const auto& [state, status] : national) {
    SCOPED_TRACE(DossierStateName(state));
    EXPECT_EQ(NationalStatus(state), status);
    // Terminal states have no way out; the others have one.
    bool has_exit = false;
    for (const TransitionRule& r : TransitionTable()) {
      has_exit = has_exit || (r.AllowedFrom(state) && r.to != state);
    }
    EXPECT_EQ(has_exit, !IsTerminal(state));
  }
}

// The event of a row taken, against the row's clock, steps and form
// columns: the columns are what Decide does, not commentary.
void ExpectEventFollowsRow(const TransitionRule& rule,
                           const std::vector<DossierEvent>& log,
                           const Dossier& after) {
  const auto& e = std::get<DossierTransitioned>(log.back().body);
  switch (rule.clock) {
    case ClockEffect::kNone:
      EXPECT_FALSE(e.clock.has_value());
      break;
    case ClockEffect::kStart:
      EXPECT_FALSE(e.clock.has_value());
      EXPECT_TRUE(e.appointment.has_value());  // the clock starts now
      break;
    case ClockEffect::kSuspend:
      ASSERT_TRUE(e.clock.has_value());
      EXPECT_EQ(e.clock->kind, ClockEventKind::kSuspend);
      break;
    case ClockEffect::kResume:
      ASSERT_TRUE(e.clock.has_value());
      EXPECT_EQ(e.clock->kind, ClockEventKind::kResume);
      break;
    case ClockEffect::kReappoint:
      ASSERT_TRUE(e.clock.has_value());
      EXPECT_EQ(e.clock->kind, ClockEventKind::kReappoint);
      break;
  }
  switch (rule.steps) {
    case StepEffect::kNone:
      EXPECT_FALSE(e.step_closed.has_value());
      EXPECT_FALSE(e.step_opened.has_value());
      break;
    case StepEffect::kOpenFirst:
      EXPECT_FALSE(e.step_closed.has_value());
      ASSERT_TRUE(e.step_opened.has_value());
      EXPECT_EQ(e.step_opened->index, 0u);
      break;
    case StepEffect::kCloseAndOpenNext:
      ASSERT_TRUE(e.step_closed.has_value());
      ASSERT_TRUE(e.step_opened.has_value());
      EXPECT_EQ(e.step_opened->index, e.step_closed->index + 1);
      break;
    case StepEffect::kClose:
      EXPECT_TRUE(e.step_closed.has_value());
      EXPECT_FALSE(e.step_opened.has_value());
      break;
    case StepEffect::kCloseLast:
      ASSERT_TRUE(e.step_closed.has_value());
      EXPECT_FALSE(e.step_opened.has_value());
      ASSERT_TRUE(after.terms.has_value());
      EXPECT_EQ(e.step_closed->index + 1, after.terms->steps.size());
      break;
  }
  if (!rule.form) return;
  switch (*rule.form) {
    case FormKind::kReceiptSlip:
      EXPECT_TRUE(BuildReceiptSlip(log).ok());
      break;
    case FormKind::kSupplementRequest: {
      auto forms = BuildSupplementRequests(log);
      ASSERT_TRUE(forms.ok()) << forms.error().message;
      EXPECT_FALSE(forms->empty());
      break;
    }
    case FormKind::kRefusal:
      EXPECT_TRUE(BuildRefusal(log).ok());
      break;
    case FormKind::kApology: {
      auto forms = BuildApologies(log);
      ASSERT_TRUE(forms.ok()) << forms.error().message;
      EXPECT_FALSE(forms->empty());
      break;
    }
    case FormKind::kStopNotice:
      EXPECT_TRUE(BuildStopNotice(log).ok());
      break;
    case FormKind::kControlSheet:
      EXPECT_TRUE(BuildControlSheet(log).ok());
      break;
    case FormKind::kTrackingBook:
      EXPECT_TRUE(BuildTrackingBookEntry(log).ok());
      break;
  }
}

// Every (state, transition) pair: allowed exactly when the table says so,
// landing in the row's target; refused with FailedPrecondition naming the
// state and the allowed states otherwise.
TEST(TransitionTableTest, WalksEveryPairAllowedAndRefused) {
  int allowed = 0, refused = 0;
  for (const TransitionRule& rule : TransitionTable()) {
    for (int si = 0; si < kDossierStateCount; ++si) {
      const S state = static_cast<S>(si);
      SCOPED_TRACE(std::string(TransitionName(rule.transition)) + " from " +
                   std::string(DossierStateName(state)));
      Builder b(rule.transition == T::kForward ? kInterAgency : kSingle);
      Walker w = b.Build(state);
      const LifecycleCommand c = GoodCommand(rule, w.dossier(), b.Next());
      Status s = w.Do(c);
      if (rule.AllowedFrom(state)) {
        ++allowed;
        ASSERT_TRUE(s.ok()) << s.error().message;
        EXPECT_EQ(w.dossier().state, rule.to);
        const auto& e = std::get<DossierTransitioned>(w.log().back().body);
        EXPECT_EQ(e.from, state);
        EXPECT_EQ(e.to, rule.to);
        EXPECT_EQ(e.officer, "Trần Văn Bình");
        EXPECT_EQ(e.agency_code, c.agency_code);
        ExpectEventFollowsRow(rule, w.log(), w.dossier());
      } else {
        ++refused;
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
        EXPECT_NE(s.error().message.find(
                      "it is " + std::string(DossierStateName(state)) +
                      " (national status " +
                      std::to_string(NationalStatus(state)) + ")"),
                  std::string::npos)
            << s.error().message;
        EXPECT_NE(s.error().message.find(FromStatesText(rule)),
                  std::string::npos);
      }
    }
  }
  EXPECT_EQ(allowed + refused, kTransitionCount * kDossierStateCount);
  EXPECT_EQ(allowed, 24);  // the from-states of kTable's rows
}

// Every row refuses an agency its actor rule excludes, and a missing reason
// where one is required.
TEST(TransitionTableTest, ActorAndReasonRulesOfEveryRow) {
  for (const TransitionRule& rule : TransitionTable()) {
    SCOPED_TRACE(TransitionName(rule.transition));
    S from = S::kReceived;
    for (int si = 0; si < kDossierStateCount; ++si) {
      if (rule.AllowedFrom(static_cast<S>(si))) {
        from = static_cast<S>(si);
        break;
      }
    }
    Builder b(rule.transition == T::kForward ? kInterAgency : kSingle);
    Walker w = b.Build(from);
    LifecycleCommand other = GoodCommand(rule, w.dossier(), b.Next());
    other.agency_code = "H55.17";
    Status s = w.Do(other);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(s.error().message.find("may, not H55.17"), std::string::npos)
        << s.error().message;
    if (rule.reason_required) {
      LifecycleCommand no_reason = GoodCommand(rule, w.dossier(), b.Next());
      no_reason.reason.clear();
      Status r = w.Do(no_reason);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(r.error().message.rfind("reason: required", 0), 0u);
    }
  }
}

}  // namespace
}  // namespace motcua::engine

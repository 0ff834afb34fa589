#include "engine/lifecycle/decide.h"

#include <algorithm>

#include "engine/common/field_violations.h"
#include "engine/common/money.h"
#include "engine/common/text.h"
#include "engine/deadline/deadline_clock.h"
#include "engine/dossier/identifiers.h"
#include "engine/dossier/receipt.h"
#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/regime.h"
#include "engine/lifecycle/transition_table.h"

namespace motcua::engine {
namespace {

std::string Count(int n) {
  switch (n) {
    case 0:
      return "none";
    case 1:
      return "one";
    case 2:
      return "two";
    default:
      return std::to_string(n);
  }
}

std::string StateText(DossierState s) {
  return std::string(DossierStateName(s)) + " (national status " +
         std::to_string(NationalStatus(s)) + ")";
}

std::string StepText(const Dossier& d, size_t i) {
  return "step " + std::to_string(i + 1) + " of " +
         std::to_string(d.terms->steps.size()) + " (" + d.terms->steps[i].role +
         ")";
}

// Everything Decide needs while building one event.
class Decision {
 public:
  Decision(const Dossier& d, const LifecycleCommand& cmd, Instant now,
           const DecideContext& ctx)
      : d_(d),
        cmd_(cmd),
        now_(now),
        ctx_(ctx),
        rule_(RuleFor(cmd.transition)),
        subject_("cannot " + std::string(rule_.verb) + " dossier " + d.code) {}

  Result<std::vector<DossierEvent>> Run() {
    if (Status s = CheckCommand(); !s.ok()) return s.error();
    if (Status s = CheckState(); !s.ok()) return s.error();
    auto cal = ctx_.calendars.Get(d_.terms->calendar);
    if (!cal.ok()) {
      return FailedPrecondition(subject_ + ": its calendar \"" +
                                d_.terms->calendar +
                                "\" is not configured: " + cal.error().message);
    }
    cal_ = cal->get();
    e_.transition = cmd_.transition;
    e_.from = d_.state;
    e_.to = rule_.to;
    e_.officer = cmd_.officer;
    e_.agency_code = cmd_.agency_code;
    e_.at = at_;
    e_.reason = cmd_.reason;
    e_.documents = cmd_.documents;
    e_.amount_vnd = cmd_.amount_vnd;
    e_.calendar_version = cal_->version();
    if (Status s = Specific(); !s.ok()) return s.error();
    std::vector<DossierEvent> out;
    out.push_back(DossierEvent{d_.version + 1, now_, cmd_.client_id, e_});
    return out;
  }

 private:
  Status CheckCommand() {
    if (cmd_.expected_version && *cmd_.expected_version != d_.version) {
      return Error{ErrorCode::kAborted,
                   subject_ + ": it is at version " +
                       std::to_string(d_.version) + ", the command expected " +
                       std::to_string(*cmd_.expected_version) +
                       "; read it again and retry"};
    }
    FieldViolations v;
    CheckLifecycleCommand(cmd_, v);
    at_ = cmd_.at.value_or(now_);
    if (at_ > now_ + kMaxClockSkew) {
      v.Add("at", FormatVietnamInstant(at_) +
                      " is in the future (server time " +
                      FormatVietnamInstant(now_) + ")");
    } else if (at_ < d_.last_event_at) {
      v.Add("at", FormatVietnamInstant(at_) +
                      " is before the dossier's latest event at " +
                      FormatVietnamInstant(d_.last_event_at));
    }
    return v.ToStatus();
  }

  Status CheckState() {
    if (d_.version == 0) return NotFound(subject_ + ": no such dossier");
    if (!d_.terms) {
      return FailedPrecondition(
          subject_ +
          ": it was received without procedure terms (before the "
          "catalogue existed) and can only be read");
    }
    if (!rule_.AllowedFrom(d_.state)) {
      return FailedPrecondition(subject_ + ": it is " + StateText(d_.state) +
                                "; allowed only when it is " +
                                FromStatesText(rule_));
    }
    const bool receiving = cmd_.agency_code == d_.agency_code;
    const bool holder = cmd_.agency_code == d_.holder_agency;
    switch (rule_.actor) {
      case ActorRule::kReceivingAgency:
        if (!receiving) {
          return FailedPrecondition(subject_ + ": only the receiving agency " +
                                    d_.agency_code + " may, not " +
                                    cmd_.agency_code);
        }
        break;
      case ActorRule::kHolder:
        if (!holder) {
          return FailedPrecondition(
              subject_ + ": it is held by " + d_.holder_agency +
              "; only the holding agency may, not " + cmd_.agency_code);
        }
        break;
      case ActorRule::kReceivingOrHolder:
        if (!receiving && !holder) {
          return FailedPrecondition(subject_ + ": only the receiving agency " +
                                    d_.agency_code + " or the holding agency " +
                                    d_.holder_agency + " may, not " +
                                    cmd_.agency_code);
        }
        break;
      case ActorRule::kAtFault:
        break;  // needs the calendar: Apologize checks it
    }
    return {};
  }

  // The agency that takes step `i` (0-based) of the plan.
  Result<std::string> Target(size_t i) {
    const PlannedStep& step = d_.terms->steps[i];
    std::string to = cmd_.to_agency;
    if (!step.agency_code.empty()) {
      if (!to.empty() && to != step.agency_code) {
        return FailedPrecondition(subject_ + ": " + StepText(d_, i) +
                                  " is performed by " + step.agency_code +
                                  ", not " + to);
      }
      to = step.agency_code;
    } else if (to.empty()) {
      return InvalidArgument("to_agency: required; " + StepText(d_, i) +
                             " of procedure " + d_.procedure_code +
                             " names no agency");
    }
    if (auto f = ParseAgencyCode(to, "to_agency"); !f.ok()) return f.error();
    if (ctx_.catalogue != nullptr) {
      auto a = ctx_.catalogue->FindAgency(to, VietnamDateOf(at_));
      if (!a.ok()) {
        return Error{a.error().code, "to_agency: " + a.error().message};
      }
    }
    return to;
  }

  Status OpenStep(size_t i) {
    auto to = Target(i);
    if (!to.ok()) return to.error();
    auto deadline = NewStepDeadline(d_, *cal_, at_);
    if (!deadline.ok()) return deadline.error();
    e_.to_agency = *to;
    e_.to_officer = cmd_.to_officer;
    e_.step_opened = StepOpened{static_cast<uint32_t>(i), *to, at_, *deadline};
    return {};
  }

  // A transfer is the handover from the desk to whoever processes
  // (Decree 61/2018 Art. 19; the control sheet records from and to). When
  // the receiving agency processes the dossier itself, the handover is
  // between people, so the officer who takes it must be named and be
  // someone else; without that nothing changes hands.
  Status CheckHandover() {
    if (e_.to_agency != d_.agency_code) return {};
    if (cmd_.to_officer.empty() || cmd_.to_officer == cmd_.officer) {
      return FailedPrecondition(
          subject_ + ": it would go to its own receiving agency " +
          d_.agency_code +
          ", which is no handover; name the officer of that agency who "
          "processes it (to_officer, not the desk officer)");
    }
    return {};
  }

  Status CloseStep() {
    const size_t i = d_.steps.size() - 1;
    auto r = ReadStep(d_, i, *cal_, at_);
    if (!r.ok()) return r.error();
    e_.step_closed = StepClosed{static_cast<uint32_t>(i), at_, r->completion};
    return {};
  }

  Status Classify() {
    auto clock = DossierClock(d_, *cal_);
    if (!clock.ok()) return clock.error();
    auto c = clock->Classify(*cal_, at_);
    if (!c.ok()) return c.error();
    e_.result = c->against_appointment;
    e_.result_against_original = c->against_original;
    e_.to_agency = d_.agency_code;  // back to the desk for return
    return {};
  }

  Status Suspend(SuspensionReason reason) {
    auto clock = DossierClock(d_, *cal_);
    if (!clock.ok()) return clock.error();
    if (Status s = clock->Suspend(*cal_, at_, reason); !s.ok()) return s;
    e_.clock = ClockMark{ClockEventKind::kSuspend, at_, reason, 0};
    return {};
  }

  Status Resume() {
    auto clock = DossierClock(d_, *cal_);
    if (!clock.ok()) return clock.error();
    if (Status s = clock->Resume(*cal_, at_); !s.ok()) return s;
    e_.clock =
        ClockMark{ClockEventKind::kResume, at_, SuspensionReason::kOther, 0};
    e_.appointment = clock->appointment();
    if (!d_.steps.empty()) {
      Dossier resumed = d_;
      resumed.clock.push_back(*e_.clock);
      auto r = ReadStep(resumed, resumed.steps.size() - 1, *cal_, at_);
      if (!r.ok()) return r.error();
      e_.step_deadline = r->deadline;
    }
    return {};
  }

  // Whether `agency`'s own step is late at at_: closed late, or open past
  // its deadline's date (step clocks ignore re-appointments, so an apology
  // never excuses the step).
  Result<bool> StepLate(std::string_view agency) {
    for (size_t i = 0; i < d_.steps.size(); ++i) {
      const StepRecord& s = d_.steps[i];
      if (s.agency_code != agency) continue;
      if (s.ended_at) {
        if (s.result == Timeliness::kLate) return true;
        continue;
      }
      auto r = ReadStep(d_, i, *cal_, at_);
      if (!r.ok()) return r.error();
      if (VietnamDateOf(at_) > VietnamDateOf(r->deadline)) return true;
    }
    return false;
  }

  // Who may apologise, and for whom (decide.h, "Apologies").
  Status CheckApologist() {
    const std::string& acting = cmd_.agency_code;
    const std::string_view lead = LeadAgency(d_);
    const std::string& named = cmd_.responsible_agency;
    if (!named.empty() && named != acting) {
      if (acting != lead) {
        return FailedPrecondition(
            subject_ + ": only the lead agency " + std::string(lead) +
            " may name another agency (" + named +
            ") as responsible for the delay, not " + acting);
      }
      const bool took_part = named == d_.holder_agency ||
                             std::any_of(d_.steps.begin(), d_.steps.end(),
                                         [&](const StepRecord& s) {
                                           return s.agency_code == named;
                                         });
      if (!took_part) {
        return FailedPrecondition(subject_ + ": " + named +
                                  " took no step of it and cannot be named "
                                  "as responsible for the delay");
      }
      if (ctx_.catalogue != nullptr) {
        auto a = ctx_.catalogue->FindAgency(named, VietnamDateOf(at_));
        if (!a.ok()) {
          return Error{a.error().code,
                       "responsible_agency: " + a.error().message};
        }
      }
      return {};
    }
    if (acting == d_.holder_agency || acting == lead) return {};
    auto late = StepLate(acting);
    if (!late.ok()) return late.error();
    if (*late) return {};
    return FailedPrecondition(
        subject_ + ": it is held by " + d_.holder_agency + " and led by " +
        std::string(lead) +
        "; only they or an agency whose own step is late may, not " + acting);
  }

  Status Apologize(const Regime& regime) {
    if (Status s = CheckApologist(); !s.ok()) return s;
    const int used = static_cast<int>(d_.reappointments.size());
    if (used >= regime.max_reappointments) {
      return FailedPrecondition(
          subject_ + ": it was already re-appointed on " +
          FormatDate(VietnamDateOf(d_.reappointments.back())) +
          " and the regime " + std::string(regime.name) + " allows " +
          Count(regime.max_reappointments));
    }
    if (!cmd_.new_appointment) {
      return InvalidArgument("new_appointment: required to apologise");
    }
    const CivilDate today = VietnamDateOf(at_);
    const CivilDate due = VietnamDateOf(d_.appointment);
    auto lead = cal_->WorkingDaysAfter(today, due);
    if (!lead.ok()) return lead.error();
    e_.responsible_agency = cmd_.responsible_agency.empty()
                                ? cmd_.agency_code
                                : cmd_.responsible_agency;
    e_.new_appointment = *cmd_.new_appointment;
    e_.untimely = *lead < regime.apology_lead_working_days;
    if (e_.untimely) {
      // The letter is owed anyway; the date it gives is no lawful
      // re-appointment, so the clock keeps the appointment in force.
      if (*cmd_.new_appointment <= at_ ||
          *cmd_.new_appointment <= d_.appointment) {
        return InvalidArgument(
            "new_appointment: must be later than now and than the "
            "appointment in force (" +
            FormatVietnamInstant(d_.appointment) + "), got " +
            FormatVietnamInstant(*cmd_.new_appointment));
      }
      return {};
    }
    auto clock = DossierClock(d_, *cal_);
    if (!clock.ok()) return clock.error();
    if (Status s = clock->Reappoint(*cal_, at_, *cmd_.new_appointment);
        !s.ok()) {
      return Error{s.error().code, "new_appointment: " + s.error().message};
    }
    e_.clock = ClockMark{ClockEventKind::kReappoint, at_,
                         SuspensionReason::kOther, *cmd_.new_appointment};
    e_.appointment = *cmd_.new_appointment;
    return {};
  }

  Status Specific() {
    const Regime& regime = GetRegime(d_.terms->regime);
    const size_t planned = d_.terms->steps.size();
    switch (cmd_.transition) {
      case Transition::kAcceptOnline: {
        auto deadline =
            ComputeDeadline(*cal_, at_, d_.terms->budget, d_.terms->counting);
        if (!deadline.ok()) return deadline.error();
        e_.appointment = deadline->appointment;
        // It counts as received now, so the regime is the acceptance
        // date's (regime.h).
        const RegimeId now_in_force = RegimeFor(VietnamDateOf(at_)).id;
        if (now_in_force != d_.terms->regime) e_.regime = now_in_force;
        return {};
      }
      case Transition::kTransfer:
        if (Status s = OpenStep(0); !s.ok()) return s;
        return CheckHandover();
      case Transition::kStartProcessing:
        e_.to_agency = d_.holder_agency;
        e_.to_officer = cmd_.officer;
        return {};
      case Transition::kForward: {
        const size_t next = d_.steps.size();
        if (next >= planned) {
          return FailedPrecondition(
              subject_ + ": it is at " + StepText(d_, next - 1) +
              ", the last planned step of procedure " + d_.procedure_code +
              "; mark the result ready or refuse instead");
        }
        if (Status s = CloseStep(); !s.ok()) return s;
        return OpenStep(next);
      }
      case Transition::kRequestSupplement: {
        const int used = static_cast<int>(d_.supplement_requests.size());
        if (used >= regime.max_supplement_requests) {
          return FailedPrecondition(
              subject_ + ": a supplement was already requested on " +
              FormatDate(VietnamDateOf(d_.supplement_requests.back())) +
              " and the regime " + std::string(regime.name) + " allows " +
              Count(regime.max_supplement_requests));
        }
        return Suspend(SuspensionReason::kSupplement);
      }
      case Transition::kRequirePayment:
        if (cmd_.amount_vnd <= 0) {
          return InvalidArgument("amount_vnd: required, a positive amount");
        }
        return Suspend(SuspensionReason::kPayment);
      case Transition::kReceiveSupplement:
        return Resume();
      case Transition::kConfirmPayment:
        e_.paid_online = cmd_.paid_online;
        return Resume();
      case Transition::kMarkResultReady:
        if (d_.steps.size() < planned) {
          return FailedPrecondition(
              subject_ + ": it is at " + StepText(d_, d_.steps.size() - 1) +
              "; the result is ready only after the last planned step");
        }
        e_.electronic_result = cmd_.electronic_result;
        [[fallthrough]];
      case Transition::kRefuseAfterAppraisal:
        if (Status s = CloseStep(); !s.ok()) return s;
        return Classify();
      case Transition::kReturnResult:
        e_.return_channel =
            cmd_.return_channel.value_or(d_.terms->result_channel);
        return {};
      case Transition::kApologize:
        return Apologize(regime);
      case Transition::kRefuseAtReceipt:
      case Transition::kRequestWithdrawal:
      case Transition::kWithdraw:
      case Transition::kStop:
        return {};
    }
    return Internal("unknown transition");
  }

  const Dossier& d_;
  const LifecycleCommand& cmd_;
  const Instant now_;
  const DecideContext& ctx_;
  const TransitionRule& rule_;
  const std::string subject_;
  Instant at_ = 0;
  const WorkingCalendar* cal_ = nullptr;
  DossierTransitioned e_;
};

}  // namespace

void CheckLifecycleCommand(const LifecycleCommand& cmd, FieldViolations& v) {
  if (!IsToken(cmd.client_id, 64)) {
    v.Add("client_id", "required, 1..64 characters of [A-Za-z0-9._:-]");
  }
  v.Add(ValidateText(cmd.officer, "officer", 1, 200));
  v.Add(ParseAgencyCode(cmd.agency_code, "agency_code"));
  // The same limits as a submission, for every action (issue 10 fault 4).
  if (!cmd.to_agency.empty())
    v.Add(ParseAgencyCode(cmd.to_agency, "to_agency"));
  v.Add(ValidateText(cmd.to_officer, "to_officer", 0, 200));
  if (!cmd.responsible_agency.empty()) {
    v.Add(ParseAgencyCode(cmd.responsible_agency, "responsible_agency"));
  }
  CheckDocuments(cmd.documents, false, v);
  v.Add(ValidateAmountVnd(cmd.amount_vnd, "amount_vnd", 0));
  if (v.Add(ValidateText(cmd.reason, "reason", 0, 2000)) &&
      static_cast<int>(cmd.transition) < kTransitionCount) {
    const TransitionRule& rule = RuleFor(cmd.transition);
    if (rule.reason_required &&
        !ValidateText(cmd.reason, "reason", 1, 2000).ok()) {
      v.Add("reason", "required to " + std::string(rule.verb) + " a dossier");
    }
  }
}

Result<std::vector<DossierEvent>> Decide(const Dossier& dossier,
                                         const LifecycleCommand& cmd,
                                         Instant now,
                                         const DecideContext& ctx) {
  if (static_cast<int>(cmd.transition) >= kTransitionCount) {
    return InvalidArgument("transition: unknown");
  }
  return Decision(dossier, cmd, now, ctx).Run();
}

}  // namespace motcua::engine

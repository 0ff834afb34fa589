#include "engine/dossier/dossier.h"

#include <cstdio>
#include <cstdlib>

#include "engine/dossier/dossier_codec.h"
#include "engine/dossier/personal_data.h"

namespace motcua::engine {
namespace {

[[noreturn]] void Die(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
  std::abort();
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
// Clang before 17 does not deduce aggregate template arguments (P1816).
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

struct StateInfo {
  std::string_view name;
  int national;
  bool terminal;
};

constexpr StateInfo kStates[kDossierStateCount] = {
    {"received", 2, false},          {"submitted_online", 1, false},
    {"refused_at_receipt", 3, true}, {"transferred", 4, false},
    {"in_processing", 4, false},     {"supplement_requested", 5, false},
    {"payment_required", 6, false},  {"withdrawal_requested", 7, false},
    {"withdrawn", 7, true},          {"stopped", 8, true},
    {"refused", 9, false},           {"result_ready", 9, false},
    {"returned", 10, true},
};

const StateInfo& Info(DossierState s) {
  const int i = static_cast<int>(s);
  if (i < 0 || i >= kDossierStateCount) {
    Die("unknown DossierState", __FILE__, __LINE__);
  }
  return kStates[i];
}

constexpr std::string_view kTransitionNames[kTransitionCount] = {
    "accept_online",
    "refuse_at_receipt",
    "transfer",
    "start_processing",
    "forward",
    "request_supplement",
    "receive_supplement",
    "require_payment",
    "confirm_payment",
    "refuse_after_appraisal",
    "mark_result_ready",
    "return_result",
    "request_withdrawal",
    "withdraw",
    "stop",
    "apologize",
};

void ApplyReceived(Dossier& dossier, const DossierEvent& event,
                   const DossierReceived& e) {
  if (dossier.version != 0) {
    Die("DossierReceived on an existing dossier", __FILE__, __LINE__);
  }
  dossier.code = e.code;
  dossier.agency_code = e.agency_code;
  dossier.procedure_code = e.procedure_code;
  dossier.applicant = e.applicant;
  dossier.channel = e.channel;
  dossier.documents = e.documents;
  dossier.received_at = e.received_at;
  dossier.sequence = e.sequence;
  dossier.state = DossierState::kReceived;
  dossier.submitted_by = event.actor;
  dossier.recorded_at = event.recorded_at;
  dossier.terms = e.terms;
  dossier.digitized = e.digitized;
  dossier.last_event_at = e.received_at;
  dossier.holder_agency = e.agency_code;
  if (e.terms) {
    dossier.postal.inbound_tracking_number = e.terms->postal_tracking_number;
    if (e.terms->awaiting_check) {
      dossier.state = DossierState::kSubmittedOnline;
    } else {
      dossier.appointment = e.terms->appointment;
      dossier.original_appointment = e.terms->appointment;
    }
  }
}

void ApplyTransitioned(Dossier& d, const DossierTransitioned& e) {
  if (d.version == 0 || e.from != d.state) {
    Die("transition from a state the dossier is not in", __FILE__, __LINE__);
  }
  d.state = e.to;
  d.last_event_at = e.at;
  if (!e.to_agency.empty()) {
    d.holder_agency = e.to_agency;
    d.holder_officer = e.to_officer;
  }
  if (e.transition == Transition::kAcceptOnline && d.terms) {
    d.terms->clock_start = e.at;
    d.terms->awaiting_check = false;
    d.original_appointment = e.appointment.value_or(0);
    if (e.regime) d.terms->regime = *e.regime;
  }
  if (e.step_closed) {
    if (e.step_closed->index >= d.steps.size()) {
      Die("closing a step that never started", __FILE__, __LINE__);
    }
    StepRecord& s = d.steps[e.step_closed->index];
    s.ended_at = e.step_closed->at;
    s.result = e.step_closed->result;
  }
  if (e.step_opened) {
    if (e.step_opened->index != d.steps.size()) {
      Die("steps must open in order", __FILE__, __LINE__);
    }
    d.steps.push_back(
        StepRecord{e.step_opened->index, e.step_opened->agency_code,
                   e.step_opened->at, e.step_opened->deadline,
                   e.step_opened->deadline, std::nullopt, std::nullopt});
  }
  if (e.clock) d.clock.push_back(*e.clock);
  if (e.appointment) d.appointment = *e.appointment;
  if (e.step_deadline && !d.steps.empty()) {
    d.steps.back().deadline = *e.step_deadline;
  }
  switch (e.transition) {
    case Transition::kRequestSupplement:
      d.supplement_requests.push_back(e.at);
      break;
    case Transition::kApologize:
      d.reappointments.push_back(e.at);
      if (e.untimely) d.untimely_apologies.push_back(e.at);
      break;
    case Transition::kConfirmPayment:
      (e.paid_online ? d.paid_online : d.paid_otherwise) = true;
      break;
    case Transition::kMarkResultReady:
    case Transition::kRefuseAfterAppraisal:
      d.completed_at = e.at;
      d.result = e.result;
      d.result_against_original = e.result_against_original;
      d.electronic_result = e.electronic_result;
      break;
    case Transition::kReturnResult:
      d.returned_at = e.at;
      d.returned_by = e.return_channel;
      break;
    default:
      break;
  }
}

}  // namespace

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kDirect:
      return "direct";
    case Channel::kPostal:
      return "postal";
    case Channel::kOnline:
      return "online";
  }
  Die("unknown Channel", __FILE__, __LINE__);
}

int NationalStatus(DossierState state) { return Info(state).national; }
std::string_view DossierStateName(DossierState state) {
  return Info(state).name;
}
bool IsTerminal(DossierState state) { return Info(state).terminal; }

std::string_view TransitionName(Transition t) {
  const int i = static_cast<int>(t);
  if (i < 0 || i >= kTransitionCount) {
    Die("unknown Transition", __FILE__, __LINE__);
  }
  return kTransitionNames[i];
}

void Apply(Dossier& dossier, const DossierEvent& event) {
  if (event.version != dossier.version + 1) {
    Die("event applied out of order", __FILE__, __LINE__);
  }
  std::visit(
      Overloaded{
          [&](const DossierReceived& e) { ApplyReceived(dossier, event, e); },
          [&](const DossierTransitioned& e) { ApplyTransitioned(dossier, e); },
          [&](const PostalRecorded& e) {
            if (dossier.version == 0) {
              Die("postal event before the receipt", __FILE__, __LINE__);
            }
            AddLeg(dossier.postal, e);
          },
          [&](const DeadlineNoticed& e) {
            if (dossier.version == 0) {
              Die("deadline notice before the receipt", __FILE__, __LINE__);
            }
            dossier.notices.push_back(DeadlineNotice{
                e.kind, e.step, e.deadline, e.noticed_at, e.agency_code});
          },
          [&](const DossierRated& e) {
            if (dossier.version == 0 || dossier.rating) {
              Die("a rating before the receipt or a second rating", __FILE__,
                  __LINE__);
            }
            dossier.rating = e;
          },
          [&](const AppointmentMoved& e) {
            if (dossier.version == 0) {
              Die("an appointment move before the receipt", __FILE__, __LINE__);
            }
            dossier.appointment = e.after;
          },
          [&](const PortalSynced& e) {
            if (dossier.version == 0 ||
                e.synced_version <= dossier.portal_synced_version ||
                e.synced_version > dossier.version) {
              Die("a portal sync before the receipt, of an older version or "
                  "of a version not yet written",
                  __FILE__, __LINE__);
            }
            dossier.portal_synced_version = e.synced_version;
            dossier.portal_synced_at = e.at;
            if (!e.portal_reference.empty()) {
              dossier.portal_reference = e.portal_reference;
            }
          },
          [&](const PersonalDataPurged&) {
            if (dossier.version == 0 || dossier.personal_data_purged_at) {
              Die("a purge before the receipt or a second purge", __FILE__,
                  __LINE__);
            }
            ScrubPersonalData(dossier);
            dossier.personal_data_purged_at = event.recorded_at;
          }},
      event.body);
  dossier.version = event.version;
}

void AccountHistory(Dossier& dossier, std::span<const DossierEvent> events) {
  for (const DossierEvent& e : events) {
    dossier.history_bytes += EncodeEvent(e).size();
  }
}

Result<uint64_t> CheckDossierRoom(const Dossier& dossier,
                                  const std::vector<DossierEvent>& events) {
  uint64_t count = dossier.version;
  uint64_t added = 0;
  bool only_notices = true;
  for (const DossierEvent& e : events) {
    added += EncodeEvent(e).size();
    if (std::holds_alternative<DeadlineNoticed>(e.body)) continue;
    only_notices = false;
    ++count;
  }
  if (only_notices) return added;
  if (count > kMaxDossierEvents) {
    return FailedPrecondition(
        "dossier " + dossier.code + " has " + std::to_string(dossier.version) +
        " events, the most one dossier may hold is " +
        std::to_string(kMaxDossierEvents) +
        "; nothing more can be recorded on it (ask the operator)");
  }
  if (dossier.history_bytes + added > kMaxDossierHistoryBytes) {
    return FailedPrecondition(
        "dossier " + dossier.code + " holds " +
        std::to_string(dossier.history_bytes / 1024) +
        " KiB of history and this request would take it past " +
        std::to_string(kMaxDossierHistoryBytes / 1024) +
        " KiB; shorten the request (fewer or shorter documents, a shorter "
        "reason)");
  }
  return added;
}

Dossier Fold(const std::vector<DossierEvent>& events) {
  Dossier d;
  for (const DossierEvent& e : events) Apply(d, e);
  return d;
}

std::string_view LeadAgency(const Dossier& d) {
  if (d.terms && !d.terms->steps.empty() &&
      !d.terms->steps.front().agency_code.empty()) {
    return d.terms->steps.front().agency_code;
  }
  if (!d.steps.empty() && !d.steps.front().agency_code.empty()) {
    return d.steps.front().agency_code;
  }
  return d.agency_code;
}

}  // namespace motcua::engine

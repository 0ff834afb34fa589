// Decide: a lifecycle command against a dossier's state -> the events to
// append, or why nothing happens.
//
// The sequencer's write path for every command after receipt:
//   Dossier d = store.FindDossier(code)            (or Fold(store.ListEvents))
//   auto events = Decide(d, cmd, now, {calendars, &catalogue});
//   if (!events.ok()) reply(events.error());        // nothing stored
//   for (auto& e : *events) Apply(d, e);            // versions d.version+1..
//   batch: events + d (+ idempotency record)        // commit, then reply
// Decide is pure: same state, command, `now` and calendars, same events.
//
// Checks, in order (the first failure is returned):
//  1. Aborted: cmd.expected_version set and != the dossier's version.
//  2. InvalidArgument: officer, agency_code (format), at (more than
//     kMaxClockSkew ahead of now, or before the dossier's latest event),
//     a missing reason where the row requires one, missing fields of the
//     transition (to_agency, new_appointment, amount).
//  3. FailedPrecondition, naming the dossier, its state and the rule:
//     no terms (received by the receipt-only engine); the state is not a
//     from-state of the row (transition_table.h); the acting agency is not
//     the one the row requires; the regime's limit is reached ("a
//     supplement was already requested on 2026-01-07 and the regime allows
//     one"); an apology by an agency the apology rules exclude (below); a
//     forward with
//     no next planned step or to an agency the plan does not name; a result
//     before the last planned step; an agency not valid in the catalogue
//     that day (when a catalogue is given).
//  4. FailedPrecondition when the dossier's calendar is not in the
//     registry, or InvalidArgument when the calendar does not cover the
//     instants involved.
//
// Ambiguous cases, answered:
//  - `at` is when it happened at the desk or agency (defaults to `now`);
//    Vietnam civil time of `at` is what the forms print.
//  - Time of the step result: a step completed on its deadline's date is
//    on time (ClassifyCompletion), even after the hour.
//  - A supplement or payment requested on the appointment date pauses the
//    clock; if the dossier was already overdue, it stays overdue.
//  - Apologies (xin lỗi và hẹn lại ngày trả kết quả: the handling of
//    overdue dossiers in Decree 61/2018/NĐ-CP Art. 21(3) as amended by
//    Decree 107/2021/NĐ-CP, and in Decree 118/2025/NĐ-CP; the article
//    numbers are our reading, not checked against the gazette. The letter
//    is Mẫu 04 of Circular 01/2018/TT-VPCP, Mẫu 4 of Circular
//    03/2025/TT-VPCP.) The agency at fault writes to the applicant, at
//    least the regime's lead time before the appointment, naming the
//    reason, the unit responsible and a new appointment.
//    - Lead time: working days strictly after `at`'s date up to and
//      including the appointment date: apologising on Wednesday for a
//      Thursday appointment is one working day before; on Thursday it is
//      late.
//    - A late apology is still recorded, flagged `untimely`: the applicant
//      is owed the letter whenever the delay is noticed, even once the
//      appointment has passed. It is not a lawful re-appointment, so it
//      moves nothing: the appointment in force, the overdue state and the
//      classification of the result stay as they were, and the letter's
//      date is kept in the event (new_appointment). It counts toward the
//      regime's re-appointment limit (the applicant was given a new date).
//    - Who may apologise: the holder; an agency whose own step is late at
//      `at` (closed late, or open past its step deadline's date), even
//      after it handed the dossier on; or the lead agency (LeadAgency),
//      which may name another agency that took a step as the responsible
//      unit (responsible_agency). Any other agency, or a responsible unit
//      named by anyone but the lead agency, is FailedPrecondition.
//    - Allowed while the dossier is in processing (not while the clock is
//      suspended: the applicant is the one waiting).
//    - The new appointment is the agency's choice (it must be after both
//      `at` and the appointment in force); nothing in the law caps it, so
//      nothing here does.
//  - Withdrawal requested while suspended leaves the clock suspended; the
//    dossier ends withdrawn anyway.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/calendar_registry.h"
#include "engine/catalogue/catalogue.h"
#include "engine/common/field_violations.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

struct LifecycleCommand {
  Transition transition = Transition::kTransfer;
  // The calling system (client_id of the request): DossierEvent::actor.
  std::string client_id;
  // The officer who acts and the agency she acts for (required).
  std::string officer;
  std::string agency_code;
  // When it happened; nullopt = now.
  std::optional<Instant> at;
  // ABORTED when set and not the dossier's version.
  std::optional<uint64_t> expected_version;
  std::string reason;
  // transfer / forward: the agency (and optionally officer) receiving it.
  // Optional when the procedure's plan names the agency of the next step.
  std::string to_agency;
  std::string to_officer;
  // request_supplement: documents asked for; receive_supplement: brought.
  std::vector<Document> documents;
  // require_payment: amount in đồng (> 0).
  int64_t amount_vnd = 0;
  // return_result: how the result was returned (default: terms').
  std::optional<Channel> return_channel;
  // apologize: the new appointment (required).
  std::optional<Instant> new_appointment;
  // apologize: the unit the letter names as responsible for the delay;
  // empty = the acting agency (see "Apologies" above).
  std::string responsible_agency;
  // mark_result_ready: the result is a digitally signed electronic
  // document (Decree 45/2020/NĐ-CP), however it is handed over.
  bool electronic_result = false;
  // confirm_payment: the fees were paid online.
  bool paid_online = false;
};

struct DecideContext {
  const CalendarRegistry& calendars;
  // When set, agencies that receive a dossier (to_agency) must be in it and
  // valid on the date of `at`.
  const Catalogue* catalogue = nullptr;
};

Result<std::vector<DossierEvent>> Decide(const Dossier& dossier,
                                         const LifecycleCommand& cmd,
                                         Instant now, const DecideContext& ctx);

// The checks of a command's own fields that need no dossier (client_id,
// officer, agency codes, texts, documents, amount, a reason the transition
// requires), every violation at once (engine/common/field_violations.h).
// Decide runs them too; services run them before queueing a command so that
// a client hears about every bad field with the ones only they can check.
void CheckLifecycleCommand(const LifecycleCommand& cmd, FieldViolations& v);

}  // namespace motcua::engine

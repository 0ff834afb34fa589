// Admission: receipt of a dossier against the catalogue and the calendar,
// producing a DossierReceived with its ReceiptTerms (engine/dossier).
//
// This is the Receive the sequencer calls once a catalogue exists; the
// three-argument Receive in engine/dossier/receipt.h stays for dossiers
// without terms (they cannot move through the lifecycle).
//
// Rules, in order (the first failure is returned, naming the field):
//  1. ValidateReceipt (receipt.h).
//  2. agency_code: in the catalogue and valid on the receipt date
//     (NotFound / FailedPrecondition, naming successors of a merged agency).
//  3. procedure_code: a version in force on the receipt date.
//  4. channel: allowed by that version; result_channel: postal needs
//     result_by_post, online needs the online channel.
//  5. The agency's calendar must be in the registry (FailedPrecondition).
// The regime comes from the receipt date (regime.h). Direct and postal
// dossiers start the clock at the receipt instant and carry the appointment
// printed on the slip (ComputeDeadline). For a postal dossier the receipt IS
// the inbound handover: the desk submits it when the postal worker hands the
// complete dossier over, so received_at is the handover instant and the
// transit before it is outside the budget (DOMAIN §4; the postal legs are
// recorded by engine/postal/decide_postal.h). The postal tracking number,
// when given, is kept in the terms. Online dossiers are submitted: code
// assigned now (the portal shows it at once), no clock until an officer
// accepts them (transition accept_online), which computes the appointment
// from the acceptance instant.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>

#include "engine/calendar/calendar_registry.h"
#include "engine/catalogue/catalogue.h"
#include "engine/dossier/receipt.h"

namespace motcua::engine {

struct AdmissionContext {
  const Catalogue& catalogue;
  const CalendarRegistry& calendars;
};

// The terms for `cmd` as it would be received at `now` (no sequence).
Result<ReceiptTerms> AdmissionTerms(const ReceiveCommand& cmd, Instant now,
                                    const AdmissionContext& ctx);

// Receive (receipt.h) plus the terms above.
Result<DossierEvent> Receive(const ReceiveCommand& cmd, Instant now,
                             uint32_t last_sequence,
                             const AdmissionContext& ctx);
// The same for a command that already passed ValidateReceipt(cmd, now)
// (the write path validates once; ReceiveValidated in receipt.h).
Result<DossierEvent> AdmitValidated(const ReceiveCommand& cmd, Instant now,
                                    uint32_t last_sequence,
                                    const AdmissionContext& ctx);

}  // namespace motcua::engine

// Receipt of a complete dossier at the one-stop desk (tiếp nhận hồ sơ): the
// SubmitDossier command, its validation, and the event it produces.
//
// The caller (the sequencer) owns ordering and storage; this file owns the
// rules. Flow for one command:
//   1. ValidateReceipt(cmd, now)            -> field errors, nothing stored
//   2. date = ReceiptDate(cmd, now)         -> which daily counter to read
//   3. Receive(cmd, now, last_sequence)     -> the DossierReceived event
// Receive() re-validates, so calling it alone is safe.
//
// Ambiguous cases, answered:
//   - received_at unset: the server's `now` is the receipt instant.
//   - received_at ahead of `now`: up to kMaxClockSkew is accepted (desk
//     clocks drift); further ahead is INVALID_ARGUMENT, since a code would
//     otherwise be taken from a day that has not begun.
//   - received_at in the past: accepted back to 2000-01-01 (a desk may enter a
//     dossier it received while offline); it takes the next sequence of that
//     day, so codes of one day stay gap-free even when entered late.
//   - the idempotency fingerprint (engine/idempotency/fingerprint.h) covers
//     the command as sent (an unset received_at stays unset), so a retry
//     hours later still matches.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/common/field_violations.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

inline constexpr Instant kMaxClockSkew = 5 * kMicrosPerMinute;
// 2000-01-01T00:00:00+07:00: the first instant a YYMMDD code can name.
inline constexpr Instant kEarliestReceipt =
    DaysFromCivil(CivilDate{2000, 1, 1}) * kMicrosPerDay - kVietnamOffsetMicros;
inline constexpr size_t kMaxDocuments = 100;
inline constexpr uint32_t kMaxCopiesPerDocument = 100;

// The document list of any request (receipt, supplement request or
// receipt): at most kMaxDocuments entries, each named (1..300 characters of
// text, ValidateText) with 1..kMaxCopiesPerDocument originals and copies.
// Empty is InvalidArgument only when `required`.
Status ValidateDocuments(const std::vector<Document>& docs, bool required);
// The same, collecting every bad entry (engine/common/field_violations.h).
void CheckDocuments(const std::vector<Document>& docs, bool required,
                    FieldViolations& v);

struct ReceiveCommand {
  std::string client_id;
  std::string request_id;
  std::string agency_code;
  std::string procedure_code;
  Applicant applicant;
  // nullopt only when the wire said "unspecified"; rejected by validation.
  std::optional<Channel> channel;
  std::vector<Document> documents;
  std::optional<Instant> received_at;
  // How the result goes back (direct, postal, online); nullopt: the way the
  // dossier came. Only used by the catalogue-aware Receive
  // (engine/lifecycle/admission.h).
  std::optional<Channel> result_channel;
  // Postal dossiers: the carrier's dispatch slip / tracking number, so that
  // the carrier's reports (engine/postal) find the dossier. Only with
  // channel postal; 1..64 characters of [A-Za-z0-9-]. For a postal dossier
  // this command IS the inbound handover to the desk: received_at is when
  // the desk received the complete dossier from the postal worker, and the
  // clock starts there (engine/postal/decide_postal.h, "The clock").
  std::optional<std::string> postal_tracking_number;
  // The desk scanned the paper documents into the electronic dossier at
  // receipt (số hóa hồ sơ; Decision 766/QĐ-TTg counts the share). Online
  // submissions are electronic and count as digitised without it.
  bool digitized = false;
};

// A carrier tracking / dispatch slip number: 1..64 of [A-Za-z0-9-].
bool IsTrackingNumber(std::string_view s);

// Every field rule. The Status names the first bad proto field (and how
// many more); CheckReceipt collects all of them.
Status ValidateReceipt(const ReceiveCommand& cmd, Instant now);
void CheckReceipt(const ReceiveCommand& cmd, Instant now, FieldViolations& v);

// The Vietnamese civil date whose counter the dossier draws from.
CivilDate ReceiptDate(const ReceiveCommand& cmd, Instant now);

// The DossierReceived event for a valid command, given the highest sequence
// already assigned to (agency, ReceiptDate) — 0 when none. ResourceExhausted
// past kMaxDailySequence.
Result<DossierEvent> Receive(const ReceiveCommand& cmd, Instant now,
                             uint32_t last_sequence);
// Receive for a command that already passed ValidateReceipt(cmd, now): the
// write path validates once, before its idempotency lookup, and calls this.
Result<DossierEvent> ReceiveValidated(const ReceiveCommand& cmd, Instant now,
                                      uint32_t last_sequence);

}  // namespace motcua::engine

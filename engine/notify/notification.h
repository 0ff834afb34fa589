// Notifications to the applicant: one record for each event of a dossier
// that concerns her, in Vietnamese, for a sender adapter (SMS, email, Zalo)
// to deliver (issue 6; DOMAIN.md §3, §8).
//
// Which events notify (Notification::kind):
//   received                 DossierReceived with terms (not an online
//                            submission awaiting the officer's check), and
//                            accept_online: the code and the appointment
//   refused_at_receipt       online submission refused, with the reason
//   supplement_requested     the documents asked for and the reason
//   payment_required         the amount in đồng
//   apology                  the apology with the new appointment
//   result_ready             the result can be collected / will be returned
//   refused                  refused after appraisal, with the reason
//   returned                 the result (or refusal) was returned
//   stopped, withdrawn       processing stopped / withdrawal confirmed
//   postal_delivered, postal_delivery_failed, postal_returned_to_sender
//                            the carrier's outbound legs
// Everything else (transfers, steps, other postal legs, deadline notices)
// concerns the agencies, not the applicant: nullopt.
//
// `id` is the dossier code, "/", and the event's version: stable across
// retries and restarts, so a sender can keep exactly-once bookkeeping by it.
// `text` carries the dossier code and, for appointments, the date and time
// (Vietnam time, "17 giờ 00 phút, ngày 08 tháng 01 năm 2026"); `sms_text` is
// the short ASCII form, at most 160 characters (vietnamese_text.h). Neither
// carries the applicant's name, ID number or address; `phone` is the
// applicant's, for the sender, and may be empty (then the sender has no SMS to
// send).
//
// Thread safety: pure functions.
//
// Example:
//   Apply(d, e);
//   if (auto n = NotificationFor(d, e)) outbox.push_back(*n);
#pragma once

#include <optional>
#include <string>

#include "engine/dossier/dossier.h"
#include "engine/notify/vietnamese_text.h"

namespace motcua::engine {

struct Notification {
  std::string id;  // "<dossier code>/<event version>"
  std::string dossier_code;
  std::string kind;   // see the file comment
  std::string phone;  // applicant.phone; may be empty
  std::string text;   // Vietnamese, with diacritics
  std::string sms_text;

  friend bool operator==(const Notification&, const Notification&) = default;
};

// `after` is the dossier with `e` applied.
std::optional<Notification> NotificationFor(const Dossier& after,
                                            const DossierEvent& e);

}  // namespace motcua::engine

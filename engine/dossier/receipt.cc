#include "engine/dossier/receipt.h"

#include <string_view>

#include "engine/common/field_violations.h"
#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"

namespace motcua::engine {
namespace {

Status CheckText(std::string_view value, std::string_view field, size_t min,
                 size_t max) {
  return ValidateText(value, field, min, max);
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Status CheckPhone(std::string_view phone) {
  if (phone.empty()) return {};
  const bool national =
      phone.size() == 10 && phone[0] == '0' && AllDigits(phone);
  const bool international = phone.size() == 12 &&
                             phone.substr(0, 3) == "+84" &&
                             AllDigits(phone.substr(3)) && phone[3] != '0';
  if (national || international) return {};
  return InvalidArgument(
      "applicant.phone: " + QuoteText(phone, 40) +
      " is not a Vietnamese phone number; expected 10 digits starting with "
      "0 (\"0912345678\") or \"+84\" and 9 digits");
}

void CheckApplicant(const Applicant& a, FieldViolations& v) {
  v.Add(CheckText(a.full_name, "applicant.full_name", 1, 200));
  if (a.personal_id.size() != 12 || !AllDigits(a.personal_id)) {
    v.Add("applicant.personal_id",
          "must be the 12-digit personal identification number (so dinh "
          "danh ca nhan)");
  }
  v.Add(CheckPhone(a.phone));
  v.Add(CheckText(a.address, "applicant.address", 0, 500));
}

}  // namespace

Status ValidateDocuments(const std::vector<Document>& docs, bool required) {
  FieldViolations v;
  CheckDocuments(docs, required, v);
  return v.ToStatus();
}

void CheckDocuments(const std::vector<Document>& docs, bool required,
                    FieldViolations& v) {
  if (docs.empty()) {
    if (required) v.Add("documents", "at least one document is required");
    return;
  }
  if (docs.size() > kMaxDocuments) {
    v.Add("documents", std::to_string(docs.size()) + " entries, at most " +
                           std::to_string(kMaxDocuments) + " allowed");
    return;
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    const std::string field = "documents[" + std::to_string(i) + "]";
    v.Add(CheckText(docs[i].name, field + ".name", 1, 300));
    if (docs[i].originals > kMaxCopiesPerDocument ||
        docs[i].copies > kMaxCopiesPerDocument) {
      v.Add(field, "at most " + std::to_string(kMaxCopiesPerDocument) +
                       " originals and copies each");
    } else if (docs[i].originals + docs[i].copies == 0) {
      v.Add(field, "originals + copies must be at least 1");
    }
  }
}

namespace {

Instant ReceiptInstant(const ReceiveCommand& cmd, Instant now) {
  return cmd.received_at.value_or(now);
}

}  // namespace

bool IsTrackingNumber(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status ValidateReceipt(const ReceiveCommand& cmd, Instant now) {
  FieldViolations v;
  CheckReceipt(cmd, now, v);
  return v.ToStatus();
}

void CheckReceipt(const ReceiveCommand& cmd, Instant now, FieldViolations& v) {
  CheckIdempotencyKey(cmd.client_id, cmd.request_id, v);
  v.Add(ParseAgencyCode(cmd.agency_code, "agency_code"));
  v.Add(ValidateProcedureCode(cmd.procedure_code, "procedure_code"));
  CheckApplicant(cmd.applicant, v);
  if (!cmd.channel) {
    v.Add("channel",
          "required (CHANNEL_DIRECT, CHANNEL_POSTAL or CHANNEL_ONLINE)");
  }
  CheckDocuments(cmd.documents, true, v);
  if (cmd.postal_tracking_number) {
    if (!IsTrackingNumber(*cmd.postal_tracking_number)) {
      v.Add("postal_tracking_number", "1..64 characters of [A-Za-z0-9-]");
    } else if (cmd.channel && cmd.channel != Channel::kPostal) {
      v.Add("postal_tracking_number",
            "only for a dossier received by post (channel CHANNEL_POSTAL)");
    }
  }
  if (cmd.received_at) {
    if (*cmd.received_at > now + kMaxClockSkew) {
      v.Add("received_at", FormatVietnamInstant(*cmd.received_at) +
                               " is in the future (server time " +
                               FormatVietnamInstant(now) + ")");
    } else if (*cmd.received_at < kEarliestReceipt) {
      v.Add("received_at", FormatVietnamInstant(*cmd.received_at) +
                               " is before 2000-01-01, which a dossier code "
                               "cannot name");
    }
  }
  if (ReceiptDate(cmd, now).year > 2099) {
    v.Add("received_at", "after 2099, which a dossier code cannot name");
  }
}

CivilDate ReceiptDate(const ReceiveCommand& cmd, Instant now) {
  return VietnamDateOf(ReceiptInstant(cmd, now));
}

Result<DossierEvent> Receive(const ReceiveCommand& cmd, Instant now,
                             uint32_t last_sequence) {
  if (Status s = ValidateReceipt(cmd, now); !s.ok()) return s.error();
  return ReceiveValidated(cmd, now, last_sequence);
}

Result<DossierEvent> ReceiveValidated(const ReceiveCommand& cmd, Instant now,
                                      uint32_t last_sequence) {
  const CivilDate date = ReceiptDate(cmd, now);
  if (last_sequence >= kMaxDailySequence) {
    return ResourceExhausted("cannot receive a dossier at agency " +
                             cmd.agency_code + " on " + FormatDate(date) +
                             ": all " + std::to_string(kMaxDailySequence) +
                             " dossier codes of that day are used");
  }
  const uint32_t sequence = last_sequence + 1;
  DossierReceived e;
  e.code = FormatDossierCode(cmd.agency_code, date, sequence);
  e.agency_code = cmd.agency_code;
  e.procedure_code = cmd.procedure_code;
  e.applicant = cmd.applicant;
  e.channel = *cmd.channel;
  e.documents = cmd.documents;
  e.received_at = ReceiptInstant(cmd, now);
  e.sequence = sequence;
  e.digitized = cmd.digitized;
  return DossierEvent{1, now, cmd.client_id, std::move(e)};
}

}  // namespace motcua::engine

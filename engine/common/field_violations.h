// FieldViolations: collects every bad field of a request instead of stopping
// at the first, so that a client hears about all of them in one reply
// (INVALID_ARGUMENT with google.rpc.BadRequest, services/status_mapping.h).
//
// Checks add their Status (or Result) or a (field, description) pair; a
// Status's error becomes the violation of the field its message names
// ("applicant.phone: ..." -> field "applicant.phone"). ToStatus() is OK when
// nothing was added, else one INVALID_ARGUMENT whose message is the first
// violation's, plus the names of the others ("(and 2 more: applicant.phone,
// documents)"); violations() lists them all, in the order added. An error of
// another code (NOT_FOUND, PERMISSION_DENIED...) added before any violation
// is what ToStatus() returns instead: it is not about a field's syntax. A
// field is reported once, with its first violation (a later check of the
// same field, such as "required" after "unknown value", adds nothing).
//
// Validators that can report several fields have a collecting form taking a
// FieldViolations& (CheckReceipt, CheckLifecycleCommand, ...) beside the
// Status-returning one that wraps it.
//
// Thread safety: a plain value; one thread at a time.
//
// Example:
//   FieldViolations v;
//   v.Add(ValidateText(a.full_name, "applicant.full_name", 1, 200));
//   v.Add(ParseAgencyCode(code, "agency_code"));   // a Result<T> too
//   if (bad) v.Add("documents", "at least one document is required");
//   return v.ToStatus();
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.h"

namespace motcua::engine {

// One bad request field: its path ("applicant.phone", "documents[2].name";
// "" for the request as a whole) and what is wrong with it.
struct FieldViolation {
  std::string field;
  std::string description;

  friend bool operator==(const FieldViolation&,
                         const FieldViolation&) = default;
};

// The violation an INVALID_ARGUMENT message names ("field: description";
// field "" when the message names none).
FieldViolation ViolationOf(const std::string& message);

class FieldViolations {
 public:
  // Records `status`'s error, if any; returns status.ok().
  bool Add(const Status& status);
  bool Add(const Error& error);
  template <typename T>
  bool Add(const Result<T>& result) {
    return result.ok() || Add(result.error());
  }
  // Records a violation of `field` ("" for the whole request).
  void Add(std::string field, std::string description);

  bool ok() const { return !first_.has_value(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  Status ToStatus() const;

 private:
  void Push(FieldViolation v);

  std::optional<Error> first_;
  std::vector<FieldViolation> violations_;
};

// ValidateIdempotencyKey (text.h), collecting: client_id and request_id.
void CheckIdempotencyKey(std::string_view client_id,
                         std::string_view request_id, FieldViolations& v);

}  // namespace motcua::engine

#include "engine/common/field_violations.h"

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

// A request field path: identifiers, dots and [index] subscripts.
bool IsFieldPath(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                    c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

std::string MessageOf(const FieldViolation& v) {
  return v.field.empty() ? v.description : v.field + ": " + v.description;
}

// At most this many other field names are listed in the message.
constexpr size_t kNamedInMessage = 5;

}  // namespace

FieldViolation ViolationOf(const std::string& message) {
  const size_t colon = message.find(": ");
  if (colon != std::string::npos &&
      IsFieldPath(std::string_view(message).substr(0, colon))) {
    return {message.substr(0, colon), message.substr(colon + 2)};
  }
  return {"", message};
}

bool FieldViolations::Add(const Status& status) {
  return status.ok() || Add(status.error());
}

bool FieldViolations::Add(const Error& error) {
  if (!first_) first_ = error;
  if (error.code == ErrorCode::kInvalidArgument) {
    Push(ViolationOf(error.message));
  }
  return false;
}

void FieldViolations::Add(std::string field, std::string description) {
  FieldViolation v{std::move(field), std::move(description)};
  if (!first_) first_ = InvalidArgument(MessageOf(v));
  Push(std::move(v));
}

void FieldViolations::Push(FieldViolation v) {
  if (!v.field.empty()) {
    for (const FieldViolation& had : violations_) {
      if (had.field == v.field) return;
    }
  }
  violations_.push_back(std::move(v));
}

Status FieldViolations::ToStatus() const {
  if (!first_) return {};
  if (first_->code != ErrorCode::kInvalidArgument) return *first_;
  Error out = InvalidArgument(MessageOf(violations_.front()));
  if (violations_.size() > 1) {
    out.message += " (and " + std::to_string(violations_.size() - 1) + " more:";
    for (size_t i = 1; i < violations_.size() && i <= kNamedInMessage; ++i) {
      out.message += (i == 1 ? " " : ", ") + (violations_[i].field.empty()
                                                  ? std::string("(request)")
                                                  : violations_[i].field);
    }
    if (violations_.size() > kNamedInMessage + 1) out.message += ", ...";
    out.message += ")";
  }
  return out;
}

void CheckIdempotencyKey(std::string_view client_id,
                         std::string_view request_id, FieldViolations& v) {
  if (!IsToken(client_id, 64)) {
    v.Add("client_id", "required, 1..64 characters of [A-Za-z0-9._:-]");
  }
  if (!IsToken(request_id, 128)) {
    v.Add("request_id", "required, 1..128 characters of [A-Za-z0-9._:-]");
  }
}

}  // namespace motcua::engine

#include "adapters/postal/webhook_request.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/common/text.h"
#include "engine/postal/decide_postal.h"

namespace motcua::adapters {
namespace {

using json = nlohmann::json;
using engine::ErrorCode;

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

// The body of every reply. Invalid UTF-8 that reached a string (an engine
// message, a carrier's text) becomes U+FFFD instead of throwing
// (nlohmann's default dump throws type_error 316 and would take the whole
// process down from an I/O thread).
std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Only ASCII digits: from_chars would also take a sign.
template <class T>
bool Digits(std::string_view s, T& out) {
  if (s.empty() ||
      s.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Unix seconds: an optional '-' and 1..12 digits, |t| <= kMaxUnixSeconds
// (year ~5138), so the skew against any clock fits an int64_t.
constexpr int64_t kMaxUnixSeconds = 100'000'000'000;

std::optional<int64_t> ParseUnixSeconds(std::string_view s) {
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  int64_t v = 0;
  if (s.size() > 12 || !Digits(s, v) || v > kMaxUnixSeconds) {
    return std::nullopt;
  }
  return negative ? -v : v;
}

// Engine messages name engine fields; the JSON names two of them otherwise.
std::string JsonField(std::string_view message) {
  const size_t colon = message.find(':');
  if (colon == std::string_view::npos) return "";
  std::string f(message.substr(0, colon));
  if (f.find(' ') != std::string::npos) return "";
  if (f == "at") return "event_time";
  if (f == "carrier_status") return "status";
  return f;
}

std::string WithJsonField(const std::string& message) {
  const std::string f = JsonField(message);
  const size_t colon = message.find(':');
  if (f.empty() || message.compare(0, colon, f) == 0) return message;
  return f + message.substr(colon);
}

// Reads the body's fields, recording every one of the wrong type (or
// missing when required) in `v`, named as in the JSON.
class Fields {
 public:
  Fields(const json& j, engine::FieldViolations& v) : j_(j), v_(v) {}
  // Absent or null: empty.
  void Str(const char* name, std::string& out) {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) return;
    if (!it->is_string()) return v_.Add(name, "must be a string");
    out = it->get<std::string>();
  }
  void Required(const char* name, std::string& out) {
    auto it = j_.find(name);
    if (it != j_.end() && !it->is_null() && !it->is_string()) {
      return v_.Add(name, "must be a string");
    }
    Str(name, out);
    if (out.empty()) v_.Add(name, "required");
  }
  void Int(const char* name, int64_t& out) {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) return;
    if (!it->is_number_integer()) return v_.Add(name, "must be an integer");
    out = it->get<int64_t>();
  }
  void Bool(const char* name, bool& out) {
    auto it = j_.find(name);
    if (it == j_.end() || it->is_null()) return;
    if (!it->is_boolean()) return v_.Add(name, "must be true or false");
    out = it->get<bool>();
  }

 private:
  const json& j_;
  engine::FieldViolations& v_;
};

void Documents(const json& j, engine::FieldViolations& v,
               std::vector<engine::Document>& out) {
  auto it = j.find("documents");
  if (it == j.end() || it->is_null()) return;
  if (!it->is_array()) return v.Add("documents", "must be an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& d = (*it)[i];
    const std::string path = "documents[" + std::to_string(i) + "]";
    if (!d.is_object()) {
      v.Add(path, "must be an object");
      continue;
    }
    engine::Document doc;
    auto name = d.find("name");
    if (name == d.end() || !name->is_string()) {
      v.Add(path + ".name", "required, a string");
    } else {
      doc.name = name->get<std::string>();
    }
    for (auto [key, dst] : {std::pair{"originals", &doc.originals},
                            std::pair{"copies", &doc.copies}}) {
      auto n = d.find(key);
      if (n == d.end() || n->is_null()) continue;
      if (!n->is_number_unsigned() || n->get<uint64_t>() > 1000) {
        v.Add(path + "." + key, "must be an integer 0..1000");
        continue;
      }
      *dst = static_cast<uint32_t>(n->get<uint64_t>());
    }
    out.push_back(std::move(doc));
  }
}

}  // namespace

std::string SignWebhook(std::string_view secret, std::string_view timestamp,
                        std::string_view body) {
  std::string msg;
  msg.reserve(timestamp.size() + 1 + body.size());
  msg.append(timestamp).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), mac,
       &len);
  return "sha256=" + Hex(mac, len);
}

std::optional<HttpReply> Authenticate(const WebhookAuth& auth,
                                      std::string_view carrier,
                                      std::string_view timestamp,
                                      std::string_view signature,
                                      std::string_view body,
                                      engine::Instant now) {
  auto secret = auth.secrets.find(carrier);
  if (secret == auth.secrets.end()) {
    return ErrorReply(401, "unauthenticated", "carrier",
                      "carrier: " + engine::QuoteText(carrier) +
                          " has no webhook secret configured");
  }
  const std::optional<int64_t> parsed = ParseUnixSeconds(timestamp);
  if (!parsed) {
    return ErrorReply(401, "unauthenticated", "X-Motcua-Timestamp",
                      "X-Motcua-Timestamp: required, Unix time in seconds");
  }
  const int64_t seconds = *parsed;
  // |seconds| <= 1e11 and |now_s| < 9.3e12: the difference cannot overflow.
  const int64_t now_s = now / engine::kMicrosPerSecond;
  const int64_t skew = seconds > now_s ? seconds - now_s : now_s - seconds;
  if (skew > auth.replay_window_seconds) {
    return ErrorReply(401, "unauthenticated", "X-Motcua-Timestamp",
                      "X-Motcua-Timestamp: " + std::to_string(seconds) +
                          " is " + std::to_string(skew) +
                          " s from the server clock; the replay "
                          "window is " +
                          std::to_string(auth.replay_window_seconds) +
                          " s: sign again with the current time");
  }
  const std::string expected = SignWebhook(secret->second, timestamp, body);
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return ErrorReply(401, "unauthenticated", "X-Motcua-Signature",
                      "X-Motcua-Signature: does not match the body; expected "
                      "sha256=<hex HMAC-SHA256(secret, timestamp.body)>");
  }
  return std::nullopt;
}

engine::Result<engine::Instant> ParseIsoInstant(std::string_view s) {
  auto bad = [&] {
    return engine::InvalidArgument(
        "event_time: " + engine::QuoteText(s) +
        " is not ISO-8601 with an offset (2025-03-07T16:00:00+07:00)");
  };
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') {
    return bad();
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!Digits(s.substr(0, 4), y) || !Digits(s.substr(5, 2), mo) ||
      !Digits(s.substr(8, 2), d) || !Digits(s.substr(11, 2), h) ||
      !Digits(s.substr(14, 2), mi) || !Digits(s.substr(17, 2), se)) {
    return bad();
  }
  const engine::CivilDate date{y, mo, d};
  if (!engine::IsValidCivilDate(date) || h > 23 || mi > 59 || se > 59) {
    return bad();
  }
  size_t i = 19;
  int64_t micros = 0;
  if (i < s.size() && s[i] == '.') {
    size_t digits = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (digits < 6) micros = micros * 10 + (s[i] - '0');
    }
    if (digits == 0) return bad();
    for (size_t k = digits; k < 6; ++k) micros *= 10;
  }
  int64_t offset = 0;
  const std::string_view zone = s.substr(i);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
             zone[3] == ':') {
    int oh = 0, om = 0;
    if (!Digits(zone.substr(1, 2), oh) || !Digits(zone.substr(4, 2), om) ||
        oh > 23 || om > 59) {
      return bad();
    }
    offset = (oh * 60 + om) * engine::kMicrosPerMinute;
    if (zone[0] == '-') offset = -offset;
  } else {
    return bad();
  }
  return engine::DaysFromCivil(date) * engine::kMicrosPerDay +
         h * engine::kMicrosPerHour + mi * engine::kMicrosPerMinute +
         se * engine::kMicrosPerSecond + micros - offset;
}

std::variant<HttpReply, engine::PostalCommand> ParseReport(
    const CarrierTable& table, std::string_view carrier, std::string_view body,
    std::string_view client_id, engine::Instant now) {
  const json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return ErrorReply(400, "invalid_argument", "",
                      "the body is not a JSON object");
  }
  engine::PostalCommand cmd;
  cmd.client_id = std::string(client_id);
  engine::PostalRecorded& r = cmd.report;
  r.carrier = std::string(carrier);
  engine::FieldViolations v;
  Fields f(j, v);
  std::string event_time;
  f.Required("carrier_event_id", r.carrier_event_id);
  f.Required("tracking_number", r.tracking_number);
  f.Str("dossier_code", cmd.dossier_code);
  f.Required("status", r.carrier_status);
  f.Required("event_time", event_time);
  f.Str("postal_worker", r.postal_worker);
  f.Str("officer", r.officer);
  f.Str("record_number", r.record_number);
  f.Str("recipient_name", r.recipient_name);
  f.Str("recipient_id", r.recipient_id);
  f.Str("reason", r.reason);
  f.Bool("sealed", r.sealed);
  f.Int("fees_vnd", r.fees_vnd);
  Documents(j, v, r.documents);
  if (!event_time.empty()) {
    auto at = ParseIsoInstant(event_time);
    if (v.Add(at)) r.at = *at;
  }
  const CarrierStatus* status = nullptr;
  if (!r.carrier_status.empty()) {
    status = table.Find(carrier, r.carrier_status);
    if (status == nullptr) {
      v.Add("status", engine::QuoteText(r.carrier_status) +
                          " is not in the status table of carrier " +
                          engine::QuoteText(carrier));
    }
  }
  if (v.ok() && status != nullptr && !status->kind) {
    json ok = {
        {"recorded", false}, {"ignored", true}, {"status", r.carrier_status}};
    return HttpReply{200, Dump(ok)};
  }
  // The engine's field rules, by kind, when the kind is known; named as in
  // the JSON.
  if (status != nullptr && status->kind) {
    r.kind = *status->kind;
    engine::FieldViolations checked;
    engine::CheckPostalCommand(cmd, now, checked);
    for (const engine::FieldViolation& c : checked.violations()) {
      const std::string field = JsonField(c.field + ":");
      v.Add(field.empty() ? c.field : field, c.description);
    }
  }
  if (!v.ok()) return ViolationsReply(v);
  return cmd;
}

HttpReply ViolationsReply(const engine::FieldViolations& v) {
  const engine::Status first = v.ToStatus();
  json list = json::array();
  for (const engine::FieldViolation& f : v.violations()) {
    list.push_back(
        {{"field", f.field},
         {"message",
          f.field.empty() ? f.description : f.field + ": " + f.description}});
  }
  const std::string message = first.ok() ? "" : first.error().message;
  json j = {{"error",
             {{"code", "invalid_argument"},
              {"field", v.violations().empty() ? std::string()
                                               : v.violations().front().field},
              {"message", message},
              {"violations", std::move(list)}}}};
  return HttpReply{400, Dump(j)};
}

HttpReply ErrorReply(int status, std::string_view code, std::string_view field,
                     std::string_view message) {
  json j = {
      {"error", {{"code", code}, {"field", field}, {"message", message}}}};
  return HttpReply{status, Dump(j)};
}

HttpReply InternalErrorReply() {
  // A literal: building it cannot fail halfway.
  return HttpReply{500,
                   "{\"error\":{\"code\":\"internal\",\"field\":\"\","
                   "\"message\":\"internal error; retry, reports are "
                   "idempotent\"}}"};
}

HttpReply ReplyFor(const engine::Result<engine::PostalOutcome>& outcome,
                   engine::PostalEventKind kind) {
  if (outcome.ok()) {
    json j = {{"recorded", true},
              {"duplicate", outcome->duplicate},
              {"dossier_code", outcome->dossier_code},
              {"version", outcome->version},
              {"kind", engine::PostalEventKindName(kind)}};
    return HttpReply{200, Dump(j)};
  }
  const engine::Error& e = outcome.error();
  const std::string message = WithJsonField(e.message);
  switch (e.code) {
    case ErrorCode::kInvalidArgument:
      return ErrorReply(400, "invalid_argument", JsonField(message), message);
    case ErrorCode::kNotFound:
      return ErrorReply(404, "not_found", "tracking_number", message);
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAlreadyExists:
      return ErrorReply(409, "failed_precondition", "", message);
    case ErrorCode::kResourceExhausted:
      return ErrorReply(429, "resource_exhausted", "", message);
    case ErrorCode::kUnavailable:
    case ErrorCode::kAborted:
      return ErrorReply(503, "unavailable", "", message);
    case ErrorCode::kUnauthenticated:
      return ErrorReply(401, "unauthenticated", "", message);
    case ErrorCode::kPermissionDenied:
      return ErrorReply(403, "permission_denied", "", message);
    case ErrorCode::kInternal:
      break;
  }
  return ErrorReply(500, "internal", "", message);
}

}  // namespace motcua::adapters

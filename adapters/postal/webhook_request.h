// The carrier webhook's request handling without the network: signature,
// replay window, JSON -> PostalCommand, and engine outcomes -> HTTP answers.
// The contract (headers, body, status codes) is deploy/postal/README.md.
//
// Ambiguous cases, answered:
//  - A stale or future timestamp (|now - timestamp| > replay window) is 401:
//    freshness is part of authentication. So is a timestamp that is not an
//    optional '-' and 1..12 ASCII digits with |t| <= 10^11 ("+5", " 5",
//    "-9223372036854775808"): the skew is computed without overflow.
//  - Text from the request quoted in a message goes through
//    engine::QuoteText, and every reply body is dumped with invalid UTF-8
//    replaced by U+FFFD: no request byte can make building a reply throw.
//  - The signature is checked before the JSON is parsed: an unauthenticated
//    caller learns nothing about the body format.
//  - event_time without an offset is 400: a carrier clock's zone is never
//    guessed.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "adapters/postal/carrier_table.h"
#include "engine/common/field_violations.h"
#include "engine/common/result.h"
#include "engine/ports/postal_sink.h"

namespace motcua::adapters {

struct WebhookAuth {
  // Per-carrier HMAC-SHA256 secrets.
  std::map<std::string, std::string, std::less<>> secrets;
  // Accepted distance between the request's timestamp and the server clock.
  int64_t replay_window_seconds = 300;
};

struct HttpReply {
  int status = 200;
  std::string body;  // JSON
};

// "sha256=" + lowercase hex HMAC-SHA256(secret, timestamp + "." + body).
std::string SignWebhook(std::string_view secret, std::string_view timestamp,
                        std::string_view body);

// 401 reply, or nullopt when the carrier, timestamp and signature are good.
std::optional<HttpReply> Authenticate(const WebhookAuth& auth,
                                      std::string_view carrier,
                                      std::string_view timestamp,
                                      std::string_view signature,
                                      std::string_view body,
                                      engine::Instant now);

// "2025-03-07T16:00:00+07:00", "2025-03-07T09:00:00.5Z" -> instant.
engine::Result<engine::Instant> ParseIsoInstant(std::string_view text);

// The body as a command (client_id = `client_id`, carrier from the path),
// or the reply: 400 for malformed JSON, or naming every bad field at once
// (wrong types, missing ones, event_time, an unmapped status, and the
// engine's field rules for the report's kind at `now`:
// engine::CheckPostalCommand); 200 "ignored" for a status mapped to ignore.
std::variant<HttpReply, engine::PostalCommand> ParseReport(
    const CarrierTable& table, std::string_view carrier, std::string_view body,
    std::string_view client_id, engine::Instant now);

// 400 {"error": {"code": "invalid_argument", "field": the first bad field,
// "message": the first violation (and how many more), "violations":
// [{"field", "message"}, ...] every one}}.
HttpReply ViolationsReply(const engine::FieldViolations& v);

// The answer for a sink outcome (success and every error code).
HttpReply ReplyFor(const engine::Result<engine::PostalOutcome>& outcome,
                   engine::PostalEventKind kind);

// {"error": {"code": code, "field": field, "message": message}}. Never
// throws on ill-formed UTF-8 in any argument (it becomes U+FFFD).
HttpReply ErrorReply(int status, std::string_view code, std::string_view field,
                     std::string_view message);

// 500 {"error": {"code": "internal", ...}}: what a handler that failed
// unexpectedly answers when a reply is still possible.
HttpReply InternalErrorReply();

}  // namespace motcua::adapters

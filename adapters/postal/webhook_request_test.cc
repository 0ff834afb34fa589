#include "adapters/postal/webhook_request.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/common/text.h"
#include "engine/dossier/identifiers.h"

namespace motcua::adapters {
namespace {

using engine::kMicrosPerSecond;
using json = nlohmann::json;

constexpr char kSecret[] = "test-secret-0123456789";

CarrierTable Table() {
  auto t = CarrierTable::Parse(R"({"format": 1, "carriers": {"vnpost":
      {"statuses": {"HCC-200": {"kind": "inbound_handover"},
                    "HCC-110": {"kind": "ignore"}}}}})");
  EXPECT_TRUE(t.ok());
  return std::move(*t);
}

TEST(SignWebhookTest, KnownVector) {
  // Computed independently: Python hmac.new(b"Jefe",
  // b'1741600000.{"a":1}', hashlib.sha256).hexdigest().
  EXPECT_EQ(SignWebhook("Jefe", "1741600000", R"({"a":1})"),
            "sha256=6b5be3552559b5e4b4b18d15a1dc72a107c32ae107b11ce2847a3819"
            "468cdc61");
}

TEST(AuthenticateTest, Table) {
  const WebhookAuth auth{{{"vnpost", kSecret}}, 300};
  const engine::Instant now = 1'741'600'000 * kMicrosPerSecond;
  const std::string body = R"({"a":1})";
  const std::string ts = "1741600000";
  struct Case {
    const char* name;
    std::string carrier, timestamp, signature;
    std::optional<std::string> field;  // nullopt: accepted
  };
  const Case cases[] = {
      {"good", "vnpost", ts, SignWebhook(kSecret, ts, body), std::nullopt},
      {"edge of window", "vnpost", "1741599700",
       SignWebhook(kSecret, "1741599700", body), std::nullopt},
      {"stale", "vnpost", "1741599699",
       SignWebhook(kSecret, "1741599699", body), "X-Motcua-Timestamp"},
      {"future", "vnpost", "1741600301",
       SignWebhook(kSecret, "1741600301", body), "X-Motcua-Timestamp"},
      {"no timestamp", "vnpost", "", SignWebhook(kSecret, "", body),
       "X-Motcua-Timestamp"},
      {"other secret", "vnpost", ts,
       SignWebhook("another-secret-xxxx", ts, body), "X-Motcua-Signature"},
      {"signed other time", "vnpost", ts,
       SignWebhook(kSecret, "1741600001", body), "X-Motcua-Signature"},
      {"no signature", "vnpost", ts, "", "X-Motcua-Signature"},
      {"unknown carrier", "ghn", ts, SignWebhook(kSecret, ts, body), "carrier"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Authenticate(auth, c.carrier, c.timestamp, c.signature, body, now);
    if (!c.field) {
      EXPECT_FALSE(r.has_value()) << r->body;
      continue;
    }
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(json::parse(r->body)["error"]["field"], *c.field);
  }
}

TEST(ParseIsoInstantTest, Table) {
  const engine::Instant base =
      engine::VietnamMidnight({2025, 3, 7}) + 16 * engine::kMicrosPerHour;
  struct Case {
    const char* text;
    std::optional<engine::Instant> want;
  };
  const Case cases[] = {
      {"2025-03-07T16:00:00+07:00", base},
      {"2025-03-07T09:00:00Z", base},
      {"2025-03-07T09:00:00.25Z", base + 250'000},
      {"2025-03-07T04:00:00-05:00", base},
      {"2025-03-07T16:00:00", std::nullopt},
      {"2025-02-30T16:00:00Z", std::nullopt},
      {"2025-03-07 16:00:00Z", std::nullopt},
      {"2025-03-07T16:00:00+0700", std::nullopt},
      {"yesterday", std::nullopt},
      {"2025-03-07T-1:-1:-1Z", std::nullopt},  // fields are digits only
      {"2025-03-07T16:00:00+-7:00", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto r = ParseIsoInstant(c.text);
    ASSERT_EQ(r.ok(), c.want.has_value());
    if (c.want) {
      EXPECT_EQ(*r, *c.want);
    }
  }
}

// After every event_time the report tests use (2025-03-10T09:46:40Z).
constexpr engine::Instant kReportNow = 1'741'600'000 * engine::kMicrosPerSecond;

TEST(ParseReportTest, FieldsAndErrors) {
  const CarrierTable table = Table();
  const json good = {{"carrier_event_id", "ev-1"},
                     {"tracking_number", "EB1VN"},
                     {"status", "HCC-200"},
                     {"event_time", "2025-03-10T09:00:00+07:00"},
                     {"postal_worker", "Bưu"},
                     {"officer", "Hoa"},
                     {"record_number", "BB-1"},
                     {"documents", {{{"name", "Tờ khai"}, {"originals", 1}}}},
                     {"fees_vnd", 25000}};
  auto ok =
      ParseReport(table, "vnpost", good.dump(), "postal-webhook", kReportNow);
  ASSERT_TRUE(std::holds_alternative<engine::PostalCommand>(ok));
  const auto& cmd = std::get<engine::PostalCommand>(ok);
  EXPECT_EQ(cmd.report.kind, engine::PostalEventKind::kInboundHandover);
  EXPECT_EQ(cmd.report.carrier, "vnpost");
  EXPECT_EQ(cmd.report.record_number, "BB-1");
  EXPECT_EQ(cmd.report.documents.size(), 1u);
  EXPECT_EQ(cmd.client_id, "postal-webhook");

  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* field;
  };
  auto with = [&](const char* key, json v) {
    json j = good;
    if (v.is_null()) {
      j.erase(key);
    } else {
      j[key] = v;
    }
    return j.dump();
  };
  const Case cases[] = {
      {"malformed", "{\"carrier_event_id\": ", 400, ""},
      {"array", "[1]", 400, ""},
      {"no event id", with("carrier_event_id", nullptr), 400,
       "carrier_event_id"},
      {"no tracking", with("tracking_number", nullptr), 400, "tracking_number"},
      {"number as string", with("fees_vnd", "25000"), 400, "fees_vnd"},
      {"bad time", with("event_time", "2025-03-10T09:00:00"), 400,
       "event_time"},
      {"bad document", with("documents", json::array({{{"copies", 1}}})), 400,
       "documents[0].name"},
      {"unmapped status", with("status", "HCC-999"), 400, "status"},
      {"ignored status", with("status", "HCC-110"), 200, nullptr},
      {"handover without its record number", with("record_number", nullptr),
       400, "record_number"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParseReport(table, "vnpost", c.body, "postal-webhook", kReportNow);
    ASSERT_TRUE(std::holds_alternative<HttpReply>(r));
    const HttpReply& reply = std::get<HttpReply>(r);
    EXPECT_EQ(reply.status, c.status);
    const json j = json::parse(reply.body);
    if (c.field != nullptr) {
      EXPECT_EQ(j["error"]["field"], c.field) << reply.body;
    } else {
      EXPECT_EQ(j["ignored"], true);
    }
  }
}

// Every bad field at once: wrong types, a missing one, the time, a bad
// document, and the engine's rule for the kind.
TEST(ParseReportTest, NamesEveryBadFieldAtOnce) {
  const json body = {{"carrier_event_id", 7},
                     {"status", "HCC-200"},
                     {"event_time", "yesterday"},
                     {"documents", {{{"originals", 1}}, "x"}},
                     {"fees_vnd", "many"}};
  auto r =
      ParseReport(Table(), "vnpost", body.dump(), "postal-webhook", kReportNow);
  ASSERT_TRUE(std::holds_alternative<HttpReply>(r));
  const HttpReply& reply = std::get<HttpReply>(r);
  EXPECT_EQ(reply.status, 400);
  const json j = json::parse(reply.body);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["field"], "carrier_event_id");
  std::vector<std::string> fields;
  for (const json& v : j["error"]["violations"]) {
    fields.push_back(v["field"].get<std::string>());
    EXPECT_EQ(v["message"].get<std::string>().rfind(fields.back() + ": ", 0),
              0u)
        << v;
  }
  for (const char* want :
       {"carrier_event_id", "tracking_number", "event_time", "fees_vnd",
        "documents[0].name", "documents[1]", "record_number"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), want), fields.end())
        << want << " in " << reply.body;
  }
  EXPECT_NE(j["error"]["message"].get<std::string>().find("more"),
            std::string::npos);
}

TEST(ReplyForTest, MapsEveryErrorCode) {
  using engine::ErrorCode;
  struct Case {
    ErrorCode code;
    int status;
  };
  const Case cases[] = {
      {ErrorCode::kInvalidArgument, 400},
      {ErrorCode::kNotFound, 404},
      {ErrorCode::kFailedPrecondition, 409},
      {ErrorCode::kAlreadyExists, 409},
      {ErrorCode::kResourceExhausted, 429},
      {ErrorCode::kUnavailable, 503},
      {ErrorCode::kAborted, 503},
      {ErrorCode::kInternal, 500},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.code));
    auto r = ReplyFor(engine::Error{c.code, "at: x"},
                      engine::PostalEventKind::kDelivered);
    EXPECT_EQ(r.status, c.status);
  }
  auto bad = ReplyFor(engine::InvalidArgument("at: in the future"),
                      engine::PostalEventKind::kDelivered);
  EXPECT_EQ(json::parse(bad.body)["error"]["field"], "event_time");
  EXPECT_EQ(json::parse(bad.body)["error"]["message"],
            "event_time: in the future");
  auto ok = ReplyFor(engine::PostalOutcome{true, "H55.10-250310-0001", 7},
                     engine::PostalEventKind::kDelivered);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(json::parse(ok.body)["duplicate"], true);
  EXPECT_EQ(json::parse(ok.body)["version"], 7);
}

// The reply must be JSON, well-formed UTF-8, and parse back.
json ParseReply(const HttpReply& r) {
  EXPECT_TRUE(engine::IsWellFormedUtf8(r.body)) << r.body;
  return json::parse(r.body, nullptr, /*allow_exceptions=*/false);
}

TEST(WebhookRequestTest, ErrorReplyNeverThrowsOnIllFormedUtf8) {
  // An 80-byte cut through "Ă" (C4 82) leaves a lone C4: what crashed the
  // server when an engine message quoted a long dossier code.
  const std::string cut = "a" + std::string("\xC4\x82\xC4\x82\xC4", 5);
  HttpReply r;
  ASSERT_NO_THROW(r = ErrorReply(400, "invalid_argument", "dossier\xFF",
                                 "dossier_code: \"" + cut + "\" is bad"));
  const json j = ParseReply(r);
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j["error"]["message"], "dossier_code: \"aĂĂ\uFFFD\" is bad");
  EXPECT_EQ(j["error"]["field"], "dossier\uFFFD");
  // Every other reply path goes through the same dump.
  HttpReply ok;
  ASSERT_NO_THROW(ok = ReplyFor(engine::PostalOutcome{false, "\xE1\xBB", 1},
                                engine::PostalEventKind::kDelivered));
  EXPECT_TRUE(ParseReply(ok).is_object()) << ok.body;
  HttpReply failed;
  ASSERT_NO_THROW(failed = ReplyFor(engine::NotFound("no dossier \xFF\xFE"),
                                    engine::PostalEventKind::kDelivered));
  EXPECT_TRUE(ParseReply(failed).is_object()) << failed.body;
}

TEST(WebhookRequestTest, InternalErrorReplyIsTheContractsErrorShape) {
  const HttpReply r = InternalErrorReply();
  EXPECT_EQ(r.status, 500);
  const json j = ParseReply(r);
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j["error"]["code"], "internal");
}

TEST(WebhookRequestTest, CarrierWithInvalidUtf8IsQuotedNotEchoed) {
  const WebhookAuth auth{{{"vnpost", kSecret}}, 300};
  const engine::Instant now = 1'741'600'000 * kMicrosPerSecond;
  for (const std::string& carrier :
       {std::string("\xFF"), std::string("vn\xC3"), std::string(5000, '\x80'),
        std::string("\xE2\x80\xAE") + "tsopnv", std::string("a\nb\0c", 5)}) {
    SCOPED_TRACE(engine::QuoteText(carrier));
    std::optional<HttpReply> r;
    ASSERT_NO_THROW(
        r = Authenticate(auth, carrier, "1741600000", "", "{}", now));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 401);
    const json j = ParseReply(*r);
    ASSERT_TRUE(j.is_object()) << r->body;
    EXPECT_EQ(j["error"]["field"], "carrier");
    const std::string message = j["error"]["message"];
    EXPECT_EQ(message.find("\xEF\xBF\xBD"), std::string::npos)
        << "quoted, not replaced: " << message;
    EXPECT_EQ(message.find("\xE2\x80\xAE"), std::string::npos) << message;
    EXPECT_LT(message.size(), 400u) << message;
  }
  auto bad = Authenticate(auth, "\xFF", "1741600000", "", "{}", now);
  EXPECT_NE(
      ParseReply(*bad)["error"]["message"].get<std::string>().find("\"\\xFF\""),
      std::string::npos)
      << bad->body;
}

TEST(WebhookRequestTest, TimestampOutsideTheSaneRangeIs401EvenWhenSigned) {
  const WebhookAuth auth{{{"vnpost", kSecret}}, 300};
  const engine::Instant now = 1'741'600'000 * kMicrosPerSecond;
  const std::string body = R"({"a":1})";
  const auto min = std::numeric_limits<int64_t>::min();
  const auto max = std::numeric_limits<int64_t>::max();
  const std::string rejected[] = {
      std::to_string(min),      // now - min overflows
      std::to_string(min + 1),  // likewise
      std::to_string(min + 1741600000),
      std::to_string(max),
      std::to_string(max - 1),
      "9223372036854775808",
      "-9223372036854775809",
      "100000000001",   // past 10^11
      "-100000000001",  // before -10^11
      "0001741600000",  // more than 12 digits
      "+1741600000",
      " 1741600000",
      "1741600000 ",
      "1741600000\xFF",
      "\xFF",
      "1741600000.0",
      "0x67CF4B80",
      "1.7416e9",
      "-",
      "--1741600000",
      "",
  };
  for (const std::string& ts : rejected) {
    SCOPED_TRACE(engine::QuoteText(ts));
    std::optional<HttpReply> r;
    ASSERT_NO_THROW(r = Authenticate(auth, "vnpost", ts,
                                     SignWebhook(kSecret, ts, body), body,
                                     now));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(ParseReply(*r)["error"]["field"], "X-Motcua-Timestamp");
  }
  // The edges that stay accepted.
  for (const std::string ts : {"1741600000", "1741599700", "1741600300"}) {
    SCOPED_TRACE(ts);
    EXPECT_FALSE(Authenticate(auth, "vnpost", ts,
                              SignWebhook(kSecret, ts, body), body, now)
                     .has_value());
  }
  // +-10^11 parses, and is simply far outside the window.
  for (const std::string ts : {"100000000000", "-100000000000", "-0", "0"}) {
    SCOPED_TRACE(ts);
    auto r = Authenticate(auth, "vnpost", ts, SignWebhook(kSecret, ts, body),
                          body, now);
    ASSERT_TRUE(r.has_value());
    EXPECT_NE(ParseReply(*r)["error"]["message"].get<std::string>().find(
                  " s from the server clock"),
              std::string::npos)
        << r->body;
  }
  // A clock near the int64 edge of microseconds does not overflow either.
  const engine::Instant far = std::numeric_limits<int64_t>::max();
  const std::string ts = "-100000000000";
  auto r = Authenticate(auth, "vnpost", ts, SignWebhook(kSecret, ts, body),
                        body, far);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 401);
}

TEST(WebhookRequestTest, LongMultibyteDossierCodeIsAnswered400) {
  // The signed-request crash: "a" + 50 x "Ă" quoted in an error message.
  const CarrierTable table = Table();
  std::string code = "a";
  for (int i = 0; i < 50; ++i) code += "Ă";
  const json body = {{"carrier_event_id", "ev-1"},
                     {"tracking_number", "EB1VN"},
                     {"dossier_code", code},
                     {"status", "HCC-200"},
                     {"event_time", "2025-03-10T09:00:00+07:00"},
                     {"postal_worker", "Bưu"},
                     {"officer", "Hoa"},
                     {"record_number", "BB-1"}};
  auto parsed =
      ParseReport(table, "vnpost", body.dump(), "postal-webhook", kReportNow);
  ASSERT_TRUE(std::holds_alternative<engine::PostalCommand>(parsed));
  const auto& cmd = std::get<engine::PostalCommand>(parsed);
  // What the sink (services/postal_service.cc) answers for it.
  auto s = engine::ParseDossierCode(cmd.dossier_code, "dossier_code");
  ASSERT_FALSE(s.ok());
  HttpReply r;
  ASSERT_NO_THROW(r = ReplyFor(s.error(), cmd.report.kind));
  EXPECT_EQ(r.status, 400);
  const json j = ParseReply(r);
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j["error"]["field"], "dossier_code");
}

TEST(WebhookRequestTest, QuotedFieldsAreEscapedAndCut) {
  const CarrierTable table = Table();
  const json base = {{"carrier_event_id", "ev-1"},
                     {"tracking_number", "EB1VN"},
                     {"status", "HCC-200"},
                     {"event_time", "2025-03-10T09:00:00+07:00"}};
  struct Case {
    const char* key;
    std::string value;
    const char* field;
  };
  const Case cases[] = {
      {"status", "\u202Eevil\n" + std::string(3000, 'x'), "status"},
      {"event_time", "\u202E2025\r\n" + std::string(3000, 'y'), "event_time"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    json j = base;
    j[c.key] = c.value;
    auto r = ParseReport(table, "vnpost\xFF", j.dump(), "postal-webhook",
                         kReportNow);
    ASSERT_TRUE(std::holds_alternative<HttpReply>(r));
    const HttpReply& reply = std::get<HttpReply>(r);
    EXPECT_EQ(reply.status, 400);
    const json parsed = ParseReply(reply);
    ASSERT_TRUE(parsed.is_object()) << reply.body;
    EXPECT_EQ(parsed["error"]["field"], c.field);
    const std::string message = parsed["error"]["message"];
    EXPECT_EQ(message.find("\u202E"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find("\\u{202E}"), std::string::npos) << message;
    EXPECT_LT(message.size(), 400u) << message;
  }
}

}  // namespace
}  // namespace motcua::adapters

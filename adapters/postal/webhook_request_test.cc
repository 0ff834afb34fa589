#include "adapters/postal/webhook_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
  auto ok = ParseReport(table, "vnpost", good.dump(), "postal-webhook");
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
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParseReport(table, "vnpost", c.body, "postal-webhook");
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

}  // namespace
}  // namespace motcua::adapters

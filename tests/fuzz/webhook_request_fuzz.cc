// The carrier webhook's request handling without the network. The input is
// "<mode byte><carrier>\n<timestamp>\n<signature>\n<body>": mode bit 0 signs
// the request with the carrier's secret (so the body reaches ParseReport
// through Authenticate), bit 1 replaces the timestamp with the server's
// clock. Every reply must be JSON that parses and is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "adapters/postal/carrier_table.h"
#include "adapters/postal/webhook_request.h"
#include "carrier_statuses.h"
#include "engine/common/civil_time.h"
#include "engine/postal/decide_postal.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using motcua::adapters::CarrierTable;
using motcua::adapters::HttpReply;
using motcua::fuzz::Check;
using motcua::fuzz::CheckUtf8;

constexpr motcua::engine::Instant kNow =
    1'741'600'000 * motcua::engine::kMicrosPerSecond;
constexpr std::string_view kSecret = "fuzz-secret-0123456789abcdef";

const CarrierTable& Table() {
  static const CarrierTable* table = [] {
    auto t = CarrierTable::Parse(motcua::fuzz::kCarrierStatuses);
    Check(t.ok(), "shipped carrier table", t.ok() ? "" : t.error().message);
    return new CarrierTable(std::move(*t));
  }();
  return *table;
}

void CheckReply(const HttpReply& reply) {
  Check(reply.status >= 200 && reply.status < 600, "reply status");
  CheckUtf8(reply.body, "reply body is not UTF-8");
  auto json = nlohmann::json::parse(reply.body, nullptr,
                                    /*allow_exceptions=*/false);
  Check(!json.is_discarded(), "reply body is not JSON", reply.body);
}

// The next '\n'-terminated field of `rest` (all of it when there is none).
std::string_view Take(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view field = rest.substr(0, nl);
  rest =
      nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string_view carrier = Take(rest);
  std::string timestamp(Take(rest));
  std::string signature(Take(rest));
  std::string_view body = rest;

  if (mode & 2) timestamp = "1741600000";
  if (mode & 1) {
    signature = motcua::adapters::SignWebhook(kSecret, timestamp, body);
  }

  motcua::adapters::WebhookAuth auth;
  auth.secrets.emplace("vnpost", std::string(kSecret));
  auto denied = motcua::adapters::Authenticate(auth, carrier, timestamp,
                                               signature, body, kNow);
  if (denied) {
    Check(denied->status == 401, "authentication failure is not 401");
    CheckReply(*denied);
  }

  auto instant = motcua::adapters::ParseIsoInstant(timestamp);
  if (!instant.ok()) CheckUtf8(instant.error().message, "instant message");

  auto parsed = motcua::adapters::ParseReport(Table(), carrier, body,
                                              "postal-webhook", kNow);
  if (const auto* reply = std::get_if<HttpReply>(&parsed)) {
    CheckReply(*reply);
    return 0;
  }
  const auto& cmd = std::get<motcua::engine::PostalCommand>(parsed);
  motcua::engine::Status valid =
      motcua::engine::ValidatePostalCommand(cmd, kNow);
  motcua::engine::Result<motcua::engine::PostalOutcome> outcome =
      valid.ok() ? motcua::engine::Result<motcua::engine::PostalOutcome>(
                       motcua::engine::PostalOutcome{})
                 : motcua::engine::Result<motcua::engine::PostalOutcome>(
                       valid.error());
  CheckReply(motcua::adapters::ReplyFor(outcome, cmd.report.kind));
  return 0;
}

#include "engine/dossier/receipt.h"

#include <gtest/gtest.h>

#include <functional>

#include "engine/dossier/identifiers.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::engine {
namespace {

using motcua::testing::kMonday0930;
using motcua::testing::SampleCommand;

TEST(ReceiptTest, ValidCommandGivesTheFirstCodeOfTheDay) {
  auto e = Receive(SampleCommand(), kMonday0930, 0);
  ASSERT_TRUE(e.ok()) << e.error().message;
  const auto& body = std::get<DossierReceived>(e->body);
  EXPECT_EQ(body.code, "000.00.31.H12-260105-0001");
  EXPECT_EQ(body.sequence, 1u);
  EXPECT_EQ(body.received_at, kMonday0930);
  EXPECT_EQ(e->version, 1u);
  EXPECT_EQ(e->actor, "desk-01");
  Dossier d = Fold({*e});
  EXPECT_EQ(d.code, body.code);
  EXPECT_EQ(d.version, 1u);
  EXPECT_EQ(NationalStatus(d.state), 2);
}

TEST(ReceiptTest, CodeDateIsTheVietnameseDateOfReceipt) {
  ReceiveCommand c = SampleCommand();
  // 2026-01-04T17:30Z = 2026-01-05 00:30 in Hanoi.
  c.received_at = VietnamMidnight({2026, 1, 5}) + 30 * kMicrosPerMinute;
  auto e = Receive(c, kMonday0930, 41);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(std::get<DossierReceived>(e->body).code,
            "000.00.31.H12-260105-0042");
  c.received_at = VietnamMidnight({2026, 1, 5}) - 1;
  EXPECT_EQ(ReceiptDate(c, kMonday0930), (CivilDate{2026, 1, 4}));
}

TEST(ReceiptTest, PastNineThousandNineHundredNinetyNineWidensThenStops) {
  auto e = Receive(SampleCommand(), kMonday0930, 9999);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(std::get<DossierReceived>(e->body).code,
            "000.00.31.H12-260105-10000");
  auto full = Receive(SampleCommand(), kMonday0930, kMaxDailySequence);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kResourceExhausted);
}

TEST(ReceiptTest, EachBadFieldIsNamed) {
  struct Case {
    const char* field;
    std::function<void(ReceiveCommand&)> spoil;
  } cases[] = {
      {"client_id", [](ReceiveCommand& c) { c.client_id = ""; }},
      {"client_id", [](ReceiveCommand& c) { c.client_id = "desk 01"; }},
      {"request_id", [](ReceiveCommand& c) { c.request_id = ""; }},
      {"request_id",
       [](ReceiveCommand& c) { c.request_id = std::string(129, 'a'); }},
      {"agency_code",
       [](ReceiveCommand& c) {
         c.agency_code = "H12";
         c.agency_code += "-1";
       }},
      {"agency_code", [](ReceiveCommand& c) { c.agency_code = ""; }},
      {"procedure_code", [](ReceiveCommand& c) { c.procedure_code = "1.1"; }},
      {"applicant.full_name",
       [](ReceiveCommand& c) { c.applicant.full_name = ""; }},
      {"applicant.full_name",
       [](ReceiveCommand& c) {
         c.applicant.full_name = std::string(201, 'a');
       }},
      {"applicant.full_name",
       [](ReceiveCommand& c) { c.applicant.full_name = "An\xC3"; }},
      {"applicant.personal_id",
       [](ReceiveCommand& c) { c.applicant.personal_id = "00119001234"; }},
      {"applicant.personal_id",
       [](ReceiveCommand& c) { c.applicant.personal_id = "00119001234a"; }},
      {"applicant.phone",
       [](ReceiveCommand& c) { c.applicant.phone = "912345678"; }},
      {"applicant.phone",
       [](ReceiveCommand& c) { c.applicant.phone = "+840912345678"; }},
      {"applicant.address",
       [](ReceiveCommand& c) { c.applicant.address = std::string(501, 'a'); }},
      {"channel", [](ReceiveCommand& c) { c.channel.reset(); }},
      {"documents", [](ReceiveCommand& c) { c.documents.clear(); }},
      {"documents",
       [](ReceiveCommand& c) {
         c.documents.resize(101, {"x", 1, 0});
       }},
      {"documents[1].name",
       [](ReceiveCommand& c) { c.documents[1].name = ""; }},
      {"documents[0]", [](ReceiveCommand& c) { c.documents[0].originals = 0; }},
      {"documents[0]", [](ReceiveCommand& c) { c.documents[0].copies = 101; }},
      {"received_at",
       [](ReceiveCommand& c) {
         c.received_at = kMonday0930 + kMaxClockSkew + 1;
       }},
      {"received_at",
       [](ReceiveCommand& c) { c.received_at = kEarliestReceipt - 1; }},
  };
  for (const Case& tc : cases) {
    ReceiveCommand c = SampleCommand();
    tc.spoil(c);
    SCOPED_TRACE(tc.field);
    Status s = ValidateReceipt(c, kMonday0930);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().message.rfind(std::string(tc.field) + ":", 0), 0u)
        << s.error().message;
    EXPECT_FALSE(Receive(c, kMonday0930, 0).ok());
  }
}

TEST(ReceiptTest, AcceptsOptionalFieldsAndSkew) {
  ReceiveCommand c = SampleCommand();
  c.applicant.phone = "";
  c.applicant.address = "";
  c.received_at = kMonday0930 + kMaxClockSkew;
  EXPECT_TRUE(ValidateReceipt(c, kMonday0930).ok());
  c.applicant.phone = "+84912345678";
  c.received_at = kEarliestReceipt;
  EXPECT_TRUE(ValidateReceipt(c, kMonday0930).ok());
}

}  // namespace
}  // namespace motcua::engine

namespace motcua::engine {
namespace {

TEST(ReceiptPostalTest, TrackingNumberOnlyForPostalDossiers) {
  using motcua::testing::kMonday0930;
  ReceiveCommand cmd = motcua::testing::SampleCommand();
  struct Case {
    const char* name;
    Channel channel;
    const char* number;
    bool ok;
  };
  const Case cases[] = {
      {"postal with number", Channel::kPostal, "EB123456789VN", true},
      {"direct with number", Channel::kDirect, "EB123456789VN", false},
      {"empty number", Channel::kPostal, "", false},
      {"space in number", Channel::kPostal, "EB 1", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ReceiveCommand x = cmd;
    x.channel = c.channel;
    x.postal_tracking_number = c.number;
    Status s = ValidateReceipt(x, kMonday0930);
    EXPECT_EQ(s.ok(), c.ok);
    if (!s.ok()) {
      EXPECT_EQ(s.error().message.rfind("postal_tracking_number:", 0), 0u);
    }
  }
}

}  // namespace
}  // namespace motcua::engine

namespace motcua::engine {
namespace {

// Issue 11 item 13: the desk says whether it digitised the paper dossier;
// the receipt event keeps it (Decision 766/QĐ-TTg's digitisation share).
TEST(ReceiptTest, DigitisedAtReceiptIsKeptOnTheEvent) {
  ReceiveCommand cmd = motcua::testing::SampleCommand();
  cmd.digitized = true;
  auto e = Receive(cmd, motcua::testing::kMonday0930, 0);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_TRUE(std::get<DossierReceived>(e->body).digitized);
  EXPECT_TRUE(Fold({*e}).digitized);
  cmd.digitized = false;
  EXPECT_FALSE(std::get<DossierReceived>(
                   Receive(cmd, motcua::testing::kMonday0930, 0)->body)
                   .digitized);
}

}  // namespace
}  // namespace motcua::engine

#include "engine/dossier/identifiers.h"

#include <gtest/gtest.h>

namespace motcua::engine {
namespace {

TEST(AgencyCodeTest, AcceptsBothNationalFormats) {
  struct Case {
    const char* code;
    AgencyCodeFormat format;
  } cases[] = {
      {"000.00.31.H12", AgencyCodeFormat::kQcvn102},
      {"123.45.67.G01", AgencyCodeFormat::kQcvn102},
      {"H55.242", AgencyCodeFormat::kDecision20},
      {"H55", AgencyCodeFormat::kDecision20},
      {"G12.36.1", AgencyCodeFormat::kDecision20},
      {"H38.1.2.3.4.5.6.7.8.9.10.11.12.13", AgencyCodeFormat::kDecision20},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    auto f = ParseAgencyCode(c.code, "agency_code");
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(*f, c.format);
  }
}

TEST(AgencyCodeTest, RejectsMalformedNamingTheField) {
  const char* bad[] = {"",
                       "000.00.31.h12",
                       "00.00.31.H12",
                       "000.00.31.H1",
                       "000-00-31-H12",
                       "h55.242",
                       "H5.242",
                       "H55..242",
                       "H55.242.",
                       "H55.24 2",
                       "H55.123456789.123456789.123456789.12",  // 36 chars
                       "55H.242"};
  for (const char* code : bad) {
    SCOPED_TRACE(code);
    auto f = ParseAgencyCode(code, "agency_code");
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(f.error().message.rfind("agency_code: ", 0), 0u);
  }
}

TEST(ProcedureCodeTest, FormatsWithLocalSuffixes) {
  for (const char* ok :
       {"1.001234", "2.000635", "1.000948.H38", "1.011442.000.00.00.H38"}) {
    SCOPED_TRACE(ok);
    EXPECT_TRUE(ValidateProcedureCode(ok, "procedure_code").ok());
  }
  for (const char* bad : {"", "1.00123", "1.0012345", "12.001234", "1-001234",
                          "1.001234.", "1.001234.h38", "a.001234"}) {
    SCOPED_TRACE(bad);
    Status s = ValidateProcedureCode(bad, "procedure_code");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message.rfind("procedure_code: ", 0), 0u);
  }
}

TEST(DossierCodeTest, FormatsFourDigitsThenWidens) {
  EXPECT_EQ(FormatDossierCode("000.00.31.H12", {2026, 1, 5}, 7),
            "000.00.31.H12-260105-0007");
  EXPECT_EQ(FormatDossierCode("H55.242", {2030, 12, 31}, 9999),
            "H55.242-301231-9999");
  EXPECT_EQ(FormatDossierCode("H55.242", {2030, 12, 31}, 10000),
            "H55.242-301231-10000");
  EXPECT_EQ(FormatDossierCode("H55.242", {2030, 12, 31}, 99999),
            "H55.242-301231-99999");
}

TEST(DossierCodeTest, ParsesWhatItFormats) {
  for (uint32_t seq : {1u, 42u, 9999u, 10000u, 99999u}) {
    SCOPED_TRACE(seq);
    const std::string code = FormatDossierCode("H55.242", {2026, 2, 28}, seq);
    auto parts = ParseDossierCode(code, "code");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    EXPECT_EQ(parts->agency_code, "H55.242");
    EXPECT_EQ(parts->receipt_date, (CivilDate{2026, 2, 28}));
    EXPECT_EQ(parts->sequence, seq);
  }
}

TEST(DossierCodeTest, RejectsNonCanonicalSpellings) {
  for (const char* bad :
       {"", "H55.242", "H55.242-260105", "H55.242-260105-0000",
        "H55.242-260105-00007", "H55.242-260105-007", "H55.242-260230-0001",
        "H55.242-2601050-0001", "h55.242-260105-0001", "-260105-0001",
        "H55.242-260105-100000"}) {
    SCOPED_TRACE(bad);
    auto parts = ParseDossierCode(bad, "code");
    ASSERT_FALSE(parts.ok());
    EXPECT_EQ(parts.error().message.rfind("code: ", 0), 0u);
  }
}

}  // namespace
}  // namespace motcua::engine

#include "engine/access/access.h"

#include <gtest/gtest.h>

#include <memory>

namespace motcua::engine {
namespace {

Agency MakeAgency(std::string code, std::string parent, AgencyLevel level) {
  return {std::move(code),
          "Cơ quan",
          std::move(parent),
          level,
          {2000, 1, 1},
          std::nullopt,
          {},
          "vn"};
}

std::shared_ptr<const Catalogue> Tree() {
  CatalogueData data;
  data.agencies = {MakeAgency("H55", "", AgencyLevel::kProvince),
                   MakeAgency("H55.10", "H55", AgencyLevel::kDepartment),
                   MakeAgency("H55.10.1", "H55.10", AgencyLevel::kDistrict),
                   MakeAgency("H55.20", "H55", AgencyLevel::kDepartment)};
  auto c = Catalogue::Build(std::move(data));
  EXPECT_TRUE(c.ok()) << c.error().message;
  return std::make_shared<const Catalogue>(std::move(*c));
}

Principal Desk(std::vector<std::string> agencies) {
  Principal p;
  p.id = "p-1";
  p.name = "Bộ phận một cửa";
  p.roles = {Role::kDesk};
  p.agencies = std::move(agencies);
  return p;
}

TEST(AccessTest, AnAgencyCoversItsSubtreeOnly) {
  auto cat = Tree();
  const Principal p = Desk({"H55.10"});
  EXPECT_TRUE(CoversAgency(p, "H55.10", *cat));
  EXPECT_TRUE(CoversAgency(p, "H55.10.1", *cat));
  EXPECT_FALSE(CoversAgency(p, "H55", *cat));
  EXPECT_FALSE(CoversAgency(p, "H55.20", *cat));
  EXPECT_FALSE(CoversAgency(p, "H99", *cat));  // unknown to the catalogue
  EXPECT_TRUE(CoversAgency(Desk({"*"}), "H99", *cat));
  EXPECT_TRUE(CoversAgency(Desk({"H55"}), "H55.10.1", *cat));
  EXPECT_TRUE(InSubtree(*cat, "H55.10.1", "H55.10"));
  EXPECT_FALSE(InSubtree(*cat, "H55.20", "H55.10"));
}

TEST(AccessTest, RoleSpecsRoundTripAndBadOnesNameTheField) {
  Principal p = Desk({"H55"});
  ASSERT_TRUE(AddRoleSpec("carrier:vnpost", "roles[1]", p).ok());
  ASSERT_TRUE(AddRoleSpec("auditor", "roles[2]", p).ok());
  EXPECT_TRUE(ActsForCarrier(p, "vnpost"));
  EXPECT_FALSE(ActsForCarrier(p, "evil"));
  EXPECT_EQ(RoleSpecs(p),
            (std::vector<std::string>{"desk", "carrier:vnpost", "auditor"}));
  for (const char* bad :
       {"root", "carrier", "carrier:", "carrier:EVIL", "desk:H55", ""}) {
    Principal q;
    auto s = AddRoleSpec(bad, "roles[0]", q);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.error().message.find("roles[0]"), std::string::npos);
  }
}

TEST(AccessTest, ValidatePrincipalChecksEveryField) {
  EXPECT_TRUE(ValidatePrincipal(Desk({"H55.10"})).ok());
  EXPECT_TRUE(ValidatePrincipal(Desk({"*"})).ok());
  Principal no_agency = Desk({});
  EXPECT_FALSE(ValidatePrincipal(no_agency).ok());
  Principal bad_agency = Desk({"h55"});
  EXPECT_FALSE(ValidatePrincipal(bad_agency).ok());
  Principal no_name = Desk({"H55"});
  no_name.name = "\u200B";
  EXPECT_FALSE(ValidatePrincipal(no_name).ok());
  Principal no_role = Desk({"H55"});
  no_role.roles.clear();
  EXPECT_FALSE(ValidatePrincipal(no_role).ok());
  Principal twice = Desk({"H55"});
  twice.roles.push_back(Role::kDesk);
  EXPECT_FALSE(ValidatePrincipal(twice).ok());
  Principal carrier;
  carrier.name = "VNPost";
  ASSERT_TRUE(AddRoleSpec("carrier:vnpost", "roles", carrier).ok());
  EXPECT_TRUE(ValidatePrincipal(carrier).ok());
  carrier.agencies = {"H55"};
  EXPECT_FALSE(ValidatePrincipal(carrier).ok());
  Principal expired = Desk({"H55"});
  expired.created_at = 100;
  expired.expires_at = 100;
  EXPECT_FALSE(ValidatePrincipal(expired).ok());
}

TEST(AccessTest, UsableUntilExpiryOrRevocation) {
  Principal p = Desk({"H55"});
  p.expires_at = 1000;
  EXPECT_TRUE(IsUsable(p, 999));
  EXPECT_FALSE(IsUsable(p, 1000));
  p.expires_at = 0;
  EXPECT_TRUE(IsUsable(p, 1'000'000));
  p.revoked_at = 5;
  EXPECT_FALSE(IsUsable(p, 1));
}

TEST(AccessTest, MasksKeepTheEdgesAndNeverCutACharacter) {
  EXPECT_EQ(MaskDigits("079123456712"), "0791******12");
  EXPECT_EQ(MaskDigits("0912345678"), "0912****78");
  EXPECT_EQ(MaskDigits("123"), "***");
  EXPECT_EQ(MaskDigits(""), "");
  EXPECT_EQ(MaskName("Nguyễn Văn An"), "N*** V*** A***");
  EXPECT_EQ(MaskName("Ánh"), "Á***");
  EXPECT_EQ(MaskName("  Đỗ   Hà "), "Đ*** H***");
  Applicant a{"Nguyễn Văn An", "079123456712", "0912345678", "12 Lê Lợi"};
  MaskApplicant(a, /*in_list=*/false);
  EXPECT_EQ(a.full_name, "Nguyễn Văn An");
  EXPECT_EQ(a.address, "***");
  MaskApplicant(a, /*in_list=*/true);
  EXPECT_EQ(a.full_name, "N*** V*** A***");
}

TEST(AccessTest, ParticipantsAreTheReceiverTheHolderAndEveryHandover) {
  Dossier d;
  d.agency_code = "H55.10";
  d.holder_agency = "H55.20";
  DossierEvent e;
  DossierTransitioned t;
  t.agency_code = "H55.10";
  t.to_agency = "H55.30";
  e.body = t;
  EXPECT_EQ(ParticipatingAgencies(d, {e}),
            (std::vector<std::string>{"H55.10", "H55.20", "H55.30"}));
}

}  // namespace
}  // namespace motcua::engine

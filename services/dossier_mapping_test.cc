#include "services/dossier_mapping.h"

#include <gtest/gtest.h>

#include "tests/fakes/sample_dossiers.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;

pb::SubmitDossierRequest SampleRequest() {
  pb::SubmitDossierRequest r;
  r.set_client_id("desk-01");
  r.set_request_id("req-1");
  r.set_agency_code("H55.242");
  r.set_procedure_code("1.000948.H38");
  r.mutable_applicant()->set_full_name("Trần Văn Bình");
  r.mutable_applicant()->set_personal_id("079201001234");
  r.set_channel(pb::CHANNEL_POSTAL);
  auto* d = r.add_documents();
  d->set_name("Đơn đề nghị");
  d->set_originals(1);
  return r;
}

TEST(DossierMappingTest, CarriesEveryField) {
  pb::SubmitDossierRequest r = SampleRequest();
  r.mutable_received_at()->set_seconds(1767580200);
  r.mutable_received_at()->set_nanos(123456789);
  auto c = FromProto(r);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->client_id, "desk-01");
  EXPECT_EQ(c->agency_code, "H55.242");
  EXPECT_EQ(c->procedure_code, "1.000948.H38");
  EXPECT_EQ(c->applicant.full_name, "Trần Văn Bình");
  EXPECT_EQ(c->channel, engine::Channel::kPostal);
  ASSERT_EQ(c->documents.size(), 1u);
  EXPECT_EQ(c->documents[0].originals, 1u);
  EXPECT_EQ(c->received_at, 1767580200123456LL);
}

TEST(DossierMappingTest, UnsetChannelAndTimeStayUnset) {
  pb::SubmitDossierRequest r = SampleRequest();
  r.clear_channel();
  auto c = FromProto(r);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->channel.has_value());
  EXPECT_FALSE(c->received_at.has_value());
}

TEST(DossierMappingTest, UnrepresentableValuesNameTheField) {
  pb::SubmitDossierRequest r = SampleRequest();
  r.set_channel(static_cast<pb::Channel>(42));
  auto c = FromProto(r);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.rfind("channel:", 0), 0u);

  r = SampleRequest();
  r.mutable_received_at()->set_nanos(-1);
  c = FromProto(r);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.rfind("received_at:", 0), 0u);
}

TEST(DossierMappingTest, DossierToProto) {
  auto e = engine::Receive(motcua::testing::SampleCommand(),
                           motcua::testing::kMonday0930, 0);
  ASSERT_TRUE(e.ok());
  const engine::Dossier d = engine::Fold({*e});
  pb::Dossier p;
  ToProto(d, &p);
  EXPECT_EQ(p.code(), "000.00.31.H12-260105-0001");
  EXPECT_EQ(p.state(), pb::DOSSIER_STATE_RECEIVED);
  EXPECT_EQ(p.national_status(), 2);
  EXPECT_EQ(p.version(), 1u);
  EXPECT_EQ(
      p.received_at().seconds() * 1000000 + p.received_at().nanos() / 1000,
      motcua::testing::kMonday0930);
  EXPECT_EQ(p.documents_size(), 2);
  EXPECT_EQ(p.submitted_by(), "desk-01");
}

}  // namespace
}  // namespace motcua::services

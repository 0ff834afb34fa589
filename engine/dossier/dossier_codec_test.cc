#include "engine/dossier/dossier_codec.h"

#include <gtest/gtest.h>

#include "engine/dossier/receipt.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::engine {
namespace {

DossierEvent SampleEvent() {
  auto e = Receive(motcua::testing::SampleCommand(), motcua::testing::kMonday0930, 6);
  EXPECT_TRUE(e.ok());
  return *e;
}

TEST(DossierCodecTest, EventAndDossierRoundTrip) {
  const DossierEvent e = SampleEvent();
  auto decoded = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, e);

  const Dossier d = Fold({e});
  auto back = DecodeDossier(EncodeDossier(d));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, d);
}

TEST(DossierCodecTest, ReplayOfStoredEventsGivesStoredState) {
  const DossierEvent e = SampleEvent();
  auto replayed = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(Fold({*replayed}), Fold({e}));
}

TEST(DossierCodecTest, CorruptOrTruncatedIsInternal) {
  const std::string bytes = EncodeDossier(Fold({SampleEvent()}));
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    auto d = DecodeDossier(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kInternal);
  }
  std::string future = bytes;
  future[0] = 3;
  EXPECT_FALSE(DecodeDossier(future).ok());
  EXPECT_FALSE(DecodeDossier(bytes + "x").ok());
  std::string event = EncodeEvent(SampleEvent());
  EXPECT_FALSE(DecodeEvent(event.substr(0, event.size() - 1)).ok());
}

}  // namespace
}  // namespace motcua::engine

#include "engine/lifecycle/portal_sync.h"

#include <gtest/gtest.h>

#include "engine/common/status_testing.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::Submission;
using testing::Walker;
using T = Transition;

const Instant kReceived = At(2026, 1, 5, 9, 30);
const Instant kNow = At(2026, 1, 6, 8, 0);

// Received, then transferred: version 2.
Dossier Transferred() {
  Walker w;
  EXPECT_TRUE(
      w.Receive(Submission("H55.41", "1.001022", Channel::kDirect, kReceived))
          .ok());
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  EXPECT_TRUE(w.Do(transfer).ok());
  EXPECT_EQ(w.dossier().version, 2u);
  return w.dossier();
}

PortalSyncCommand Sync(uint64_t version, std::string reference = "",
                       std::optional<Instant> at = std::nullopt) {
  return PortalSyncCommand{version, std::move(reference), at};
}

TEST(DecidePortalSyncTest, RefusesWhatThePortalCannotHold) {
  const Dossier d = Transferred();
  struct Case {
    PortalSyncCommand cmd;
    ErrorCode code;
    std::string message_start;
  };
  const std::vector<Case> cases = {
      {Sync(0), ErrorCode::kInvalidArgument, "synced_version:"},
      {Sync(1, std::string(65, 'a')), ErrorCode::kInvalidArgument,
       "portal_reference:"},
      {Sync(1, "G22.\xff"), ErrorCode::kInvalidArgument, "portal_reference:"},
      {Sync(1, "has space"), ErrorCode::kInvalidArgument, "portal_reference:"},
      {Sync(1, "", kNow + 1), ErrorCode::kInvalidArgument, "synced_at:"},
      {Sync(1, "", kReceived - 1), ErrorCode::kInvalidArgument, "synced_at:"},
      {Sync(3), ErrorCode::kFailedPrecondition,
       "cannot record the portal sync of dossier"},
  };
  for (const Case& c : cases) {
    auto r = DecidePortalSync(d, c.cmd, kNow, "portal-sync");
    ASSERT_FALSE(r.ok()) << c.message_start;
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
    EXPECT_EQ(r.error().message.rfind(c.message_start, 0), 0u)
        << r.error().message;
  }
}

TEST(DecidePortalSyncTest, RecordsTheHighestVersionAndChangesNothingElse) {
  Dossier d = Transferred();
  const Dossier before = d;
  auto r = DecidePortalSync(d, Sync(2, "G22.49-260105-0001", kNow - 60), kNow,
                            "portal-sync");
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 1u);
  const DossierEvent& e = r->front();
  EXPECT_EQ(e.version, 3u);
  EXPECT_EQ(e.actor, "portal-sync");
  EXPECT_EQ(e.recorded_at, kNow);
  const auto& body = std::get<PortalSynced>(e.body);
  EXPECT_EQ(body.synced_version, 2u);
  EXPECT_EQ(body.at, kNow - 60);
  Apply(d, e);
  EXPECT_EQ(d.portal_synced_version, 2u);
  EXPECT_EQ(d.portal_synced_at, kNow - 60);
  EXPECT_EQ(d.portal_reference, "G22.49-260105-0001");
  EXPECT_EQ(d.state, before.state);
  EXPECT_EQ(d.last_event_at, before.last_event_at);
  EXPECT_EQ(d.appointment, before.appointment);
  EXPECT_EQ(d.clock, before.clock);

  // An older or equal acknowledgement (a retry arriving late) is nothing
  // to do; a later one moves the version, and an empty reference keeps the
  // one given before.
  auto older = DecidePortalSync(d, Sync(1), kNow, "portal-sync");
  ASSERT_OK(older);
  EXPECT_TRUE(older->empty());
  auto same = DecidePortalSync(d, Sync(2), kNow, "portal-sync");
  ASSERT_OK(same);
  EXPECT_TRUE(same->empty());
  auto newer = DecidePortalSync(d, Sync(3), kNow, "portal-sync");
  ASSERT_OK(newer);
  ASSERT_EQ(newer->size(), 1u);
  EXPECT_EQ(std::get<PortalSynced>(newer->front().body).at, kNow);
  Apply(d, newer->front());
  EXPECT_EQ(d.portal_synced_version, 3u);
  EXPECT_EQ(d.portal_reference, "G22.49-260105-0001");
}

TEST(DecidePortalSyncTest, EventAndDossierSurviveTheCodec) {
  Dossier d = Transferred();
  auto r = DecidePortalSync(d, Sync(2, "ref:1/2"), kNow, "portal-sync");
  ASSERT_OK(r);
  const std::string bytes = EncodeEvent(r->front());
  auto back = DecodeEvent(bytes);
  ASSERT_OK(back);
  EXPECT_EQ(*back, r->front());
  // A truncated event is corrupt, not misread.
  EXPECT_FALSE(DecodeEvent(bytes.substr(0, bytes.size() - 1)).ok());

  Apply(d, r->front());
  const std::string state = EncodeDossier(d);
  ASSERT_EQ(state[0], kDossierFormat);
  auto decoded = DecodeDossier(state);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, d);
  // A dossier never synchronised round-trips with no acknowledgement.
  auto never = DecodeDossier(EncodeDossier(Transferred()));
  ASSERT_OK(never);
  EXPECT_EQ(never->portal_synced_version, 0u);
}

}  // namespace
}  // namespace motcua::engine

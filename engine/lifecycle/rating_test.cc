#include "engine/lifecycle/rating.h"

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

const Instant kNow = At(2026, 1, 10, 20, 15);

// A one-step dossier taken as far as `last` (received, then transfer, start,
// result ready, returned).
Dossier WalkTo(DossierState last) {
  Walker w;
  EXPECT_TRUE(w.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                   At(2026, 1, 5, 9, 30)))
                  .ok());
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  const LifecycleCommand steps[] = {
      transfer,
      Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5)),
      Cmd(T::kMarkResultReady, "H55.41", At(2026, 1, 8, 15, 0)),
      Cmd(T::kReturnResult, "H55.41", At(2026, 1, 9, 8, 0)),
  };
  for (const LifecycleCommand& c : steps) {
    if (w.dossier().state == last) break;
    EXPECT_TRUE(w.Do(c).ok());
  }
  EXPECT_EQ(w.dossier().state, last);
  return w.dossier();
}

Dossier Returned() {
  static const Dossier d = WalkTo(DossierState::kReturned);
  return d;
}

TEST(DecideRatingTest, RulesTable) {
  Dossier rated = Returned();
  rated.rating = DossierRated{2, false, "", At(2026, 1, 9, 19, 0)};
  struct Case {
    const char* name;
    Dossier dossier;
    int rating;
    std::string comment;
    std::optional<ErrorCode> error;  // nullopt: accepted
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"very satisfied", Returned(), 1, "", std::nullopt, ""},
      {"unsatisfied with comment", Returned(), 4, "Chờ lâu.\nNhân viên vắng.",
       std::nullopt, ""},
      {"comment of 500 characters", Returned(), 3, std::string(500, 'a'),
       std::nullopt, ""},
      {"Vietnamese 500 characters (1000 bytes)", Returned(), 3,
       [] {
         std::string s;
         for (int i = 0; i < 500; ++i) s += "ệ";
         return s;
       }(),
       std::nullopt, ""},
      {"rating 0", Returned(), 0, "", ErrorCode::kInvalidArgument, "rating: "},
      {"rating 5", Returned(), 5, "", ErrorCode::kInvalidArgument, "rating: "},
      {"comment too long", Returned(), 2, std::string(501, 'a'),
       ErrorCode::kInvalidArgument, "comment: 501 characters"},
      {"comment not UTF-8", Returned(), 2, "\xC3(", ErrorCode::kInvalidArgument,
       "comment: "},
      {"comment with a control character", Returned(), 2, "a\x07",
       ErrorCode::kInvalidArgument, "comment"},
      {"bad rating reported before state", WalkTo(DossierState::kInProcessing),
       9, "", ErrorCode::kInvalidArgument, "rating: "},
      {"in processing", WalkTo(DossierState::kInProcessing), 1, "",
       ErrorCode::kFailedPrecondition,
       "it is in_processing; it can be rated once its result is returned"},
      {"result ready, not returned", WalkTo(DossierState::kResultReady), 1, "",
       ErrorCode::kFailedPrecondition, "once its result is returned"},
      {"already rated", rated, 1, "", ErrorCode::kFailedPrecondition,
       "was already rated on 2026-01-09"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto events = DecideRating(c.dossier, c.rating, false, c.comment, kNow);
    if (c.error) {
      ASSERT_FALSE(events.ok());
      EXPECT_EQ(events.error().code, *c.error);
      EXPECT_NE(events.error().message.find(c.message_part), std::string::npos)
          << events.error().message;
      if (*c.error == ErrorCode::kInvalidArgument) {
        EXPECT_EQ(events.error().message.find(c.message_part), 0u);
      } else {
        EXPECT_NE(events.error().message.find(c.dossier.code),
                  std::string::npos)
            << events.error().message;
      }
      continue;
    }
    ASSERT_OK(events);
    ASSERT_EQ(events->size(), 1u);
    const DossierEvent& e = events->front();
    EXPECT_EQ(e.version, c.dossier.version + 1);
    EXPECT_EQ(e.recorded_at, kNow);
    EXPECT_EQ(e.actor, "citizen");
    EXPECT_EQ(std::get<DossierRated>(e.body),
              (DossierRated{c.rating, false, c.comment, kNow}));
  }
}

TEST(DecideRatingTest, ApplyRecordsTheRatingOnlyAndASecondIsRefused) {
  const Dossier before = Returned();
  auto events = DecideRating(before, 2, true, "Phản ánh: thu phí sai", kNow);
  ASSERT_OK(events);
  Dossier after = before;
  Apply(after, events->front());
  Dossier expected = before;
  expected.version = before.version + 1;
  expected.rating = DossierRated{2, true, "Phản ánh: thu phí sai", kNow};
  EXPECT_EQ(after, expected);  // state, clock, last_event_at untouched
  EXPECT_TRUE(CountsAsUnsatisfied(*after.rating));  // the complaint decides

  auto again = DecideRating(after, 1, false, "", kNow + kMicrosPerDay);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(again.error().message.find("already rated on 2026-01-10"),
            std::string::npos)
      << again.error().message;

  // The stored forms replay to the same state.
  auto decoded = DecodeEvent(EncodeEvent(events->front()));
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, events->front());
  auto state = DecodeDossier(EncodeDossier(after));
  ASSERT_OK(state);
  EXPECT_EQ(*state, after);
}

TEST(DecideRatingTest, ScaleNamesAndUnsatisfied) {
  struct Case {
    int rating;
    bool complaint;
    const char* name;
    bool unsatisfied;
  };
  const Case cases[] = {
      {1, false, "rất hài lòng", false},   {2, false, "hài lòng", false},
      {3, false, "chấp nhận được", false}, {4, false, "không hài lòng", true},
      {1, true, "rất hài lòng", true},     {3, true, "chấp nhận được", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rating);
    EXPECT_EQ(RatingNameVi(c.rating), c.name);
    EXPECT_EQ(CountsAsUnsatisfied(DossierRated{c.rating, c.complaint, "", 0}),
              c.unsatisfied);
  }
  EXPECT_EQ(RatingNameVi(0), "");
  EXPECT_EQ(RatingNameVi(5), "");
}

}  // namespace
}  // namespace motcua::engine

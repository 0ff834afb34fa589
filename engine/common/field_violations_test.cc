#include "engine/common/field_violations.h"

#include <gtest/gtest.h>

#include "engine/common/text.h"

namespace motcua::engine {
namespace {

TEST(FieldViolationsTest, NothingAddedIsOk) {
  FieldViolations v;
  EXPECT_TRUE(v.Add(Status()));
  // A named value: GCC 12 at -O1 with ASan warns (maybe-uninitialized,
  // a false positive inside std::variant) on a temporary Result here.
  const Result<int> three = 3;
  EXPECT_TRUE(v.Add(three));
  EXPECT_TRUE(v.ok());
  EXPECT_TRUE(v.ToStatus().ok());
}

TEST(FieldViolationsTest, CollectsEveryViolationAndNamesTheFirst) {
  FieldViolations v;
  EXPECT_FALSE(v.Add(InvalidArgument("applicant.phone: not a phone number")));
  EXPECT_FALSE(v.Add(Result<int>(InvalidArgument("documents[2].name: empty"))));
  v.Add("channel", "required");
  const Status s = v.ToStatus();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().message,
            "applicant.phone: not a phone number (and 2 more: "
            "documents[2].name, channel)");
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[0],
            (FieldViolation{"applicant.phone", "not a phone number"}));
  EXPECT_EQ(v.violations()[1], (FieldViolation{"documents[2].name", "empty"}));
  EXPECT_EQ(v.violations()[2], (FieldViolation{"channel", "required"}));
}

TEST(FieldViolationsTest, OneViolationKeepsTheMessage) {
  FieldViolations v;
  v.Add(InvalidArgument("code: malformed"));
  EXPECT_EQ(v.ToStatus().error().message, "code: malformed");
  EXPECT_EQ(v.violations().size(), 1u);
}

TEST(FieldViolationsTest, OneViolationPerField) {
  FieldViolations v;
  v.Add("channel", "unknown value 9");
  v.Add("channel", "required");
  ASSERT_EQ(v.violations().size(), 1u);
  EXPECT_EQ(v.ToStatus().error().message, "channel: unknown value 9");
}

TEST(FieldViolationsTest, AnotherCodeFirstWins) {
  FieldViolations v;
  v.Add(NotFound("dossier X: no such dossier"));
  v.Add(InvalidArgument("x: bad"));
  EXPECT_EQ(v.ToStatus().error().code, ErrorCode::kNotFound);
}

TEST(FieldViolationsTest, ViolationOfParsesTheFieldFromTheMessage) {
  EXPECT_EQ(ViolationOf("items[3].at: required"),
            (FieldViolation{"items[3].at", "required"}));
  EXPECT_EQ(ViolationOf("request does not parse: x"),
            (FieldViolation{"", "request does not parse: x"}));
}

TEST(FieldViolationsTest, OtherCodesAreNoViolation) {
  FieldViolations v;
  v.Add("x", "bad");
  v.Add(NotFound("y: none"));
  EXPECT_EQ(v.violations().size(), 1u);
  EXPECT_EQ(v.ToStatus().error().code, ErrorCode::kInvalidArgument);
}

TEST(FieldViolationsTest, IdempotencyKeyNamesBothFields) {
  FieldViolations v;
  CheckIdempotencyKey("", "has space", v);
  ASSERT_EQ(v.violations().size(), 2u);
  EXPECT_EQ(v.violations()[0].field, "client_id");
  EXPECT_EQ(v.violations()[1].field, "request_id");
  // The Status form says the same, naming the first.
  EXPECT_EQ(ValidateIdempotencyKey("", "has space").error().message,
            v.ToStatus().error().message);
}

}  // namespace
}  // namespace motcua::engine

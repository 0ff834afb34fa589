#include "services/rate_limiter.h"

#include <gtest/gtest.h>

namespace motcua::services {
namespace {

using std::chrono::seconds;

TEST(RateLimiterTest, BurstThenRefill) {
  RateLimiter limiter({.per_minute = 6, .burst = 3, .max_keys = 10});
  const auto t0 = RateLimiter::Clock::time_point{} + seconds(1000);
  EXPECT_TRUE(limiter.Allow("1.2.3.4", t0));
  EXPECT_TRUE(limiter.Allow("1.2.3.4", t0));
  EXPECT_TRUE(limiter.Allow("1.2.3.4", t0));
  EXPECT_FALSE(limiter.Allow("1.2.3.4", t0));
  EXPECT_TRUE(limiter.Allow("5.6.7.8", t0));  // another caller is unaffected
  EXPECT_FALSE(limiter.Allow("1.2.3.4", t0 + seconds(9)));
  EXPECT_TRUE(limiter.Allow("1.2.3.4", t0 + seconds(10)));  // 6/min
  EXPECT_FALSE(limiter.Allow("1.2.3.4", t0 + seconds(10)));
}

TEST(RateLimiterTest, MemoryStaysBounded) {
  RateLimiter limiter({.per_minute = 60, .burst = 1, .max_keys = 4});
  const auto t0 = RateLimiter::Clock::time_point{} + seconds(1000);
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(limiter.Allow("k" + std::to_string(i), t0));
  }
  // A caller that was dropped starts again with a full bucket; one that is
  // tracked and empty is still refused.
  EXPECT_FALSE(limiter.Allow("k99", t0));
}

}  // namespace
}  // namespace motcua::services

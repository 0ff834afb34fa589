#include "runtime/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace motcua::runtime {
namespace {

TEST(HistogramTest, CountsAreCumulativeAndBoundsInclusive) {
  Histogram h({1, 5, 10});
  h.Observe(0.5);
  h.Observe(1);  // on a bound: counted in that bucket (le = "<=")
  h.Observe(7);
  h.Observe(11);  // only in +Inf
  const Histogram::Reading r = h.Read();
  EXPECT_EQ(r.bounds, (std::vector<double>{1, 5, 10}));
  EXPECT_EQ(r.cumulative, (std::vector<uint64_t>{2, 2, 3}));
  EXPECT_EQ(r.count, 4u);
  EXPECT_DOUBLE_EQ(r.sum, 19.5);
}

TEST(HistogramTest, ConcurrentObservationsAreAllCounted) {
  Histogram h(LatencyBounds());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h] {
      for (int i = 0; i < 1000; ++i) h.Observe(0.002);
    });
  }
  for (auto& t : threads) t.join();
  const Histogram::Reading r = h.Read();
  EXPECT_EQ(r.count, 4000u);
  EXPECT_EQ(r.cumulative.back(), 4000u);
  EXPECT_EQ(r.cumulative.front(), 0u);  // 0.5 ms
  EXPECT_NEAR(r.sum, 8.0, 1e-9);
}

}  // namespace
}  // namespace motcua::runtime

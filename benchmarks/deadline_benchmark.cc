// Google Benchmark for the two hot calendar questions: the appointment of a
// 30-working-day budget (what the desk prints) and the reading of a
// suspended clock (what GetDossier and the sweeper ask). Not a test.
//
//   build/bin/deadline_benchmark
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "engine/deadline/deadline.h"
#include "engine/deadline/deadline_clock.h"

namespace motcua::engine {
namespace {

std::shared_ptr<const WorkingCalendar> Calendar() {
  auto cal = WorkingCalendar::Create(CalendarConfig{.name = "vn"}, {}, 1);
  if (!cal.ok()) std::abort();
  return *cal;
}

Instant At(CivilDate d, int hour, int minute) {
  return VietnamMidnight(d) + hour * kMicrosPerHour + minute * kMicrosPerMinute;
}

void BM_ComputeDeadline30WorkingDays(benchmark::State& state) {
  const auto cal = Calendar();
  // Receipts spread over a year, so no single day table entry stays hot.
  std::vector<Instant> receipts;
  for (int i = 0; i < 365; ++i) {
    receipts.push_back(
        At(CivilFromDays(DaysFromCivil({2026, 1, 1}) + i), 9, 30));
  }
  size_t i = 0;
  for (auto _ : state) {
    auto d = ComputeDeadline(*cal, receipts[i++ % receipts.size()],
                             Budget::WorkingDays(30));
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_ComputeDeadline30WorkingDays);

void BM_ReadSuspendedClock(benchmark::State& state) {
  const auto cal = Calendar();
  auto clock = DeadlineClock::Start(*cal, At({2026, 1, 12}, 9, 30),
                                    Budget::WorkingDays(30));
  if (!clock.ok()) std::abort();
  // Suspended for a supplement across Tết 2026, read weeks later.
  if (!clock
           ->Suspend(*cal, At({2026, 1, 20}, 10, 0),
                     SuspensionReason::kSupplement)
           .ok()) {
    std::abort();
  }
  const Instant now = At({2026, 2, 25}, 14, 0);
  for (auto _ : state) {
    auto r = clock->Read(*cal, now);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ReadSuspendedClock);

}  // namespace
}  // namespace motcua::engine

BENCHMARK_MAIN();

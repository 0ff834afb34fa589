// Google Benchmark for the report index: Form 06 for one quarter over 1M
// report facts (the target: under 150 ms on the 2-core machine;
// PostgreSQL 15 needs ~320 ms for the same report), the Decision 766
// indicators, the overdue list, and the per-dossier costs the write path
// pays (FactOf, EncodeFact). Not a test.
//
//   build/bin/report_benchmark
//
// The facts come from the synthetic generator (synthetic.h): 1M dossiers
// received over a year, 120 agencies, 15 fields, 40% online, ~5% late.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "engine/report/form06.h"
#include "engine/report/indicators.h"
#include "engine/report/listing.h"
#include "engine/report/synthetic.h"

namespace motcua::engine {
namespace {

struct Data {
  SyntheticGenerator gen;
  FactDictionary dict;
  std::vector<ReportFact> facts;
  std::vector<std::string> codes;
};

const Data& Facts(int n) {
  static std::vector<std::pair<int, Data*>> cache;
  for (auto& [size, data] : cache) {
    if (size == n) return *data;
  }
  auto gen = SyntheticGenerator::Create({.dossiers = n});
  if (!gen.ok()) std::abort();
  auto* data = new Data{*gen, gen->dictionary(), {}};
  data->facts.reserve(n);
  for (int i = 0; i < n; ++i) {
    auto f = FactOf(gen->Generate(i), gen->calendar(), data->dict);
    if (!f.ok()) std::abort();
    data->facts.push_back(*f);
    data->codes.push_back(gen->Generate(i).code);
  }
  cache.emplace_back(n, data);
  return *data;
}

void BM_Form06Quarter(benchmark::State& state) {
  const Data& data = Facts(static_cast<int>(state.range(0)));
  const Period q = *Quarter(2026, 2);
  int64_t received = 0;
  for (auto _ : state) {
    Form06 form = BuildForm06(data.facts, q, ReportConfig{}, data.dict);
    // Columns 4 + 5 (column 3 also counts those carried over, col 6).
    received = form.total[4] + form.total[5];
    benchmark::DoNotOptimize(form);
  }
  state.counters["facts"] = static_cast<double>(data.facts.size());
  state.counters["received_in_q"] = static_cast<double>(received);
  state.counters["bytes_per_fact"] = sizeof(ReportFact);
  state.counters["facts_per_s"] =
      benchmark::Counter(static_cast<double>(data.facts.size()),
                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Form06Quarter)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_Form06Year(benchmark::State& state) {
  const Data& data = Facts(static_cast<int>(state.range(0)));
  const Period y = *Year(2026);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        BuildForm06(data.facts, y, ReportConfig{}, data.dict));
  }
}
BENCHMARK(BM_Form06Year)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_IndicatorsQuarterByProcedure(benchmark::State& state) {
  const Data& data = Facts(static_cast<int>(state.range(0)));
  const Period q = *Quarter(2026, 2);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        BuildIndicators(data.facts, q, IndicatorGroup::kProcedure));
  }
}
BENCHMARK(BM_IndicatorsQuarterByProcedure)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_OverdueAt(benchmark::State& state) {
  const Data& data = Facts(static_cast<int>(state.range(0)));
  const Instant t = data.gen.as_of();
  size_t n = 0;
  for (auto _ : state) {
    auto list = OverdueAt(data.facts, t);
    n = list.size();
    benchmark::DoNotOptimize(list);
  }
  state.counters["overdue"] = static_cast<double>(n);
}
BENCHMARK(BM_OverdueAt)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// A filtered ListDossiers page (100 dossiers) over 1M facts: one commune's
// open dossiers (about 0.2% of all), then every open dossier of one
// department held by another agency, then an unfiltered first page.
void BM_ListingCandidates(benchmark::State& state) {
  const Data& data = Facts(1'000'000);
  ListingFilter filter;
  const uint16_t commune = data.facts[data.facts.size() - 1].agency;
  switch (state.range(0)) {
    case 0:
      filter.agency = commune;
      filter.ends_mask = 1u << static_cast<int>(FactEnd::kOpen);
      break;
    case 1:
      filter.ends_mask = 1u << static_cast<int>(FactEnd::kOpen);
      filter.procedure = data.facts[0].procedure;
      break;
    default:
      break;
  }
  size_t n = 0;
  for (auto _ : state) {
    auto page = ListingCandidates(data.facts, data.codes, filter, "", 100);
    n = page.size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["page"] = static_cast<double>(n);
}
BENCHMARK(BM_ListingCandidates)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond);

void BM_FactOfGeneratedDossier(benchmark::State& state) {
  const Data& data = Facts(100'000);
  std::vector<Dossier> dossiers;
  for (int i = 0; i < 1000; ++i) dossiers.push_back(data.gen.Generate(i));
  FactDictionary dict = data.dict;
  size_t i = 0;
  for (auto _ : state) {
    auto f = FactOf(dossiers[i++ % dossiers.size()], data.gen.calendar(), dict);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_FactOfGeneratedDossier);

void BM_EncodeDecodeFact(benchmark::State& state) {
  const Data& data = Facts(100'000);
  size_t i = 0;
  for (auto _ : state) {
    auto f = DecodeFact(EncodeFact(data.facts[i++ % data.facts.size()]));
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_EncodeDecodeFact);

}  // namespace
}  // namespace motcua::engine

BENCHMARK_MAIN();

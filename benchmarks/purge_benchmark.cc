// The personal-data purge's daily cost (runtime/personal_data_purge.h): a
// pass reads every dossier snapshot from RocksDB and asks PurgeDue of each.
// BM_DailyPassNothingDue is what every day costs once the dossiers purged
// that day are done; per dossier, so a province's figure is this times its
// dossier count. Dossiers come from the synthetic generator (report tests'
// realistic mix), stored as snapshots through the store's Commit.
//
//   build-bench/bin/purge_benchmark --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/report/synthetic.h"
#include "runtime/personal_data_purge.h"
#include "runtime/sequencer.h"

namespace {

using namespace motcua;

class FixedClock final : public engine::Clock {
 public:
  explicit FixedClock(engine::Instant now) : now_(now) {}
  engine::Instant Now() const override { return now_; }

 private:
  engine::Instant now_;
};

// A RocksDB store in a temporary directory holding `n` synthetic dossiers.
struct Dataset {
  std::string dir;
  std::unique_ptr<adapters::RocksDbStore> store;
};

// The dataset of the last Load; closed and removed by Unload, before
// RocksDB's own statics go at exit.
std::unique_ptr<Dataset> cached;
int cached_n = 0;

void Unload() {
  if (!cached) return;
  const std::string dir = cached->dir;
  cached.reset();
  std::filesystem::remove_all(dir);
}

Dataset& Load(int n) {
  if (cached && cached_n == n) return *cached;
  Unload();
  char tmpl[] = "/tmp/motcua-purge-bench-XXXXXX";
  auto data = std::make_unique<Dataset>();
  data->dir = mkdtemp(tmpl);
  auto store = adapters::RocksDbStore::Open({data->dir + "/db"});
  if (!store.ok()) std::abort();
  data->store = std::move(*store);
  auto gen = engine::SyntheticGenerator::Create({.dossiers = n});
  if (!gen.ok()) std::abort();
  engine::CommitBatch batch;
  for (int i = 0; i < n; ++i) {
    batch.dossiers.push_back(gen->Generate(i));
    if (batch.dossiers.size() == 1000 || i + 1 == n) {
      if (!data->store->Commit(batch).ok()) std::abort();
      batch = {};
    }
  }
  cached = std::move(data);
  cached_n = n;
  return *cached;
}

void BM_DailyPassNothingDue(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Dataset& data = Load(n);
  // Received from 2025-12; a 50-year period: nothing is due, every
  // snapshot is read and judged.
  FixedClock clock(engine::VietnamMidnight({2027, 6, 1}));
  auto seq = runtime::Sequencer::Start(*data.store, clock);
  if (!seq.ok()) std::abort();
  runtime::PersonalDataPurger purger(**seq, *data.store, clock,
                                     {.retention_years = 50});
  size_t examined = 0;
  for (auto _ : state) {
    auto report = purger.PurgeOnce();
    if (!report.ok() || report->purged != 0) std::abort();
    examined = report->examined;
  }
  state.counters["dossiers"] = static_cast<double>(examined);
  state.counters["seconds_per_dossier"] = benchmark::Counter(
      static_cast<double>(examined) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
      benchmark::Counter::kIs1000);
}
BENCHMARK(BM_DailyPassNothingDue)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  Unload();
  benchmark::Shutdown();
  return 0;
}

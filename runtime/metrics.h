// Metrics the runtime records for operators, in plain C++ (atomics), so the
// write path depends on no metrics library: the server binds them to
// Prometheus at scrape time (server/metrics_endpoint.h, README "Metrics").
//
// Histogram: a fixed set of upper bounds chosen at construction; Observe()
// is lock-free (one relaxed atomic add per bucket hit, one for the sum), so
// the sequencer thread can record every batch without contention. Read()
// gives cumulative counts in Prometheus' shape (bucket i counts values <=
// bounds[i]; the count is the +Inf bucket). A Read() racing an Observe()
// may see the value in the count but not yet in the sum, or vice versa;
// the next scrape is exact.
//
// Thread safety: Observe and Read from any thread.
//
// Example:
//   SequencerMetrics metrics;
//   options.metrics = &metrics;          // SequencerOptions
//   metrics.commit_seconds.Read().count  // batches committed
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace motcua::runtime {

class Histogram {
 public:
  // Strictly increasing upper bounds (the +Inf bucket is implicit).
  explicit Histogram(std::vector<double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double value);

  struct Reading {
    std::vector<double> bounds;
    // cumulative[i]: values <= bounds[i].
    std::vector<uint64_t> cumulative;
    uint64_t count = 0;
    double sum = 0;
  };
  Reading Read() const;

 private:
  const std::vector<double> bounds_;
  // bounds_.size() + 1 buckets, not cumulative; the last is +Inf.
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<double> sum_{0};
};

// Bounds for latencies in seconds: 0.5 ms to 10 s.
std::vector<double> LatencyBounds();

// What the sequencer records per group commit (sequencer.h).
struct SequencerMetrics {
  // Commands taken from the queue in one batch (every kind, including ones
  // answered at once).
  Histogram batch_size{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048}};
  // Seconds from staging the projections to the store's answer: the
  // WriteBatch and its WAL fsync.
  Histogram commit_seconds{LatencyBounds()};
  // Commits the store (or a projection) refused; their commands were
  // answered Unavailable.
  std::atomic<uint64_t> failed_commits{0};
};

}  // namespace motcua::runtime

// RateLimiter: a token bucket per caller key (for lookups: the caller's IP
// address), so that guessing dossier secrets or scraping statuses is slow
// for any single caller while a citizen checking a few times never notices.
//
// Each key may burst `burst` requests and then refills at `per_minute`.
// Memory is bounded: when more than `max_keys` callers are tracked, idle
// buckets that are full again are dropped first, then the oldest.
//
// Thread safety: Allow may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace motcua::services {

struct RateLimit {
  double per_minute = 30;
  double burst = 10;
  size_t max_keys = 100000;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // True when `key` may make one more request at `now` (and takes a token).
  bool Allow(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  const RateLimit limit_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace motcua::services

#include "services/rate_limiter.h"

#include <algorithm>

namespace motcua::services {

bool RateLimiter::Allow(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto refill = [&](Bucket& b) {
    const double minutes =
        std::chrono::duration<double, std::ratio<60>>(now - b.updated).count();
    b.tokens = std::min(limit_.burst, b.tokens + minutes * limit_.per_minute);
    b.updated = now;
  };
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limit_.max_keys) {
      // Drop the buckets that are full again: they carry no information.
      for (auto i = buckets_.begin(); i != buckets_.end();) {
        refill(i->second);
        i = i->second.tokens >= limit_.burst ? buckets_.erase(i) : std::next(i);
      }
      if (buckets_.size() >= limit_.max_keys) buckets_.erase(buckets_.begin());
    }
    it = buckets_.emplace(key, Bucket{limit_.burst, now}).first;
  }
  refill(it->second);
  if (it->second.tokens < 1 - 1e-9) return false;  // float refill steps
  it->second.tokens -= 1;
  return true;
}

}  // namespace motcua::services

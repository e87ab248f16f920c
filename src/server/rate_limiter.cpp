#include "server/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace recon::server {

void RateLimiter::Refill(Bucket& bucket, Clock::time_point now) const {
  if (now <= bucket.updated) return;
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min<double>(settings_.burst, bucket.tokens + elapsed * settings_.per_second);
  bucket.updated = now;
}

RateLimiter::Bucket& RateLimiter::BucketOf(const std::string& caller, Clock::time_point now) {
  if (auto it = buckets_.find(caller); it != buckets_.end()) return it->second;
  if (buckets_.size() >= callers_max_ && now - last_sweep_ >= std::chrono::seconds(1)) {
    // A full bucket tells nothing a new one would not: those go. At most once a second, so
    // that a crowd of new callers does not make every request walk the whole table.
    last_sweep_ = now;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      Refill(it->second, now);
      it = it->second.tokens >= settings_.burst ? buckets_.erase(it) : std::next(it);
    }
  }
  if (buckets_.size() >= callers_max_) {
    if (!overflow_started_) {
      overflow_ = Bucket{static_cast<double>(settings_.burst), now};
      overflow_started_ = true;
    }
    return overflow_;
  }
  return buckets_.emplace(caller, Bucket{static_cast<double>(settings_.burst), now}).first->second;
}

std::optional<std::chrono::seconds> RateLimiter::Take(const std::string& caller, Clock::time_point now) {
  if (!enabled()) return std::nullopt;
  std::lock_guard lock(mu_);
  Bucket& bucket = BucketOf(caller, now);
  Refill(bucket, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait = (1 - bucket.tokens) / settings_.per_second;
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
}

}  // namespace recon::server

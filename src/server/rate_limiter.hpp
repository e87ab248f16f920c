// A token bucket per caller: each caller may send `burst` requests at once and
// `per_second` on average after that. Thread-safe.
//
// Callers are keys the dispatcher chooses (a hash of a valid bearer token, or the remote
// address of a caller without one). The table of buckets is bounded: a bucket that has
// filled up again is the same as none and is dropped when room is needed; when every bucket
// is in use, new callers share one overflow bucket rather than grow the table.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace recon::server {

struct RateLimitSettings {
  int per_second = 1000;  // rate_limit_per_second: 0 switches the limit off
  int burst = 2000;       // rate_limit_burst: requests at once, at least 1
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(RateLimitSettings settings, size_t callers_max = 100'000)
      : settings_(settings), callers_max_(callers_max) {}

  // Takes one request from `caller`'s bucket at `now`. nullopt when it may go on; else how long
  // until the bucket holds a request again (at least one second: what Retry-After says).
  std::optional<std::chrono::seconds> Take(const std::string& caller, Clock::time_point now);

  bool enabled() const { return settings_.per_second > 0; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  void Refill(Bucket& bucket, Clock::time_point now) const;
  Bucket& BucketOf(const std::string& caller, Clock::time_point now);

  const RateLimitSettings settings_;
  const size_t callers_max_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
  Bucket overflow_;
  bool overflow_started_ = false;
};

}  // namespace recon::server

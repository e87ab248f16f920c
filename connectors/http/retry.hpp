// Retries with exponential backoff and full jitter around any HttpClient.
// Retried: network errors (kUnavailable), 5xx, and 429 (waiting what Retry-After says).
// Not retried: every other status, including 401 (the OAuth layer handles an expired token and a
// CONSENT_EXPIRED answer needs a person, not another attempt).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <random>

#include "connectors/http/http_client.hpp"

namespace recon::connectors {

struct RetryPolicy {
  int attempts_max = 5;             // total tries, first one included; 1..20
  int backoff_base_ms = 500;        // first delay's ceiling; doubles per attempt
  int backoff_max_ms = 30'000;      // ceiling of any backoff delay
  int retry_after_max_ms = 300'000; // a longer Retry-After gives up instead of waiting
};

using Sleeper = std::function<void(std::chrono::milliseconds)>;

// The delay before retry number `retry` (0-based) drawn from [0, min(max, base * 2^retry)].
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, std::mt19937_64& rng);

// Retry-After in milliseconds (delta-seconds or an HTTP-date relative to now); -1 when absent or unreadable.
long long RetryAfterMs(const std::string& value, std::chrono::system_clock::time_point now);

// Wraps `inner`. When attempts run out on a retryable outcome it returns kUnavailable whose
// message carries the last status or error. Thread-safe when `inner` is.
class RetryingHttpClient final : public HttpClient {
 public:
  RetryingHttpClient(HttpClient& inner, RetryPolicy policy, Sleeper sleeper = {}, uint64_t seed = std::random_device{}());
  Result<HttpResponse> Send(const HttpRequest& request) override;

  int attempts_made() const { return attempts_made_; }  // of the last Send, for tests and metrics

 private:
  HttpClient& inner_;
  RetryPolicy policy_;
  Sleeper sleeper_;
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
  std::atomic<int> attempts_made_{0};
};

}  // namespace recon::connectors

#include "connectors/http/retry.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

#include "recon/ascii.hpp"

namespace recon::connectors {

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, std::mt19937_64& rng) {
  long long ceiling = policy.backoff_base_ms;
  for (int i = 0; i < retry && ceiling < policy.backoff_max_ms; ++i) ceiling *= 2;
  ceiling = std::min<long long>(ceiling, policy.backoff_max_ms);
  // Full jitter: clients that failed together do not all come back at the same instant.
  std::uniform_int_distribution<long long> pick(0, std::max<long long>(ceiling, 0));
  return std::chrono::milliseconds(pick(rng));
}

long long RetryAfterMs(const std::string& value, std::chrono::system_clock::time_point now) {
  if (value.empty()) return -1;
  if (ascii::AllDigits(value)) {
    if (value.size() > 9) return -1;  // beyond any sane wait; treated as unreadable
    return std::stoll(value) * 1000;
  }
  std::tm tm{};
  if (!strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return -1;
  auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at - now).count();
  return std::max<long long>(ms, 0);
}

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, RetryPolicy policy, Sleeper sleeper, uint64_t seed)
    : inner_(inner), policy_(policy), sleeper_(std::move(sleeper)), rng_(seed) {
  if (!sleeper_) sleeper_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

Result<HttpResponse> RetryingHttpClient::Send(const HttpRequest& request) {
  std::string last;
  int attempts = std::max(policy_.attempts_max, 1);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    attempts_made_ = attempt + 1;
    auto response = inner_.Send(request);
    long long wait_ms = -1;
    if (!response) {
      if (response.error().code != ErrorCode::kUnavailable) return response;
      last = response.error().message;
    } else if (response->status == 429) {
      last = "HTTP 429 Too Many Requests";
      wait_ms = RetryAfterMs(response->Header("retry-after"), std::chrono::system_clock::now());
      if (wait_ms > policy_.retry_after_max_ms)
        return MakeError(ErrorCode::kUnavailable, "the bank asks to wait " + std::to_string(wait_ms / 1000) +
                                                      " s (Retry-After), beyond retry_after_max_ms");
    } else if (response->status >= 500) {
      last = "HTTP " + std::to_string(response->status);
    } else {
      return response;
    }
    if (attempt + 1 == attempts) break;
    if (wait_ms < 0) {
      std::lock_guard lock(rng_mutex_);
      wait_ms = BackoffDelay(policy_, attempt, rng_).count();
    }
    sleeper_(std::chrono::milliseconds(wait_ms));
  }
  return MakeError(ErrorCode::kUnavailable,
                   "gave up after " + std::to_string(attempts) + " attempts; last: " + last);
}

}  // namespace recon::connectors

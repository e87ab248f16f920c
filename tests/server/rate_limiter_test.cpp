// The token bucket per caller, with the clock given: burst, refill, separate callers, a
// bounded table of callers.
#include "server/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace recon::server {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(RateLimiter, ABurstThenTheRate) {
  RateLimiter limiter(RateLimitSettings{2, 3});
  const Clock::time_point t0{};
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("a", t0)) << i;
  auto wait = limiter.Take("a", t0);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1s);  // half a second to one more request, said as a whole second
  EXPECT_TRUE(limiter.Take("a", t0 + 400ms));
  EXPECT_FALSE(limiter.Take("a", t0 + 500ms));
  EXPECT_TRUE(limiter.Take("a", t0 + 500ms));
  // Refills up to the burst, no further.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("a", t0 + 1h)) << i;
  EXPECT_TRUE(limiter.Take("a", t0 + 1h));
}

TEST(RateLimiter, RetryAfterCoversTheWholeWait) {
  RateLimiter limiter(RateLimitSettings{1, 1});
  const Clock::time_point t0{};
  EXPECT_FALSE(limiter.Take("a", t0));
  EXPECT_EQ(limiter.Take("a", t0 + 100ms), 1s);
  RateLimiter slow(RateLimitSettings{1, 1});
  EXPECT_FALSE(slow.Take("a", t0));
  // A bucket that went below empty is not possible: refusals take nothing.
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(slow.Take("a", t0));
  EXPECT_FALSE(slow.Take("a", t0 + 1s));
}

TEST(RateLimiter, CallersHaveBucketsOfTheirOwn) {
  RateLimiter limiter(RateLimitSettings{1, 1});
  const Clock::time_point t0{};
  EXPECT_FALSE(limiter.Take("a", t0));
  EXPECT_TRUE(limiter.Take("a", t0));
  EXPECT_FALSE(limiter.Take("b", t0));
}

TEST(RateLimiter, ZeroPerSecondSwitchesItOff) {
  RateLimiter limiter(RateLimitSettings{0, 1});
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter.Take("a", Clock::time_point{}));
}

// A crowd of callers (addresses, say) cannot grow the table without bound: full buckets are
// dropped, and when every bucket is in use new callers share one.
TEST(RateLimiter, TheTableOfCallersIsBounded) {
  RateLimiter limiter(RateLimitSettings{1, 2}, 2);
  const Clock::time_point t0{};
  EXPECT_FALSE(limiter.Take("a", t0));
  EXPECT_FALSE(limiter.Take("b", t0));
  // Full table, a and b in use: c and d share the overflow bucket of 2.
  EXPECT_FALSE(limiter.Take("c", t0));
  EXPECT_FALSE(limiter.Take("d", t0));
  EXPECT_TRUE(limiter.Take("e", t0));
  // Later a and b have refilled: they make room, and e gets a bucket of its own.
  EXPECT_FALSE(limiter.Take("e", t0 + 10s));
  EXPECT_FALSE(limiter.Take("e", t0 + 10s));
}

}  // namespace
}  // namespace recon::server

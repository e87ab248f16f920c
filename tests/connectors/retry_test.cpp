#include "connectors/http/retry.hpp"

#include <gtest/gtest.h>

#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {
namespace {

using std::chrono::milliseconds;

struct Recorder {
  std::vector<long long> waits;
  Sleeper sleeper() {
    return [this](milliseconds d) { waits.push_back(d.count()); };
  }
};

HttpRequest Accounts(const testing::MockBank& bank) { return {"GET", bank.base_url() + "/v1/accounts", {}, ""}; }

TEST(BackoffDelay, GrowsAndStaysUnderCeiling) {
  RetryPolicy policy{.attempts_max = 10, .backoff_base_ms = 100, .backoff_max_ms = 1000};
  std::mt19937_64 rng(7);
  for (int retry = 0; retry < 10; ++retry) {
    long long ceiling = std::min(100LL << retry, 1000LL);
    for (int i = 0; i < 50; ++i) {
      auto d = BackoffDelay(policy, retry, rng).count();
      EXPECT_GE(d, 0);
      EXPECT_LE(d, ceiling) << "retry " << retry;
    }
  }
}

TEST(RetryAfterMs, Table) {
  auto now = std::chrono::system_clock::from_time_t(1'700'000'000);  // Tue, 14 Nov 2023 22:13:20 GMT
  EXPECT_EQ(RetryAfterMs("", now), -1);
  EXPECT_EQ(RetryAfterMs("3", now), 3000);
  EXPECT_EQ(RetryAfterMs("0", now), 0);
  EXPECT_EQ(RetryAfterMs("soon", now), -1);
  EXPECT_EQ(RetryAfterMs("Tue, 14 Nov 2023 22:13:25 GMT", now), 5000);
  EXPECT_EQ(RetryAfterMs("Tue, 14 Nov 2023 22:13:00 GMT", now), 0);  // already past: go now
}

TEST(RetryingHttpClient, RetriesServerErrorsThenSucceeds) {
  testing::MockBank bank;
  bank.FailNext500(2);
  auto http = MakeBeastHttpClient(LoopbackHttp());
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 4, .backoff_base_ms = 10}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 401);  // reached the bank for real: no token was sent
  EXPECT_EQ(retrying.attempts_made(), 3);
  EXPECT_EQ(rec.waits.size(), 2u);
}

TEST(RetryingHttpClient, GivesUpAfterBoundedAttempts) {
  testing::MockBank bank;
  bank.FailNext500(100);
  auto http = MakeBeastHttpClient(LoopbackHttp());
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 3, .backoff_base_ms = 10}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(res.error().message.find("HTTP 500"), std::string::npos);
  EXPECT_EQ(bank.Requests("/v1/accounts"), 3);
  EXPECT_EQ(rec.waits.size(), 2u);  // no sleep after the last attempt
}

TEST(RetryingHttpClient, HonoursRetryAfterOn429) {
  testing::MockBank bank;
  bank.FailNext429(1, "2");
  auto http = MakeBeastHttpClient(LoopbackHttp());
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 3, .backoff_base_ms = 10}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(rec.waits.size(), 1u);
  EXPECT_EQ(rec.waits[0], 2000);
}

TEST(RetryingHttpClient, RetryAfterBeyondLimitGivesUpAtOnce) {
  testing::MockBank bank;
  bank.FailNext429(1, "3600");
  auto http = MakeBeastHttpClient(LoopbackHttp());
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 3, .retry_after_max_ms = 60'000}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(rec.waits.empty());
}

TEST(RetryingHttpClient, NoRetryOnClientErrors) {
  testing::MockBank bank;
  bank.SetConsentExpired(true);  // 401 CONSENT_EXPIRED
  auto http = MakeBeastHttpClient(LoopbackHttp());
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 5}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(bank.Requests("/v1/accounts"), 1);
  EXPECT_TRUE(rec.waits.empty());
}

TEST(RetryingHttpClient, RetriesTimeouts) {
  testing::MockBank bank;
  bank.SetSlowMs(60'000);  // far beyond the timeout: a stalled client thread cannot close the gap
  HttpClientSettings settings = LoopbackHttp();
  settings.request_timeout_ms = 100;
  auto http = MakeBeastHttpClient(settings);
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 2, .backoff_base_ms = 1}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(retrying.attempts_made(), 2);
}

TEST(RetryingHttpClient, LimitErrorsAreNotRetried) {
  testing::MockBank bank;
  HttpClientSettings settings = LoopbackHttp();
  settings.response_bytes_max = 2;
  auto http = MakeBeastHttpClient(settings);
  Recorder rec;
  RetryingHttpClient retrying(*http, {.attempts_max = 3}, rec.sleeper(), 1);
  auto res = retrying.Send(Accounts(bank));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(retrying.attempts_made(), 1);
}

}  // namespace
}  // namespace recon::connectors

// The job runner against the test PostgreSQL (issue 11, point 5). What broke: a job whose
// handler failed went straight to 'failed' and was never tried again, though DESIGN promises
// retries with exponential backoff and jitter, then a dead letter that can be replayed.
#include "jobs/job_runner.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "integration/invariants.hpp"
#include "integration/test_env.hpp"
#include "storage/migrations.hpp"

namespace recon::jobs {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(RetryDelay, DoublesFromTheBaseUpToTheCapTimesTheJitter) {
  const auto base = 100ms, cap = 1000ms;
  EXPECT_EQ(RetryDelay(1, base, cap, 1.0), 100ms);
  EXPECT_EQ(RetryDelay(2, base, cap, 1.0), 200ms);
  EXPECT_EQ(RetryDelay(4, base, cap, 1.0), 800ms);
  EXPECT_EQ(RetryDelay(5, base, cap, 1.0), 1000ms);
  EXPECT_EQ(RetryDelay(1000, base, cap, 1.0), 1000ms);  // no overflow however many attempts
  EXPECT_EQ(RetryDelay(3, base, cap, 0.5), 200ms);
  EXPECT_EQ(RetryDelay(3, base, cap, 0.0), 0ms);        // full jitter reaches zero
  EXPECT_EQ(RetryDelay(3, base, cap, 7.0), 400ms);      // clamped to [0, 1]
}

TEST(Retryable, TransientFailuresAreRetriedAndInputErrorsAreNot) {
  EXPECT_TRUE(Retryable(MakeError(ErrorCode::kUnavailable, "database down")));
  EXPECT_TRUE(Retryable(MakeError(ErrorCode::kConflict, "serialization failure")));
  EXPECT_TRUE(Retryable(MakeError(ErrorCode::kInternal, "?")));
  EXPECT_FALSE(Retryable(MakeError(ErrorCode::kInvalidRequest, "bad payload")));
  EXPECT_FALSE(Retryable(MakeError(ErrorCode::kNotFound, "no such run")));
}

class Runner : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = recon::testing::TestDatabaseUrl();
    if (url_.empty()) GTEST_SKIP() << recon::testing::kNoDatabase;
    recon::testing::ResetDatabase(url_);
    spdlog::set_level(spdlog::level::warn);  // each attempt logs at info
    pool_ = std::make_unique<storage::ConnectionPool>(storage::PoolSettings{url_, 4, 10s});
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(storage::ApplyMigrations(**conn).ok());
    store_ = std::make_unique<JobStore>(*pool_);
  }

  // A runner whose jitter is fixed at its maximum, so that each delay is exactly its ceiling.
  std::unique_ptr<JobRunner> MakeRunner() {
    RunnerSettings s;
    s.workers = 1;
    s.lease = 10s;
    s.poll = 20ms;
    s.retry_base = 200ms;
    s.retry_cap = 10s;
    s.random_unit = [] { return 1.0; };
    return std::make_unique<JobRunner>(*store_, s, "test-runner");
  }

  std::string Value(const std::string& sql, const std::string& company) const {
    return recon::testing::QueryValue(url_, sql, company);
  }

  // Polls until the job's status is `want` (up to ~60 s); answers the last status seen.
  std::string AwaitStatus(int64_t id, const std::string& want) const {
    std::string got;
    for (int i = 0; i < 3000; ++i) {
      got = Value("SELECT status FROM jobs WHERE id = " + std::to_string(id) + " AND $1 = ''", "");
      if (got == want) break;
      std::this_thread::sleep_for(20ms);
    }
    return got;
  }

  std::string url_;
  std::unique_ptr<storage::ConnectionPool> pool_;
  std::unique_ptr<JobStore> store_;
};

TEST_F(Runner, AHandlerFailingTwiceIsRetriedWithBackoffAndThenDone) {
  std::mutex mu;
  std::vector<Clock::time_point> calls;
  auto runner = MakeRunner();
  runner->Handle("flaky", [&](const ClaimedJob& job) -> Status {
    std::lock_guard lock(mu);
    calls.push_back(Clock::now());
    if (job.attempt < 3) return MakeError(ErrorCode::kUnavailable, "attempt " + std::to_string(job.attempt) + " failed");
    return Status::Ok();
  });
  auto id = store_->Enqueue(NewJob{"flaky", "co", nlohmann::json::object(), 3});
  ASSERT_TRUE(id.ok());
  runner->Start();
  ASSERT_EQ(AwaitStatus(*id, "done"), "done");
  runner->Stop();
  ASSERT_EQ(calls.size(), 3u);
  // Never earlier than its run_after: 200 ms after the first failure, 400 ms after the second.
  EXPECT_GE(calls[1] - calls[0], 200ms);
  EXPECT_GE(calls[2] - calls[1], 400ms);
  const std::string where = " FROM jobs WHERE id = " + std::to_string(*id) + " AND $1 = ''";
  EXPECT_EQ(Value("SELECT attempts" + where, ""), "3");
  // The second retry's delay, as written: run_after - failed_at of the last failure.
  EXPECT_EQ(Value("SELECT round(extract(epoch FROM run_after - failed_at) * 1000)" + where, ""), "400");
  EXPECT_EQ(Value("SELECT last_error" + where, ""), "attempt 2 failed");
}

TEST_F(Runner, AJobOutOfAttemptsIsDeadWithItsLastError) {
  auto runner = MakeRunner();
  std::atomic<int> calls{0};
  runner->Handle("doomed", [&](const ClaimedJob&) -> Status {
    ++calls;
    return MakeError(ErrorCode::kConflict, "the change conflicts with a concurrent one; retry");
  });
  auto id = store_->Enqueue(NewJob{"doomed", "co", nlohmann::json::object(), 2});
  ASSERT_TRUE(id.ok());
  runner->Start();
  ASSERT_EQ(AwaitStatus(*id, "dead"), "dead");
  runner->Stop();
  EXPECT_EQ(calls.load(), 2);
  auto dead = store_->List("co", "dead", 0, 10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].attempts, 2);
  EXPECT_EQ((*dead)[0].last_error.value_or(""), "the change conflicts with a concurrent one; retry");
  EXPECT_TRUE((*dead)[0].finished_at.has_value());
}

TEST_F(Runner, APermanentFailureIsDeadAtOnceAndItsReplayRunsIt) {
  auto runner = MakeRunner();
  std::atomic<int> calls{0};
  std::atomic<bool> fixed{false};
  runner->Handle("strict", [&](const ClaimedJob&) -> Status {
    ++calls;
    if (!fixed) return MakeError(ErrorCode::kInvalidRequest, "the payload names no run");
    return Status::Ok();
  });
  auto id = store_->Enqueue(NewJob{"strict", "co", nlohmann::json::object(), 3});
  ASSERT_TRUE(id.ok());
  runner->Start();
  ASSERT_EQ(AwaitStatus(*id, "dead"), "dead");
  EXPECT_EQ(calls.load(), 1);  // no retry: it would fail the same way
  EXPECT_EQ(Value("SELECT attempts || ' ' || last_error FROM jobs WHERE $1 = ''", ""), "1 the payload names no run");
  // Only a dead job is replayed, only in its own company.
  EXPECT_EQ(store_->Replay("other", *id).error().code, ErrorCode::kNotFound);
  fixed = true;
  auto replayed = store_->Replay("co", *id);
  ASSERT_TRUE(replayed.ok()) << replayed.error().message;
  EXPECT_EQ(replayed->status, "queued");
  EXPECT_EQ(replayed->replays, 1);
  runner->Wake();
  ASSERT_EQ(AwaitStatus(*id, "done"), "done");
  runner->Stop();
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(store_->Replay("co", *id).error().code, ErrorCode::kConflict);
}

TEST_F(Runner, AJobRunDetachedIsRecordedLikeAWorkersJob) {
  auto runner = MakeRunner();  // not started: no worker takes anything
  auto id = store_->Enqueue(NewJob{"mine", "co", nlohmann::json::object(), 1});
  ASSERT_TRUE(id.ok());
  auto claimed = store_->Claim(runner->owner(), 10s);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  auto done = runner->RunDetached(**claimed, [](const ClaimedJob&) -> Status {
    return MakeError(ErrorCode::kUnavailable, "no luck");
  });
  ASSERT_TRUE(done.ok());
  const JobOutcome& outcome = done->get();
  EXPECT_EQ(outcome.end, JobEnd::kDead);  // its only attempt
  EXPECT_EQ(outcome.status.error().message, "no luck");
  EXPECT_EQ(AwaitStatus(*id, "dead"), "dead");
  runner->Stop();
  EXPECT_FALSE(runner->RunDetached(**claimed, [](const ClaimedJob&) { return Status::Ok(); }).ok());
}

}  // namespace
}  // namespace recon::jobs

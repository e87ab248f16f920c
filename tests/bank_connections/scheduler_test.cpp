// The scheduler and health check inside `recond serve`: a due connection is pulled by a job,
// and the health check raises its gauges. Polls with a generous deadline; never asserts a time.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <memory>
#include <thread>

#include "bank_connections/connection_body.hpp"
#include "integration/test_env.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
constexpr auto kDeadline = std::chrono::seconds(60);

void Sql(const std::string& sql) {
  PGconn* conn = PQconnectdb(TestDatabaseUrl().c_str());
  PQclear(PQexec(conn, sql.c_str()));
  PQfinish(conn);
}

// Calls `probe` until it is true or the deadline passes; its last answer.
template <class Probe>
bool Eventually(Probe probe) {
  const auto end = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < end) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return probe();
}

class Scheduler : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << "RECOND_TEST_DATABASE_URL is not set; scripts/test sets it";
    ResetDatabase(TestDatabaseUrl());
    server_ = std::make_unique<RecondProcess>(TestDatabaseUrl(),
                                              std::map<std::string, std::string>{{"RECOND_SECRET_KEY", kKey},
                                                                                 {"RECOND_SCHEDULER_POLL_MS", "100"},
                                                                                 {"RECOND_CONNECTION_HEALTH_MS", "100"}});
    ASSERT_TRUE(server_->started());
  }
  void TearDown() override { server_.reset(); }

  std::string Create(const MockBank& bank, const Json& extra) {
    Json body = BerlinGroupConnection(bank, "scheduled", 2, "s");
    body.update(extra);
    auto res = server_->Call("POST", "/v1/connections", body.dump(), {{"Content-Type", "application/json"}});
    EXPECT_EQ(res.status, 201) << res.body;
    return Json::parse(res.body).value("id", "");
  }

  std::unique_ptr<RecondProcess> server_;
};

TEST_F(Scheduler, ADueConnectionIsPulledByAJobAndScheduledAgain) {
  MockBank bank;
  bank.SetTransactions("acc-1", {Json{{"transactionId", "T1"}, {"bookingDate", "2026-03-01"},
                                      {"transactionAmount", {{"amount", "10.00"}, {"currency", "EUR"}}}}},
                       10);
  const std::string id = Create(bank, {{"schedule", "0 6 * * *"}});
  Json before = Json::parse(server_->Call("GET", "/v1/connections/" + id).body);
  ASSERT_TRUE(before["next_pull_at"].is_string());
  // Make it due now rather than waiting for 06:00.
  Sql("UPDATE connections SET next_pull_at = now() - interval '1 second' WHERE id = " + id.substr(3));
  Json pulls;
  ASSERT_TRUE(Eventually([&] {
    pulls = Json::parse(server_->Call("GET", "/v1/connections/" + id + "/pulls").body)["items"];
    return pulls.size() == 1 && pulls[0]["status"] != "running";
  })) << pulls.dump();
  EXPECT_EQ(pulls[0]["trigger"], "schedule");
  EXPECT_EQ(pulls[0]["status"], "succeeded");
  EXPECT_EQ(pulls[0]["lines"], 1);
  Json after = Json::parse(server_->Call("GET", "/v1/connections/" + id).body);
  // The next 06:00 again: the same one, or the day after's when 06:00 UTC passed during the test.
  const std::string next = after["next_pull_at"];
  EXPECT_TRUE(next.ends_with("T06:00:00Z")) << next;
  EXPECT_GE(next, before["next_pull_at"].get<std::string>());
}

TEST_F(Scheduler, HealthCheckRaisesGauges) {
  MockBank bank;
  bank.SetTransactions("acc-1", {}, 10);
  const std::string id = Create(bank, {{"consent_expires_at", "2020-01-01T00:00:00Z"}});
  bank.FailNext500(1000);
  auto pull = server_->Call("POST", "/v1/connections/" + id + "/pull");
  ASSERT_EQ(pull.status, 201) << pull.body;
  // Created two days ago and never succeeded: stale.
  Sql("UPDATE connections SET created_at = now() - interval '2 days' WHERE id = " + id.substr(3));
  std::string metrics;
  ASSERT_TRUE(Eventually([&] {
    metrics = HttpCall(server_->port(), "GET", "/metrics").body;
    return metrics.find("recond_connection_dead_letters 1") != std::string::npos &&
           metrics.find("recond_connection_stale{connection=\"" + id + "\"} 1") != std::string::npos;
  })) << metrics;
  EXPECT_NE(metrics.find("recond_connection_consent_days_left{connection=\"" + id + "\"} -"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("recond_connection_token_refreshes_total{connection=\"" + id + "\"}"), std::string::npos);
}

// Issue 6's metrics for a pull that went well: its duration, its outcome, and (from the health
// check) the time of the last success.
TEST_F(Scheduler, HealthCheckReportsTheLastSuccessAndThePullDuration) {
  MockBank bank;
  bank.SetTransactions("acc-1", {}, 10);
  const std::string id = Create(bank, Json::object());
  auto pull = server_->Call("POST", "/v1/connections/" + id + "/pull");
  ASSERT_EQ(pull.status, 201) << pull.body;
  ASSERT_EQ(Json::parse(pull.body)["status"], "succeeded") << pull.body;
  const std::string label = "{connection=\"" + id + "\"}";
  const std::string last_success = "recond_connection_last_success_timestamp_seconds" + label + " ";
  std::string metrics;
  ASSERT_TRUE(Eventually([&] {
    metrics = HttpCall(server_->port(), "GET", "/metrics").body;
    return metrics.find(last_success) != std::string::npos;
  })) << metrics;
  const size_t at = metrics.find(last_success) + last_success.size();
  const double when = std::stod(metrics.substr(at, metrics.find('\n', at) - at));
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_GT(when, now - 3600) << metrics;  // this pull's time, not 0 or a stale value
  EXPECT_LE(when, now + 60) << metrics;
  EXPECT_NE(metrics.find("recond_connection_pull_duration_seconds_count" + label + " 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("recond_connection_pulls_total{connection=\"" + id + "\",outcome=\"succeeded\"} 1"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("recond_connection_stale" + label + " 0"), std::string::npos) << metrics;
}

}  // namespace
}  // namespace recon::testing

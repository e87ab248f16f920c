// Idempotency-Key after a crash (issue 11, point 4). What broke: after kill -9 during a request
// that carried a key, every retry with that key answered 409 "still running", for ever. A claim
// now has a lease its process renews; a retry claims the key once the lease has run out. Stored
// keys expire after idempotency_ttl_seconds and the maintenance job purges them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "integration/invariants.hpp"
#include "integration/pg_session.hpp"
#include "integration/test_env.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// Polls `done` every 100 ms until it holds or `limit` passes; answers whether it held.
bool Eventually(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

class Idempotency : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = TestDatabaseUrl();
    if (url_.empty()) GTEST_SKIP() << kNoDatabase;
    ResetDatabase(url_);
  }

  // Items and a statement paying them, for a run that has work to do.
  static void Load(const RecondProcess& server, const std::string& company) {
    const auto items = MakeItems(71, 0, 60);
    ASSERT_EQ(server.Call("POST", "/v1/open-items?company=" + company, ItemsJson(items, 0, items.size())).status, 200);
    ASSERT_EQ(server.Call("POST", "/v1/statements?company=" + company,
                          Camt053(MakeLines(71, items, 0, 60), "2026-11-20", "S-IDEM"))
                  .status,
              201);
  }

  std::string KeyState(const std::string& company, const std::string& key) const {
    return QueryValue(url_,
                      "SELECT coalesce(status_code::text, 'running') FROM idempotency_keys WHERE company = $1 AND key = '" +
                          key + "'",
                      company);
  }

  std::string url_;
};

TEST_F(Idempotency, AKeyWhoseProcessWasKilledIsFreeAgainAfterItsLease) {
  const std::string co = "idem-crash";
  const std::map<std::string, std::string> env = {{"RECOND_IDEMPOTENCY_LEASE_SECONDS", "2"},
                                                  {"RECOND_JOB_LEASE_SECONDS", "2"}};
  auto server = std::make_unique<RecondProcess>(url_, env);
  ASSERT_TRUE(server->started());
  Load(*server, co);
  // The reconcile waits for the company's run lock, which the test holds: the request is then
  // certainly in flight, its key claimed, when recond is killed.
  PgSession session(url_);
  session.LockCompanyRuns(co);
  const std::map<std::string, std::string> keyed = {{"Idempotency-Key", "crash-1"}};
  std::thread request([&] {
    try {
      server->Call("POST", "/v1/reconcile?company=" + co, "{}", keyed);
    } catch (const std::exception&) {
      // killed before it answered: what this test is about
    }
  });
  ASSERT_TRUE(Eventually([&] { return KeyState(co, "crash-1") == "running"; }, 60s));
  server->Kill();
  request.join();
  session.UnlockCompanyRuns(co);

  server = std::make_unique<RecondProcess>(url_, env);
  ASSERT_TRUE(server->started());
  // Until the lease runs out a retry hears 409; after it, the retry runs the request.
  HttpAnswer retry;
  ASSERT_TRUE(Eventually(
      [&] {
        retry = server->Call("POST", "/v1/reconcile?company=" + co, "{}", keyed);
        return retry.status != 409;
      },
      60s))
      << "the key stayed 'still running': " << retry.body;
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_FALSE(retry.headers.count("idempotency-replayed"));
  EXPECT_EQ(KeyState(co, "crash-1"), "200");
  // The answer is kept now: the same key replays it.
  auto replay = server->Call("POST", "/v1/reconcile?company=" + co, "{}", keyed);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.headers["idempotency-replayed"], "true");
  EXPECT_EQ(replay.body, retry.body);
  const auto violations = CheckInvariants(url_, co);
  EXPECT_TRUE(violations.empty()) << Joined(violations);
}

TEST_F(Idempotency, ARequestStillRunningKeepsItsKeyBeyondOneLease) {
  const std::string co = "idem-alive";
  RecondProcess server(url_, {{"RECOND_IDEMPOTENCY_LEASE_SECONDS", "2"}});
  ASSERT_TRUE(server.started());
  Load(server, co);
  PgSession session(url_);
  session.LockCompanyRuns(co);
  const std::map<std::string, std::string> keyed = {{"Idempotency-Key", "alive-1"}};
  HttpAnswer first;
  std::thread request([&] { first = server.Call("POST", "/v1/reconcile?company=" + co, "{}", keyed); });
  ASSERT_TRUE(Eventually([&] { return KeyState(co, "alive-1") == "running"; }, 60s));
  // Twice the lease: renewed meanwhile, the key is still the first request's.
  std::this_thread::sleep_for(4s);
  auto during = server.Call("POST", "/v1/reconcile?company=" + co, "{}", keyed);
  EXPECT_EQ(during.status, 409) << during.body;
  EXPECT_NE(during.body.find("still running"), std::string::npos) << during.body;
  session.UnlockCompanyRuns(co);
  request.join();
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM reconcile_runs WHERE company = $1", co), "1");
}

TEST_F(Idempotency, ExpiredKeysArePurgedByTheMaintenanceJob) {
  const std::string co = "idem-ttl";
  RecondProcess server(url_, {{"RECOND_IDEMPOTENCY_TTL_SECONDS", "1"}, {"RECOND_MAINTENANCE_INTERVAL_SECONDS", "1"}});
  ASSERT_TRUE(server.started());
  const std::string items = R"([{"external_id":"T-1","amount":"10.00","currency":"EUR"}])";
  const std::map<std::string, std::string> keyed = {{"Idempotency-Key", "ttl-1"}};
  auto first = server.Call("POST", "/v1/open-items?company=" + co, items, keyed);
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(KeyState(co, "ttl-1"), "200");
  // Past its TTL the key is gone, removed by a maintenance job (not by a request).
  ASSERT_TRUE(Eventually([&] { return KeyState(co, "ttl-1").empty(); }, 60s)) << "the key was never purged";
  EXPECT_NE(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'maintenance' AND status = 'done' AND $1 <> ''", co),
            "0");
  // The same key is new again: the request runs (and finds the item unchanged).
  auto again = server.Call("POST", "/v1/open-items?company=" + co, items, keyed);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(again.headers.count("idempotency-replayed"));
  EXPECT_EQ(Json::parse(again.body)["unchanged"], 1) << again.body;
}

TEST_F(Idempotency, MaintenanceRunsOncePerIntervalAcrossProcesses) {
  RecondProcess a(url_, {{"RECOND_MAINTENANCE_INTERVAL_SECONDS", "3600"}, {"RECOND_JOB_WORKERS", "2"}});
  RecondProcess b(url_, {{"RECOND_MAINTENANCE_INTERVAL_SECONDS", "3600"}, {"RECOND_JOB_WORKERS", "2"}});
  ASSERT_TRUE(a.started() && b.started());
  ASSERT_TRUE(Eventually(
      [&] {
        return QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'maintenance' AND status = 'done' AND $1 = ''",
                          "") == "1";
      },
      60s));
  // Both processes looked when they started; one interval, one job.
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(QueryValue(url_, "SELECT count(*) FROM jobs WHERE kind = 'maintenance' AND $1 = ''", ""), "1");
}

}  // namespace
}  // namespace recon::testing

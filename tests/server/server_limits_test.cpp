// Resource limits of the HTTP server (issue 11, point 11): open connections
// (connections_max), requests waiting for a handler (request_queue_max), and a token bucket
// per caller (rate_limit_per_second, rate_limit_burst). Beyond each: an answer with
// Retry-After, never a hang.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "integration/raw_http.hpp"
#include "integration/test_env.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class ServerLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << kNoDatabase;
    ResetDatabase(TestDatabaseUrl());
  }

  static void ExpectRetryLater(const HttpAnswer& a, int status, const std::string& type, const std::string& setting) {
    EXPECT_EQ(a.status, status) << a.body;
    ASSERT_TRUE(a.headers.count("retry-after")) << a.body;
    EXPECT_GE(std::stoi(a.headers.at("retry-after")), 1);
    const Json problem = Json::parse(a.body, nullptr, false);
    EXPECT_EQ(problem.value("type", ""), "urn:recond:problem:" + type) << a.body;
    EXPECT_NE(problem.value("detail", "").find(setting), std::string::npos) << a.body;
  }
};

// A keep-alive connection that the server has taken: it answered a request on it. A slot that
// an earlier connection (the start-up's health checks) still held is given back when the server
// has seen that connection close, so a 503 here is waited out, not a failure.
std::unique_ptr<RawConnection> TakeConnection(uint16_t port) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto conn = std::make_unique<RawConnection>(port, std::chrono::seconds(30));
    if (conn->Request("GET", "/healthz").status == 200) return conn;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

// Before: every connection was accepted and kept; a crowd of idle ones held a socket each
// without end. Now the connection beyond connections_max is told 503 with Retry-After and
// closed, and a place freed is taken again.
TEST_F(ServerLimits, AConnectionBeyondTheCapIsAnswered503AndClosed) {
  RecondProcess recond(TestDatabaseUrl(), {{"RECOND_CONNECTIONS_MAX", "2"}});
  ASSERT_TRUE(recond.started());
  auto first = TakeConnection(recond.port());
  auto second = TakeConnection(recond.port());
  ASSERT_TRUE(first && second);

  RawConnection third(recond.port(), std::chrono::seconds(30));
  const HttpAnswer refused = third.Request("GET", "/healthz");
  ExpectRetryLater(refused, 503, "unavailable", "connections_max");
  EXPECT_EQ(refused.headers.at("connection"), "close");
  EXPECT_TRUE(third.ClosedByServer());

  // The two taken connections still work, and one closed frees its place.
  EXPECT_EQ(first->Request("GET", "/v1/statements", "", {{"Authorization", std::string("Bearer ") + RecondProcess::kToken}})
                .status,
            200);
  second.reset();
  EXPECT_TRUE(TakeConnection(recond.port()) != nullptr);
}

// Holds PostgreSQL's advisory lock of one company's reconcile runs (class "recn", as the
// reconciler takes it) on a connection of the test, so that a run of that company waits.
class RunLockHolder {
 public:
  RunLockHolder(const std::string& url, const std::string& company) : conn_(PQconnectdb(url.c_str())) {
    const std::string sql = "SELECT pg_advisory_lock(1919247214, hashtext('" + company + "'))";
    PQclear(PQexec(conn_, sql.c_str()));
  }
  ~RunLockHolder() { PQfinish(conn_); }
  void Release() { PQclear(PQexec(conn_, "SELECT pg_advisory_unlock_all()")); }
  // Whether some session waits for an advisory lock now.
  static bool SomeoneWaits(const std::string& url) {
    PGconn* c = PQconnectdb(url.c_str());
    PGresult* r = PQexec(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    const bool waits = PQresultStatus(r) == PGRES_TUPLES_OK && std::string(PQgetvalue(r, 0, 0)) != "0";
    PQclear(r);
    PQfinish(c);
    return waits;
  }

 private:
  PGconn* conn_;
};

// Before: requests went to an unbounded queue of the handler pool; behind slow requests, new
// ones waited without end. Now a request beyond request_queue_max is answered 503 with
// Retry-After at once, from the I/O thread.
TEST_F(ServerLimits, ARequestBeyondTheQueueIsAnswered503AtOnce) {
  const std::string url = TestDatabaseUrl();
  RecondProcess recond(url, {{"RECOND_WORKER_THREADS", "1"}, {"RECOND_REQUEST_QUEUE_MAX", "1"}});
  ASSERT_TRUE(recond.started());
  // Declared before the lock, so that on every way out the lock goes first and the requests
  // waiting behind it end before their futures are waited for.
  std::future<HttpAnswer> busy, a, b;
  RunLockHolder lock(url, "queue");
  // The only handler thread waits in a reconcile for the company's run lock.
  busy = std::async(std::launch::async, [&] { return recond.Call("POST", "/v1/reconcile?company=queue", "{}"); });
  for (int i = 0; i < 600 && !RunLockHolder::SomeoneWaits(url); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(RunLockHolder::SomeoneWaits(url)) << "the reconcile never waited for the lock";
  // Two more: one waits in the queue, the other is refused (which one depends on who comes first).
  a = std::async(std::launch::async, [&] { return recond.Call("GET", "/v1/statements?company=queue"); });
  b = std::async(std::launch::async, [&] { return recond.Call("GET", "/v1/matches?company=queue"); });
  std::optional<HttpAnswer> refused;
  std::future<HttpAnswer>* waiting = nullptr;
  for (int i = 0; i < 600 && !refused; ++i) {
    if (a.wait_for(std::chrono::milliseconds(25)) == std::future_status::ready) refused = a.get(), waiting = &b;
    else if (b.wait_for(std::chrono::milliseconds(25)) == std::future_status::ready) refused = b.get(), waiting = &a;
  }
  ASSERT_TRUE(refused) << "neither request was refused while the queue was full";
  ExpectRetryLater(*refused, 503, "unavailable", "request_queue_max");
  lock.Release();
  EXPECT_EQ(busy.get().status, 200);
  EXPECT_EQ(waiting->get().status, 200);
  EXPECT_EQ(recond.Call("GET", "/v1/statements?company=queue").status, 200);
}

// Before: no caller was ever limited. Now each caller (a valid token, or an address without
// one) has a bucket of rate_limit_burst requests refilled at rate_limit_per_second; beyond it a
// 429 with Retry-After. Probes are never limited, and one caller's bucket is not another's.
TEST_F(ServerLimits, ACallerBeyondItsRateIsAnswered429) {
  RecondProcess recond(TestDatabaseUrl(), {{"RECOND_RATE_LIMIT_BURST", "3"}, {"RECOND_RATE_LIMIT_PER_SECOND", "1"}});
  ASSERT_TRUE(recond.started());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(recond.Call("GET", "/v1/statements").status, 200) << i;
  // A bucket refills one request a second: ten more in a row find it empty at least once
  // unless each took most of a second.
  std::optional<HttpAnswer> limited;
  for (int i = 0; i < 10 && !limited; ++i) {
    HttpAnswer a = recond.Call("GET", "/v1/statements");
    if (a.status == 429) limited = a;
  }
  ASSERT_TRUE(limited) << "ten requests beyond the burst were all served";
  ExpectRetryLater(*limited, 429, "rate-limited", "rate_limit_per_second");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(HttpCall(recond.port(), "GET", "/healthz").status, 200) << i;
  EXPECT_EQ(HttpCall(recond.port(), "GET", "/metrics").status, 200);
  // A caller without a (valid) token is another caller, and made-up tokens share its bucket.
  EXPECT_EQ(HttpCall(recond.port(), "GET", "/v1/statements").status, 401);
  int unauthorized = 0, limited_guesses = 0;
  for (int i = 0; i < 12; ++i) {
    const int status =
        HttpCall(recond.port(), "GET", "/v1/statements", "", {{"Authorization", "Bearer guess-" + std::to_string(i)}}).status;
    unauthorized += status == 401;
    limited_guesses += status == 429;
  }
  EXPECT_GE(unauthorized, 1);
  EXPECT_GE(limited_guesses, 1) << "every made-up token bought a fresh bucket";
}

}  // namespace
}  // namespace recon::testing

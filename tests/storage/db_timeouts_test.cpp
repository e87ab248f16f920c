// Database session timeouts (issue 11, point 11): every pooled session has statement_timeout,
// lock_timeout and idle_in_transaction_session_timeout from the configuration; bulk work
// (uploads, item pushes, reconcile runs) raises them for its own stretch; a timeout is a clean
// 503 with Retry-After, not a request that hangs.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "integration/invariants.hpp"
#include "integration/raw_http.hpp"
#include "integration/shared_recond_suite.hpp"
#include "integration/test_env.hpp"
#include "storage/migrations.hpp"
#include "storage/pg.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

struct PgConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgHandle = std::unique_ptr<PGconn, PgConnCloser>;

bool Exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  return ok;
}

std::string Show(storage::PgConnection& conn, const std::string& setting) {
  auto r = conn.Exec(storage::Sql{"show", ("SHOW " + setting).c_str()});
  return r && r->rows() == 1 ? std::string(r->text(0, 0)) : "(failed)";
}

class SessionTimeouts : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << kNoDatabase;
  }
  storage::PoolSettings Settings() const {
    storage::PoolSettings s{TestDatabaseUrl(), 2};
    s.timeouts = storage::SessionTimeouts{1500, 700, 9000, 60000};
    return s;
  }
};

// Before: sessions had PostgreSQL's defaults (no timeouts at all). Now a pooled connection
// carries the configured ones.
TEST_F(SessionTimeouts, APooledSessionHasTheConfiguredTimeouts) {
  storage::ConnectionPool pool(Settings());
  auto conn = pool.Acquire();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  EXPECT_EQ(Show(**conn, "statement_timeout"), "1500ms");
  EXPECT_EQ(Show(**conn, "lock_timeout"), "700ms");
  EXPECT_EQ(Show(**conn, "idle_in_transaction_session_timeout"), "9s");
}

TEST_F(SessionTimeouts, BulkWorkRaisesThemForItsStretchOnly) {
  storage::ConnectionPool pool(Settings());
  auto conn = pool.Acquire();
  ASSERT_TRUE(conn.ok());
  storage::PgConnection& c = **conn;
  {
    const storage::ScopedTimeouts bulk(c, storage::TimeoutLevel::kBulk);
    EXPECT_EQ(Show(c, "statement_timeout"), "1min");
    EXPECT_EQ(Show(c, "lock_timeout"), "1min");
    EXPECT_EQ(Show(c, "idle_in_transaction_session_timeout"), "1min");
  }
  EXPECT_EQ(Show(c, "statement_timeout"), "1500ms");
  EXPECT_EQ(Show(c, "lock_timeout"), "700ms");
  {
    // Inside a transaction the raise ends with the transaction, committed or not.
    storage::Transaction tx(c);
    const storage::ScopedTimeouts bulk(c, storage::TimeoutLevel::kBulk);
    EXPECT_EQ(Show(c, "statement_timeout"), "1min");
  }
  EXPECT_EQ(Show(c, "statement_timeout"), "1500ms");
  {
    const storage::ScopedTimeouts unlimited(c, storage::TimeoutLevel::kUnlimited);
    EXPECT_EQ(Show(c, "statement_timeout"), "0");
    EXPECT_EQ(Show(c, "lock_timeout"), "0");
  }
  EXPECT_EQ(Show(c, "statement_timeout"), "1500ms");
}

TEST_F(SessionTimeouts, AStatementBeyondItsTimeoutFailsCleanlyAndTheConnectionStaysUsable) {
  storage::ConnectionPool pool(Settings());
  auto conn = pool.Acquire();
  ASSERT_TRUE(conn.ok());
  const auto start = std::chrono::steady_clock::now();
  auto slow = (*conn)->Exec(storage::Sql{"sleep", "SELECT pg_sleep(30)"});
  ASSERT_FALSE(slow.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(25));
  EXPECT_EQ(slow.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(slow.error().message.find("db_statement_timeout_ms"), std::string::npos) << slow.error().message;
  EXPECT_EQ(Show(**conn, "statement_timeout"), "1500ms");
}

// libpq reads a text parameter up to its first NUL: "INV-1\0x" was sent, and matched, as
// "INV-1". Such a value is now refused before it is sent.
TEST_F(SessionTimeouts, ATextParameterWithNulIsRefusedNotCut) {
  storage::ConnectionPool pool(Settings());
  auto conn = pool.Acquire();
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->Exec(storage::Sql{"echo", "SELECT $1::text"}, {std::string("INV-1\0x", 7)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
}

// The same limits seen from outside: a request that waits for a lock longer than
// db_lock_timeout_ms, and an upload that waits longer than db_bulk_statement_timeout_ms, are
// 503 problems with Retry-After; once the lock is gone both go through.
class LockTimeouts : public SharedRecondSuite<LockTimeouts> {
 public:  // SharedRecondSuite's hooks
  static std::map<std::string, std::string> Env() {
    return {{"RECOND_DB_LOCK_TIMEOUT_MS", "300"}, {"RECOND_DB_BULK_STATEMENT_TIMEOUT_MS", "1500"},
            {"RECOND_DB_STATEMENT_TIMEOUT_MS", "1500"}};
  }
  static std::string Seed() {
    if (auto e = SeedInvoiceAndStatement(*server_, "locks"); !e.empty()) return e;
    auto run = server_->Call("POST", "/v1/reconcile?company=locks", "{}");
    return run.status == 200 ? "" : "reconcile answered " + std::to_string(run.status) + ": " + run.body;
  }
  // A request that a correct server answers within its timeouts (a second or two); a server that
  // waits for the lock instead fails the test after 30 s rather than hang it.
  static HttpAnswer CallSoon(const std::string& target, const std::string& body = "") {
    RawConnection conn(server_->port(), std::chrono::seconds(30));
    return conn.Request("POST", target, body, {{"Authorization", std::string("Bearer ") + RecondProcess::kToken}});
  }
  static void ExpectRetryLater(const HttpAnswer& a, const std::string& setting) {
    EXPECT_EQ(a.status, 503) << a.body;
    EXPECT_TRUE(a.headers.count("retry-after")) << a.body;
    EXPECT_EQ(Json::parse(a.body, nullptr, false).value("type", ""), "urn:recond:problem:unavailable") << a.body;
    EXPECT_NE(a.body.find(setting), std::string::npos) << a.body;
  }
};

TEST_F(LockTimeouts, ARowLockedByOtherWorkIsA503NotAHang) {
  const std::string url = TestDatabaseUrl();
  // The seed's run proposed or applied the payment: a person approves, or reverses, it.
  const std::string match = QueryValue(url, "SELECT id FROM matches WHERE company = $1", "locks");
  ASSERT_FALSE(match.empty());
  const std::string action =
      QueryValue(url, "SELECT CASE status WHEN 'proposed' THEN 'approve' ELSE 'reverse' END FROM matches"
                      " WHERE company = $1", "locks");
  const std::string target = "/v1/matches/mt_" + match + "/" + action + "?company=locks";
  PgHandle other(PQconnectdb(url.c_str()));
  ASSERT_TRUE(Exec(other.get(), "BEGIN"));
  ASSERT_TRUE(Exec(other.get(), "SELECT id FROM matches WHERE id = " + match + " FOR UPDATE"));
  ExpectRetryLater(CallSoon(target), "db_lock_timeout_ms");
  ASSERT_TRUE(Exec(other.get(), "ROLLBACK"));
  const HttpAnswer decided = Call("POST", target);
  EXPECT_EQ(decided.status, 200) << decided.body;
}

TEST_F(LockTimeouts, AnUploadWaitsAsLongAsBulkWorkMayThenGivesUpCleanly) {
  const std::string url = TestDatabaseUrl();
  const std::string file = ReadFixture("mt940/year_end.sta");
  PgHandle other(PQconnectdb(url.c_str()));
  ASSERT_TRUE(Exec(other.get(), "BEGIN"));
  ASSERT_TRUE(Exec(other.get(), "LOCK TABLE statement_lines IN SHARE MODE"));  // no line can be written
  const auto start = std::chrono::steady_clock::now();
  ExpectRetryLater(CallSoon("/v1/statements?company=locks", file), "db_bulk_statement_timeout_ms");
  // It waited for the bulk timeout (1500 ms), not for the lock timeout of other requests (300 ms).
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
  ASSERT_TRUE(Exec(other.get(), "ROLLBACK"));
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM raw_files WHERE company = $1", "locks"), "1") << "half stored";
  const HttpAnswer stored = Call("POST", "/v1/statements?company=locks", file);
  EXPECT_EQ(stored.status, 201) << stored.body;
}

}  // namespace
}  // namespace recon::testing

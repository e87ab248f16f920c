// MatchCommit::CommitBatch against a real PostgreSQL: a batch is read without locks and
// written with guarded updates; when another writer changes a row in between, the guard
// notices and the batch is judged again with its rows locked.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"
#include "storage/match_commit.hpp"

namespace recon::testing {
namespace {

constexpr const char* kCompany = "guards";
constexpr int64_t kPaid = 125000;  // the 1250.00 EUR line of camt053_v08_basic.xml

class MatchStoreCommit : public SharedRecondSuite<MatchStoreCommit> {
 public:  // SharedRecondSuite's hooks
  // recond migrates the database; the line and the item come in as an ERP and a bank send them.
  static std::string Seed() { return SeedInvoiceAndStatement(*server_, kCompany); }
};

struct PgConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};

bool Exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  return ok;
}

TEST_F(MatchStoreCommit, ARowChangedBetweenReadAndWriteIsJudgedAgainWithRowsLocked) {
  const std::string url = TestDatabaseUrl();
  const int64_t line = std::stoll(QueryValue(
      url, "SELECT id FROM statement_lines WHERE company = $1 AND amount = " + std::to_string(kPaid), kCompany));
  const int64_t item = std::stoll(QueryValue(url, "SELECT id FROM open_items WHERE company = $1", kCompany));

  storage::ConnectionPool pool(storage::PoolSettings{url});
  storage::MatchCommit store(pool);
  // Run rows come with their job (jobs::RunStore); the batch only needs the run's id.
  const int64_t run = std::stoll(QueryValue(
      url, "INSERT INTO reconcile_runs (company, status, attempts) VALUES ($1, 'running', 1) RETURNING id", kCompany));
  MatchDecision d;
  d.line_ids = {line};
  d.line_amounts = {kPaid};
  d.allocations = {{item, "INV-1", kPaid}};
  d.currency = "EUR";
  d.rule = "reference";
  d.outcome = MatchOutcome::kApply;

  // Another writer takes 1000.00 of the item and holds its row until told to commit.
  std::unique_ptr<PGconn, PgConnCloser> other(PQconnectdb(url.c_str()));
  ASSERT_EQ(PQstatus(other.get()), CONNECTION_OK);
  ASSERT_TRUE(Exec(other.get(), "BEGIN"));
  ASSERT_TRUE(Exec(other.get(), "UPDATE open_items SET allocated_amount = 100000 WHERE id = " + std::to_string(item)));

  // The batch reads the item as wholly open (the other change is not committed) and waits
  // at its guarded update for the row.
  const std::vector<MatchDecision> batch{d};
  const std::vector<storage::PayerEvidence> evidence(1);
  auto commit = std::async(std::launch::async, [&] { return store.CommitBatch(kCompany, run, batch, evidence); });
  // Declared after `commit`, so ended before it: when a check below fails, the other writer
  // lets go of the row before the future's destructor waits for the batch that waits for it.
  struct EndOnExit {
    PGconn* conn;
    ~EndOnExit() { Exec(conn, "ROLLBACK"); }  // after a COMMIT, a harmless warning
  } end_other{other.get()};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (QueryValue(url,
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query LIKE 'UPDATE open_items%' AND $1 <> ''",  // (QueryValue wants a company)
                    kCompany) == "0") {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the batch never waited for the item";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(Exec(other.get(), "COMMIT"));

  auto outcome = commit.get();
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(outcome->applied, 0);
  EXPECT_EQ(outcome->conflicts, 1);
  ASSERT_EQ(outcome->fates.size(), 1u);
  EXPECT_EQ(outcome->fates[0], storage::DecisionFate::kConflict);
  // Nothing of the refused decision stays: the item keeps the other writer's 1000.00, the
  // line is still unmatched, and the run wrote no match.
  EXPECT_EQ(QueryValue(url, "SELECT allocated_amount FROM open_items WHERE company = $1", kCompany), "100000");
  EXPECT_EQ(QueryValue(url, "SELECT status FROM statement_lines WHERE company = $1 AND id = " + std::to_string(line),
                       kCompany),
            "unmatched");
  EXPECT_EQ(QueryValue(url, "SELECT count(*) FROM matches WHERE company = $1", kCompany), "0");
}

}  // namespace
}  // namespace recon::testing

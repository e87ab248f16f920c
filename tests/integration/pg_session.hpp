// One PostgreSQL session of a test, held open: for what must outlive a statement, such as an
// advisory lock that makes recond wait at a known point (a company's run lock).
#pragma once

#include <libpq-fe.h>

#include <stdexcept>
#include <string>

namespace recon::testing {

class PgSession {
 public:
  explicit PgSession(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("test database unreachable: " + why);
    }
  }
  ~PgSession() { PQfinish(conn_); }
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs `sql`; throws with the server's message when it fails.
  void Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(r);
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("SQL failed: " + std::string(PQerrorMessage(conn_)) + "\n" + sql);
    }
  }

  // Holds the lock that runs of `company` take turns by (reconcile/reconciler.cpp), so that a
  // reconcile of the company waits right after its run (and its job) was written.
  void LockCompanyRuns(const std::string& company) {
    Exec("SELECT pg_advisory_lock(1919247214, hashtext('" + company + "'))");
  }
  void UnlockCompanyRuns(const std::string& company) {
    Exec("SELECT pg_advisory_unlock(1919247214, hashtext('" + company + "'))");
  }

 private:
  PGconn* conn_;
};

}  // namespace recon::testing

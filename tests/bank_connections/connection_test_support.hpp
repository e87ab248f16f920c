// Small pieces the black-box connection suites share: a transaction as the mock bank serves it
// (mock_bank/bank_transaction.hpp), and a look into the test database at what recond stored
// (sealed secrets, cached tokens).
#pragma once

#include <libpq-fe.h>

#include <string>

#include "integration/test_env.hpp"
#include "mock_bank/bank_transaction.hpp"

namespace recon::testing {

// One value from the test database (the first column of the first row), "" when none or when
// the query fails.
inline std::string QueryOne(const std::string& sql) {
  PGconn* conn = PQconnectdb(TestDatabaseUrl().c_str());
  PGresult* r = PQexec(conn, sql.c_str());
  std::string out = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
  PQclear(r);
  PQfinish(conn);
  return out;
}

}  // namespace recon::testing

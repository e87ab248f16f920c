// Small pieces the black-box connection suites share: a transaction as the mock bank serves it,
// and a look into the test database at what recond stored (sealed secrets, cached tokens).
#pragma once

#include <libpq-fe.h>

#include <nlohmann/json.hpp>
#include <string>

#include "integration/test_env.hpp"

namespace recon::testing {

// A booked Berlin Group transaction in EUR; an empty id leaves transactionId out (a bank that
// sends none).
inline nlohmann::json BankTransaction(const std::string& id, const std::string& amount, const std::string& date) {
  nlohmann::json tx = {{"bookingDate", date},
                       {"valueDate", date},
                       {"transactionAmount", {{"amount", amount}, {"currency", "EUR"}}},
                       {"remittanceInformationUnstructured", "invoice " + id}};
  if (!id.empty()) tx["transactionId"] = id;
  return tx;
}

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

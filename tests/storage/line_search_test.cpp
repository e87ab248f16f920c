// GET /v1/lines?q= (issue 11, point 11): the words are found through the trigram index of the
// lines' texts (migration 0016), not by reading every line of the company. The plan is read
// from PostgreSQL itself: auto_explain, loaded into the pool's sessions, sends the plan of
// StatementStore::ListLines's own statement as a notice, which recond logs.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>

#include "integration/test_env.hpp"
#include "storage/migrations.hpp"
#include "storage/pg.hpp"
#include "storage/statement_store.hpp"

namespace recon::testing {
namespace {

constexpr const char* kCompany = "plans";
constexpr int kLines = 200'000;  // enough that reading them all is a plan PostgreSQL weighs

bool Exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
  PQclear(r);
  return ok;
}

// Captures what recond logs (PostgreSQL's notices among it) while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(text_));
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

class LineSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = TestDatabaseUrl();
    if (url_.empty()) GTEST_SKIP() << kNoDatabase;
    ResetDatabase(url_);
    auto conn = storage::PgConnection::Open(url_);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(storage::ApplyMigrations(**conn).ok());
    PGconn* raw = PQconnectdb(url_.c_str());
    PGresult* super = PQexec(raw, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    superuser_ = PQresultStatus(super) == PGRES_TUPLES_OK && std::string(PQgetvalue(super, 0, 0)) == "t";
    PQclear(super);
    // Lines as an upload stores them (the texts through the upload's own statement are tested
    // by the API tests), many payers and invoices, one company.
    Exec(raw, "INSERT INTO statement_lines (company, statement_id, account, booking_date, amount, currency,"
              " counterparty_name, remittance_info, bank_reference, fingerprint)"
              " SELECT '" + std::string(kCompany) + "', 1 + g / 1000, 'NO9386011117947', DATE '2026-01-01' + g % 300,"
              " 1000 + g, 'EUR', 'Payer ' || g % 5000 || ' AS', 'Invoice 2026-' || g || ' thank you', 'BREF' || g,"
              " md5(g::text) FROM generate_series(1, " + std::to_string(kLines) + ") g");
    Exec(raw, "INSERT INTO statement_line_texts (line_id, company, search_text)"
              " SELECT id, company, concat_ws(E'\\n', counterparty_name, remittance_info, structured_reference,"
              " end_to_end_id, bank_reference, counterparty_account) FROM statement_lines");
    Exec(raw, "ANALYZE statement_lines");
    Exec(raw, "ANALYZE statement_line_texts");
    PQfinish(raw);
  }
  std::string url_;
  bool superuser_ = false;
};

TEST_F(LineSearch, WordsAreFoundThroughTheTrigramIndexNotByReadingEveryLine) {
  if (!superuser_) GTEST_SKIP() << "auto_explain needs a superuser to be loaded into a session";
  // Every statement of the pool's sessions is explained, to the client, as a notice.
  storage::PoolSettings settings{url_ + " options='-c session_preload_libraries=auto_explain"
                                        " -c auto_explain.log_min_duration=0 -c auto_explain.log_level=notice'",
                                 1};
  storage::ConnectionPool pool(settings);
  storage::StatementStore store(pool);
  storage::LineFilter filter;
  filter.company = kCompany;
  filter.text = "bref123457";
  LogCapture log;
  auto lines = store.ListLines(filter);
  ASSERT_TRUE(lines.ok()) << lines.error().message;
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(lines->front().line.bank_reference.value_or(""), "BREF123457");
  const std::string plans = log.text();
  const size_t list = plans.find("statement_line_texts");
  ASSERT_NE(list, std::string::npos) << "no plan of the search was logged:\n" << plans.substr(0, 4000);
  EXPECT_NE(plans.find("statement_line_texts_trgm"), std::string::npos) << plans.substr(0, 4000);
  EXPECT_EQ(plans.find("Seq Scan on statement_lines"), std::string::npos) << plans.substr(0, 4000);
  EXPECT_EQ(plans.find("Seq Scan on statement_line_texts"), std::string::npos) << plans.substr(0, 4000);
  EXPECT_EQ(plans.find("statement_lines_company_status"), std::string::npos)  // every line of the company
      << plans.substr(0, 4000);
}

}  // namespace
}  // namespace recon::testing

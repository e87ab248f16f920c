// List filters (issue 5, point 5): lines by date range, amount range and text;
// statements by status, account and period; matches by rule and day. Bad values are a
// 400 problem naming the parameter.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "integration/shared_recond_suite.hpp"
#include "integration/test_env.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class ListFilters : public SharedRecondSuite<ListFilters> {
 public:  // SharedRecondSuite's hooks
  // Four booked lines of 2026-11-20: 1250.00 from Nordic Design AS, a -99.50 bank fee, and
  // 100.00 and 200.00 of a batch.
  static std::string Seed() { return SeedCompany("filters"); }
  static std::string SeedCompany(const std::string& company) {
    auto push = server_->Call("POST", "/v1/open-items?company=" + company,
                              R"([{"external_id":"INV-2026-000123","kind":"receivable","partner_id":"C1",
                       "partner_name":"Nordic Design AS","document_number":"2026-0123","amount":"1250.00",
                       "open_amount":"1250.00","currency":"EUR","issue_date":"2026-10-20","due_date":"2026-11-19"}])");
    if (push.status != 200) return "the open item was not stored: " + push.body;
    auto upload = server_->Call("POST", "/v1/statements?company=" + company, ReadFixture("camt/camt053_v08_basic.xml"));
    if (upload.status != 201) return "the upload answered " + std::to_string(upload.status) + ": " + upload.body;
    return "";
  }
  static Json Items(const std::string& target) {
    auto answer = server_->Call("GET", target);
    EXPECT_EQ(answer.status, 200) << target << ": " << answer.body;
    if (answer.status != 200) return Json::array();
    return Json::parse(answer.body)["items"];
  }
  // A 400 problem whose detail names `parameter`.
  static void ExpectBad(const std::string& target, const std::string& parameter) {
    auto answer = server_->Call("GET", target);
    EXPECT_EQ(answer.status, 400) << target << ": " << answer.body;
    EXPECT_NE(answer.body.find(parameter), std::string::npos) << target << ": " << answer.body;
    EXPECT_EQ(answer.headers["content-type"], "application/problem+json") << target;
  }
};

TEST_F(ListFilters, LinesByText) {
  Json nordic = Items("/v1/lines?company=filters&q=nordic%20design");
  ASSERT_EQ(nordic.size(), 1u) << nordic.dump();
  EXPECT_EQ(nordic[0]["counterparty_name"], "Nordic Design AS");
  Json fee = Items("/v1/lines?company=filters&q=FEE");
  ASSERT_EQ(fee.size(), 1u) << fee.dump();
  EXPECT_EQ(fee[0]["amount"], "-99.50");
  // LIKE's wildcards are taken literally.
  EXPECT_EQ(Items("/v1/lines?company=filters&q=%25").size(), 0u);
  ExpectBad("/v1/lines?company=filters&q=", "q");
  ExpectBad("/v1/lines?company=filters&q=" + std::string(201, 'x'), "q");
}

TEST_F(ListFilters, LinesByAmountRangeInTheirCurrency) {
  Json mid = Items("/v1/lines?company=filters&currency=EUR&amount_min=1000&amount_max=2000.00");
  ASSERT_EQ(mid.size(), 1u) << mid.dump();
  EXPECT_EQ(mid[0]["amount"], "1250.00");
  Json out = Items("/v1/lines?company=filters&currency=EUR&amount_max=0");
  ASSERT_EQ(out.size(), 1u) << out.dump();
  EXPECT_EQ(out[0]["amount"], "-99.50");
  EXPECT_EQ(Items("/v1/lines?company=filters&currency=NOK").size(), 0u);
  ExpectBad("/v1/lines?company=filters&amount_min=5", "amount_min");  // which minor units?
  ExpectBad("/v1/lines?company=filters&currency=EUR&amount_max=1.234", "amount_max");
  ExpectBad("/v1/lines?company=filters&currency=EUR&amount_min=ten", "amount_min");
  ExpectBad("/v1/lines?company=filters&currency=EUR&amount_min=10&amount_max=5", "amount_max");
  ExpectBad("/v1/lines?company=filters&currency=EURO", "currency");
}

TEST_F(ListFilters, LinesByBookingDateRange) {
  // Every booked line of the file is of 2026-11-20.
  const Json all = Items("/v1/lines?company=filters");
  ASSERT_EQ(all.size(), 4u) << all.dump();
  EXPECT_EQ(Items("/v1/lines?company=filters&date_from=2026-11-20&date_to=2026-11-20").size(), all.size());
  EXPECT_EQ(Items("/v1/lines?company=filters&date_from=2026-11-21").size(), 0u);
  EXPECT_EQ(Items("/v1/lines?company=filters&date_to=2026-11-19").size(), 0u);
  EXPECT_EQ(Items("/v1/lines?company=filters&date_from=2026-11-19&status=unmatched&q=fee").size(), 1u);
  ExpectBad("/v1/lines?company=filters&date_from=2026-13-01", "date_from");
  ExpectBad("/v1/lines?company=filters&date_from=2026-11-22&date_to=2026-11-21", "date_to");
}

TEST_F(ListFilters, StatementsByStatusAccountAndPeriod) {
  const Json processed = Items("/v1/statements?company=filters&status=processed");
  ASSERT_EQ(processed.size(), 1u);
  const Json counts = processed[0]["line_counts"];
  EXPECT_EQ(counts, (Json{{"unmatched", 4}, {"proposed", 0}, {"matched", 0}, {"ignored", 0}})) << counts.dump();
  EXPECT_EQ(Items("/v1/statements?company=filters&status=reconciled").size(), 0u);
  EXPECT_EQ(Items("/v1/statements?company=filters&account=NO0000000000000").size(), 0u);
  EXPECT_EQ(Items("/v1/statements?company=filters&date_from=2026-11-01&date_to=2026-11-30").size(), 1u);
  EXPECT_EQ(Items("/v1/statements?company=filters&date_from=2027-01-01").size(), 0u);
  ExpectBad("/v1/statements?company=filters&status=done", "status");
  ExpectBad("/v1/statements?company=filters&date_to=yesterday", "date_to");
}

TEST_F(ListFilters, MatchesByRuleAndDay) {
  // A company of its own: the other tests read the seeded one as uploaded, unreconciled, and
  // must not depend on running before this one.
  ASSERT_EQ(SeedCompany("filters-run"), "");
  auto run = server_->Call("POST", "/v1/reconcile?company=filters-run", "{}");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(Items("/v1/matches?company=filters-run&rule=no_such_rule").size(), 0u);
  EXPECT_EQ(Items("/v1/matches?company=filters-run&date_to=2000-01-01").size(), 0u);
  const Json all = Items("/v1/matches?company=filters-run");
  ASSERT_FALSE(all.empty()) << run.body;
  EXPECT_EQ(Items("/v1/matches?company=filters-run&date_from=2000-01-01").size(), all.size());
  const std::string rule = all[0]["rule"];
  const Json same_rule = Items("/v1/matches?company=filters-run&rule=" + rule);
  EXPECT_FALSE(same_rule.empty());
  for (const auto& m : same_rule) EXPECT_EQ(m["rule"], rule);
  // The statement counts its lines by status after the run.
  const Json statement = Items("/v1/statements?company=filters-run")[0];
  EXPECT_GE(statement["line_counts"]["matched"].get<int>(), 1) << statement.dump();
  int total = 0;
  for (const auto& [status, n] : statement["line_counts"].items()) total += n.get<int>();
  EXPECT_EQ(total, 4) << statement.dump();
  ExpectBad("/v1/matches?company=filters-run&date_from=20261120", "date_from");
}

// Every list with a status filter refuses a status that is not one of its own with a 400 that
// names the parameter and the statuses it takes (statements and jobs are tested above and in
// tests/jobs; a line's and a match's statuses differ, so "applied" is no line status and
// "matched" no match status).
TEST_F(ListFilters, AStatusOfAnotherListIsRefused) {
  ExpectBad("/v1/lines?company=filters&status=applied", "status must be unmatched, proposed, matched or ignored");
  ExpectBad("/v1/lines?company=filters&status=MATCHED", "status");
  ExpectBad("/v1/matches?company=filters&status=matched", "status must be proposed, applied, rejected or reversed");
  ExpectBad("/v1/matches?company=filters&status=", "status");
}

}  // namespace
}  // namespace recon::testing

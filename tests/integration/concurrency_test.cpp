// Exactly once under concurrency (issue 5, points 2 and 4): parallel uploads of one file,
// two recond processes reconciling one company at once, overlapping statements.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"
#include "integration/test_env.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class Concurrency : public SharedRecondSuite<Concurrency> {};

TEST_F(Concurrency, TwentyParallelUploadsOfOneFileAreOneStatement) {
  const auto items = MakeItems(11, 0, 300);
  const auto lines = MakeLines(11, items, 0, 300);
  const std::string file = Camt053(lines, "2026-11-20", "STMT-PAR");
  constexpr int kThreads = 20;
  std::vector<HttpAnswer> answers(kThreads);
  std::vector<std::string> errors(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      for (int spin = 0; spin < 100000 && ready.load() < kThreads; ++spin) std::this_thread::yield();
      try {
        answers[i] = server_->Call("POST", "/v1/statements?company=parallel", file,
                                   {{"Content-Type", "application/octet-stream"}});
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  int created = 0, repeated = 0;
  std::set<std::string> ids;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(errors[i].empty()) << errors[i];
    if (answers[i].status == 201) ++created;
    else if (answers[i].status == 200) ++repeated;
    else ADD_FAILURE() << "upload " << i << " answered " << answers[i].status << ": " << answers[i].body;
    if (answers[i].status == 200 || answers[i].status == 201) {
      const Json body = Json::parse(answers[i].body);
      ASSERT_EQ(body["statements"].size(), 1u) << answers[i].body;
      ids.insert(body["statements"][0]["id"].get<std::string>());
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(repeated, kThreads - 1);
  EXPECT_EQ(ids.size(), 1u);
  const std::string url = TestDatabaseUrl();
  EXPECT_EQ(QueryValue(url, "SELECT COUNT(*) FROM raw_files WHERE company = $1", "parallel"), "1");
  EXPECT_EQ(QueryValue(url, "SELECT COUNT(*) FROM statements WHERE company = $1", "parallel"), "1");
  EXPECT_EQ(QueryValue(url, "SELECT COUNT(*) FROM statement_lines WHERE company = $1", "parallel"),
            std::to_string(lines.size()));
  const auto violations = CheckInvariants(url, "parallel");
  EXPECT_TRUE(violations.empty()) << Joined(violations);
}

TEST_F(Concurrency, TwoProcessesReconcilingOneCompanyNeverAllocateTwice) {
  const std::string url = TestDatabaseUrl();
  RecondProcess other(url);
  ASSERT_TRUE(other.started());
  const std::string company = "twoproc";
  constexpr size_t kRounds = 6, kPerRound = 150;
  const auto items = MakeItems(22, 0, kRounds * kPerRound);
  // Lines of each round pay items of this round and of the previous one (competing for them).
  for (size_t round = 0; round < kRounds; ++round) {
    auto push = server_->Call("POST", "/v1/open-items?company=" + company,
                              ItemsJson(items, round * kPerRound, (round + 1) * kPerRound));
    ASSERT_EQ(push.status, 200) << push.body;
    std::vector<GenItem> payable(items.begin() + static_cast<long>(round == 0 ? 0 : (round - 1) * kPerRound),
                                 items.begin() + static_cast<long>((round + 1) * kPerRound));
    // Two statements (one per process) paying the same items: only one payment can settle each.
    auto lines_a = MakeLines(100 + round, payable, round * 10000, payable.size());
    auto lines_b = MakeLines(200 + round, payable, round * 10000 + 5000, payable.size());
    auto up_a = server_->Call("POST", "/v1/statements?company=" + company,
                              Camt053(lines_a, "2026-11-" + std::to_string(10 + round), "A" + std::to_string(round)));
    ASSERT_EQ(up_a.status, 201) << up_a.body;
    auto up_b = other.Call("POST", "/v1/statements?company=" + company,
                           Camt053(lines_b, "2026-11-" + std::to_string(10 + round), "B" + std::to_string(round)));
    ASSERT_EQ(up_b.status, 201) << up_b.body;
    HttpAnswer ra, rb;
    std::string ea, eb;
    std::thread ta([&] {
      try { ra = server_->Call("POST", "/v1/reconcile?company=" + company, "{}"); } catch (const std::exception& e) { ea = e.what(); }
    });
    std::thread tb([&] {
      try { rb = other.Call("POST", "/v1/reconcile?company=" + company, "{}"); } catch (const std::exception& e) { eb = e.what(); }
    });
    ta.join();
    tb.join();
    ASSERT_TRUE(ea.empty() && eb.empty()) << ea << " / " << eb;
    // A run may be refused while the other holds the company (409) but never fail.
    EXPECT_TRUE(ra.status == 200 || ra.status == 409) << ra.status << " " << ra.body;
    EXPECT_TRUE(rb.status == 200 || rb.status == 409) << rb.status << " " << rb.body;
    const auto violations = CheckInvariants(url, company);
    ASSERT_TRUE(violations.empty()) << "round " << round << ":\n" << Joined(violations);
  }
  // Converged: one more run applies nothing new.
  auto last = server_->Call("POST", "/v1/reconcile?company=" + company, "{}");
  ASSERT_EQ(last.status, 200) << last.body;
  auto again = other.Call("POST", "/v1/reconcile?company=" + company, "{}");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json::parse(again.body)["applied"], 0) << again.body;
  EXPECT_EQ(QueryValue(url,
                       "SELECT COUNT(*) FROM (SELECT ml.line_id FROM match_lines ml JOIN matches m ON m.id = ml.match_id"
                       " WHERE m.company = $1 AND m.status = 'applied' GROUP BY ml.line_id HAVING COUNT(*) > 1) x",
                       company),
            "0");
  EXPECT_NE(QueryValue(url, "SELECT COUNT(*) FROM matches WHERE company = $1 AND status = 'applied'", company), "0");
  const auto violations = CheckInvariants(url, company);
  EXPECT_TRUE(violations.empty()) << Joined(violations);
}

TEST_F(Concurrency, AnOverlappingStatementStoresOnlyItsNewLines) {
  const std::string url = TestDatabaseUrl();
  const std::string company = "overlap";
  const auto items = MakeItems(33, 0, 40);
  const auto day = MakeLines(33, items, 0, 40);
  // The intraday file holds the first 25 bookings, the day file all 40.
  std::vector<GenLine> intraday(day.begin(), day.begin() + 25);
  auto first = server_->Call("POST", "/v1/statements?company=" + company, Camt053(intraday, "2026-11-20", "INTRA"));
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Json::parse(first.body)["statements"][0]["duplicates_skipped"], 0);
  auto second = server_->Call("POST", "/v1/statements?company=" + company, Camt053(day, "2026-11-20", "DAY"));
  ASSERT_EQ(second.status, 201) << second.body;
  const Json s = Json::parse(second.body)["statements"][0];
  EXPECT_EQ(s["duplicates_skipped"], 25) << second.body;
  EXPECT_EQ(s["lines"], 15) << second.body;
  EXPECT_EQ(QueryValue(url, "SELECT COUNT(*) FROM statement_lines WHERE company = $1", company), "40");

  // Two genuinely identical bookings in one file both stay.
  std::vector<GenLine> twins = {day[0], day[0]};
  twins[0].bank_reference = twins[1].bank_reference = "TWIN-1";
  twins[0].e2e = twins[1].e2e = "";
  auto third = server_->Call("POST", "/v1/statements?company=" + company, Camt053(twins, "2026-11-21", "TWINS"));
  ASSERT_EQ(third.status, 201) << third.body;
  EXPECT_EQ(Json::parse(third.body)["statements"][0]["lines"], 2) << third.body;
  EXPECT_EQ(Json::parse(third.body)["statements"][0]["duplicates_skipped"], 0) << third.body;
  EXPECT_EQ(QueryValue(url, "SELECT COUNT(*) FROM statement_lines WHERE company = $1", company), "42");

  // Lines are looked up only up to the account's latest stored booking date (migration 0013):
  // the twins again, on that date, are found; new bookings dated before it are stored.
  EXPECT_EQ(QueryValue(url, "SELECT max(last_booking_date)::text FROM booking_horizons WHERE company = $1", company),
            "2026-11-21");
  auto fourth = server_->Call("POST", "/v1/statements?company=" + company, Camt053(twins, "2026-11-21", "TWINS-2"));
  ASSERT_EQ(fourth.status, 201) << fourth.body;
  EXPECT_EQ(Json::parse(fourth.body)["statements"][0]["duplicates_skipped"], 2) << fourth.body;
  auto backdated = server_->Call("POST", "/v1/statements?company=" + company, Camt053(intraday, "2026-11-19", "LATE"));
  ASSERT_EQ(backdated.status, 201) << backdated.body;
  EXPECT_EQ(Json::parse(backdated.body)["statements"][0]["lines"], 25) << backdated.body;
  EXPECT_EQ(QueryValue(url, "SELECT COUNT(*) FROM statement_lines WHERE company = $1", company), "67");
  EXPECT_EQ(QueryValue(url, "SELECT max(last_booking_date)::text FROM booking_horizons WHERE company = $1", company),
            "2026-11-21");
  const auto violations = CheckInvariants(url, company);
  EXPECT_TRUE(violations.empty()) << Joined(violations);
}

}  // namespace
}  // namespace recon::testing

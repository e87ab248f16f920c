// POST /v1/matches/review: a person's decisions on many proposals in one request. Each
// decision is taken or refused on its own (a refused one leaves nothing half-done behind);
// a request that is wrong as a whole changes nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class Review : public SharedRecondSuite<Review> {
 protected:
  // Five invoices R-1 … R-5 and a statement whose lines pay each by amount and the partner's
  // name but without any reference: the matcher proposes (known_payer) and a person decides.
  // Answers the proposals by the external id they allocate.
  std::map<std::string, std::string> ProposalsFor(const std::string& company) {
    std::vector<GenItem> items;
    std::vector<GenLine> lines;
    for (int i = 1; i <= 5; ++i) {
      const std::string n = std::to_string(i);
      items.push_back({"R-" + n, "P" + n, "Kunde " + n + " GmbH", "DOC-" + n, "", 10'000 * i + 11 * i});
      lines.push_back({"BREF" + n, "", "Kunde " + n + " GmbH", "Thank you", "", 10'000 * i + 11 * i});
    }
    std::map<std::string, std::string> by_item;
    auto pushed = Call("POST", "/v1/open-items?company=" + company, ItemsJson(items, 0, items.size()));
    EXPECT_EQ(pushed.status, 200) << pushed.body;
    auto uploaded = Call("POST", "/v1/statements?company=" + company, Camt053(lines, "2026-11-02", "REV-" + company));
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    auto run = Call("POST", "/v1/reconcile?company=" + company, "{}");
    EXPECT_EQ(run.status, 200) << run.body;
    // Named: the loop would otherwise walk a temporary that is gone (lifetime extension
    // reaches only the last step of a range-for's expression before C++23).
    const Json proposed = JsonOf(Call("GET", "/v1/matches?status=proposed&company=" + company));
    for (const Json& m : proposed["items"]) {
      by_item[m["allocations"][0]["external_id"].get<std::string>()] = m["id"].get<std::string>();
    }
    return by_item;
  }

  std::string MatchStatus(const std::string& company, const std::string& id) {
    return JsonOf(Call("GET", "/v1/matches/" + id + "?company=" + company))["status"];
  }
  std::string OpenAmount(const std::string& company, const std::string& external_id) {
    const Json found = JsonOf(Call("GET", "/v1/open-items?q=" + external_id + "&company=" + company));
    for (const Json& item : found["items"]) {
      if (item["external_id"] == external_id) return item["open_amount"];
    }
    return "(not found)";
  }
};

Json Decide(std::initializer_list<std::pair<std::string, const char*>> decisions) {
  Json list = Json::array();
  for (const auto& [id, action] : decisions) list.push_back({{"id", id}, {"action", action}});
  return Json{{"decisions", list}};
}

TEST_F(Review, EachDecisionIsTakenOrRefusedOnItsOwn) {
  const std::string co = "review-mixed";
  auto p = ProposalsFor(co);
  ASSERT_EQ(p.size(), 5u) << "the matcher should propose each of the five payments";

  // R-4 was settled elsewhere meanwhile: the ERP says nothing of it is open any more, so its
  // approval cannot take the amount. Its refusal must leave the proposal as it was (the
  // status change before the amount check is rolled back with it) and the others standing.
  ASSERT_EQ(Call("POST", "/v1/open-items?company=" + co,
                 R"([{"external_id":"R-4","amount":"400.44","open_amount":"0.00","currency":"EUR"}])")
                .status,
            200);

  auto answer = Call("POST", "/v1/matches/review?company=" + co,
                     Decide({{p["R-1"], "approve"},
                             {p["R-2"], "reject"},
                             {"mt_99999999", "approve"},
                             {p["R-4"], "approve"},
                             {p["R-5"], "approve"}})
                         .dump());
  ASSERT_EQ(answer.status, 200) << answer.body;
  const Json a = JsonOf(answer);
  EXPECT_EQ(a["approved"], 2);
  EXPECT_EQ(a["rejected"], 1);
  EXPECT_EQ(a["refused"], 2);
  ASSERT_EQ(a["results"].size(), 5u);
  EXPECT_EQ(a["results"][0], (Json{{"id", p["R-1"]}, {"action", "approve"}, {"status", "applied"}}));
  EXPECT_EQ(a["results"][1], (Json{{"id", p["R-2"]}, {"action", "reject"}, {"status", "rejected"}}));
  EXPECT_EQ(a["results"][2]["id"], "mt_99999999");
  EXPECT_EQ(a["results"][2]["problem"]["status"], 404);
  EXPECT_EQ(a["results"][2]["problem"]["type"], "urn:recond:problem:not-found");
  EXPECT_EQ(a["results"][3]["problem"]["status"], 409) << a["results"][3].dump();
  EXPECT_NE(a["results"][3]["problem"]["detail"].get<std::string>().find("no longer"), std::string::npos)
      << a["results"][3].dump();
  // The clerk is told which invoice and what is open of it.
  EXPECT_NE(a["results"][3]["problem"]["detail"].get<std::string>().find("open item R-4"), std::string::npos)
      << a["results"][3].dump();
  EXPECT_NE(a["results"][3]["problem"]["detail"].get<std::string>().find("0.00 EUR is open"), std::string::npos)
      << a["results"][3].dump();
  EXPECT_FALSE(a["results"][3].contains("status"));
  EXPECT_EQ(a["results"][4]["status"], "applied");

  EXPECT_EQ(MatchStatus(co, p["R-1"]), "applied");
  EXPECT_EQ(MatchStatus(co, p["R-2"]), "rejected");
  EXPECT_EQ(MatchStatus(co, p["R-3"]), "proposed");  // not in the review
  EXPECT_EQ(MatchStatus(co, p["R-4"]), "proposed");  // refused, untouched
  EXPECT_EQ(MatchStatus(co, p["R-5"]), "applied");
  EXPECT_EQ(OpenAmount(co, "R-1"), "0.00");
  EXPECT_EQ(OpenAmount(co, "R-2"), "200.22");
  EXPECT_EQ(OpenAmount(co, "R-4"), "0.00");
  EXPECT_EQ(OpenAmount(co, "R-5"), "0.00");
  EXPECT_EQ(JsonOf(Call("GET", "/v1/lines?status=matched&company=" + co))["items"].size(), 2u);
  EXPECT_TRUE(CheckInvariants(TestDatabaseUrl(), co).empty()) << Joined(CheckInvariants(TestDatabaseUrl(), co));

  // The approvals taught who pays, as single approvals do.
  auto payers = JsonOf(Call("GET", "/v1/partners/P1/payers?company=" + co));
  ASSERT_FALSE(payers["items"].empty()) << payers.dump();
  EXPECT_EQ(payers["items"][0]["confirmations"], 1);

  // The same review again: every decision is already taken, so each is refused and nothing moves.
  auto again = JsonOf(Call("POST", "/v1/matches/review?company=" + co,
                           Decide({{p["R-1"], "approve"}, {p["R-2"], "reject"}}).dump()));
  EXPECT_EQ(again["approved"], 0);
  EXPECT_EQ(again["refused"], 2);
  EXPECT_EQ(again["results"][0]["problem"]["status"], 409);
  EXPECT_EQ(payers, JsonOf(Call("GET", "/v1/partners/P1/payers?company=" + co)));
}

TEST_F(Review, AnApprovalOfALineMatchedByHandMeanwhileNamesTheLine) {
  const std::string co = "review-line";
  auto p = ProposalsFor(co);
  ASSERT_EQ(p.size(), 5u);
  // Someone matched R-3's payment by hand to another invoice of the same amount meanwhile.
  ASSERT_EQ(Call("POST", "/v1/open-items?company=" + co,
                 R"([{"external_id":"R-3b","amount":"300.33","open_amount":"300.33","currency":"EUR"}])")
                .status,
            200);
  const Json proposal = JsonOf(Call("GET", "/v1/matches/" + p["R-3"] + "?company=" + co));
  const std::string line = proposal["lines"][0]["id"];
  Json manual = {{"line_ids", {line}}, {"allocations", {{{"external_id", "R-3b"}, {"amount", "300.33"}}}}};
  auto made = Call("POST", "/v1/matches?company=" + co, manual.dump());
  ASSERT_EQ(made.status, 201) << made.body;

  const Json a = JsonOf(Call("POST", "/v1/matches/review?company=" + co, Decide({{p["R-3"], "approve"}}).dump()));
  ASSERT_EQ(a["refused"], 1) << a.dump();
  const std::string detail = a["results"][0]["problem"]["detail"];
  EXPECT_EQ(detail, "statement line " + line + " (bank reference BREF3) has 300.33 EUR matched already of 300.33 EUR");
  EXPECT_EQ(MatchStatus(co, p["R-3"]), "proposed");
  EXPECT_EQ(OpenAmount(co, "R-3"), "300.33");
  EXPECT_TRUE(CheckInvariants(TestDatabaseUrl(), co).empty()) << Joined(CheckInvariants(TestDatabaseUrl(), co));
}

TEST_F(Review, AReplayedIdempotencyKeyAnswersTheFirstReviewAgain) {
  const std::string co = "review-replay";
  auto p = ProposalsFor(co);
  ASSERT_EQ(p.size(), 5u);
  const std::string body = Decide({{p["R-1"], "approve"}, {p["R-3"], "reject"}}).dump();
  auto first = Call("POST", "/v1/matches/review?company=" + co, body, {{"Idempotency-Key", "review-1"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(JsonOf(first)["approved"], 1);
  auto replay = Call("POST", "/v1/matches/review?company=" + co, body, {{"Idempotency-Key", "review-1"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(JsonOf(replay), JsonOf(first));  // the stored answer, not "already decided"
  EXPECT_EQ(Call("POST", "/v1/matches/review?company=" + co, Decide({{p["R-2"], "approve"}}).dump(),
                 {{"Idempotency-Key", "review-1"}})
                .status,
            422);
  EXPECT_EQ(MatchStatus(co, p["R-2"]), "proposed");
}

TEST_F(Review, ARequestWrongAsAWholeNamesThePlaceAndChangesNothing) {
  const std::string co = "review-bad";
  auto p = ProposalsFor(co);
  ASSERT_EQ(p.size(), 5u);
  const std::string ok = p["R-1"];
  Json too_many = Json{{"decisions", Json::array()}};
  for (int i = 0; i < 1001; ++i) too_many["decisions"].push_back({{"id", "mt_" + std::to_string(i + 1)}, {"action", "reject"}});
  struct Case {
    std::string what, body;
    int status;
    std::string location;
  } cases[] = {
      {"not JSON", "{decisions", 400, ""},
      {"not an object", "[]", 400, ""},
      {"no decisions", "{}", 400, "decisions"},
      {"empty", R"({"decisions": []})", 400, "decisions"},
      {"a decision not an object", Json{{"decisions", {{{"id", ok}, {"action", "approve"}}, "approve"}}}.dump(), 400,
       "decisions[1]"},
      {"not a match id", Decide({{ok, "approve"}, {"ln_5", "approve"}}).dump(), 400, "decisions[1].id"},
      {"unknown action", Decide({{ok, "approve"}, {p["R-2"], "maybe"}}).dump(), 400, "decisions[1].action"},
      {"one match twice", Decide({{ok, "approve"}, {p["R-2"], "reject"}, {ok, "reject"}}).dump(), 400,
       "decisions[2].id"},
      {"beyond the limit", too_many.dump(), 413, "decisions"},
  };
  for (const Case& c : cases) {
    auto answer = Call("POST", "/v1/matches/review?company=" + co, c.body);
    EXPECT_EQ(answer.status, c.status) << c.what << ": " << answer.body;
    EXPECT_EQ(answer.headers["content-type"], "application/problem+json") << c.what;
    if (!c.location.empty()) {
      EXPECT_EQ(JsonOf(answer)["location"], c.location) << c.what << ": " << answer.body;
    }
  }
  EXPECT_NE(JsonOf(Call("POST", "/v1/matches/review?company=" + co,
                        Decide({{ok, "approve"}, {p["R-2"], "reject"}, {ok, "reject"}}).dump()))["detail"]
                .get<std::string>()
                .find("decisions[0]"),
            std::string::npos);
  for (const auto& [item, id] : p) EXPECT_EQ(MatchStatus(co, id), "proposed") << item;
}

}  // namespace
}  // namespace recon::testing

// Manual matches over HTTP (issue 11, point 3). What broke: POST /v1/matches accepted an
// allocation of the opposite sign to its item and sums that were not overflow-checked, so a
// +100 line allocated as +150 to one item and -50 to another closed the first beyond what was
// paid, reopened the second while its match still said applied, and the match could no longer
// be reversed. Every refusal here must leave the books exactly as they were.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class ManualMatch : public SharedRecondSuite<ManualMatch> {
 protected:
  // Uploads one statement with a line per amount (cents) and answers the lines' ids in order.
  static std::vector<std::string> Lines(const std::string& company, const std::vector<int64_t>& cents) {
    std::vector<GenLine> lines;
    for (size_t i = 0; i < cents.size(); ++i) {
      GenLine l;
      l.bank_reference = "MM-" + company + "-" + std::to_string(i);
      l.name = "Someone";
      l.ustrd = "no reference";
      l.cents = cents[i];
      lines.push_back(std::move(l));
    }
    auto up = Call("POST", "/v1/statements?company=" + company, Camt053(lines, "2026-11-20", "MM-" + company));
    EXPECT_EQ(up.status, 201) << up.body;
    std::vector<std::string> ids;
    const Json stored = JsonOf(Call("GET", "/v1/lines?company=" + company));
    for (const Json& l : stored["items"]) ids.push_back(l["id"]);
    return ids;
  }

  static void Items(const std::string& company, const Json& items) {
    auto push = Call("POST", "/v1/open-items?company=" + company, items.dump());
    ASSERT_EQ(push.status, 200) << push.body;
  }

  static Json Item(const std::string& external_id, const std::string& amount, const char* kind = "receivable") {
    return Json{{"external_id", external_id}, {"kind", kind}, {"amount", amount}, {"currency", "EUR"}};
  }

  static std::string OpenAmount(const std::string& company, const std::string& external_id) {
    return QueryValue(TestDatabaseUrl(),
                      "SELECT erp_open_amount - allocated_amount FROM open_items WHERE company = $1 AND external_id = '" +
                          external_id + "'",
                      company);
  }

  static HttpAnswer Manual(const std::string& company, const Json& body) {
    return Call("POST", "/v1/matches?company=" + company, body.dump());
  }

  static void ExpectProblem(const HttpAnswer& a, int status, const std::string& location, const std::string& detail) {
    EXPECT_EQ(a.status, status) << a.body;
    EXPECT_EQ(a.headers.at("content-type"), "application/problem+json");
    const Json p = Json::parse(a.body, nullptr, false);
    EXPECT_EQ(p.value("location", ""), location) << a.body;
    EXPECT_NE(p.value("detail", "").find(detail), std::string::npos) << a.body;
  }

  static void ExpectConsistent(const std::string& company) {
    const auto violations = CheckInvariants(TestDatabaseUrl(), company);
    EXPECT_TRUE(violations.empty()) << Joined(violations);
  }
};

TEST_F(ManualMatch, TheIssuesCaseIsRefusedAndChangesNothing) {
  const std::string co = "mm-issue";
  Items(co, Json::array({Item("A", "150.00"), Item("B", "50.00")}));
  const auto lines = Lines(co, {50'00, 100'00});
  // B is settled by its own payment first.
  ASSERT_EQ(Manual(co, {{"line_ids", {lines[0]}}, {"allocations", {{{"external_id", "B"}, {"amount", "50.00"}}}}}).status,
            201);
  ASSERT_EQ(OpenAmount(co, "B"), "0");
  // The +100 line "allocated" as +150 to A and -50 to B: it nets, but the -50 has B's opposite sign.
  auto bad = Manual(co, {{"line_ids", {lines[1]}},
                         {"allocations", {{{"external_id", "A"}, {"amount", "150.00"}},
                                          {{"external_id", "B"}, {"amount", "-50.00"}}}}});
  ExpectProblem(bad, 422, "allocations[1].amount", "-50.00 EUR has the opposite sign of open item B (50.00 EUR)");
  EXPECT_EQ(OpenAmount(co, "A"), "15000");
  EXPECT_EQ(OpenAmount(co, "B"), "0");
  EXPECT_EQ(QueryValue(TestDatabaseUrl(), "SELECT count(*) FROM matches WHERE company = $1", co), "1");
  ExpectConsistent(co);
}

TEST_F(ManualMatch, EachAllocationHasItsItemsSignAndIsNotZero) {
  const std::string co = "mm-sign";
  Items(co, Json::array({Item("INV", "300.00"), Item("CN", "-100.00"), Item("P", "80.00", "payable")}));
  const auto lines = Lines(co, {200'00, -80'00});
  // A credit note allocated positive.
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "INV"}, {"amount", "100.00"}},
                                             {{"external_id", "CN"}, {"amount", "100.00"}}}}}),
                422, "allocations[1].amount", "opposite sign of open item CN");
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "INV"}, {"amount", "200.00"}},
                                             {{"external_id", "CN"}, {"amount", "0.00"}}}}}),
                422, "allocations[1].amount", "must not be zero");
  // An invoice less its credit note, each with its own sign: accepted.
  auto netted = Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "INV"}, {"amount", "300.00"}},
                                             {{"external_id", "CN"}, {"amount", "-100.00"}}}}});
  ASSERT_EQ(netted.status, 201) << netted.body;
  // A payable is settled by money out; its allocation is in the item's terms (positive).
  ExpectProblem(Manual(co, {{"line_ids", {lines[1]}}, {"allocations", {{{"external_id", "P"}, {"amount", "-80.00"}}}}}),
                422, "allocations[0].amount", "opposite sign of open item P");
  auto paid = Manual(co, {{"line_ids", {lines[1]}}, {"allocations", {{{"external_id", "P"}, {"amount", "80.00"}}}}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  ExpectConsistent(co);
}

TEST_F(ManualMatch, AnItemNamedTwiceOrALineNamedTwiceIsRefused) {
  const std::string co = "mm-twice";
  Items(co, Json::array({Item("A", "100.00")}));
  const auto lines = Lines(co, {100'00});
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "A"}, {"amount", "60.00"}},
                                             {{"external_id", "A"}, {"amount", "40.00"}}}}}),
                400, "allocations[1].external_id", "open item A is allocated already in allocations[0]");
  ExpectProblem(Manual(co, {{"line_ids", {lines[0], lines[0]}}, {"allocations", {{{"external_id", "A"}, {"amount", "100.00"}}}}}),
                400, "line_ids[1]", "is named already in line_ids[0]");
  EXPECT_EQ(OpenAmount(co, "A"), "10000");
  ExpectConsistent(co);
}

TEST_F(ManualMatch, AnAllocationBeyondWhatIsOpenIsAConflictNamingTheNumbers) {
  const std::string co = "mm-residual";
  Items(co, Json::array({Item("A", "100.00"), Item("B", "60.00")}));
  const auto lines = Lines(co, {160'00});
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "A"}, {"amount", "100.00"}},
                                             {{"external_id", "B"}, {"amount", "60.01"}}}}}),
                409, "allocations[1].amount", "60.01 EUR is more than the 60.00 EUR open of open item B");
  EXPECT_EQ(OpenAmount(co, "A"), "10000");
  ExpectConsistent(co);
}

TEST_F(ManualMatch, SumsNearInt64MaxAreOverflowNotWrapAround) {
  const std::string co = "mm-overflow";
  Items(co, Json::array({Item("HUGE-1", "92233720368547758.07"), Item("HUGE-2", "92233720368547758.07")}));
  const auto lines = Lines(co, {100'00});
  // Before the checks the two added up to -0.02 in int64 (undefined behaviour, caught by UBSan).
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "HUGE-1"}, {"amount", "92233720368547758.07"}},
                                             {{"external_id", "HUGE-2"}, {"amount", "92233720368547758.07"}}}}}),
                422, "allocations[1].amount", "beyond what recond can count");
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "HUGE-1"}, {"amount", "92233720368547758.08"}}}}}),
                422, "allocations[0].amount", "");
  ExpectConsistent(co);
}

TEST_F(ManualMatch, AWriteOffWithinTheToleranceIsAppliedAndReversible) {
  const std::string co = "mm-writeoff";
  Items(co, Json::array({Item("A", "1000.00"), Item("B", "1000.00")}));
  const auto lines = Lines(co, {990'00, 970'00});
  // Not netting and nothing said: refused, naming the difference to write off.
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}}, {"allocations", {{{"external_id", "A"}, {"amount", "1000.00"}}}}}),
                400, "allocations", "send the difference 10.00 EUR as write_off");
  // The default rule set allows the smaller of 20.00 and 2 % to bank-fees.
  ExpectProblem(Manual(co, {{"line_ids", {lines[1]}},
                            {"allocations", {{{"external_id", "B"}, {"amount", "1000.00"}}}},
                            {"write_off", {{"amount", "30.00"}, {"account", "bank-fees"}}}}),
                422, "write_off.amount", "beyond the tolerance of rule 'document_number'");
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "A"}, {"amount", "1000.00"}}}},
                            {"write_off", {{"amount", "10.00"}, {"account", "petty-cash"}}}}),
                400, "write_off.account", "no write-off account");
  ExpectProblem(Manual(co, {{"line_ids", {lines[0]}},
                            {"allocations", {{{"external_id", "A"}, {"amount", "1000.00"}}}},
                            {"write_off", {{"amount", "9.00"}, {"account", "bank-fees"}}}}),
                400, "write_off.amount", "are 10.00 EUR");
  auto made = Manual(co, {{"line_ids", {lines[0]}},
                          {"allocations", {{{"external_id", "A"}, {"amount", "1000.00"}}}},
                          {"write_off", {{"amount", "10.00"}, {"account", "bank-fees"}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const Json m = JsonOf(made);
  EXPECT_EQ(m["write_off"], (Json{{"amount", "10.00"}, {"account", "bank-fees"}}));
  EXPECT_EQ(OpenAmount(co, "A"), "0");
  ExpectConsistent(co);
  // And it can be undone: the item and the line are open again, the books as before.
  auto reversed = Call("POST", "/v1/matches/" + m["id"].get<std::string>() + "/reverse?company=" + co, "{}");
  ASSERT_EQ(reversed.status, 200) << reversed.body;
  EXPECT_EQ(OpenAmount(co, "A"), "100000");
  EXPECT_EQ(JsonOf(Call("GET", "/v1/lines?company=" + co + "&status=unmatched"))["items"].size(), 2u);
  ExpectConsistent(co);
}

TEST_F(ManualMatch, TheDatabaseRefusesAnAllocationOfTheOppositeSign) {
  const std::string co = "mm-constraint";
  Items(co, Json::array({Item("A", "100.00")}));
  const std::string url = TestDatabaseUrl();
  EXPECT_THROW(QueryValue(url,
                          "INSERT INTO allocations (match_id, open_item_id, amount) SELECT 0, id, -1 FROM open_items"
                          " WHERE company = $1 RETURNING id",
                          co),
               std::runtime_error);
  EXPECT_THROW(QueryValue(url,
                          "INSERT INTO allocations (match_id, open_item_id, amount) SELECT 0, id, 0 FROM open_items"
                          " WHERE company = $1 RETURNING id",
                          co),
               std::runtime_error);
}

}  // namespace
}  // namespace recon::testing

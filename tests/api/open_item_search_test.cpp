// Black-box tests of the open-item search (GET /v1/open-items filters): the real recond
// binary over HTTP against the test PostgreSQL, one table row per search, and the bad
// parameters that must be answered 400 with the parameter named.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "integration/shared_recond_suite.hpp"
#include "integration/test_env.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

class OpenItemSearch : public SharedRecondSuite<OpenItemSearch> {
 public:  // SharedRecondSuite's hooks
  static std::string Seed() {
    auto push = server_->Call("POST", "/v1/open-items?company=search", Items().dump());
    return push.status == 200 ? "" : "the items were not stored: " + push.body;
  }

  static Json Item(const char* id, const char* kind, const char* partner_id, const char* partner_name,
                   const char* document, const char* amount, const char* currency, const char* due) {
    Json j = {{"external_id", id}, {"kind", kind}, {"amount", amount}, {"open_amount", amount},
              {"currency", currency}, {"due_date", due}};
    if (partner_id) j["partner_id"] = partner_id;
    if (partner_name) j["partner_name"] = partner_name;
    if (document) j["document_number"] = document;
    return j;
  }

  static Json Items() {
    return Json::array({
        Item("INV-2026-0123", "receivable", "C1", "Nordic Design AS", "2026-0123", "1250.00", "EUR", "2026-11-19"),
        Item("INV-2026-0124", "receivable", "C1", "Nordic Design AS", "2026-0124", "99.50", "EUR", "2026-12-01"),
        Item("INV-2026-1230", "receivable", "C2", "Fjord Living AB", "2026-1230", "1250.00", "SEK", "2026-11-25"),
        Item("BILL-77", "payable", "S9", "Papirgrossisten ASA", "A_77%", "480.00", "EUR", "2026-10-31"),
        Item("GL-5", "ledger", nullptr, nullptr, nullptr, "-20.00", "EUR", "2026-11-19"),
        Item("JP-1", "receivable", "C3", "Tokyo Trading KK", "J-1", "1250", "JPY", "2026-11-20"),
    });
  }

  // The external ids a search answers, in the order given.
  static std::vector<std::string> Search(const std::string& query) {
    const HttpAnswer a = server_->Call("GET", "/v1/open-items?company=search&" + query);
    EXPECT_EQ(a.status, 200) << query << ": " << a.body;
    std::vector<std::string> ids;
    if (a.status != 200) return ids;
    const Json page = Json::parse(a.body);  // kept alive: a range-for over a temporary's member dangles
    for (const Json& item : page["items"]) ids.push_back(item["external_id"].get<std::string>());
    return ids;
  }

};

using Ids = std::vector<std::string>;  // external ids, in the order answered

TEST_F(OpenItemSearch, EachFilterFindsWhatItShould) {
  struct Case {
    const char* query;
    Ids expect;
  };
  const Case cases[] = {
      {"amount=1250.00", {"INV-2026-0123", "INV-2026-1230"}},
      {"amount=1250.00&currency=EUR", {"INV-2026-0123"}},
      {"amount=1250&currency=JPY", {"JP-1"}},  // read in yen: no decimals
      {"amount=1250.01", {}},                  // one cent off
      {"amount=-20.00", {"GL-5"}},
      {"amount_min=99.50&amount_max=480.00", {"INV-2026-0124", "BILL-77"}},
      {"amount_min=1000&currency=EUR", {"INV-2026-0123"}},
      {"amount_max=0", {"GL-5"}},
      {"partner=c1", {"INV-2026-0123", "INV-2026-0124"}},         // the id, any case
      {"partner=nordic%20DESIGN", {"INV-2026-0123", "INV-2026-0124"}},  // part of the name
      {"partner=living", {"INV-2026-1230"}},
      {"partner=C", {"INV-2026-0123", "INV-2026-0124"}},  // the 'c' of Nordic: no partner's id is 'C'
      {"partner=nobody", {}},
      {"document=0123", {"INV-2026-0123"}},
      {"document=2026-012", {"INV-2026-0123", "INV-2026-0124"}},
      {"document=123", {"INV-2026-0123", "INV-2026-1230"}},
      {"document=_", {"BILL-77"}},    // LIKE wildcards are taken literally
      {"document=%25", {"BILL-77"}},
      {"document=2026_0123", {}},
      {"q=bill", {"BILL-77"}},        // external id
      {"q=fjord", {"INV-2026-1230"}}, // partner name
      {"q=j-1", {"JP-1"}},            // document number
      {"q=0124", {"INV-2026-0124"}},
      {"due_from=2026-11-20", {"INV-2026-0124", "INV-2026-1230", "JP-1"}},
      {"due_to=2026-11-19", {"INV-2026-0123", "BILL-77", "GL-5"}},
      {"due_from=2026-11-19&due_to=2026-11-19", {"INV-2026-0123", "GL-5"}},
      {"kind=payable", {"BILL-77"}},
      {"kind=ledger", {"GL-5"}},
      {"currency=SEK", {"INV-2026-1230"}},
      {"currency=usd", {}},
      {"kind=receivable&partner=nordic&amount_max=100", {"INV-2026-0124"}},
      {"status=open&document=2026", {"INV-2026-0123", "INV-2026-0124", "INV-2026-1230"}},
      {"status=closed&document=2026", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(Search(c.query), c.expect) << c.query;
}

TEST_F(OpenItemSearch, PagesThroughAFilteredList) {
  const HttpAnswer first = server_->Call("GET", "/v1/open-items?company=search&partner=nordic&limit=1");
  ASSERT_EQ(first.status, 200) << first.body;
  const Json page = Json::parse(first.body);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["external_id"], "INV-2026-0123");
  ASSERT_TRUE(page["next_cursor"].is_string());
  EXPECT_EQ(Search("partner=nordic&limit=1&cursor=" + page["next_cursor"].get<std::string>()), Ids{"INV-2026-0124"});
}

TEST_F(OpenItemSearch, OtherCompaniesAreNeverFound) {
  EXPECT_EQ(server_->Call("POST", "/v1/open-items?company=other",
                          Json::array({Item("X-0123", "receivable", "C1", "Nordic Design AS", "2026-0123", "1250.00",
                                            "EUR", "2026-11-19")})
                              .dump())
                .status,
            200);
  EXPECT_EQ(Search("document=0123"), Ids{"INV-2026-0123"});
}

TEST_F(OpenItemSearch, BadParametersAre400NamingTheParameter) {
  struct Case {
    const char* query;
    const char* parameter;
  };
  const Case cases[] = {
      {"amount=abc", "amount"},
      {"amount=12.345", "amount"},           // three decimals in euros
      {"amount=12.5&currency=JPY", "amount"},  // yen have none
      {"amount_min=1,5", "amount_min"},
      {"amount_max=", "amount_max"},
      {"amount_min=10&amount_max=5", "amount_min"},
      {"currency=EURO", "currency"},
      {"currency=", "currency"},
      {"kind=asset", "kind"},
      {"due_from=2026-13-01", "due_from"},
      {"due_to=19.11.2026", "due_to"},
      {"due_from=2026-12-01&due_to=2026-11-01", "due_from"},
      {"q=", "q"},
      {"partner=", "partner"},
      {"document=", "document"},
      {"status=paid", "status"},
      {"limit=0", "limit"},
  };
  for (const Case& c : cases) {
    const HttpAnswer a = server_->Call("GET", std::string("/v1/open-items?company=search&") + c.query);
    EXPECT_EQ(a.status, 400) << c.query << ": " << a.body;
    EXPECT_NE(a.headers.count("content-type") ? a.headers.at("content-type").find("application/problem+json")
                                              : std::string::npos,
              std::string::npos)
        << c.query;
    const Json problem = Json::parse(a.body, nullptr, false);
    ASSERT_FALSE(problem.is_discarded()) << c.query;
    EXPECT_NE(problem.value("detail", "").find(c.parameter), std::string::npos) << c.query << ": " << a.body;
  }
  // Built with append: GCC 12 warns wrongly about "literal" + std::string(n, c).
  std::string too_long = "/v1/open-items?company=search&q=";
  too_long.append(201, 'x');
  EXPECT_EQ(server_->Call("GET", too_long).status, 400);
  std::string longest = "q=";
  longest.append(200, 'x');
  EXPECT_EQ(Search(longest), Ids{});
}

}  // namespace
}  // namespace recon::testing

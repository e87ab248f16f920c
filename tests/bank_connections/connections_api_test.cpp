// Black-box tests of bank connections: the real recond binary over HTTP, pulling from the mock
// bank on loopback, against the test PostgreSQL. Every test works in its own company.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "bank_connections/connection_body.hpp"
#include "bank_connections/connection_test_support.hpp"
#include "integration/shared_recond_suite.hpp"
#include "mock_bank/mock_bank.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr const char* kClientSecret = "SUPER-SECRET-client-7f3a";

class Connections : public SharedRecondSuite<Connections> {
 public:  // SharedRecondSuite's hook
  static std::map<std::string, std::string> Env() { return {{"RECOND_SECRET_KEY", kKey}}; }

 protected:
  void SetUp() override {
    SharedRecondSuite::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    company_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  HttpAnswer Call(const std::string& method, const std::string& path, const std::string& body = "") const {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    return server_->Call(method, path + sep + "company=" + company_, body,
                         body.empty() ? std::map<std::string, std::string>{}
                                      : std::map<std::string, std::string>{{"Content-Type", "application/json"}});
  }

  Json BerlinGroup(const MockBank& bank, const std::string& name = "bank") const {
    Json body = BerlinGroupConnection(bank, name, 3, kClientSecret);
    body["pulls_per_day_max"] = 50;
    return body;
  }

  // Creates a connection; its id.
  std::string Create(const Json& body) const {
    auto res = Call("POST", "/v1/connections", body.dump());
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? Json::parse(res.body)["id"].get<std::string>() : "";
  }

  Json Pull(const std::string& id, int expected_status = 201) const {
    auto res = Call("POST", "/v1/connections/" + id + "/pull");
    EXPECT_EQ(res.status, expected_status) << res.body;
    return Json::parse(res.body);
  }

  size_t LineCount() const {
    auto res = Call("GET", "/v1/lines?limit=1000");
    EXPECT_EQ(res.status, 200) << res.body;
    return Json::parse(res.body)["items"].size();
  }

  std::string company_;
};

TEST_F(Connections, CreateListPatchDeleteNeverEchoSecrets) {
  MockBank bank;
  auto created = Call("POST", "/v1/connections", BerlinGroup(bank).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find(kClientSecret), std::string::npos);
  Json c = Json::parse(created.body);
  const std::string id = c["id"];
  EXPECT_EQ(c["type"], "berlin-group");
  EXPECT_EQ(c["secrets"], Json::array({"client_secret"}));
  EXPECT_FALSE(c["settings"].contains("client_secret"));

  // At rest the secret is sealed under the configured key, never in clear.
  const std::string sealed = QueryOne("SELECT sealed FROM connection_secrets WHERE name = 'client_secret' AND connection_id = " +
                                      id.substr(3));
  EXPECT_EQ(sealed.rfind("k1:", 0), 0u) << sealed;
  EXPECT_EQ(sealed.find(kClientSecret), std::string::npos);

  auto list = Call("GET", "/v1/connections");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(kClientSecret), std::string::npos);
  EXPECT_EQ(Json::parse(list.body)["items"].size(), 1u);

  auto patched = Call("PATCH", "/v1/connections/" + id,
                      Json{{"name", "renamed"}, {"secrets", {{"refresh_token", "RT-very-secret-1"}}},
                           {"schedule", "30 6 * * 1-5"}}
                          .dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.body.find("RT-very-secret-1"), std::string::npos);
  Json p = Json::parse(patched.body);
  EXPECT_EQ(p["name"], "renamed");
  EXPECT_EQ(p["secrets"], Json::array({"client_secret", "refresh_token"}));
  EXPECT_FALSE(p["next_pull_at"].is_null());

  auto got = Call("GET", "/v1/connections/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body.find("RT-very-secret-1"), std::string::npos);

  // Another company does not see it.
  auto other = server_->Call("GET", "/v1/connections/" + id + "?company=someone-else");
  EXPECT_EQ(other.status, 404);

  auto deleted = Call("DELETE", "/v1/connections/" + id);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_EQ(Call("GET", "/v1/connections/" + id).status, 404);
  EXPECT_EQ(Call("DELETE", "/v1/connections/" + id).status, 404);
  EXPECT_EQ(QueryOne("SELECT count(*) FROM connection_secrets WHERE connection_id = " + id.substr(3)), "0");
}

TEST_F(Connections, PostsHonourIdempotencyKey) {
  MockBank bank;
  const std::string body = BerlinGroup(bank, "once").dump();
  const std::map<std::string, std::string> headers{{"Content-Type", "application/json"}, {"Idempotency-Key", "conn-1"}};
  const std::string target = "/v1/connections?company=" + company_;
  auto first = server_->Call("POST", target, body, headers);
  ASSERT_EQ(first.status, 201) << first.body;
  auto replay = server_->Call("POST", target, body, headers);
  EXPECT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.headers["idempotency-replayed"], "true");
  EXPECT_EQ(Json::parse(replay.body)["id"], Json::parse(first.body)["id"]);
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections").body)["items"].size(), 1u);
  // The same key with another body is refused, and creates nothing.
  auto other = server_->Call("POST", target, BerlinGroup(bank, "twice").dump(), headers);
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections").body)["items"].size(), 1u);
}

TEST_F(Connections, BadInputNamesTheField) {
  MockBank bank;
  struct Case {
    std::string what;
    Json body;
    std::string location;
  };
  Json unknown_type = BerlinGroup(bank);
  unknown_type["type"] = "carrier-pigeon";
  Json bad_url = BerlinGroup(bank);
  bad_url["settings"]["base_url"] = "ftp://bank.example";
  Json no_secret = BerlinGroup(bank);
  no_secret.erase("secrets");
  Json secret_in_settings = BerlinGroup(bank);
  secret_in_settings["settings"]["client_secret"] = "oops";
  Json bad_schedule = BerlinGroup(bank);
  bad_schedule["schedule"] = "0 25 * * *";
  Json bad_zone = BerlinGroup(bank);
  bad_zone["schedule"] = "0 6 * * *";
  bad_zone["schedule_tz"] = "Mars/Olympus";
  Json bad_budget = BerlinGroup(bank);
  bad_budget["pulls_per_day_max"] = 0;
  Json unknown_field = BerlinGroup(bank);
  unknown_field["colour"] = "blue";
  const std::vector<Case> cases = {
      {"unknown type", unknown_type, "type"},
      {"bad URL", bad_url, "settings.base_url"},
      {"missing secret", no_secret, "secrets.client_secret"},
      {"secret in settings", secret_in_settings, "settings.client_secret"},
      {"bad schedule", bad_schedule, "schedule"},
      {"bad time zone", bad_zone, "schedule_tz"},
      {"bad budget", bad_budget, "pulls_per_day_max"},
      {"unknown field", unknown_field, "colour"},
  };
  for (const Case& c : cases) {
    auto res = Call("POST", "/v1/connections", c.body.dump());
    EXPECT_EQ(res.status, 400) << c.what << ": " << res.body;
    EXPECT_EQ(res.headers["content-type"], "application/problem+json") << c.what;
    Json problem = Json::parse(res.body);
    EXPECT_EQ(problem.value("location", ""), c.location) << c.what << ": " << res.body;
    EXPECT_EQ(res.body.find("oops"), std::string::npos) << c.what;
  }
  auto not_json = Call("POST", "/v1/connections", "{not json");
  EXPECT_EQ(not_json.status, 400);
  // Nothing of a refused connection was stored.
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections").body)["items"].size(), 0u);
  EXPECT_EQ(Call("POST", "/v1/connections/cn_999999/pull").status, 404);
  EXPECT_EQ(Call("POST", "/v1/connections/nonsense/pull").status, 404);
}

TEST_F(Connections, PullingTwiceStoresNothingTwice) {
  MockBank bank;
  bank.SetTransactions("acc-1",
                       {BankTransaction("T1", "10.00", "2026-03-01"), BankTransaction("T2", "-5.50", "2026-03-02"),
                        BankTransaction("T3", "7.25", "2026-03-02")},
                       2);
  const std::string id = Create(BerlinGroup(bank));
  Json first = Pull(id);
  EXPECT_EQ(first["status"], "succeeded") << first.dump();
  EXPECT_EQ(first["lines"], 3);
  EXPECT_EQ(LineCount(), 3u);
  Json second = Pull(id);
  EXPECT_EQ(second["status"], "succeeded") << second.dump();
  EXPECT_EQ(second["lines"], 0);
  EXPECT_EQ(LineCount(), 3u);

  auto pulls = Call("GET", "/v1/connections/" + id + "/pulls");
  ASSERT_EQ(pulls.status, 200);
  Json items = Json::parse(pulls.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["trigger"], "api");
  EXPECT_EQ(items[0]["lines"], 3);
  EXPECT_FALSE(items[1]["finished_at"].is_null());
  EXPECT_FALSE(Json::parse(Call("GET", "/v1/connections/" + id).body)["last_success_at"].is_null());
}

TEST_F(Connections, ResumesFromTheCursor) {
  MockBank bank;
  std::vector<Json> txs = {BankTransaction("T1", "10.00", "2026-03-01"), BankTransaction("T2", "-5.50", "2026-03-02")};
  bank.SetTransactions("acc-1", txs, 10);
  const std::string id = Create(BerlinGroup(bank));
  EXPECT_EQ(Pull(id)["lines"], 2);
  // The bank now has one more booking on the last day and one on a later day; it ignores
  // dateFrom and sends everything again. Only the new ones are handed on: no duplicates at all.
  txs.push_back(BankTransaction("T3", "1.00", "2026-03-02"));
  txs.push_back(BankTransaction("T4", "2.00", "2026-03-05"));
  bank.SetTransactions("acc-1", txs, 10);
  Json second = Pull(id);
  EXPECT_EQ(second["status"], "succeeded") << second.dump();
  EXPECT_EQ(second["lines"], 2);
  EXPECT_EQ(second["duplicates"], 0);
  EXPECT_EQ(LineCount(), 4u);
}

TEST_F(Connections, ServerErrorsThenSuccess) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(BerlinGroup(bank));
  bank.FailNext500(2);  // attempts_max is 3: the third try gets through
  Json pull = Pull(id);
  EXPECT_EQ(pull["status"], "succeeded") << pull.dump();
  EXPECT_EQ(pull["lines"], 1);
  EXPECT_TRUE(pull["dead_letter_id"].is_null());
}

TEST_F(Connections, TooManyRequestsHonoursRetryAfter) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(BerlinGroup(bank));
  bank.FailNext429(1, "1");
  Json pull = Pull(id);
  EXPECT_EQ(pull["status"], "succeeded") << pull.dump();
  EXPECT_EQ(pull["lines"], 1);
  // The refused request was sent again: two token requests (one 429) for one pull.
  EXPECT_EQ(bank.TokenRequests(), 2);
}

TEST_F(Connections, RepeatedFailureGoesToTheDeadLetterQueueAndReplays) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(BerlinGroup(bank));
  bank.FailNext500(1000);
  Json failed = Pull(id);
  EXPECT_EQ(failed["status"], "failed") << failed.dump();
  ASSERT_TRUE(failed["dead_letter_id"].is_string()) << failed.dump();
  EXPECT_EQ(bank.TokenRequests(), 3);  // attempts_max, then it gave up
  const std::string letter = failed["dead_letter_id"];

  auto letters = Call("GET", "/v1/dead-letters");
  ASSERT_EQ(letters.status, 200);
  Json items = Json::parse(letters.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], letter);
  EXPECT_EQ(items[0]["connection_id"], id);
  EXPECT_EQ(items[0]["status"], "open");
  EXPECT_NE(items[0]["last_error"].get<std::string>().find("500"), std::string::npos) << items[0].dump();
  EXPECT_EQ(LineCount(), 0u);

  auto metrics = HttpCall(server_->port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("recond_connection_pulls_total{connection=\"" + id + "\",outcome=\"failed\"} 1"),
            std::string::npos);

  bank.FailNext500(0);
  auto replay = Call("POST", "/v1/dead-letters/" + letter + "/replay");
  ASSERT_EQ(replay.status, 201) << replay.body;
  Json replayed = Json::parse(replay.body);
  EXPECT_EQ(replayed["status"], "succeeded");
  EXPECT_EQ(replayed["trigger"], "replay");
  EXPECT_EQ(LineCount(), 1u);
  EXPECT_EQ(Json::parse(Call("GET", "/v1/dead-letters").body)["items"].size(), 0u);
  Json all = Json::parse(Call("GET", "/v1/dead-letters?status=replayed").body)["items"];
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["replay_pull_id"], replayed["id"]);
  EXPECT_EQ(Call("POST", "/v1/dead-letters/" + letter + "/replay").status, 409);
  EXPECT_EQ(Call("GET", "/v1/dead-letters?status=bogus").status, 400);
}

TEST_F(Connections, ConsentExpiredNeedsAPersonAndIsNotRetried) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(BerlinGroup(bank));
  bank.SetConsentExpired(true);
  Json pull = Pull(id);
  EXPECT_EQ(pull["status"], "needs_person") << pull.dump();
  EXPECT_TRUE(pull["dead_letter_id"].is_null());
  EXPECT_EQ(bank.Requests("/v1/accounts"), 1);  // asked once, not retried
  Json c = Json::parse(Call("GET", "/v1/connections/" + id).body);
  ASSERT_TRUE(c["needs_person"].is_string()) << c.dump();
  EXPECT_NE(c["needs_person"].get<std::string>().find("consent"), std::string::npos);
  EXPECT_EQ(Json::parse(Call("GET", "/v1/dead-letters").body)["items"].size(), 0u);

  // Once the consent is renewed, a pull succeeds and the flag clears.
  bank.SetConsentExpired(false);
  EXPECT_EQ(Pull(id)["status"], "succeeded");
  EXPECT_TRUE(Json::parse(Call("GET", "/v1/connections/" + id).body)["needs_person"].is_null());
}

TEST_F(Connections, DailyBudgetIsRespected) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  Json body = BerlinGroup(bank);
  body["pulls_per_day_max"] = 2;
  const std::string id = Create(body);
  Pull(id);
  Pull(id);
  const int requests = bank.Requests("/v1/accounts");
  auto third = Call("POST", "/v1/connections/" + id + "/pull");
  EXPECT_EQ(third.status, 409) << third.body;
  EXPECT_NE(Json::parse(third.body)["detail"].get<std::string>().find("pulls_per_day_max"), std::string::npos);
  EXPECT_EQ(bank.Requests("/v1/accounts"), requests);  // the bank was not asked
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections/" + id + "/pulls").body)["items"].size(), 2u);
}

TEST_F(Connections, RotatedRefreshTokenIsStoredBeforeUse) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  bank.SetRotateRefreshTokens(true);
  Json body = BerlinGroup(bank);
  body["secrets"]["refresh_token"] = "refresh-0";
  const std::string id = Create(body);
  const std::string before =
      QueryOne("SELECT sealed FROM connection_secrets WHERE name = 'refresh_token' AND connection_id = " + id.substr(3));
  EXPECT_EQ(Pull(id)["status"], "succeeded");
  const std::string after =
      QueryOne("SELECT sealed FROM connection_secrets WHERE name = 'refresh_token' AND connection_id = " + id.substr(3));
  EXPECT_NE(before, after);
  EXPECT_EQ(after.find(bank.current_refresh_token()), std::string::npos);
  // The bank invalidated refresh-0: only the stored rotated token lets the next pull in (the
  // access token is revoked too, else the next pull would reuse it and not refresh at all).
  bank.ExpireAccessTokens();
  EXPECT_EQ(Pull(id)["status"], "succeeded");
  EXPECT_EQ(bank.grants(), (std::vector<std::string>{"refresh_token", "refresh_token"}));
}

TEST_F(Connections, FileDownloadStoresEachFileOnce) {
  MockBank bank;
  bank.AddFile({"2026-03-02.sta", ReadFixture("mt940/year_end.sta")});
  bank.AddFile({"2026-03-03.sta", "this is not a statement"});
  const std::string id = Create(Json{{"name", "files"},
                                     {"type", "file-download"},
                                     {"settings",
                                      {{"list_url", bank.base_url() + "/files"},
                                       {"token_url", bank.base_url() + "/token"},
                                       {"client_id", "recond"},
                                       {"backoff_base_ms", 1}}},
                                     {"secrets", {{"client_secret", kClientSecret}}},
                                     {"pulls_per_day_max", 10}});
  Json first = Pull(id);
  EXPECT_EQ(first["status"], "partial") << first.dump();  // one file the parsers refused
  EXPECT_EQ(first["files"], 2);
  EXPECT_GT(first["lines"].get<int>(), 0);
  ASSERT_EQ(first["errors"].size(), 1u);
  EXPECT_EQ(first["errors"][0]["file"], "2026-03-03.sta");
  const size_t lines = LineCount();
  EXPECT_EQ(lines, first["lines"].get<size_t>());
  Json second = Pull(id);
  EXPECT_EQ(second["status"], "succeeded") << second.dump();
  EXPECT_EQ(second["files"], 0);
  EXPECT_EQ(LineCount(), lines);
}

TEST_F(Connections, ConsentUrlAndCallbackStoreTheRefreshToken) {
  MockBank bank;
  Json body = BerlinGroup(bank);
  body["settings"]["authorize_url"] = bank.base_url() + "/authorize";
  body["settings"]["redirect_uri"] = "http://127.0.0.1/oauth/callback";
  const std::string id = Create(body);
  auto consent = Call("POST", "/v1/connections/" + id + "/consent");
  ASSERT_EQ(consent.status, 200) << consent.body;
  const std::string url = Json::parse(consent.body)["consent_url"];
  const size_t at = url.find("state=");
  ASSERT_NE(at, std::string::npos) << url;
  const std::string state = url.substr(at + 6, url.find('&', at) - at - 6);

  auto refused = HttpCall(server_->port(), "GET", "/oauth/callback?state=" + state + "&code=bad-code");
  EXPECT_EQ(refused.status, 401) << refused.body;
  // A state is good for one callback only: ask for a new consent.
  auto again = Call("POST", "/v1/connections/" + id + "/consent");
  const std::string url2 = Json::parse(again.body)["consent_url"];
  const size_t at2 = url2.find("state=");
  const std::string state2 = url2.substr(at2 + 6, url2.find('&', at2) - at2 - 6);
  auto done = HttpCall(server_->port(), "GET", "/oauth/callback?state=" + state2 + "&code=good-code");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Json::parse(done.body)["connection_id"], id);
  EXPECT_EQ(HttpCall(server_->port(), "GET", "/oauth/callback?state=" + state2 + "&code=good-code").status, 404);
  Json c = Json::parse(Call("GET", "/v1/connections/" + id).body);
  EXPECT_EQ(c["secrets"], Json::array({"client_secret", "refresh_token"}));
}

}  // namespace
}  // namespace recon::testing

namespace recon::testing {
namespace {

// Regression guard: a pull left 'running' by a process that died must not stay running forever.
TEST_F(Connections, APullLeftRunningByADeadProcessIsMarkedFailed) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(BerlinGroup(bank));
  QueryOne("INSERT INTO connection_pulls (connection_id, company, trigger) VALUES (" + id.substr(3) + ", '" +
           company_ + "', 'schedule') RETURNING id");
  EXPECT_EQ(Pull(id)["status"], "succeeded");
  Json items = Json::parse(Call("GET", "/v1/connections/" + id + "/pulls").body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["status"], "failed");
  EXPECT_NE(items[0]["errors"].dump().find("stopped"), std::string::npos) << items[0].dump();
}

}  // namespace
}  // namespace recon::testing

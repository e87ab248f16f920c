// Black-box tests of issue 11's connection points: where a connection's secrets may go (9),
// which host files a connection may read (10), and the OAuth consent's state and PKCE (12). The
// real recond binary over HTTP, mock banks on loopback, the test PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "bank_connections/connection_body.hpp"
#include "bank_connections/connection_test_support.hpp"
#include "integration/shared_recond_suite.hpp"
#include "mock_bank/mock_bank.hpp"
#include "security/legacy_seal.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kKey = "5ec0de5ec0de5ec0de5ec0de5ec0de5ec0de5ec0de5ec0de5ec0de5ec0de5ec0";
constexpr const char* kClientSecret = "client-secret-ORIGINAL-4711";
constexpr const char* kRefreshToken = "refresh-0";  // what the mock bank issues and accepts first

std::string RawKey() {
  std::string raw;
  const std::string hex = kKey;
  for (size_t i = 0; i < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return raw;
}

uint16_t PortOf(const MockBank& bank) {
  const std::string url = bank.base_url();
  return static_cast<uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

// True when any token request the bank received carried `text`.
bool TokenFormsCarry(const MockBank& bank, const std::string& text) {
  for (const std::string& form : bank.token_forms())
    if (form.find(text) != std::string::npos) return true;
  return false;
}

class ConnectionSecurity : public SharedRecondSuite<ConnectionSecurity> {
 public:  // SharedRecondSuite's hooks
  static std::map<std::string, std::string> Env() {
    inbox_ = std::make_unique<ScratchDir>("inbox");
    return {{"RECOND_SECRET_KEY", kKey}, {"RECOND_DIRECTORY_ROOTS", "inbox=" + inbox_->path()}};
  }

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

  Json Connection(const MockBank& bank, const std::string& name = "bank") const {
    Json body = BerlinGroupConnection(bank, name, 1, kClientSecret);
    body["secrets"]["refresh_token"] = kRefreshToken;
    body["pulls_per_day_max"] = 50;
    return body;
  }

  std::string Create(const Json& body) const {
    auto res = Call("POST", "/v1/connections", body.dump());
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? Json::parse(res.body)["id"].get<std::string>() : "";
  }

  // Starts a consent; the consent URL.
  std::string StartConsent(const std::string& id) const {
    auto res = Call("POST", "/v1/connections/" + id + "/consent");
    EXPECT_EQ(res.status, 200) << res.body;
    return res.status == 200 ? Json::parse(res.body)["consent_url"].get<std::string>() : "";
  }

  // The person at the bank's consent page: the query recond's callback gets ("code=…&state=…").
  static std::string Authorize(const MockBank& bank, const std::string& consent_url) {
    auto answer = HttpCall(PortOf(bank), "GET", consent_url.substr(bank.base_url().size()));
    EXPECT_EQ(answer.status, 302) << answer.body;
    const std::string location = answer.headers["location"];
    return location.substr(location.find('?') + 1);
  }

  static HttpAnswer Callback(const std::string& query) {
    return HttpCall(server_->port(), "GET", "/oauth/callback?" + query);
  }

  static inline std::unique_ptr<ScratchDir> inbox_;
  std::string company_;
};

// Point 9, the reproduction: PATCHing the non-secret token_url to another host and pulling sent
// the stored refresh token and client secret to that host. Now the change erases them (in the
// same transaction), the connection says which secrets it needs, and the other host gets nothing.
TEST_F(ConnectionSecurity, ATokenUrlPatchDoesNotTakeTheSecretsToAnotherHost) {
  MockBank bank;
  MockBank attacker;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(Connection(bank));
  auto patched = Call("PATCH", "/v1/connections/" + id,
                      Json{{"settings", {{"token_url", attacker.base_url() + "/token"}}}}.dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto pull = Call("POST", "/v1/connections/" + id + "/pull");
  // Before the fix the pull went ahead and the other host got both in clear text.
  EXPECT_FALSE(TokenFormsCarry(attacker, "client_secret=" + std::string(kClientSecret)));
  EXPECT_FALSE(TokenFormsCarry(attacker, "refresh_token=" + std::string(kRefreshToken)));
  EXPECT_EQ(attacker.Requests("/"), 0);
  EXPECT_EQ(pull.status, 409) << pull.body;
  EXPECT_EQ(JsonOf(pull).value("location", ""), "secrets.client_secret") << pull.body;

  Json c = JsonOf(patched);
  EXPECT_EQ(c["secrets_erased"], Json::array({"client_secret", "refresh_token"})) << c.dump();
  EXPECT_EQ(c["secrets"], Json::array());
  EXPECT_EQ(c["secrets_missing"], Json::array({"client_secret"}));
  EXPECT_TRUE(c["needs_person"].is_string() &&
              c["needs_person"].get<std::string>().find("token_url") != std::string::npos)
      << c.dump();
  EXPECT_EQ(QueryOne("SELECT count(*) FROM connection_secrets WHERE connection_id = " + id.substr(3)), "0");

  // The person who knows the new endpoint's credentials sends them: only those go there.
  auto resent =
      Call("PATCH", "/v1/connections/" + id, Json{{"secrets", {{"client_secret", "for-the-new-host"}}}}.dump());
  ASSERT_EQ(resent.status, 200) << resent.body;
  EXPECT_EQ(Json::parse(resent.body)["secrets_missing"], Json::array());
  EXPECT_EQ(Json::parse(resent.body)["secrets_erased"], Json::array());
  EXPECT_EQ(Call("POST", "/v1/connections/" + id + "/pull").status, 201);
  EXPECT_TRUE(TokenFormsCarry(attacker, "for-the-new-host"));
  EXPECT_FALSE(TokenFormsCarry(attacker, kClientSecret));
  EXPECT_FALSE(TokenFormsCarry(attacker, kRefreshToken));
}

TEST_F(ConnectionSecurity, ChangingAnyEndpointUrlErasesTheSecretsAndTheCachedToken) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(Connection(bank));
  ASSERT_EQ(Call("POST", "/v1/connections/" + id + "/pull").status, 201);
  ASSERT_EQ(QueryOne("SELECT count(*) FROM connection_tokens WHERE connection_id = " + id.substr(3)), "1");
  // The same URLs again are no change: nothing is erased.
  auto same = Call("PATCH", "/v1/connections/" + id,
                   Json{{"settings", {{"base_url", bank.base_url()}}}, {"name", "renamed"}}.dump());
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(Json::parse(same.body)["secrets_erased"], Json::array());
  // base_url, with a new client secret in the same request: that one stays, the rest goes.
  auto moved =
      Call("PATCH", "/v1/connections/" + id,
           Json{{"settings", {{"base_url", bank.base_url() + "/"}}}, {"secrets", {{"client_secret", "new"}}}}.dump());
  ASSERT_EQ(moved.status, 200) << moved.body;
  Json c = Json::parse(moved.body);
  EXPECT_EQ(c["secrets_erased"], Json::array({"refresh_token"}));
  EXPECT_EQ(c["secrets"], Json::array({"client_secret"}));
  EXPECT_TRUE(c["needs_person"].is_null()) << c.dump();  // nothing it needs is missing
  EXPECT_EQ(QueryOne("SELECT count(*) FROM connection_tokens WHERE connection_id = " + id.substr(3)), "0");
  // Removing an endpoint setting is a change too.
  Json with_authorize = Json{{"settings", {{"authorize_url", bank.base_url() + "/authorize"}}},
                             {"secrets", {{"client_secret", "again"}, {"refresh_token", "rt"}}}};
  auto added = Call("PATCH", "/v1/connections/" + id, with_authorize.dump());
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(Json::parse(added.body)["secrets_erased"], Json::array());  // both came with the change
  auto removed = Call("PATCH", "/v1/connections/" + id, Json{{"settings", {{"authorize_url", nullptr}}}}.dump());
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(Json::parse(removed.body)["secrets_erased"], Json::array({"client_secret", "refresh_token"}));
}

TEST_F(ConnectionSecurity, EndpointUrlsMustBeHttps) {
  MockBank bank;
  struct Case {
    const char* setting;
    std::string url;
    const char* says;
  } cases[] = {
      {"base_url", "http://api.bank.example", "https is required"},
      {"token_url", "http://api.bank.example/token", "https is required"},
      {"authorize_url", "http://bank.example/authorize", "https is required"},
      {"token_url", "https://user:pw@api.bank.example/token", "credentials in a URL"},
      {"redirect_uri", "http://recond.example/oauth/callback", "redirect_uri must be https"},
  };
  for (const Case& c : cases) {
    Json body = Connection(bank);
    body["settings"][c.setting] = c.url;
    auto res = Call("POST", "/v1/connections", body.dump());
    EXPECT_EQ(res.status, 400) << c.setting << ": " << res.body;
    Json problem = Json::parse(res.body);
    EXPECT_EQ(problem.value("location", ""), std::string("settings.") + c.setting) << res.body;
    EXPECT_NE(problem.value("detail", "").find(c.says), std::string::npos) << res.body;
  }
  // A PATCH to plain http is refused and changes nothing: the secrets stay.
  const std::string id = Create(Connection(bank));
  auto res =
      Call("PATCH", "/v1/connections/" + id, Json{{"settings", {{"token_url", "http://evil.example/t"}}}}.dump());
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(QueryOne("SELECT count(*) FROM connection_secrets WHERE connection_id = " + id.substr(3)), "2");
}

// Point 9: a sealed secret moved to another connection's row opened there, and was sent to that
// connection's bank. Now it is bound to its connection and name and does not open elsewhere.
TEST_F(ConnectionSecurity, ASecretCopiedToAnotherConnectionDoesNotOpen) {
  MockBank bank;
  MockBank other_bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  other_bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string a = Create(Connection(bank, "a"));
  Json b_body = Connection(other_bank, "b");
  b_body["secrets"]["client_secret"] = "b-secret";
  const std::string b = Create(b_body);
  QueryOne("UPDATE connection_secrets SET sealed = (SELECT sealed FROM connection_secrets WHERE connection_id = " +
           a.substr(3) + " AND name = 'client_secret') WHERE connection_id = " + b.substr(3) +
           " AND name = 'client_secret' RETURNING 1");
  // Within one connection, from one name to another, neither.
  QueryOne("UPDATE connection_secrets SET sealed = (SELECT sealed FROM connection_secrets WHERE connection_id = " +
           a.substr(3) + " AND name = 'client_secret') WHERE connection_id = " + a.substr(3) +
           " AND name = 'refresh_token' RETURNING 1");

  for (const std::string& id : {b, a}) {
    auto pull = Call("POST", "/v1/connections/" + id + "/pull");
    EXPECT_EQ(pull.status, 409) << pull.body;
    Json problem = Json::parse(pull.body);
    EXPECT_NE(problem.value("detail", "").find("does not open"), std::string::npos) << pull.body;
    EXPECT_EQ(pull.body.find(kClientSecret), std::string::npos);
    Json c = Json::parse(Call("GET", "/v1/connections/" + id).body);
    EXPECT_TRUE(c["needs_person"].is_string()) << c.dump();
  }
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections/" + b).body)["needs_person"].get<std::string>().find(
                "secrets.client_secret"),
            0u);
  EXPECT_EQ(other_bank.Requests("/"), 0);
  EXPECT_EQ(bank.Requests("/"), 0);
  // The person sends the secret again; the broken value is replaced, not opened, and pulls work.
  auto resent = Call("PATCH", "/v1/connections/" + b, Json{{"secrets", {{"client_secret", "b-secret"}}}}.dump());
  ASSERT_EQ(resent.status, 200) << resent.body;
  auto pulled = Call("POST", "/v1/connections/" + b + "/pull");
  ASSERT_EQ(pulled.status, 201) << pulled.body;
  EXPECT_EQ(JsonOf(pulled)["status"], "succeeded") << pulled.body;
  EXPECT_TRUE(JsonOf(Call("GET", "/v1/connections/" + b))["needs_person"].is_null());
  EXPECT_TRUE(TokenFormsCarry(other_bank, "client_secret=b-secret"));
}

// The secrets stored before 0017 were sealed without their place: recond re-seals each once, at
// start, and they keep working.
TEST_F(ConnectionSecurity, SecretsSealedBeforeBindingAreResealedAtStart) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(Connection(bank));
  const std::string legacy = LegacySeal("k1", RawKey(), "legacy-client-secret");
  QueryOne("UPDATE connection_secrets SET sealed = '" + legacy + "' WHERE connection_id = " + id.substr(3) +
           " AND name = 'client_secret' RETURNING 1");
  RecondProcess restarted(TestDatabaseUrl(), {{"RECOND_SECRET_KEY", kKey}});
  ASSERT_TRUE(restarted.started());
  const std::string now = QueryOne("SELECT sealed FROM connection_secrets WHERE connection_id = " + id.substr(3) +
                                   " AND name = 'client_secret'");
  EXPECT_EQ(now.rfind("k1:v2:", 0), 0u) << now;
  auto pull = restarted.Call("POST", "/v1/connections/" + id + "/pull?company=" + company_);
  ASSERT_EQ(pull.status, 201) << pull.body;
  EXPECT_EQ(Json::parse(pull.body)["status"], "succeeded") << pull.body;
  EXPECT_TRUE(TokenFormsCarry(bank, "client_secret=legacy-client-secret"));
}

// Point 10, the reproduction: a directory connection with settings.path "/etc" read the host's
// files. Now an API caller names a configured root and a path inside it; links are not followed.
TEST_F(ConnectionSecurity, ADirectoryConnectionReadsOnlyItsConfiguredRoot) {
  struct Case {
    Json settings;
    const char* location;
  } cases[] = {
      {{{"path", "/etc"}}, "settings.root"},
      {{{"root", "etc"}}, "settings.root"},
      {{{"root", "inbox"}, {"path", "/etc"}}, "settings.path"},
      {{{"root", "inbox"}, {"path", "../../../../etc"}}, "settings.path"},
  };
  for (const Case& c : cases) {
    auto res =
        Call("POST", "/v1/connections", Json{{"name", "dir"}, {"type", "directory"}, {"settings", c.settings}}.dump());
    EXPECT_EQ(res.status, 400) << c.settings.dump() << ": " << res.body;
    EXPECT_EQ(Json::parse(res.body).value("location", ""), c.location) << res.body;
    EXPECT_EQ(res.body.find(inbox_->path()), std::string::npos) << "the root's host path was shown: " << res.body;
  }
  const std::string folder = company_;
  inbox_->Write(folder + "/2026-03-01.sta", ReadFixture("mt940/year_end.sta"));
  ASSERT_EQ(symlink("/etc/passwd", (inbox_->path() + "/" + folder + "/2026-03-02.sta").c_str()), 0);
  ASSERT_EQ(symlink("/etc", (inbox_->path() + "/" + folder + "/etc").c_str()), 0);
  const std::string id = Create(Json{{"name", "dir"},
                                     {"type", "directory"},
                                     {"settings", {{"root", "inbox"}, {"path", folder}}},
                                     {"pulls_per_day_max", 10}});
  auto pull = Call("POST", "/v1/connections/" + id + "/pull");
  ASSERT_EQ(pull.status, 201) << pull.body;
  Json p = Json::parse(pull.body);
  EXPECT_EQ(p["status"], "succeeded") << p.dump();
  EXPECT_EQ(p["files"], 1);  // the statement; not the link to /etc/passwd
  EXPECT_GT(p["lines"].get<int>(), 0);
  EXPECT_EQ(p["errors"], Json::array());
  // Through the link to /etc: refused when read, naming the reason.
  const std::string through = Create(Json{
      {"name", "through-link"}, {"type", "directory"}, {"settings", {{"root", "inbox"}, {"path", folder + "/etc"}}}});
  Json refused = Json::parse(Call("POST", "/v1/connections/" + through + "/pull").body);
  EXPECT_EQ(refused["status"], "failed") << refused.dump();
  EXPECT_NE(refused["errors"].dump().find("symbolic link"), std::string::npos) << refused.dump();
}

// Point 12: the OAuth consent with PKCE, the mock bank checking the verifier against the challenge.
TEST_F(ConnectionSecurity, AConsentUsesPkceAndItsStateOnce) {
  MockBank bank;
  bank.SetRequirePkce(true);
  Json body = Connection(bank);
  body["secrets"].erase("refresh_token");
  body["settings"]["authorize_url"] = bank.base_url() + "/authorize";
  body["settings"]["redirect_uri"] = "http://127.0.0.1/oauth/callback";
  const std::string id = Create(body);
  const std::string url = StartConsent(id);
  EXPECT_NE(url.find("&code_challenge="), std::string::npos) << url;
  EXPECT_NE(url.find("&code_challenge_method=S256"), std::string::npos) << url;
  EXPECT_EQ(QueryOne("SELECT oauth_pkce_verifier LIKE 'k1:v2:%' FROM connections WHERE id = " + id.substr(3)), "t");
  const std::string query = Authorize(bank, url);
  auto done = Callback(query);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(TokenFormsCarry(bank, "code_verifier="));
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections/" + id).body)["secrets"],
            Json::array({"client_secret", "refresh_token"}));
  // Replayed: the state was taken, the bank is not asked again.
  const size_t token_requests = bank.token_forms().size();
  auto replayed = Callback(query);
  EXPECT_EQ(replayed.status, 404) << replayed.body;
  EXPECT_NE(replayed.body.find("unknown or was completed already"), std::string::npos) << replayed.body;
  EXPECT_EQ(bank.token_forms().size(), token_requests);
  EXPECT_EQ(QueryOne("SELECT oauth_pkce_verifier IS NULL AND oauth_state IS NULL FROM connections WHERE id = " +
                     id.substr(3)),
            "t");
}

TEST_F(ConnectionSecurity, AnExpiredConsentStateIsRefused) {
  MockBank bank;
  Json body = Connection(bank);
  body["settings"]["authorize_url"] = bank.base_url() + "/authorize";
  body["settings"]["redirect_uri"] = "http://127.0.0.1/oauth/callback";
  const std::string id = Create(body);
  const std::string query = Authorize(bank, StartConsent(id));
  EXPECT_EQ(QueryOne("SELECT oauth_state_expires_at BETWEEN now() + interval '590 seconds' AND now() + interval "
                     "'610 seconds' FROM connections WHERE id = " +
                     id.substr(3)),
            "t");  // oauth_state_ttl_seconds, 600 by default
  QueryOne("UPDATE connections SET oauth_state_expires_at = now() - interval '1 second' WHERE id = " + id.substr(3) +
           " RETURNING 1");
  auto late = Callback(query);
  EXPECT_EQ(late.status, 404) << late.body;
  EXPECT_NE(late.body.find("expired"), std::string::npos) << late.body;
  EXPECT_EQ(bank.TokenRequests(), 0);
  EXPECT_EQ(QueryOne("SELECT oauth_state IS NULL FROM connections WHERE id = " + id.substr(3)), "t");
}

// The code of one consent with the verifier of another (the person started a second consent
// before finishing the first): the bank refuses it, and recond stores nothing.
TEST_F(ConnectionSecurity, TheBankRefusesAnotherConsentsVerifier) {
  MockBank bank;
  bank.SetRequirePkce(true);
  Json body = Connection(bank);
  body["secrets"].erase("refresh_token");
  body["settings"]["authorize_url"] = bank.base_url() + "/authorize";
  body["settings"]["redirect_uri"] = "http://127.0.0.1/oauth/callback";
  const std::string id = Create(body);
  const std::string first = Authorize(bank, StartConsent(id));
  const std::string second = Authorize(bank, StartConsent(id));
  const std::string first_code = first.substr(0, first.find('&'));
  const std::string second_state = second.substr(second.find("state="));
  auto crossed = Callback(first_code + "&" + second_state);
  EXPECT_EQ(crossed.status, 401) << crossed.body;
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections/" + id).body)["secrets"], Json::array({"client_secret"}));
  // The first consent's state was replaced by the second's: it is unknown now.
  EXPECT_EQ(Callback(first).status, 404);
}

TEST_F(ConnectionSecurity, PkceCanBeTurnedOffForABankThatRefusesIt) {
  MockBank bank;
  Json body = Connection(bank);
  body["settings"]["authorize_url"] = bank.base_url() + "/authorize";
  body["settings"]["redirect_uri"] = "http://127.0.0.1/oauth/callback";
  body["settings"]["pkce"] = false;
  const std::string id = Create(body);
  const std::string url = StartConsent(id);
  EXPECT_EQ(url.find("code_challenge"), std::string::npos) << url;
  ASSERT_EQ(Callback(Authorize(bank, url)).status, 200);
  EXPECT_FALSE(TokenFormsCarry(bank, "code_verifier"));
  Json bad = Connection(bank, "bad");
  bad["settings"]["pkce"] = "off";
  auto res = Call("POST", "/v1/connections", bad.dump());
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(Json::parse(res.body).value("location", ""), "settings.pkce");
}

// The server configuration decides where connections may go: an allow-list of hosts per connector
// kind, and private addresses off. Each test starts its own recond with the configuration it needs.
class ConnectionDestinations : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << kNoDatabase;
    ResetDatabase(TestDatabaseUrl());
  }

  static std::unique_ptr<RecondProcess> Start(std::map<std::string, std::string> env) {
    env["RECOND_SECRET_KEY"] = kKey;
    auto server = std::make_unique<RecondProcess>(TestDatabaseUrl(), env);
    EXPECT_TRUE(server->started());
    return server;
  }

  static HttpAnswer Post(const RecondProcess& server, const std::string& path, const Json& body) {
    return server.Call("POST", path, body.dump(), {{"Content-Type", "application/json"}});
  }

  // A berlin-group connection whose endpoints are all under `base_url`.
  static Json Body(const std::string& base_url) {
    return {{"name", "bank"},
            {"type", "berlin-group"},
            {"settings",
             {{"base_url", base_url},
              {"token_url", base_url + "/token"},
              {"client_id", "recond"},
              {"consent_id", "c-1"},
              {"date_from", "2026-01-01"},
              {"attempts_max", 1}}},
            {"secrets", {{"client_secret", kClientSecret}}},
            {"pulls_per_day_max", 50}};
  }
};

TEST_F(ConnectionDestinations, AHostOutsideTheAllowListIsRefusedAtCreateAndAtPull) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string port = bank.base_url().substr(bank.base_url().rfind(':') + 1);
  {
    auto server = Start({{"RECOND_CONNECTOR_HOSTS_ALLOWED", "berlin-group=127.0.0.1"}});
    Json body = Body(bank.base_url());
    body["settings"]["token_url"] = "http://localhost:" + port + "/token";
    auto refused = Post(*server, "/v1/connections", body);
    EXPECT_EQ(refused.status, 400) << refused.body;
    Json problem = Json::parse(refused.body);
    EXPECT_EQ(problem.value("location", ""), "settings.token_url");
    EXPECT_NE(problem.value("detail", "").find("host localhost is not in connector_hosts_allowed for berlin-group"),
              std::string::npos)
        << refused.body;
    // A kind the list does not name may call no host at all.
    auto files =
        Post(*server, "/v1/connections",
             Json{{"name", "f"}, {"type", "file-download"}, {"settings", {{"list_url", bank.base_url() + "/files"}}}});
    EXPECT_EQ(files.status, 400) << files.body;
    EXPECT_NE(files.body.find("(allowed: none)"), std::string::npos) << files.body;

    auto created = Post(*server, "/v1/connections", Body(bank.base_url()));
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = Json::parse(created.body)["id"];
    auto pull = server->Call("POST", "/v1/connections/" + id + "/pull");
    EXPECT_EQ(Json::parse(pull.body)["status"], "succeeded") << pull.body;
  }
  // The configuration changes: the next pull is checked against it, not against the old one.
  const int requests = bank.Requests("/");
  auto server = Start({{"RECOND_CONNECTOR_HOSTS_ALLOWED", "berlin-group=api.bank.example"}});
  const std::string id = Json::parse(server->Call("GET", "/v1/connections").body)["items"][0]["id"];
  auto pull = server->Call("POST", "/v1/connections/" + id + "/pull");
  ASSERT_EQ(pull.status, 201) << pull.body;
  Json p = Json::parse(pull.body);
  EXPECT_EQ(p["status"], "failed") << p.dump();
  EXPECT_NE(p["errors"].dump().find("connector_hosts_allowed"), std::string::npos) << p.dump();
  EXPECT_EQ(bank.Requests("/"), requests);
}

// Point 10: with outbound_private_addresses_allowed off (the default), a connection to 127.0.0.1
// is refused with a clear error, at create for an address and at connect time for a name.
TEST_F(ConnectionDestinations, PrivateAddressesAreRefusedUnlessAllowed) {
  MockBank bank;
  auto server = Start({{"RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED", "false"}});
  auto refused = Post(*server, "/v1/connections", Body(bank.base_url()));
  EXPECT_EQ(refused.status, 400) << refused.body;
  Json problem = Json::parse(refused.body);
  EXPECT_EQ(problem.value("location", ""), "settings.base_url");
  EXPECT_NE(problem.value("detail", "").find("127.0.0.1, a loopback address"), std::string::npos) << refused.body;
  EXPECT_NE(problem.value("detail", "").find("outbound_private_addresses_allowed"), std::string::npos);

  const std::string named = "http://localhost:" + bank.base_url().substr(bank.base_url().rfind(':') + 1);
  auto created = Post(*server, "/v1/connections", Body(named));
  ASSERT_EQ(created.status, 201) << created.body;
  auto pull = server->Call("POST", "/v1/connections/" + Json::parse(created.body)["id"].get<std::string>() + "/pull");
  ASSERT_EQ(pull.status, 201) << pull.body;
  Json p = Json::parse(pull.body);
  EXPECT_EQ(p["status"], "failed") << p.dump();
  EXPECT_NE(p["errors"].dump().find("(localhost), a loopback address"), std::string::npos) << p.dump();
  EXPECT_EQ(bank.Requests("/"), 0);
}

}  // namespace
}  // namespace recon::testing

// Black-box tests of how recond holds its access to a bank: access tokens kept sealed in
// PostgreSQL and shared by recond processes until they expire, the consent's status and expiry
// read from the bank on each pull, and an mTLS client identity stored as sealed secrets. The real
// recond binary over HTTP, the mock bank on loopback, the test PostgreSQL.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>

#include "bank_connections/connection_body.hpp"
#include "bank_connections/connection_test_support.hpp"
#include "integration/test_env.hpp"
#include "mock_bank/mock_bank.hpp"
#include "mock_bank/test_pki.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kKey = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

class BankAccess : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (TestDatabaseUrl().empty()) return;
    ResetDatabase(TestDatabaseUrl());
    // The CA file the mTLS tests trust, by the name the configuration gives it (its content is
    // each test's own throwaway CA, written before the test's pull).
    ca_file_ = std::make_unique<ScratchFile>("ca.pem", "");
    const std::map<std::string, std::string> env{{"RECOND_SECRET_KEY", kKey},
                                                 {"RECOND_CERTIFICATE_FILES", "test-ca=" + ca_file_->path()}};
    first_ = std::make_unique<RecondProcess>(TestDatabaseUrl(), env);
    second_ = std::make_unique<RecondProcess>(TestDatabaseUrl(), env);
  }
  static void TearDownTestSuite() {
    first_.reset();
    second_.reset();
    ca_file_.reset();
  }

  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << "RECOND_TEST_DATABASE_URL is not set; scripts/test sets it";
    ASSERT_TRUE(first_ && first_->started() && second_ && second_->started()) << "recond did not start";
    company_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  HttpAnswer Call(const RecondProcess& server, const std::string& method, const std::string& path,
                  const std::string& body = "") const {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    return server.Call(method, path + sep + "company=" + company_, body,
                       body.empty() ? std::map<std::string, std::string>{}
                                    : std::map<std::string, std::string>{{"Content-Type", "application/json"}});
  }
  HttpAnswer Call(const std::string& method, const std::string& path, const std::string& body = "") const {
    return Call(*first_, method, path, body);
  }

  Json Connection(const MockBank& bank) const {
    Json body = BerlinGroupConnection(bank, "bank", 2, "client-secret-9q");
    body["pulls_per_day_max"] = 50;
    return body;
  }

  std::string Create(const Json& body) const {
    auto res = Call("POST", "/v1/connections", body.dump());
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? Json::parse(res.body)["id"].get<std::string>() : "";
  }

  Json Pull(const RecondProcess& server, const std::string& id) const {
    auto res = Call(server, "POST", "/v1/connections/" + id + "/pull");
    EXPECT_EQ(res.status, 201) << res.body;
    return Json::parse(res.body);
  }

  // The value of the token-refresh counter of `id` on `server`, "" when it has none.
  static std::string TokenRefreshes(const RecondProcess& server, const std::string& id) {
    const std::string body = HttpCall(server.port(), "GET", "/metrics").body;
    const std::string key = "recond_connection_token_refreshes_total{connection=\"" + id + "\"} ";
    const size_t at = body.find(key);
    if (at == std::string::npos) return "";
    return body.substr(at + key.size(), body.find('\n', at) - at - key.size());
  }

  static std::unique_ptr<RecondProcess> first_;
  static std::unique_ptr<RecondProcess> second_;
  static inline std::unique_ptr<ScratchFile> ca_file_;
  std::string company_;
};

std::unique_ptr<RecondProcess> BankAccess::first_;
std::unique_ptr<RecondProcess> BankAccess::second_;

TEST_F(BankAccess, AccessTokenIsReusedAcrossPullsAndProcessesUntilTheBankRefusesIt) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  const std::string id = Create(Connection(bank));
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
  EXPECT_EQ(bank.TokenRequests(), 1);
  EXPECT_EQ(TokenRefreshes(*first_, id), "1");

  // Sealed at rest like the other secrets, never in clear, never in a response.
  const std::string row_id = id.substr(3);
  const std::string sealed = QueryOne("SELECT sealed FROM connection_tokens WHERE connection_id = " + row_id);
  EXPECT_EQ(sealed.rfind("k1:", 0), 0u) << sealed;
  EXPECT_EQ(sealed.find("access-"), std::string::npos);
  const std::string shown = Call("GET", "/v1/connections/" + id).body;
  EXPECT_EQ(shown.find("access-"), std::string::npos) << shown;

  // Another recond process finds the token in PostgreSQL and does not ask for one.
  EXPECT_EQ(Pull(*second_, id)["status"], "succeeded");
  EXPECT_EQ(bank.TokenRequests(), 1);
  EXPECT_EQ(TokenRefreshes(*second_, id), "");

  // The bank revokes it before its expiry: one 401, exactly one refresh, and the pull succeeds.
  bank.ExpireAccessTokens();
  const int consents_before = bank.Requests("/v1/consents");
  Json pull = Pull(*first_, id);
  EXPECT_EQ(pull["status"], "succeeded") << pull.dump();
  EXPECT_EQ(bank.TokenRequests(), 2);
  EXPECT_EQ(bank.Requests("/v1/consents"), consents_before + 2);  // the refused call, then its retry
  EXPECT_EQ(TokenRefreshes(*first_, id), "2");
  EXPECT_NE(QueryOne("SELECT sealed FROM connection_tokens WHERE connection_id = " + row_id), sealed);

  // New credentials drop the token issued for the old ones.
  auto patched = Call("PATCH", "/v1/connections/" + id, Json{{"secrets", {{"client_secret", "rotated"}}}}.dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(QueryOne("SELECT count(*) FROM connection_tokens WHERE connection_id = " + row_id), "0");
}

TEST_F(BankAccess, AnExpiredTokenIsReplacedWithoutA401) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  // Shorter than the safety margin (30 s): each pull asks for a new token, used for the whole
  // pull (half its life, 14.5 s, as long as a slow sanitizer build may need for one pull).
  bank.SetTokenLifetimeS(29);
  const std::string id = Create(Connection(bank));
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
  EXPECT_EQ(bank.TokenRequests(), 2);
  EXPECT_EQ(bank.Requests("/v1/consents"), 2);  // one per pull: no call was refused and sent again
}

TEST_F(BankAccess, ConsentStatusAndExpiryComeFromTheBank) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  bank.SetConsent("valid", "2099-03-31");
  Json body = Connection(bank);
  body["consent_expires_at"] = "2026-12-01T00:00:00Z";  // what a person guessed; the bank knows better
  const std::string id = Create(body);
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
  Json c = Json::parse(Call("GET", "/v1/connections/" + id).body);
  EXPECT_EQ(c["consent_status"], "valid");
  EXPECT_EQ(c["consent_expires_at"], "2099-04-01T00:00:00Z");  // the end of validUntil's day
  EXPECT_TRUE(c["consent_checked_at"].is_string()) << c.dump();
  const std::string metrics = HttpCall(first_->port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("recond_connection_consent_days_left{connection=\"" + id + "\"} 2"), std::string::npos);

  // The person revokes the consent at the bank: no account is read, the connection waits for a person.
  for (const char* status : {"revokedByPsu", "expired", "terminatedByTpp", "rejected"}) {
    bank.SetConsent(status, "2099-03-31");
    const int accounts = bank.Requests("/v1/accounts");
    Json pull = Pull(*first_, id);
    EXPECT_EQ(pull["status"], "needs_person") << status << ": " << pull.dump();
    EXPECT_TRUE(pull["dead_letter_id"].is_null()) << status;
    EXPECT_EQ(bank.Requests("/v1/accounts"), accounts) << status;
    c = Json::parse(Call("GET", "/v1/connections/" + id).body);
    EXPECT_EQ(c["consent_status"], status);
    ASSERT_TRUE(c["needs_person"].is_string()) << c.dump();
    EXPECT_NE(c["needs_person"].get<std::string>().find(status), std::string::npos) << c.dump();
  }
  EXPECT_EQ(Json::parse(Call("GET", "/v1/dead-letters").body)["items"].size(), 0u);

  // Renewed at the bank: the next pull by id goes through and the flag clears.
  bank.SetConsent("valid", "2099-06-30");
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
  c = Json::parse(Call("GET", "/v1/connections/" + id).body);
  EXPECT_TRUE(c["needs_person"].is_null());
  EXPECT_EQ(c["consent_expires_at"], "2099-07-01T00:00:00Z");
}

// A bank behind mTLS: the test makes a throwaway CA, server and client certificate.
class MutualTlsConnections : public BankAccess {
 protected:
  void SetUp() override {
    BankAccess::SetUp();
    if (IsSkipped()) return;
    pki_ = MakeTestPki();
    std::ofstream(ca_file_->path(), std::ios::binary | std::ios::trunc) << pki_.ca_pem;
    bank_ = std::make_unique<MockBank>(MockBankTls{pki_.server_cert_pem, pki_.server_key_pem, pki_.ca_pem});
    bank_->SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01")}, 10);
  }

  Json TlsConnection(const std::string& name) const {
    Json body = BerlinGroupConnection(*bank_, name, 2, "client-secret-9q");
    body["settings"]["ca_file"] = "test-ca";  // a name from the configuration, never a path
    body["pulls_per_day_max"] = 50;
    return body;
  }

  TestPki pki_;
  std::unique_ptr<MockBank> bank_;
};

TEST_F(MutualTlsConnections, AStoredClientCertificateGetsThePullIn) {
  Json body = TlsConnection("mtls");
  body["secrets"]["client_certificate"] = pki_.client_cert_pem;
  body["secrets"]["client_key"] = pki_.client_key_pem;
  auto created = Call("POST", "/v1/connections", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find("BEGIN"), std::string::npos) << "a PEM was echoed";
  Json c = Json::parse(created.body);
  const std::string id = c["id"];
  EXPECT_EQ(c["client_certificate"]["subject"], "CN=recond-test-client,O=Recond Tests");
  EXPECT_TRUE(c["client_certificate"]["expires_at"].is_string()) << c.dump();
  EXPECT_EQ(c["secrets"], Json::array({"client_certificate", "client_key", "client_secret"}));
  const std::string sealed =
      QueryOne("SELECT sealed FROM connection_secrets WHERE name = 'client_key' AND connection_id = " + id.substr(3));
  EXPECT_EQ(sealed.rfind("k1:", 0), 0u);
  EXPECT_EQ(sealed.find("PRIVATE KEY"), std::string::npos);

  Json pull = Pull(*first_, id);
  EXPECT_EQ(pull["status"], "succeeded") << pull.dump();
  EXPECT_EQ(pull["lines"], 1);
  EXPECT_EQ(Call("GET", "/v1/connections").body.find("BEGIN"), std::string::npos);
}

TEST_F(MutualTlsConnections, WithoutTheCertificateThePullFailsAndSaysWhy) {
  const std::string id = Create(TlsConnection("no-cert"));
  Json pull = Pull(*first_, id);
  EXPECT_EQ(pull["status"], "failed") << pull.dump();
  ASSERT_EQ(pull["errors"].size(), 1u) << pull.dump();
  const std::string detail = pull["errors"][0]["detail"];
  EXPECT_NE(detail.find("client certificate"), std::string::npos) << detail;
  EXPECT_EQ(bank_->Requests("/"), 0);

  // Added later by PATCH, the same connection gets in.
  auto patched = Call("PATCH", "/v1/connections/" + id,
                      Json{{"secrets", {{"client_certificate", pki_.client_cert_pem}, {"client_key", pki_.client_key_pem}}}}
                          .dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.body.find("BEGIN"), std::string::npos);
  EXPECT_EQ(Pull(*first_, id)["status"], "succeeded");
}

// Issue 11, point 10: ca_file, client_cert_file and client_key_file took any host path from an
// API caller. They name files of the server configuration (certificate_files) now.
TEST_F(MutualTlsConnections, CertificateFilesAreNamedNotGivenAsPaths) {
  for (const char* key : {"ca_file", "client_cert_file", "client_key_file"}) {
    Json body = TlsConnection(std::string("path-") + key);
    body["settings"][key] = ca_file_->path();
    if (std::string(key) != "ca_file") {
      body["settings"]["client_cert_file"] = "/etc/ssl/private/server.pem";
      body["settings"]["client_key_file"] = "/etc/ssl/private/server.key";
    }
    auto res = Call("POST", "/v1/connections", body.dump());
    EXPECT_EQ(res.status, 400) << key << ": " << res.body;
    Json problem = Json::parse(res.body);
    EXPECT_EQ(problem.value("location", "").rfind("settings.c", 0), 0u) << res.body;
    EXPECT_NE(problem.value("detail", "").find("file paths are not accepted from the API"), std::string::npos) << res.body;
  }
  Json unknown = TlsConnection("unknown-name");
  unknown["settings"]["ca_file"] = "their-ca";
  auto res = Call("POST", "/v1/connections", unknown.dump());
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(Json::parse(res.body).value("location", ""), "settings.ca_file");
  EXPECT_NE(res.body.find("(test-ca)"), std::string::npos) << res.body;
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections").body)["items"].size(), 0u);
}

TEST_F(MutualTlsConnections, ABadIdentityIsRefusedNamingTheSecret) {
  struct Case {
    std::string what;
    Json secrets;
    std::string location;
  };
  const std::vector<Case> cases = {
      {"certificate alone", {{"client_certificate", pki_.client_cert_pem}}, "secrets.client_key"},
      {"key alone", {{"client_key", pki_.client_key_pem}}, "secrets.client_certificate"},
      {"not a certificate", {{"client_certificate", "hello"}, {"client_key", pki_.client_key_pem}},
       "secrets.client_certificate"},
      {"someone else's key", {{"client_certificate", pki_.client_cert_pem}, {"client_key", pki_.stranger_key_pem}},
       "secrets.client_key"},
      {"key under a passphrase",
       {{"client_certificate", pki_.client_cert_pem}, {"client_key", pki_.client_key_encrypted_pem}},
       "secrets.client_key"},
  };
  for (const Case& c : cases) {
    Json body = TlsConnection("bad");
    body["secrets"].update(c.secrets);
    auto res = Call("POST", "/v1/connections", body.dump());
    EXPECT_EQ(res.status, 400) << c.what << ": " << res.body;
    EXPECT_EQ(Json::parse(res.body).value("location", ""), c.location) << c.what << ": " << res.body;
    // Neither PEM comes back, not even in an error (the message may name the PEM kind).
    EXPECT_EQ(res.body.find(pki_.client_key_pem.substr(40, 32)), std::string::npos) << c.what;
    EXPECT_EQ(res.body.find(pki_.client_cert_pem.substr(40, 32)), std::string::npos) << c.what;
  }
  EXPECT_EQ(Json::parse(Call("GET", "/v1/connections").body)["items"].size(), 0u);
}

}  // namespace
}  // namespace recon::testing

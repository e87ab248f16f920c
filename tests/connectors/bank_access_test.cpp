// What the last review found missing, at the connector level, against the mock bank on loopback:
// access tokens that outlive one OAuth client (one pull), the consent read from the bank before a
// pull, and an mTLS client identity given as PEM text.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "connectors/http/client_certificate.hpp"
#include "connectors/oauth/bank_client.hpp"
#include "connectors/oauth/oauth_client.hpp"
#include "connectors/oauth_fixture.hpp"
#include "connectors/registry.hpp"
#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"
#include "mock_bank/test_pki.hpp"
#include "test_util.hpp"

namespace recon::connectors {
namespace {

using namespace std::chrono_literals;

// The daemon's PostgreSQL cache, stood in for by memory: what matters here is what the OAuth
// client asks of it and when.
struct MemoryTokenCache {
  std::optional<CachedAccessToken> token;
  int loads = 0, stores = 0, forgets = 0;
  AccessTokenCache Hooks() {
    return {[this] {
              ++loads;
              return token;
            },
            [this](const CachedAccessToken& t) {
              ++stores;
              token = t;
            },
            [this] {
              ++forgets;
              token.reset();
            }};
  }
};

using Bank = OAuthFixture;

TEST(AccessTokenCache, ASecondClientReusesTheStoredTokenUntilItExpires) {
  Bank b;
  b.bank.SetTokenLifetimeS(600);
  MemoryTokenCache cache;
  {
    OAuthClient first(*b.http, b.Settings(), b.clock());
    first.UseAccessTokenCache(cache.Hooks());
    ASSERT_TRUE(SendAuthorized(*b.http, first, b.Accounts()).ok());
  }
  EXPECT_EQ(b.bank.TokenRequests(), 1);
  ASSERT_TRUE(cache.token.has_value());
  EXPECT_EQ(cache.token->expires_at, b.now + 600s);

  OAuthClient second(*b.http, b.Settings(), b.clock());  // the next pull
  second.UseAccessTokenCache(cache.Hooks());
  auto res = SendAuthorized(*b.http, second, b.Accounts());
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(b.bank.TokenRequests(), 1);  // no new token

  // Inside the safety margin before expiry the stored token is not used any more.
  b.now += 600s - std::chrono::seconds(kAccessTokenExpirySkewS) + 1s;
  OAuthClient third(*b.http, b.Settings(), b.clock());
  third.UseAccessTokenCache(cache.Hooks());
  ASSERT_TRUE(SendAuthorized(*b.http, third, b.Accounts()).ok());
  EXPECT_EQ(b.bank.TokenRequests(), 2);
  EXPECT_EQ(cache.stores, 2);
}

TEST(AccessTokenCache, AShortLivedTokenServesItsPullButIsNotStoredForTheNext) {
  Bank b;
  b.bank.SetTokenLifetimeS(20);  // shorter than the safety margin
  MemoryTokenCache cache;
  OAuthClient first(*b.http, b.Settings(), b.clock());
  first.UseAccessTokenCache(cache.Hooks());
  auto a = first.AccessToken();
  ASSERT_TRUE(a.ok());
  b.now += 9s;  // within half its lifetime: the same token, not one request per call
  EXPECT_EQ(*first.AccessToken(), *a);
  EXPECT_EQ(b.bank.TokenRequests(), 1);
  b.now += 2s;
  EXPECT_NE(*first.AccessToken(), *a);
  EXPECT_EQ(b.bank.TokenRequests(), 2);
  OAuthClient second(*b.http, b.Settings(), b.clock());  // the next pull: the stored one is too close to expiry
  second.UseAccessTokenCache(cache.Hooks());
  ASSERT_TRUE(second.AccessToken().ok());
  EXPECT_EQ(b.bank.TokenRequests(), 3);
  EXPECT_EQ(cache.stores, 0);  // none of the three was worth a database write
}

TEST(AccessTokenCache, ARevokedStoredTokenIsRefreshedOnceAndForgotten) {
  Bank b;
  MemoryTokenCache cache;
  {
    OAuthClient first(*b.http, b.Settings(), b.clock());
    first.UseAccessTokenCache(cache.Hooks());
    ASSERT_TRUE(first.AccessToken().ok());
  }
  const std::string revoked = cache.token->access_token;
  b.bank.ExpireAccessTokens();  // the bank answers 401 to it although it has not expired
  OAuthClient second(*b.http, b.Settings(), b.clock());
  second.UseAccessTokenCache(cache.Hooks());
  auto res = SendAuthorized(*b.http, second, b.Accounts());
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(b.bank.TokenRequests(), 2);  // exactly one refresh
  EXPECT_EQ(b.bank.Requests("/v1/accounts"), 2);  // the 401, then the retry with the new token
  EXPECT_EQ(cache.forgets, 1);
  ASSERT_TRUE(cache.token.has_value());
  EXPECT_NE(cache.token->access_token, revoked);
}

TEST(AccessTokenCache, AStoredTokenTheBankRefusedIsNeverLoadedAgain) {
  Bank b;
  MemoryTokenCache cache;
  cache.token = CachedAccessToken{"access-forged", b.now + 1h};
  // A cache that cannot forget: the refused token stays in it.
  AccessTokenCache stubborn = cache.Hooks();
  stubborn.forget = [] {};
  OAuthClient oauth(*b.http, b.Settings(), b.clock());
  oauth.UseAccessTokenCache(stubborn);
  auto res = SendAuthorized(*b.http, oauth, b.Accounts());
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(b.bank.TokenRequests(), 1);
}

nlohmann::json BerlinSettings(const testing::MockBank& bank) {
  return {{"base_url", bank.base_url()}, {"token_url", bank.base_url() + "/token"}, {"client_id", "recond"},
          {"client_secret", "s"},        {"consent_id", "c-1"},                     {"date_from", "2026-01-01"},
          {"attempts_max", 3},           {"backoff_base_ms", 1}};
}

TEST(BerlinGroupConsent, ReadFromTheBankBeforeAnyAccount) {
  testing::MockBank bank;
  bank.SetConsent("valid", "2027-03-31");
  std::vector<ConsentState> heard;
  ConnectorContext context = LoopbackContext();
  context.on_consent = [&](const ConsentState& c) { heard.push_back(c); };
  auto connector = BuiltinConnectors().Create("berlin-group", BerlinSettings(bank), context);
  ASSERT_TRUE(connector.ok()) << connector.error().message;
  ASSERT_TRUE((*connector)->Fetch("").ok());
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].status, "valid");
  EXPECT_EQ(heard[0].valid_until, "2027-03-31");
  EXPECT_EQ(bank.Requests("/v1/consents/c-1"), 1);
  EXPECT_EQ(bank.Requests("/v1/accounts"), 1);
  // Every request carried its own X-Request-ID.
  EXPECT_EQ(bank.V1RequestsWithoutRequestId(), 0);
  EXPECT_EQ(bank.DistinctRequestIds(), bank.Requests("/v1/"));
}

TEST(BerlinGroupConsent, ANotValidConsentStopsThePullBeforeAccounts) {
  for (const char* status : {"expired", "revokedByPsu", "terminatedByTpp", "rejected", "received"}) {
    testing::MockBank bank;
    bank.SetConsent(status, "2026-10-31");
    std::vector<ConsentState> heard;
    ConnectorContext context = LoopbackContext();
    context.on_consent = [&](const ConsentState& c) { heard.push_back(c); };
    auto connector = BuiltinConnectors().Create("berlin-group", BerlinSettings(bank), context);
    ASSERT_TRUE(connector.ok());
    auto r = (*connector)->Fetch("");
    ASSERT_FALSE(r.ok()) << status;
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden) << status;
    EXPECT_NE(r.error().message.find(status), std::string::npos) << r.error().message;
    EXPECT_EQ(bank.Requests("/v1/accounts"), 0) << status;
    ASSERT_EQ(heard.size(), 1u) << status;
    EXPECT_EQ(heard[0].status, status);
  }
}

TEST(BerlinGroupConsent, AnUnreadableConsentIsAnError) {
  testing::MockBank bank;
  bank.SetConsent("valid", "end of March");
  auto connector = BuiltinConnectors().Create("berlin-group", BerlinSettings(bank), LoopbackContext());
  ASSERT_TRUE(connector.ok());
  auto r = (*connector)->Fetch("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformedFile);
  EXPECT_NE(r.error().message.find("validUntil"), std::string::npos) << r.error().message;
}

// The CA of the test PKI, as the ca_file the client trusts.
class MutualTls : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_ = testing::MakeTestPki();
    ca_file_ = std::make_unique<testing::ScratchFile>("ca.pem", pki_.ca_pem);
    bank_ = std::make_unique<testing::MockBank>(
        testing::MockBankTls{pki_.server_cert_pem, pki_.server_key_pem, pki_.ca_pem});
  }

  HttpClientSettings Settings(bool with_identity) const {
    HttpClientSettings s = LoopbackHttp();
    s.tls.ca_file = ca_file_->path();
    if (with_identity) {
      s.tls.client_cert_pem = pki_.client_cert_pem;
      s.tls.client_key_pem = pki_.client_key_pem;
    }
    return s;
  }

  testing::TestPki pki_;
  std::unique_ptr<testing::ScratchFile> ca_file_;
  std::unique_ptr<testing::MockBank> bank_;
};

TEST_F(MutualTls, TheStoredIdentityGetsIn) {
  auto res = MakeBeastHttpClient(Settings(true))->Send({"POST", bank_->base_url() + "/token", {},
                                                        "grant_type=client_credentials&client_id=recond"});
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(bank_->TlsHandshakesRefused(), 0);
}

TEST_F(MutualTls, WithoutAClientCertificateTheErrorSaysSo) {
  auto res = MakeBeastHttpClient(Settings(false))->Send({"GET", bank_->base_url() + "/v1/accounts", {}, ""});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kInvalidRequest);  // not worth retrying
  EXPECT_NE(res.error().message.find("client certificate"), std::string::npos) << res.error().message;
  EXPECT_NE(res.error().message.find("secrets.client_certificate"), std::string::npos) << res.error().message;
  EXPECT_EQ(bank_->Requests("/"), 0);
}

TEST_F(MutualTls, AFileDownloadConnectionPullsWithItsPemIdentity) {
  bank_->AddFile({"a.sta", "x"});
  nlohmann::json settings = {{"list_url", bank_->base_url() + "/files"},
                             {"token_url", bank_->base_url() + "/token"},
                             {"client_id", "recond"},
                             {"ca_file", "test-ca"},  // the configured name, never a path
                             {"client_certificate", pki_.client_cert_pem},
                             {"client_key", pki_.client_key_pem}};
  ConnectorContext context = LoopbackContext();
  context.certificate_files = {{"test-ca", ca_file_->path()}};
  auto connector = BuiltinConnectors().Create("file-download", settings, context);
  ASSERT_TRUE(connector.ok()) << connector.error().message;
  auto fetched = (*connector)->Fetch("");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  ASSERT_EQ(fetched->files.size(), 1u);
  EXPECT_EQ(fetched->files[0].bytes, "x");
}

TEST(ClientCertificate, SubjectAndExpiryOfAMatchingPair) {
  const auto pki = testing::MakeTestPki();
  auto info = InspectClientCertificate(pki.client_cert_pem, pki.client_key_pem);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->subject, "CN=recond-test-client,O=Recond Tests");
  EXPECT_EQ(info->expires_at.size(), 20u) << info->expires_at;
  EXPECT_EQ(info->expires_at.back(), 'Z');
}

TEST(ClientCertificate, BadPairsNameTheSecret) {
  const auto pki = testing::MakeTestPki();
  struct Case {
    std::string what, cert, key, location;
  } cases[] = {
      {"not PEM", "hello", pki.client_key_pem, "secrets.client_certificate"},
      {"key is not PEM", pki.client_cert_pem, "hello", "secrets.client_key"},
      {"key of someone else", pki.client_cert_pem, pki.stranger_key_pem, "secrets.client_key"},
      {"too large", std::string(kClientPemBytesMax + 1, 'A'), pki.client_key_pem, "secrets.client_certificate"},
      {"key too large", pki.client_cert_pem, std::string(kClientPemBytesMax + 1, 'A'), "secrets.client_key"},
      // Refused, and without a passphrase prompt on the terminal of the recond that reads it.
      {"key under a passphrase", pki.client_cert_pem, pki.client_key_encrypted_pem, "secrets.client_key"},
  };
  for (const auto& c : cases) {
    auto info = InspectClientCertificate(c.cert, c.key);
    ASSERT_FALSE(info.ok()) << c.what;
    EXPECT_EQ(info.error().code, ErrorCode::kInvalidRequest) << c.what;
    EXPECT_EQ(info.error().location, c.location) << c.what;
    EXPECT_EQ(info.error().message.find("PRIVATE KEY-----\n"), std::string::npos) << c.what;
  }
}

TEST(BankClientSettings, HalfAnIdentityOrBothKindsAreRefused) {
  const auto pki = testing::MakeTestPki();
  nlohmann::json half = {{"client_certificate", pki.client_cert_pem}};
  auto a = ReadBankClientSettings(half, false, LoopbackContext());
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message.rfind("client_certificate", 0), 0u) << a.error().message;
  nlohmann::json both = {{"client_certificate", pki.client_cert_pem}, {"client_key", pki.client_key_pem},
                         {"client_cert_file", "/etc/c.pem"},         {"client_key_file", "/etc/k.pem"}};
  auto b = ReadBankClientSettings(both, false, LoopbackContext());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kInvalidRequest);
  auto c = ReadBankClientSettings({{"token_expiry_skew_s", 601}}, false, LoopbackContext());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.rfind("token_expiry_skew_s", 0), 0u);
}

TEST(BankClientSettings, ANumberOfTheWrongKindIsRefusedNotQuietlyReplaced) {
  struct Case {
    std::string key;
    nlohmann::json value;
    std::string says;
  } cases[] = {
      {"attempts_max", "3", "attempts_max must be a whole number, not a JSON string"},
      {"backoff_base_ms", 2.5, "backoff_base_ms must be a whole number from"},
      {"response_bytes_max", 5'000'000'000LL, "response_bytes_max must be a whole number from"},
      {"request_timeout_ms", nlohmann::json::array(), "request_timeout_ms must be a whole number, not a JSON array"},
      {"attempts_max", 18'446'744'073'709'551'615ULL, "attempts_max must be a whole number from"},
  };
  for (const auto& c : cases) {
    auto read = ReadBankClientSettings({{c.key, c.value}}, false, LoopbackContext());
    ASSERT_FALSE(read.ok()) << c.key << " = " << c.value.dump();
    EXPECT_EQ(read.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(read.error().message.rfind(c.says, 0), 0u) << read.error().message;
  }
  EXPECT_TRUE(ReadBankClientSettings({{"attempts_max", 3}, {"backoff_base_ms", 0}}, false, LoopbackContext()).ok());

  // The connectors' own counts are checked the same way.
  testing::MockBank bank;
  nlohmann::json berlin = BerlinSettings(bank);
  berlin["pages_max"] = "9";
  auto pages = BuiltinConnectors().Create("berlin-group", berlin, LoopbackContext());
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.error().message.rfind("pages_max must be a whole number", 0), 0u) << pages.error().message;
  const nlohmann::json download = {{"list_url", bank.base_url() + "/files"}, {"files_max", 1.5}};
  auto files = BuiltinConnectors().Create("file-download", download, LoopbackContext());
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().message.rfind("files_max must be a whole number", 0), 0u) << files.error().message;
}

}  // namespace
}  // namespace recon::connectors

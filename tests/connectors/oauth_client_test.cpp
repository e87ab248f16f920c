#include "connectors/oauth/oauth_client.hpp"

#include <gtest/gtest.h>

#include "connectors/http/retry.hpp"
#include "connectors/oauth_fixture.hpp"
#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {
namespace {

using namespace std::chrono_literals;

using Fixture = OAuthFixture;

// RFC 7636, appendix B.
constexpr const char* kRfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kRfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(OAuthClient, ConsentUrlCarriesClientRedirectStateAndChallenge) {
  Fixture f;
  OAuthClient oauth(*f.http, f.Settings());
  const std::string plain = f.bank.base_url() +
                            "/authorize?response_type=code&client_id=recond&redirect_uri=https%3A%2F%2F"
                            "recond.example%2Fv1%2Foauth%2Fcallback&state=st%201";
  EXPECT_EQ(oauth.ConsentUrl("st 1", kRfcVerifier),
            plain + "&code_challenge=" + kRfcChallenge + "&code_challenge_method=S256");
  auto settings = f.Settings();
  settings.pkce = false;  // a bank that refuses PKCE
  EXPECT_EQ(OAuthClient(*f.http, settings).ConsentUrl("st 1", ""), plain);
}

TEST(Pkce, VerifierAndChallengeFollowRfc7636) {
  EXPECT_EQ(CodeChallengeS256(kRfcVerifier), kRfcChallenge);
  auto a = NewCodeVerifier();
  auto b = NewCodeVerifier();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->size(), 43u);  // 32 random bytes, base64url without padding
  EXPECT_EQ(a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
}

// The code the mock bank's consent page hands back for `consent_url` (the person's part).
std::string CodeFrom(HttpClient& http, const std::string& consent_url) {
  auto res = http.Send({"GET", consent_url, {}, ""});
  EXPECT_TRUE(res.ok());
  if (!res.ok()) return "";
  const std::string location = res->Header("location");
  const size_t at = location.find("code=");
  return at == std::string::npos ? "" : location.substr(at + 5, location.find('&', at) - at - 5);
}

// Issue 11, point 12: the authorization code went to the token endpoint without PKCE, so a code
// intercepted on its way back could be exchanged by anyone holding the client secret.
TEST(OAuthClient, TheBankChecksTheVerifierOfTheConsentsChallenge) {
  Fixture f;
  f.bank.SetRequirePkce(true);
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  auto verifier = NewCodeVerifier();
  ASSERT_TRUE(verifier.ok());
  const std::string code = CodeFrom(*f.http, oauth.ConsentUrl("s1", *verifier));
  ASSERT_FALSE(code.empty());
  auto tokens = oauth.ExchangeCode(code, *verifier);
  ASSERT_TRUE(tokens.ok()) << tokens.error().message;
  EXPECT_NE(f.bank.token_forms().back().find("code_verifier=" + *verifier), std::string::npos);

  // Another verifier than the challenge's is refused by the bank, and so is a code used twice.
  const std::string second = CodeFrom(*f.http, oauth.ConsentUrl("s2", *verifier));
  auto other = NewCodeVerifier();
  ASSERT_TRUE(other.ok());
  auto wrong = oauth.ExchangeCode(second, *other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthorized);
  EXPECT_FALSE(oauth.ExchangeCode(code, *verifier).ok());
  // Without PKCE a bank that demands it refuses the code.
  auto settings = f.Settings();
  settings.pkce = false;
  OAuthClient plain(*f.http, settings, f.clock());
  const std::string third = CodeFrom(*f.http, plain.ConsentUrl("s3", ""));
  EXPECT_EQ(plain.ExchangeCode(third, "").error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(f.bank.token_forms().back().find("code_verifier"), std::string::npos);
}

TEST(OAuthClient, ClientCredentialsTokenIsCachedUntilExpiry) {
  Fixture f;
  f.bank.SetTokenLifetimeS(300);
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  auto a = oauth.AccessToken();
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto b = oauth.AccessToken();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(f.bank.TokenRequests(), 1);
  f.now += 280s;  // inside the 30 s skew before expiry
  auto c = oauth.AccessToken();
  ASSERT_TRUE(c.ok());
  EXPECT_NE(*a, *c);
  EXPECT_EQ(f.bank.TokenRequests(), 2);
  EXPECT_EQ(f.bank.grants(), (std::vector<std::string>{"client_credentials", "client_credentials"}));
}

TEST(OAuthClient, WrongClientIsUnauthorized) {
  Fixture f;
  auto s = f.Settings();
  s.client_id = "someone-else";
  OAuthClient oauth(*f.http, s);
  auto t = oauth.AccessToken();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kUnauthorized);
}

TEST(OAuthClient, CodeExchangeStoresRefreshTokenThenRefreshes) {
  Fixture f;
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  std::vector<std::string> stored;
  oauth.OnRefreshTokenRotated([&](const std::string& t) { stored.push_back(t); return Status::Ok(); });
  EXPECT_EQ(oauth.ExchangeCode("bad-code", kRfcVerifier).error().code, ErrorCode::kUnauthorized);
  auto tokens = oauth.ExchangeCode("good-code", kRfcVerifier);
  ASSERT_TRUE(tokens.ok()) << tokens.error().message;
  EXPECT_EQ(tokens->refresh_token, "refresh-0");
  EXPECT_EQ(stored, std::vector<std::string>{"refresh-0"});
  f.now += 2h;
  ASSERT_TRUE(oauth.AccessToken().ok());
  EXPECT_EQ(f.bank.grants().back(), "refresh_token");
}

TEST(OAuthClient, RotatedRefreshTokenIsPersistedBeforeUse) {
  Fixture f;
  f.bank.SetRotateRefreshTokens(true);
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  oauth.SetRefreshToken("refresh-0");
  std::vector<std::string> stored;
  int requests_at_store = -1;
  oauth.OnRefreshTokenRotated([&](const std::string& t) {
    stored.push_back(t);
    requests_at_store = f.bank.Requests("/v1/");  // nothing used the new token yet
    return Status::Ok();
  });
  auto res = SendAuthorized(*f.http, oauth, f.Accounts());
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0], f.bank.current_refresh_token());
  EXPECT_EQ(requests_at_store, 0);
  // The old refresh token is dead at the bank; the client must use the rotated one.
  f.now += 2h;
  ASSERT_TRUE(oauth.AccessToken().ok());
  EXPECT_EQ(stored.size(), 2u);
}

TEST(OAuthClient, FailedPersistenceAbortsTheRefresh) {
  Fixture f;
  f.bank.SetRotateRefreshTokens(true);
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  oauth.SetRefreshToken("refresh-0");
  oauth.OnRefreshTokenRotated([](const std::string&) { return Status(MakeError(ErrorCode::kUnavailable, "db down")); });
  auto t = oauth.AccessToken();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kUnavailable);
}

TEST(OAuthClient, RevokedRefreshTokenIsUnauthorized) {
  Fixture f;
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  oauth.SetRefreshToken("refresh-stolen");
  auto t = oauth.AccessToken();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kUnauthorized);
}

TEST(SendAuthorized, ExpiredAccessTokenIsRefreshedOnce) {
  Fixture f;
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  ASSERT_TRUE(SendAuthorized(*f.http, oauth, f.Accounts()).ok());
  f.bank.ExpireAccessTokens();  // the bank revokes early; our cache still thinks it valid
  auto res = SendAuthorized(*f.http, oauth, f.Accounts());
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(f.bank.TokenRequests(), 2);
  EXPECT_EQ(f.bank.Requests("/v1/accounts"), 3);
}

TEST(SendAuthorized, ConsentExpiredNeedsAPersonAndIsNotRetried) {
  Fixture f;
  f.bank.SetConsentExpired(true);
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  RetryingHttpClient retrying(*f.http, {.attempts_max = 5}, [](std::chrono::milliseconds) {}, 1);
  auto res = SendAuthorized(retrying, oauth, f.Accounts());
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kForbidden);
  EXPECT_NE(res.error().message.find("consent"), std::string::npos);
  EXPECT_EQ(f.bank.Requests("/v1/accounts"), 1);
}

TEST(SendAuthorized, ServerErrorsRetriedThroughTheRetryLayer) {
  Fixture f;
  OAuthClient oauth(*f.http, f.Settings(), f.clock());
  ASSERT_TRUE(oauth.AccessToken().ok());
  f.bank.FailNext500(2);
  RetryingHttpClient retrying(*f.http, {.attempts_max = 3}, [](std::chrono::milliseconds) {}, 1);
  auto res = SendAuthorized(retrying, oauth, f.Accounts());
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace recon::connectors

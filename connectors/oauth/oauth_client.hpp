// OAuth 2.0 client for bank APIs: client-credentials, and authorization-code with refresh token.
// Access tokens are cached until shortly before expiry, in memory and (through an
// AccessTokenCache the daemon provides) across pulls and processes; a 401 drops the cached access
// token and the next call refreshes. When the bank rotates the refresh token, the new one goes to a persistence
// callback BEFORE it is used or cached, so a crash can never leave recond holding only a token the
// bank has already invalidated.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/http/http_client.hpp"

namespace recon::connectors {

// How long before the bank's stated expiry an access token is no longer used: covers clock skew
// between recond and the bank and the time one request takes.
inline constexpr int kAccessTokenExpirySkewS = 30;
inline constexpr int kAccessTokenExpirySkewMaxS = 600;

struct OAuthSettings {
  std::string token_url;      // POST grant requests here
  std::string authorize_url;  // the bank's consent page, for the authorization-code grant
  std::string client_id;
  std::string client_secret;  // may be empty for mTLS-only clients
  std::string scope;          // optional
  std::string redirect_uri;   // recond's callback for the authorization-code grant
  bool pkce = true;           // PKCE (RFC 7636, S256) in the authorization-code grant; off only for banks that refuse it
  int expiry_skew_s = kAccessTokenExpirySkewS;  // refresh this long before the bank's expiry; 0..600
};

struct OAuthTokens {
  std::string access_token;
  std::string refresh_token;  // empty for client-credentials
  std::chrono::system_clock::time_point expires_at;
};

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct CachedAccessToken {
  std::string access_token;
  std::chrono::system_clock::time_point expires_at;
};

// Where an access token outlives one OAuthClient (one pull). The daemon keeps it sealed in
// PostgreSQL so the next pull, in any recond process, reuses it until it expires. Every member
// may be empty; failures are the provider's to log: a token that cannot be kept is only asked
// for again next time.
struct AccessTokenCache {
  std::function<std::optional<CachedAccessToken>()> load;  // the last token stored, if any
  std::function<void(const CachedAccessToken&)> store;     // a token the bank just issued
  std::function<void()> forget;                            // the bank refused the stored token
};
// Stores a new refresh token durably; a failure aborts the refresh (the token is not used).
using RefreshTokenSink = std::function<Status(const std::string& refresh_token)>;

// Thread-safe: one refresh at a time per client (one client per connection). Across processes the
// caller holds a database lock around AccessToken (see src/bank_connections).
class OAuthClient {
 public:
  OAuthClient(HttpClient& http, OAuthSettings settings, Clock clock = {});

  // The URL to send a person to for consent; `state` is echoed back to the redirect_uri. With
  // settings.pkce, `code_verifier` (from NewCodeVerifier) goes along as its S256 code_challenge.
  std::string ConsentUrl(const std::string& state, const std::string& code_verifier) const;

  // Exchanges an authorization code, with the code_verifier of its consent URL when
  // settings.pkce; the refresh token goes to the sink first.
  // Errors: kUnauthorized (the bank refused the code or the verifier), kUnavailable, kInternal
  // (a reply it cannot read).
  Result<OAuthTokens> ExchangeCode(const std::string& code, const std::string& code_verifier);

  // A valid access token: cached, else refreshed (refresh-token grant when one is known, else
  // client-credentials). Errors: kUnauthorized (credentials or refresh token refused; a person must
  // grant consent again), kUnavailable, kInternal.
  Result<std::string> AccessToken();

  // Forget the cached access token (the API said 401 to it).
  void InvalidateAccessToken();

  void SetRefreshToken(std::string refresh_token);
  void OnRefreshTokenRotated(RefreshTokenSink sink);
  void UseAccessTokenCache(AccessTokenCache cache);
  // Called once per token request sent to the bank (for a refresh counter); may be empty.
  void OnTokenRequest(std::function<void()> hook);
  int refreshes() const;  // token requests made, for metrics and tests

 private:
  Result<OAuthTokens> RequestToken(const std::string& form);
  bool Fresh(std::chrono::system_clock::time_point expires_at) const;
  // When a token the bank just issued stops being used: the safety margin before its expiry, but
  // never more than half its lifetime, so a bank with short-lived tokens is not asked once per call.
  std::chrono::system_clock::time_point UseUntil(const OAuthTokens& issued) const;
  void Remember(const OAuthTokens& tokens);  // in memory and in the cache

  HttpClient& http_;
  OAuthSettings settings_;
  Clock clock_;
  RefreshTokenSink sink_;
  std::function<void()> on_token_request_;
  AccessTokenCache cache_;
  mutable std::mutex mutex_;
  std::optional<OAuthTokens> cached_;
  std::chrono::system_clock::time_point cached_use_until_;
  std::string rejected_;  // the access token the bank last answered 401 to: never reused
  std::string refresh_token_;
  int refreshes_ = 0;
};

// Sends `request` with a bearer token; on a 401 that is not CONSENT_EXPIRED it drops the token and
// tries once more with a fresh one. A CONSENT_EXPIRED answer becomes kForbidden ("a person must
// renew the consent"), never retried.
Result<HttpResponse> SendAuthorized(HttpClient& http, OAuthClient& oauth, HttpRequest request);

// PKCE (RFC 7636): a code_verifier of 43 characters (32 random bytes, base64url without
// padding); kInternal when the random generator fails.
Result<std::string> NewCodeVerifier();
// Its S256 code_challenge: base64url(SHA-256(verifier)) without padding.
std::string CodeChallengeS256(const std::string& code_verifier);

// True when a 401 body carries the Berlin Group code CONSENT_EXPIRED (or CONSENT_INVALID).
bool IsConsentExpired(const HttpResponse& response);

}  // namespace recon::connectors

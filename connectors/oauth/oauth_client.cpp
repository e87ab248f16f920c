#include "connectors/oauth/oauth_client.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>

#include "recon/json.hpp"

namespace recon::connectors {

OAuthClient::OAuthClient(HttpClient& http, OAuthSettings settings, Clock clock)
    : http_(http), settings_(std::move(settings)), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

namespace {

std::string Base64Url(const unsigned char* bytes, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

}  // namespace

Result<std::string> NewCodeVerifier() {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1) return MakeError(ErrorCode::kInternal, "no random bytes for a PKCE verifier");
  return Base64Url(raw, sizeof raw);
}

std::string CodeChallengeS256(const std::string& code_verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(code_verifier.data()), code_verifier.size(), digest);
  return Base64Url(digest, sizeof digest);
}

std::string OAuthClient::ConsentUrl(const std::string& state, const std::string& code_verifier) const {
  std::string url = settings_.authorize_url;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "response_type=code&client_id=" + FormEncode(settings_.client_id) +
         "&redirect_uri=" + FormEncode(settings_.redirect_uri) + "&state=" + FormEncode(state);
  if (!settings_.scope.empty()) url += "&scope=" + FormEncode(settings_.scope);
  if (settings_.pkce) url += "&code_challenge=" + CodeChallengeS256(code_verifier) + "&code_challenge_method=S256";
  return url;
}

Result<OAuthTokens> OAuthClient::RequestToken(const std::string& grant_form) {
  HttpRequest req;
  req.method = "POST";
  req.url = settings_.token_url;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.body = grant_form + "&client_id=" + FormEncode(settings_.client_id);
  if (!settings_.client_secret.empty()) req.body += "&client_secret=" + FormEncode(settings_.client_secret);
  ++refreshes_;
  if (on_token_request_) on_token_request_();
  auto res = http_.Send(req);
  if (!res) return res.error();
  if (res->status == 400 || res->status == 401)
    return MakeError(ErrorCode::kUnauthorized, "the bank refused the token request (HTTP " +
                                                   std::to_string(res->status) + "); a person must grant consent again");
  if (res->status != 200)
    return MakeError(ErrorCode::kUnavailable, "token endpoint answered HTTP " + std::to_string(res->status));
  auto parsed = ParseJson(res->body, kJsonAnyLength, "the token response");
  if (!parsed) return MakeError(ErrorCode::kInternal, "unreadable token response: " + parsed.error().ToString());
  try {
    const nlohmann::json& j = *parsed;
    OAuthTokens t;
    t.access_token = j.at("access_token").get<std::string>();
    t.refresh_token = j.value("refresh_token", std::string());
    long long expires_in = j.value("expires_in", 3600LL);
    t.expires_at = clock_() + std::chrono::seconds(expires_in);
    return t;
  } catch (const nlohmann::json::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("unreadable token response: ") + e.what());
  }
}

Result<OAuthTokens> OAuthClient::ExchangeCode(const std::string& code, const std::string& code_verifier) {
  std::lock_guard lock(mutex_);
  if (settings_.pkce && code_verifier.empty())
    return MakeError(ErrorCode::kInternal, "the consent's PKCE code_verifier is missing");
  auto t = RequestToken("grant_type=authorization_code&code=" + FormEncode(code) +
                        "&redirect_uri=" + FormEncode(settings_.redirect_uri) +
                        (settings_.pkce ? "&code_verifier=" + FormEncode(code_verifier) : std::string()));
  if (!t) return t;
  if (!t->refresh_token.empty()) {
    if (sink_) {
      auto stored = sink_(t->refresh_token);
      if (!stored) return stored.error();
    }
    refresh_token_ = t->refresh_token;
  }
  Remember(*t);
  return t;
}

bool OAuthClient::Fresh(std::chrono::system_clock::time_point expires_at) const {
  return clock_() + std::chrono::seconds(settings_.expiry_skew_s) < expires_at;
}

std::chrono::system_clock::time_point OAuthClient::UseUntil(const OAuthTokens& issued) const {
  const auto lifetime = issued.expires_at - clock_();
  const auto margin = std::min<std::chrono::system_clock::duration>(std::chrono::seconds(settings_.expiry_skew_s),
                                                                     lifetime / 2);
  return issued.expires_at - margin;
}

void OAuthClient::Remember(const OAuthTokens& tokens) {
  cached_ = tokens;
  cached_use_until_ = UseUntil(tokens);
  // A token that lives less than the safety margin would never be loaded by the next pull
  // (Fresh refuses it): writing it would only cost a sealed database write per pull.
  if (cache_.store && Fresh(tokens.expires_at)) cache_.store({tokens.access_token, tokens.expires_at});
}

Result<std::string> OAuthClient::AccessToken() {
  std::lock_guard lock(mutex_);
  if (cached_ && clock_() < cached_use_until_) return cached_->access_token;
  cached_.reset();
  // An earlier pull (perhaps in another process) may have left a token that is still good.
  if (cache_.load) {
    if (auto stored = cache_.load(); stored && stored->access_token != rejected_ && Fresh(stored->expires_at)) {
      cached_ = OAuthTokens{stored->access_token, "", stored->expires_at};
      cached_use_until_ = stored->expires_at - std::chrono::seconds(settings_.expiry_skew_s);
      return cached_->access_token;
    }
  }
  Result<OAuthTokens> t = refresh_token_.empty()
                              ? RequestToken("grant_type=client_credentials" +
                                             (settings_.scope.empty() ? "" : "&scope=" + FormEncode(settings_.scope)))
                              : RequestToken("grant_type=refresh_token&refresh_token=" + FormEncode(refresh_token_));
  if (!t) return t.error();
  if (!t->refresh_token.empty() && t->refresh_token != refresh_token_) {
    // Persist before use: the bank has already invalidated the old one.
    if (sink_) {
      auto stored = sink_(t->refresh_token);
      if (!stored) return stored.error();
    }
    refresh_token_ = t->refresh_token;
  }
  Remember(*t);
  return cached_->access_token;
}

void OAuthClient::InvalidateAccessToken() {
  std::lock_guard lock(mutex_);
  if (cached_) rejected_ = cached_->access_token;
  cached_.reset();
  if (cache_.forget) cache_.forget();
}

void OAuthClient::UseAccessTokenCache(AccessTokenCache cache) {
  std::lock_guard lock(mutex_);
  cache_ = std::move(cache);
}

void OAuthClient::SetRefreshToken(std::string refresh_token) {
  std::lock_guard lock(mutex_);
  refresh_token_ = std::move(refresh_token);
}

void OAuthClient::OnRefreshTokenRotated(RefreshTokenSink sink) {
  std::lock_guard lock(mutex_);
  sink_ = std::move(sink);
}

void OAuthClient::OnTokenRequest(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  on_token_request_ = std::move(hook);
}

int OAuthClient::refreshes() const {
  std::lock_guard lock(mutex_);
  return refreshes_;
}

bool IsConsentExpired(const HttpResponse& response) {
  if (response.status != 401 && response.status != 403) return false;
  return response.body.find("CONSENT_EXPIRED") != std::string::npos ||
         response.body.find("CONSENT_INVALID") != std::string::npos;
}

Result<HttpResponse> SendAuthorized(HttpClient& http, OAuthClient& oauth, HttpRequest request) {
  const size_t plain_headers = request.headers.size();
  // Two tries at most: the cached token, then one fresh token after a 401.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto token = oauth.AccessToken();
    if (!token) return token.error();
    request.headers.resize(plain_headers);
    request.headers.emplace_back("Authorization", "Bearer " + *token);
    auto res = http.Send(request);
    if (!res) return res;
    if (IsConsentExpired(*res))
      return MakeError(ErrorCode::kForbidden, "the bank says the consent has expired; a person must renew it");
    if (res->status != 401) return res;
    oauth.InvalidateAccessToken();
  }
  return MakeError(ErrorCode::kUnauthorized, "the bank refuses a freshly issued access token");
}

}  // namespace recon::connectors

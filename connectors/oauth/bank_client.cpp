#include "connectors/oauth/bank_client.hpp"

#include <cstdint>
#include <limits>
#include <utility>

namespace recon::connectors {

std::string StringSetting(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status ReadIntSetting(const nlohmann::json& j, const char* key, int& value) {
  constexpr int64_t kMin = std::numeric_limits<int>::min();
  constexpr int64_t kMax = std::numeric_limits<int>::max();
  auto it = j.find(key);
  if (it == j.end()) return Status::Ok();
  // nlohmann keeps non-negative literals unsigned: compare those unsigned, so 2^64-1 is not -1.
  const bool fits = it->is_number_unsigned()  ? it->get<uint64_t>() <= static_cast<uint64_t>(kMax)
                    : it->is_number_integer() ? it->get<int64_t>() >= kMin && it->get<int64_t>() <= kMax
                                              : false;
  if (fits) {
    value = it->get<int>();
    return Status::Ok();
  }
  if (it->is_number())
    return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " must be a whole number from " +
                                                     std::to_string(kMin) + " to " + std::to_string(kMax));
  return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " must be a whole number, not a JSON " + it->type_name());
}

Result<BankClientSettings> ReadBankClientSettings(const nlohmann::json& j, bool oauth_required) {
  BankClientSettings s;
  int bytes_max = static_cast<int>(s.http.response_bytes_max);
  for (auto [key, value] : {std::pair<const char*, int*>{"token_expiry_skew_s", &s.oauth.expiry_skew_s},
                            {"connect_timeout_ms", &s.http.connect_timeout_ms},
                            {"request_timeout_ms", &s.http.request_timeout_ms},
                            {"response_bytes_max", &bytes_max},
                            {"attempts_max", &s.retry.attempts_max},
                            {"backoff_base_ms", &s.retry.backoff_base_ms}}) {
    if (Status read = ReadIntSetting(j, key, *value); !read) return read.error();
  }
  s.oauth.token_url = StringSetting(j, "token_url");
  s.oauth.authorize_url = StringSetting(j, "authorize_url");
  s.oauth.client_id = StringSetting(j, "client_id");
  s.oauth.client_secret = StringSetting(j, "client_secret");
  s.oauth.scope = StringSetting(j, "scope");
  s.oauth.redirect_uri = StringSetting(j, "redirect_uri");
  s.refresh_token = StringSetting(j, "refresh_token");
  TlsSettings& tls = s.http.tls;
  tls.ca_file = StringSetting(j, "ca_file");
  tls.client_cert_pem = StringSetting(j, "client_certificate");
  tls.client_key_pem = StringSetting(j, "client_key");
  tls.client_cert_file = StringSetting(j, "client_cert_file");
  tls.client_key_file = StringSetting(j, "client_key_file");

  const bool oauth = oauth_required || !s.oauth.token_url.empty();
  if (oauth && !SplitUrl(s.oauth.token_url)) return MakeError(ErrorCode::kInvalidRequest, "token_url must be an http(s) URL");
  if (oauth && s.oauth.client_id.empty()) return MakeError(ErrorCode::kInvalidRequest, "client_id is required");
  if (s.oauth.expiry_skew_s < 0 || s.oauth.expiry_skew_s > kAccessTokenExpirySkewMaxS)
    return MakeError(ErrorCode::kInvalidRequest,
                     "token_expiry_skew_s must be 0.." + std::to_string(kAccessTokenExpirySkewMaxS));
  if (tls.client_cert_pem.empty() != tls.client_key_pem.empty())
    return MakeError(ErrorCode::kInvalidRequest, "client_certificate and client_key go together: give both or neither");
  if (tls.client_cert_file.empty() != tls.client_key_file.empty())
    return MakeError(ErrorCode::kInvalidRequest, "client_cert_file and client_key_file go together: give both or neither");
  if (!tls.client_cert_pem.empty() && !tls.client_cert_file.empty())
    return MakeError(ErrorCode::kInvalidRequest,
                     "client_cert_file: give the client certificate either as files or as secrets, not both");
  if (s.http.connect_timeout_ms < 1 || s.http.request_timeout_ms < 1)
    return MakeError(ErrorCode::kInvalidRequest, "request_timeout_ms and connect_timeout_ms must be positive");
  if (bytes_max < 1) return MakeError(ErrorCode::kInvalidRequest, "response_bytes_max must be positive");
  s.http.response_bytes_max = static_cast<size_t>(bytes_max);
  if (s.retry.attempts_max < 1 || s.retry.attempts_max > 20)
    return MakeError(ErrorCode::kInvalidRequest, "attempts_max must be 1..20");
  if (s.retry.backoff_base_ms < 0) return MakeError(ErrorCode::kInvalidRequest, "backoff_base_ms must not be negative");
  if (!oauth) s.oauth = OAuthSettings{};
  return s;
}

BankClient::BankClient(const BankClientSettings& settings, const ConnectorContext& context, Sleeper sleeper)
    : transport_(MakeBeastHttpClient(settings.http)), http_(*transport_, settings.retry, std::move(sleeper)) {
  if (settings.oauth.token_url.empty()) return;
  oauth_.emplace(http_, settings.oauth);
  if (!settings.refresh_token.empty()) oauth_->SetRefreshToken(settings.refresh_token);
  if (context.on_refresh_token_rotated) oauth_->OnRefreshTokenRotated(context.on_refresh_token_rotated);
  if (context.on_token_request) oauth_->OnTokenRequest(context.on_token_request);
  oauth_->UseAccessTokenCache(context.access_tokens);
}

Result<HttpResponse> BankClient::Send(const HttpRequest& request) {
  return oauth_ ? SendAuthorized(http_, *oauth_, request) : http_.Send(request);
}

}  // namespace recon::connectors

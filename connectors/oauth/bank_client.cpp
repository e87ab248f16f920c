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

namespace {

// A certificate file setting names one of the server configuration's certificate_files; what an
// API caller sends is never a path recond opens.
Status ResolveCertificateFile(const nlohmann::json& j, const char* key, const ConnectorContext& context,
                              std::string& path) {
  const std::string name = StringSetting(j, key);
  if (name.empty()) return Status::Ok();
  auto it = context.certificate_files.find(name);
  if (it != context.certificate_files.end()) {
    path = it->second;
    return Status::Ok();
  }
  std::string names;
  for (const auto& [n, p] : context.certificate_files) names += (names.empty() ? "" : ", ") + n;
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(key) + " must name one of the server's certificate_files (" +
                       (names.empty() ? std::string("none are configured") : names) + ")" +
                       (name.find('/') != std::string::npos ? "; file paths are not accepted from the API" : ""));
}

// recond's own callback: the browser, not recond, goes there, so only its scheme is checked.
Status CheckRedirectUri(const std::string& uri, const OutboundPolicy& policy) {
  if (uri.empty()) return Status::Ok();
  auto parts = SplitUrl(uri);
  if (!parts) return MakeError(ErrorCode::kInvalidRequest, "redirect_uri is refused: " + parts.error().message);
  if (!parts->https && !(IsLoopbackHost(parts->host) && policy.plain_http_loopback_allowed))
    return MakeError(ErrorCode::kInvalidRequest,
                     "redirect_uri must be https (plain http only to a loopback host, with"
                     " connections_allow_plain_http_loopback on)");
  return Status::Ok();
}

}  // namespace

Result<BankClientSettings> ReadBankClientSettings(const nlohmann::json& j, bool oauth_required,
                                                  const ConnectorContext& context) {
  BankClientSettings s;
  s.http.policy = context.outbound;
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
  tls.client_cert_pem = StringSetting(j, "client_certificate");
  tls.client_key_pem = StringSetting(j, "client_key");
  for (auto [key, path] : {std::pair<const char*, std::string*>{"ca_file", &tls.ca_file},
                           {"client_cert_file", &tls.client_cert_file},
                           {"client_key_file", &tls.client_key_file}}) {
    if (Status named = ResolveCertificateFile(j, key, context, *path); !named) return named.error();
  }
  if (auto pkce = j.find("pkce"); pkce != j.end()) {
    if (!pkce->is_boolean())
      return MakeError(ErrorCode::kInvalidRequest, "pkce must be true or false (false only for a bank that refuses it)");
    s.oauth.pkce = pkce->get<bool>();
  }

  const bool oauth = oauth_required || !s.oauth.token_url.empty();
  if (oauth && s.oauth.token_url.empty()) return MakeError(ErrorCode::kInvalidRequest, "token_url is required");
  if (oauth) {
    if (Status url = CheckEndpointSetting(context.outbound, "token_url", s.oauth.token_url); !url) return url.error();
  }
  if (!s.oauth.authorize_url.empty()) {
    if (Status url = CheckEndpointSetting(context.outbound, "authorize_url", s.oauth.authorize_url); !url)
      return url.error();
  }
  if (Status uri = CheckRedirectUri(s.oauth.redirect_uri, context.outbound); !uri) return uri.error();
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

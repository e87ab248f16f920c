// The set-up every HTTP connector shares: read the transport, retry, TLS (mTLS identity) and
// OAuth settings from a connection's settings, build the client chain (Beast transport, retries
// with backoff, OAuth with the daemon's hooks) and send requests, with a bearer token when the
// connection has a token_url.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

#include "connectors/http/retry.hpp"
#include "connectors/oauth/oauth_client.hpp"
#include "connectors/registry.hpp"

namespace recon::connectors {

struct BankClientSettings {
  OAuthSettings oauth;        // token_url empty = no OAuth (mTLS or a network boundary instead)
  std::string refresh_token;  // from the authorization-code grant; "" = client credentials
  HttpClientSettings http;    // timeouts, size limit, TLS and the mTLS identity
  RetryPolicy retry;
};

// Reads token_url, authorize_url, client_id, client_secret, scope, redirect_uri, pkce,
// refresh_token, token_expiry_skew_s, ca_file, client_certificate + client_key (PEM, from the
// sealed secrets) or client_cert_file + client_key_file, connect_timeout_ms, request_timeout_ms,
// response_bytes_max, attempts_max, backoff_base_ms. `oauth_required`: a token_url must be given.
// The endpoint URLs (token_url, authorize_url) must pass context.outbound (CheckEndpointSetting),
// redirect_uri must be https (or plain http to loopback when that is allowed), and ca_file,
// client_cert_file and client_key_file name entries of context.certificate_files (never paths).
// The result's http.policy is context.outbound. kInvalidRequest whose message starts with the
// setting's name.
Result<BankClientSettings> ReadBankClientSettings(const nlohmann::json& settings, bool oauth_required,
                                                  const ConnectorContext& context);

// The settings that are URLs of the bank's endpoints, of every connector kind: changing one of
// them sends the connection's secrets somewhere else, so the daemon erases them when one changes.
inline constexpr const char* kEndpointSettings[] = {"base_url", "token_url", "authorize_url", "list_url"};

// A string setting, "" when absent or not a string.
std::string StringSetting(const nlohmann::json& settings, const char* key);
// A whole-number setting into `value`, which keeps its default when the key is absent.
// kInvalidRequest, the message starting with the key, when it is present but not a whole
// number that fits an int: a "3" or a 2.5 is refused, never quietly read as the default.
Status ReadIntSetting(const nlohmann::json& settings, const char* key, int& value);

class BankClient {
 public:
  // The transport, the retries and the OAuth client each take their part of `settings`; no
  // further copy is kept here.
  BankClient(const BankClientSettings& settings, const ConnectorContext& context, Sleeper sleeper = {});
  BankClient(const BankClient&) = delete;
  BankClient& operator=(const BankClient&) = delete;

  // With a bearer token when OAuth is configured (SendAuthorized: one refresh on a 401,
  // CONSENT_EXPIRED is kForbidden), else as it is; retried as RetryingHttpClient says.
  Result<HttpResponse> Send(const HttpRequest& request);

  OAuthClient* oauth() { return oauth_ ? &*oauth_ : nullptr; }

 private:
  std::unique_ptr<HttpClient> transport_;
  RetryingHttpClient http_;
  std::optional<OAuthClient> oauth_;
};

}  // namespace recon::connectors

// `berlin-group`: NextGenPSD2 Account Information. Lists the consent's accounts, then pages
// through each account's booked transactions (dateFrom from the cursor, _links.next to page on).
// Idempotent across pulls: the cursor keeps, per account, the last booking date seen and the ids
// already delivered on that date; the next pull asks from that date and skips those ids. A
// transaction repeated across pages is delivered once; one without an id gets SyntheticId.
// An account whose transactions come back as camt.053 XML is delivered as a file for the parsers.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "connectors/http/retry.hpp"
#include "connectors/oauth/oauth_client.hpp"
#include "connectors/registry.hpp"
#include "recon/connector.hpp"

namespace recon::connectors {

struct BerlinGroupSettings {
  std::string base_url;            // "https://api.bank.example" (paths /v1/... are appended)
  std::string consent_id;          // sent as the Consent-ID header
  std::string date_from;           // first pull's dateFrom, "YYYY-MM-DD"; required
  OAuthSettings oauth;             // token_url, client_id, client_secret ...
  std::string refresh_token;       // from the authorization-code grant; "" = client credentials
  HttpClientSettings http;         // timeouts, size limit, TLS/mTLS files
  RetryPolicy retry;
  int pages_max = 1000;            // per account per pull; more is kLimitExceeded
  size_t transactions_max = 1'000'000;  // per pull
};

class BerlinGroupConnector final : public Connector {
 public:
  // settings: {"base_url", "consent_id", "date_from", "token_url", "client_id", "client_secret",
  // "refresh_token", "attempts_max", "backoff_base_ms", "request_timeout_ms", "response_bytes_max",
  // "ca_file", "client_cert_file", "client_key_file", "pages_max"}. kInvalidRequest when wrong.
  // `context` hooks the OAuth client's rotated refresh tokens and token requests.
  static Result<std::unique_ptr<Connector>> Create(const nlohmann::json& settings,
                                                   const ConnectorContext& context = {});
  static Result<BerlinGroupSettings> ReadSettings(const nlohmann::json& settings);

  explicit BerlinGroupConnector(BerlinGroupSettings settings, Sleeper sleeper = {});

  // cursor: "" or {"accounts": {"<resourceId>": {"date": "YYYY-MM-DD", "ids": [...]}}}.
  Result<FetchResult> Fetch(const std::string& cursor) override;

  OAuthClient& oauth() { return oauth_; }

 private:
  struct AccountCursor {
    std::string date;
    std::vector<std::string> ids;
  };
  Result<HttpResponse> Get(const std::string& url_or_path);
  Status FetchAccount(const nlohmann::json& account, AccountCursor& cursor, FetchResult& out, size_t& total);

  BerlinGroupSettings settings_;
  std::unique_ptr<HttpClient> transport_;
  RetryingHttpClient http_;
  OAuthClient oauth_;
};

}  // namespace recon::connectors

// `file-download`: statement files (camt.053, MT940 ...) listed by an HTTPS endpoint.
// GET {list_url}?since=<cursor> answers {"files": [{"name", "href"}]}; files are taken in name
// order, each downloaded whole and handed to the parsers; the cursor is the last name taken.
// Pulling twice stores nothing twice: the daemon keys each file by its SHA-256.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "connectors/http/retry.hpp"
#include "connectors/oauth/oauth_client.hpp"
#include "connectors/registry.hpp"
#include "recon/connector.hpp"

namespace recon::connectors {

struct FileDownloadSettings {
  std::string list_url;         // absolute URL of the listing
  OAuthSettings oauth;          // token_url empty = no OAuth (mTLS or a network boundary instead)
  std::string refresh_token;
  HttpClientSettings http;
  RetryPolicy retry;
  int files_max = 1000;         // per pull; the rest comes with the next pull
};

class FileDownloadConnector final : public Connector {
 public:
  // settings: {"list_url", "token_url", "client_id", "client_secret", "refresh_token", "files_max",
  // "attempts_max", "backoff_base_ms", "request_timeout_ms", "response_bytes_max", "ca_file",
  // "client_cert_file", "client_key_file"}. kInvalidRequest when wrong.
  // `context` hooks the OAuth client's rotated refresh tokens and token requests.
  static Result<std::unique_ptr<Connector>> Create(const nlohmann::json& settings,
                                                   const ConnectorContext& context = {});

  explicit FileDownloadConnector(FileDownloadSettings settings);
  Result<FetchResult> Fetch(const std::string& cursor) override;

 private:
  Result<HttpResponse> Get(const std::string& url);

  FileDownloadSettings settings_;
  std::unique_ptr<HttpClient> transport_;
  RetryingHttpClient http_;
  std::optional<OAuthClient> oauth_;
};

}  // namespace recon::connectors

// `file-download`: statement files (camt.053, MT940 ...) listed by an HTTPS endpoint.
// GET {list_url}?since=<cursor> answers {"files": [{"name", "href"}]}; files are taken in name
// order, each downloaded whole and handed to the parsers; the cursor is the last name taken. An
// href that leads to another origin than list_url's is refused (the bearer token stays home).
// Pulling twice stores nothing twice: the daemon keys each file by its SHA-256.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "connectors/oauth/bank_client.hpp"
#include "connectors/registry.hpp"
#include "recon/connector.hpp"

namespace recon::connectors {

struct FileDownloadSettings {
  std::string list_url;         // absolute URL of the listing
  BankClientSettings client;    // OAuth optional (token_url), timeouts, retries, TLS and mTLS identity
  int files_max = 1000;         // per pull; the rest comes with the next pull
};

class FileDownloadConnector final : public Connector {
 public:
  // settings: {"list_url", "files_max"} and those ReadBankClientSettings reads (OAuth only with a
  // token_url); list_url must pass context.outbound. kInvalidRequest when wrong. `context` hooks
  // the OAuth client and says where requests may go.
  static Result<std::unique_ptr<Connector>> Create(const nlohmann::json& settings,
                                                   const ConnectorContext& context = {});

  FileDownloadConnector(FileDownloadSettings settings, const ConnectorContext& context);
  Result<FetchResult> Fetch(const std::string& cursor) override;

 private:
  Result<HttpResponse> Get(const std::string& url);

  FileDownloadSettings settings_;
  BankClient client_;
};

}  // namespace recon::connectors

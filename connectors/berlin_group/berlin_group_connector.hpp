// `berlin-group`: NextGenPSD2 Account Information. Lists the consent's accounts, then pages
// through each account's booked transactions (dateFrom from the cursor, _links.next to page on).
// Idempotent across pulls: the cursor keeps, per account, the last booking date seen and the ids
// already delivered on that date; the next pull asks from that date and skips those ids. A
// transaction repeated across pages is delivered once; one without an id gets SyntheticId.
// An account whose transactions come back as camt.053 XML is delivered as a file for the parsers.
// Before any account is read, the consent is read from the bank (GET /v1/consents/{consentId}):
// its status and validUntil go to the daemon, and a consent that is not `valid` stops the pull
// with kForbidden (a person must renew it) without asking for account data.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "connectors/oauth/bank_client.hpp"
#include "connectors/registry.hpp"
#include "recon/connector.hpp"

namespace recon::connectors {

struct BerlinGroupSettings {
  std::string base_url;            // "https://api.bank.example" (paths /v1/... are appended)
  std::string consent_id;          // sent as the Consent-ID header; its status is read before a pull
  std::string date_from;           // first pull's dateFrom, "YYYY-MM-DD"; required
  BankClientSettings client;       // OAuth (required), timeouts, retries, TLS and mTLS identity
  int pages_max = 1000;            // per account per pull; more is kLimitExceeded
  size_t transactions_max = 1'000'000;  // per pull
};

class BerlinGroupConnector final : public Connector {
 public:
  // settings: {"base_url", "consent_id", "date_from", "pages_max"} and those ReadBankClientSettings
  // reads; base_url must pass context.outbound. kInvalidRequest when wrong. `context` hooks the
  // OAuth client's rotated refresh tokens, token requests and access-token cache, hears the
  // consent's state, and says where requests may go. A link in the bank's answer that leads to
  // another origin than base_url's is refused, never followed.
  static Result<std::unique_ptr<Connector>> Create(const nlohmann::json& settings,
                                                   const ConnectorContext& context = {});
  static Result<BerlinGroupSettings> ReadSettings(const nlohmann::json& settings, const ConnectorContext& context);

  explicit BerlinGroupConnector(BerlinGroupSettings settings, const ConnectorContext& context = {},
                                Sleeper sleeper = {});

  // cursor: "" or {"accounts": {"<resourceId>": {"date": "YYYY-MM-DD", "ids": [...]}}}.
  Result<FetchResult> Fetch(const std::string& cursor) override;

 private:
  struct AccountCursor {
    std::string date;
    std::vector<std::string> ids;
  };
  Result<HttpResponse> Get(const std::string& url_or_path);
  // Reads the consent from the bank, tells the daemon, and refuses one that is not valid.
  Status CheckConsent();
  Status FetchAccount(const nlohmann::json& account, AccountCursor& cursor, FetchResult& out, size_t& total);

  BerlinGroupSettings settings_;
  std::function<void(const ConsentState&)> on_consent_;
  BankClient client_;
};

}  // namespace recon::connectors

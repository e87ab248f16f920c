// Connector types registered by name; a connection names its type and carries settings.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/oauth/oauth_client.hpp"
#include "recon/connector.hpp"

namespace recon::connectors {

// The one consentStatus that lets a pull read accounts; every other (received, rejected,
// partiallyAuthorised, expired, revokedByPsu, terminatedByTpp) needs a person.
inline constexpr std::string_view kConsentValid = "valid";

// A bank consent as the bank reports it (Berlin Group: GET /v1/consents/{consentId}).
struct ConsentState {
  std::string status;       // consentStatus: received, valid, rejected, expired, revokedByPsu, terminatedByTpp ...
  std::string valid_until;  // validUntil "YYYY-MM-DD", the last day the consent is good for; may be empty
};

// What the daemon wants to hear from a connector while it runs, the access-token cache it lends,
// and what the server configuration allows the connector (outbound requests, host files). Every
// hook may be empty; the defaults of the rest allow the least: https to public addresses only,
// no directory root, no certificate file.
struct ConnectorContext {
  RefreshTokenSink on_refresh_token_rotated;  // stores a rotated refresh token before it is used
  std::function<void()> on_token_request;     // counts token requests, for metrics
  AccessTokenCache access_tokens;             // keeps access tokens across pulls and processes
  std::function<void(const ConsentState&)> on_consent;  // the consent as just read from the bank
  OutboundPolicy outbound;                    // for this connector kind; checked on every request
  // directory_roots: the folders a `directory` connection may name (settings.root), name -> absolute path.
  std::map<std::string, std::string> directory_roots;
  // certificate_files: the files ca_file, client_cert_file and client_key_file may name, name -> path.
  std::map<std::string, std::string> certificate_files;
};

using ConnectorFactory =
    std::function<Result<std::unique_ptr<Connector>>(const nlohmann::json& settings, const ConnectorContext& context)>;

// A registry of connector types. Built once at start-up, then only read (thread-safe reads).
class ConnectorRegistry {
 public:
  void Register(std::string type, ConnectorFactory factory);
  // A connector of `type` with `settings`; kInvalidRequest for an unknown type or bad settings.
  Result<std::unique_ptr<Connector>> Create(const std::string& type, const nlohmann::json& settings,
                                            const ConnectorContext& context = {}) const;
  bool Has(const std::string& type) const { return factories_.count(type) != 0; }
  std::vector<std::string> Types() const;

 private:
  std::map<std::string, ConnectorFactory> factories_;
};

// A registry with every connector type recond ships.
ConnectorRegistry BuiltinConnectors();

}  // namespace recon::connectors

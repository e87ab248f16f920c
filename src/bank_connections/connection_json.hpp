// The JSON of the connection API: request bodies in, records out. Secrets go in under
// "secrets" and never come out: a response lists only which secrets are set.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

#include "bank_connections/connection_store.hpp"
#include "connectors/registry.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {

using util::kConnectionPrefix;
using util::kDeadLetterPrefix;
using util::kPullPrefix;

// The settings that are secrets: refused inside "settings", accepted only under "secrets".
bool IsSecretName(const std::string& name);

// A connection as a client described it, secrets still in clear (sealed by the service).
struct ConnectionDraft {
  ConnectionRecord record;
  std::map<std::string, std::string> secrets;
};

// POST body -> draft, PATCH body applied over `existing`. Checks the shape of every field, and
// on create the type's required secrets (a PATCH may leave some missing: an endpoint change
// erases them, and the connection then lists them in secrets_missing); errors are
// kInvalidRequest (400) with `location` naming the field ("secrets.client_secret", "schedule").
Result<ConnectionDraft> DraftFromCreate(const nlohmann::json& body, const std::string& company,
                                        const connectors::ConnectorRegistry& registry);
Result<ConnectionDraft> DraftFromPatch(const nlohmann::json& body, const ConnectionRecord& existing);

// The secrets a connection of `type` with `settings` cannot work without.
std::vector<std::string> RequiredSecrets(const std::string& type, const nlohmann::json& settings);
// Those of them not among `set`.
std::vector<std::string> MissingSecrets(const std::string& type, const nlohmann::json& settings,
                                        const std::vector<std::string>& set);
// The endpoint URL settings (connectors::kEndpointSettings) that differ, were added or were removed.
std::vector<std::string> ChangedEndpoints(const nlohmann::json& before, const nlohmann::json& after);

nlohmann::json ConnectionToJson(const ConnectionRecord& c);
nlohmann::json PullToJson(const PullRecord& p);
nlohmann::json DeadLetterToJson(const DeadLetterRecord& d);

}  // namespace recon::bank_connections

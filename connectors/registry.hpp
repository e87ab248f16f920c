// Connector types registered by name; a connection names its type and carries settings.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "recon/connector.hpp"

namespace recon::connectors {

using ConnectorFactory = std::function<Result<std::unique_ptr<Connector>>(const nlohmann::json& settings)>;

// A registry of connector types. Built once at start-up, then only read (thread-safe reads).
class ConnectorRegistry {
 public:
  void Register(std::string type, ConnectorFactory factory);
  // A connector of `type` with `settings`; kInvalidRequest for an unknown type or bad settings.
  Result<std::unique_ptr<Connector>> Create(const std::string& type, const nlohmann::json& settings) const;
  std::vector<std::string> Types() const;

 private:
  std::map<std::string, ConnectorFactory> factories_;
};

// A registry with every connector type recond ships.
ConnectorRegistry BuiltinConnectors();

}  // namespace recon::connectors

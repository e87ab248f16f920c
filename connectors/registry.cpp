#include "connectors/registry.hpp"

#include "connectors/berlin_group/berlin_group_connector.hpp"
#include "connectors/directory/directory_connector.hpp"
#include "connectors/file_download/file_download_connector.hpp"

namespace recon::connectors {

void ConnectorRegistry::Register(std::string type, ConnectorFactory factory) {
  factories_[std::move(type)] = std::move(factory);
}

Result<std::unique_ptr<Connector>> ConnectorRegistry::Create(const std::string& type, const nlohmann::json& settings,
                                                             const ConnectorContext& context) const {
  auto it = factories_.find(type);
  if (it == factories_.end()) return MakeError(ErrorCode::kInvalidRequest, "there is no connector type '" + type + "'");
  return it->second(settings, context);
}

std::vector<std::string> ConnectorRegistry::Types() const {
  std::vector<std::string> out;
  for (const auto& [name, factory] : factories_) out.push_back(name);
  return out;
}

ConnectorRegistry BuiltinConnectors() {
  ConnectorRegistry registry;
  registry.Register("directory", &DirectoryConnector::Create);
  registry.Register("berlin-group", &BerlinGroupConnector::Create);
  registry.Register("file-download", &FileDownloadConnector::Create);
  return registry;
}

}  // namespace recon::connectors

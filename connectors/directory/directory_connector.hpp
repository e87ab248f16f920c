// `directory`: statement files dropped into a local folder (by an SFTP or EBICS client, say).
// The folder is one of the server configuration's directory_roots, named by settings.root, plus
// an optional settings.path relative to it; an API caller never gives a host path. The folder is
// opened beneath its root without following a symbolic link (connectors/files/safe_open.hpp);
// only regular files are taken, each opened without following a link, so a link placed in the
// folder (to /etc/passwd, say) is skipped, never read. Files are taken in name order; the cursor
// is the last name taken.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "connectors/registry.hpp"
#include "recon/connector.hpp"

namespace recon::connectors {

struct DirectorySettings {
  std::string root_name;  // a key of context.directory_roots
  std::string root_path;  // its absolute path, from the server configuration
  std::string relative;   // beneath it; "" = the root itself
  size_t file_bytes_max = 256u << 20;
};

class DirectoryConnector final : public Connector {
 public:
  // settings: {"root": "inbox", "path": "bank-a/eur" (optional, relative), "file_bytes_max":
  // 268435456 (optional)}. kInvalidRequest naming the setting when the root is not configured,
  // the path is absolute or has a '..', or a setting has the wrong type.
  static Result<std::unique_ptr<Connector>> Create(const nlohmann::json& settings, const ConnectorContext& context);

  Result<FetchResult> Fetch(const std::string& cursor) override;

 private:
  explicit DirectoryConnector(DirectorySettings settings) : settings_(std::move(settings)) {}
  DirectorySettings settings_;
};

}  // namespace recon::connectors

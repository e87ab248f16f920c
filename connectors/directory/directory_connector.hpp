// `directory`: statement files dropped into a local folder (by an SFTP or EBICS client,
// say). Files are taken in name order; the cursor is the last name taken.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "recon/connector.hpp"

namespace recon::connectors {

class DirectoryConnector final : public Connector {
 public:
  // settings: {"path": "/var/spool/bank", "file_bytes_max": 268435456 (optional)}.
  static Result<std::unique_ptr<Connector>> Create(const nlohmann::json& settings);

  Result<FetchResult> Fetch(const std::string& cursor) override;

 private:
  DirectoryConnector(std::string path, size_t file_bytes_max) : path_(std::move(path)), file_bytes_max_(file_bytes_max) {}
  std::string path_;
  size_t file_bytes_max_;
};

}  // namespace recon::connectors

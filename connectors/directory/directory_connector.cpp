#include "connectors/directory/directory_connector.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace recon::connectors {

namespace fs = std::filesystem;

Result<std::unique_ptr<Connector>> DirectoryConnector::Create(const nlohmann::json& settings) {
  if (!settings.is_object() || !settings.contains("path") || !settings["path"].is_string()) {
    return MakeError(ErrorCode::kInvalidRequest, "directory connector: settings.path must name a folder");
  }
  size_t limit = 256u << 20;
  if (settings.contains("file_bytes_max")) {
    if (!settings["file_bytes_max"].is_number_unsigned()) {
      return MakeError(ErrorCode::kInvalidRequest, "directory connector: file_bytes_max must be a positive number");
    }
    limit = settings["file_bytes_max"].get<size_t>();
  }
  return std::unique_ptr<Connector>(new DirectoryConnector(settings["path"].get<std::string>(), limit));
}

Result<FetchResult> DirectoryConnector::Fetch(const std::string& cursor) {
  std::error_code ec;
  std::vector<fs::path> names;
  for (const auto& entry : fs::directory_iterator(path_, ec)) {
    if (entry.is_regular_file() && entry.path().filename().string() > cursor) names.push_back(entry.path());
  }
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot list " + path_ + ": " + ec.message());
  std::sort(names.begin(), names.end());
  FetchResult result;
  result.next_cursor = cursor;
  for (const fs::path& p : names) {
    const auto size = fs::file_size(p, ec);
    if (ec) return MakeError(ErrorCode::kUnavailable, "cannot read " + p.string() + ": " + ec.message());
    if (size > file_bytes_max_) {
      return MakeError(ErrorCode::kLimitExceeded, p.filename().string() + " is larger than file_bytes_max");
    }
    std::ifstream in(p, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof()) return MakeError(ErrorCode::kUnavailable, "cannot read " + p.string());
    result.files.push_back({p.filename().string(), std::move(bytes).str()});
    result.next_cursor = p.filename().string();
  }
  return result;
}

}  // namespace recon::connectors

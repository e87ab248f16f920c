#include "connectors/directory/directory_connector.hpp"

#include <algorithm>

#include "connectors/files/safe_open.hpp"

namespace recon::connectors {

namespace {

std::string RootNames(const std::map<std::string, std::string>& roots) {
  std::string out;
  for (const auto& [name, path] : roots) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none are configured" : out;
}

}  // namespace

Result<std::unique_ptr<Connector>> DirectoryConnector::Create(const nlohmann::json& settings,
                                                              const ConnectorContext& context) {
  if (!settings.is_object()) return MakeError(ErrorCode::kInvalidRequest, "directory settings must be a JSON object");
  DirectorySettings s;
  auto root = settings.find("root");
  if (root == settings.end() || !root->is_string()) {
    const bool old_style = settings.contains("path") && settings["path"].is_string() &&
                           settings["path"].get<std::string>().starts_with("/");
    return MakeError(
        ErrorCode::kInvalidRequest,
        std::string("root must name one of the server's directory_roots (") + RootNames(context.directory_roots) + ")" +
            (old_style ? "; settings.path is now relative to it, host paths are not accepted from the API" : ""));
  }
  s.root_name = root->get<std::string>();
  auto configured = context.directory_roots.find(s.root_name);
  if (configured == context.directory_roots.end())
    return MakeError(ErrorCode::kInvalidRequest, "root '" + s.root_name +
                                                     "' is not one of the server's directory_roots (" +
                                                     RootNames(context.directory_roots) + ")");
  s.root_path = configured->second;
  if (auto path = settings.find("path"); path != settings.end()) {
    if (!path->is_string()) return MakeError(ErrorCode::kInvalidRequest, "path must be a relative path (a string)");
    s.relative = path->get<std::string>();
    if (Status ok = CheckRelativePath(s.relative); !ok)
      return MakeError(ErrorCode::kInvalidRequest, "path " + ok.error().message);
  }
  if (settings.contains("file_bytes_max")) {
    const nlohmann::json& limit = settings["file_bytes_max"];
    // A parsed 5 is unsigned, a 5 written in C++ is signed: both are whole numbers.
    const bool positive = limit.is_number_unsigned()  ? limit.get<uint64_t>() > 0
                          : limit.is_number_integer() ? limit.get<int64_t>() > 0
                                                      : false;
    if (!positive) return MakeError(ErrorCode::kInvalidRequest, "file_bytes_max must be a positive whole number");
    s.file_bytes_max = limit.get<size_t>();
  }
  return std::unique_ptr<Connector>(new DirectoryConnector(std::move(s)));
}

Result<FetchResult> DirectoryConnector::Fetch(const std::string& cursor) {
  auto dir = OpenDirectoryBeneath(settings_.root_name, settings_.root_path, settings_.relative);
  if (!dir) return dir.take_error();
  auto names = ListDirectory(dir->get());
  if (!names) return names.take_error();
  std::vector<std::string> after;
  for (std::string& name : *names)
    if (name > cursor) after.push_back(std::move(name));
  std::sort(after.begin(), after.end());
  FetchResult result;
  result.next_cursor = cursor;
  for (const std::string& name : after) {
    auto bytes = ReadRegularFileAt(dir->get(), name, settings_.file_bytes_max);
    if (!bytes) return bytes.take_error();
    if (!*bytes) continue;  // a link, a folder, a FIFO ...: never followed, never read
    result.files.push_back({name, std::move(**bytes)});
    result.next_cursor = name;
  }
  return result;
}

}  // namespace recon::connectors

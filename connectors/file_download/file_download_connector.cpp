#include "connectors/file_download/file_download_connector.hpp"

#include <algorithm>

#include "recon/json.hpp"

namespace recon::connectors {
namespace {

constexpr auto Str = &StringSetting;

}  // namespace

Result<std::unique_ptr<Connector>> FileDownloadConnector::Create(const nlohmann::json& j,
                                                                  const ConnectorContext& context) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidRequest, "file-download settings must be a JSON object");
  FileDownloadSettings s;
  s.list_url = Str(j, "list_url");
  if (Status n = ReadIntSetting(j, "files_max", s.files_max); !n) return n.error();
  if (Status url = CheckEndpointSetting(context.outbound, "list_url", s.list_url); !url) return url.error();
  auto client = ReadBankClientSettings(j, /*oauth_required=*/false, context);
  if (!client) return client.error();
  s.client = std::move(client).value();
  if (s.files_max < 1) return MakeError(ErrorCode::kInvalidRequest, "files_max must be at least 1");
  return std::unique_ptr<Connector>(std::make_unique<FileDownloadConnector>(std::move(s), context));
}

FileDownloadConnector::FileDownloadConnector(FileDownloadSettings settings, const ConnectorContext& context)
    : settings_(std::move(settings)), client_(settings_.client, context) {}

Result<HttpResponse> FileDownloadConnector::Get(const std::string& url) {
  HttpRequest req{"GET", url, {}, ""};
  auto res = client_.Send(req);
  if (!res) return res;
  if (res->status != 200)
    return MakeError(res->status >= 500 ? ErrorCode::kUnavailable : ErrorCode::kInvalidRequest,
                     url + " answered HTTP " + std::to_string(res->status));
  return res;
}

Result<FetchResult> FileDownloadConnector::Fetch(const std::string& cursor) {
  std::string list_url = settings_.list_url;
  list_url += list_url.find('?') == std::string::npos ? '?' : '&';
  list_url += "since=" + FormEncode(cursor);
  auto listing = Get(list_url);
  if (!listing) return listing.error();
  auto parsed = ParseJson(listing->body, kJsonAnyLength, "the file listing");
  if (!parsed) return MakeError(ErrorCode::kMalformedFile, parsed.error().message, parsed.error().location);
  nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("files") || !j["files"].is_array())
    return MakeError(ErrorCode::kMalformedFile, "the file listing is not {\"files\": [...]}");
  std::vector<std::pair<std::string, std::string>> files;  // name, href
  for (const auto& f : j["files"]) {
    std::string name = Str(f, "name");
    if (name.empty() || name <= cursor) continue;  // a listing that ignores `since`
    std::string href = Str(f, "href");
    files.emplace_back(name, href.empty() ? "/files/" + FormEncode(name) : href);
  }
  std::sort(files.begin(), files.end());
  FetchResult out;
  out.next_cursor = cursor;
  auto origin = SplitUrl(settings_.list_url);
  if (!origin) return origin.error();
  for (const auto& [name, href] : files) {
    if (static_cast<int>(out.files.size()) == settings_.files_max) break;
    const std::string url = ResolveUrl(settings_.list_url, href);
    // An href may be absolute: the bearer token goes only to list_url's origin.
    auto target = SplitUrl(url);
    if (!target || !SameOrigin(*origin, *target))
      return MakeError(ErrorCode::kInvalidRequest, "the listing's href for " + name + " leads away from list_url's host (" +
                                                       (target ? target->host : std::string("not a URL")) +
                                                       "); recond downloads only from " + origin->host);
    auto file = Get(url);
    if (!file) return file.error();
    out.files.push_back({name, std::move(file->body)});
    out.next_cursor = name;
  }
  return out;
}

}  // namespace recon::connectors

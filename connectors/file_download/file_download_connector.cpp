#include "connectors/file_download/file_download_connector.hpp"

#include <algorithm>

namespace recon::connectors {
namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int Int(const nlohmann::json& j, const char* key, int fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

}  // namespace

Result<std::unique_ptr<Connector>> FileDownloadConnector::Create(const nlohmann::json& j,
                                                                  const ConnectorContext& context) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidRequest, "file-download settings must be a JSON object");
  FileDownloadSettings s;
  s.list_url = Str(j, "list_url");
  s.oauth.token_url = Str(j, "token_url");
  s.oauth.client_id = Str(j, "client_id");
  s.oauth.client_secret = Str(j, "client_secret");
  s.refresh_token = Str(j, "refresh_token");
  s.http.tls.ca_file = Str(j, "ca_file");
  s.http.tls.client_cert_file = Str(j, "client_cert_file");
  s.http.tls.client_key_file = Str(j, "client_key_file");
  s.http.request_timeout_ms = Int(j, "request_timeout_ms", s.http.request_timeout_ms);
  s.retry.attempts_max = Int(j, "attempts_max", s.retry.attempts_max);
  s.retry.backoff_base_ms = Int(j, "backoff_base_ms", s.retry.backoff_base_ms);
  s.files_max = Int(j, "files_max", s.files_max);
  if (!SplitUrl(s.list_url)) return MakeError(ErrorCode::kInvalidRequest, "list_url must be an http(s) URL");
  if (!s.oauth.token_url.empty() && (!SplitUrl(s.oauth.token_url) || s.oauth.client_id.empty()))
    return MakeError(ErrorCode::kInvalidRequest, "token_url must be an http(s) URL, with a client_id");
  if (s.files_max < 1) return MakeError(ErrorCode::kInvalidRequest, "files_max must be at least 1");
  if (s.retry.attempts_max < 1 || s.retry.attempts_max > 20)
    return MakeError(ErrorCode::kInvalidRequest, "attempts_max must be 1..20");
  auto connector = std::make_unique<FileDownloadConnector>(std::move(s));
  if (connector->oauth_ && context.on_refresh_token_rotated)
    connector->oauth_->OnRefreshTokenRotated(context.on_refresh_token_rotated);
  if (connector->oauth_ && context.on_token_request) connector->oauth_->OnTokenRequest(context.on_token_request);
  return std::unique_ptr<Connector>(std::move(connector));
}

FileDownloadConnector::FileDownloadConnector(FileDownloadSettings settings)
    : settings_(std::move(settings)),
      transport_(MakeBeastHttpClient(settings_.http)),
      http_(*transport_, settings_.retry) {
  if (settings_.oauth.token_url.empty()) return;
  oauth_.emplace(http_, settings_.oauth);
  if (!settings_.refresh_token.empty()) oauth_->SetRefreshToken(settings_.refresh_token);
}

Result<HttpResponse> FileDownloadConnector::Get(const std::string& url) {
  HttpRequest req{"GET", url, {}, ""};
  auto res = oauth_ ? SendAuthorized(http_, *oauth_, req) : http_.Send(req);
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
  auto j = nlohmann::json::parse(listing->body, nullptr, false);
  if (j.is_discarded() || !j.contains("files") || !j["files"].is_array())
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
  for (const auto& [name, href] : files) {
    if (static_cast<int>(out.files.size()) == settings_.files_max) break;
    auto file = Get(ResolveUrl(settings_.list_url, href));
    if (!file) return file.error();
    out.files.push_back({name, std::move(file->body)});
    out.next_cursor = name;
  }
  return out;
}

}  // namespace recon::connectors

// What a handler sees and returns.
#pragma once

#include <boost/beast/http.hpp>

#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "recon/json.hpp"

namespace recon::server {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using RequestHeader = http::request_header<>;
using HttpResponse = http::response<http::string_body>;

// Whether the body is NDJSON (Content-Type application/x-ndjson, in any case): a bulk of JSON
// lines rather than one document.
inline bool IsNdjson(const RequestHeader& header) {
  const auto type = header[http::field::content_type];
  constexpr std::string_view kNdjson = "application/x-ndjson";
  if (type.size() < kNdjson.size()) return false;
  for (size_t i = 0; i < kNdjson.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != kNdjson[i]) return false;
  }
  return true;
}

struct RequestContext {
  const HttpRequest& request;
  std::string request_id;
  std::string path;                                   // decoded path, without the query
  std::map<std::string, std::string> path_params;     // {id} and the like
  std::multimap<std::string, std::string> query;      // decoded query parameters
  JsonLimits json_limits;                             // json_depth_max, json_bytes_max: for every JSON body

  std::optional<std::string> Query(const std::string& key) const {
    auto it = query.find(key);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace recon::server

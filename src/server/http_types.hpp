// What a handler sees and returns.
#pragma once

#include <boost/beast/http.hpp>

#include <map>
#include <optional>
#include <string>

namespace recon::server {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct RequestContext {
  const HttpRequest& request;
  std::string request_id;
  std::string path;                                   // decoded path, without the query
  std::map<std::string, std::string> path_params;     // {id} and the like
  std::multimap<std::string, std::string> query;      // decoded query parameters

  std::optional<std::string> Query(const std::string& key) const {
    auto it = query.find(key);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace recon::server

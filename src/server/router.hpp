// Routes a request to its handler by method and path pattern ("/v1/matches/{id}/approve").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "recon/error.hpp"
#include "server/http_types.hpp"

namespace recon::server {

using Handler = std::function<Result<HttpResponse>(RequestContext&)>;

// What a route reads as its body. The server learns it from the request's header and sets the
// body's limit before reading the body, so a JSON route never reads more than json_bytes_max.
enum class BodyKind {
  kJson,          // a JSON document (or none): json_bytes_max
  kUpload,        // a statement file: body_bytes_max
  kJsonOrNdjson,  // a JSON document (json_bytes_max), or with Content-Type application/x-ndjson
                  // a bulk of lines: body_bytes_max in all, json_bytes_max each line
};

struct Route {
  http::verb method;
  std::string pattern;      // segments; "{name}" captures one segment
  bool needs_token = true;
  Handler handler;
  BodyKind body = BodyKind::kJson;
  bool rate_limited = true;  // false only for the probes (/healthz, /readyz, /metrics)
};

struct RouteMatch {
  const Route* route = nullptr;            // null: no route for the path (404) or the method (405)
  bool path_known = false;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void Add(Route route);
  RouteMatch Find(http::verb method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace recon::server

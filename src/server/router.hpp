// Routes a request to its handler by method and path pattern ("/v1/matches/{id}/approve").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "recon/error.hpp"
#include "server/http_types.hpp"

namespace recon::server {

using Handler = std::function<Result<HttpResponse>(RequestContext&)>;

struct Route {
  http::verb method;
  std::string pattern;      // segments; "{name}" captures one segment
  bool needs_token = true;
  Handler handler;
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

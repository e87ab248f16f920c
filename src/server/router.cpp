#include "server/router.hpp"

namespace recon::server {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    const size_t end = path.find('/', start);
    out.push_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  const auto want = Segments(pattern);
  const auto have = Segments(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> captured;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      captured[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

RouteMatch Router::Find(http::verb method, const std::string& path) const {
  RouteMatch match;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, path, params)) continue;
    match.path_known = true;
    if (r.method == method) {
      match.route = &r;
      match.params = std::move(params);
      return match;
    }
  }
  return match;
}

}  // namespace recon::server

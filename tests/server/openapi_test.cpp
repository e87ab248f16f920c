// The OpenAPI document and the router describe the same paths and methods.
#include "api/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "api/handlers.hpp"

namespace recon::api {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, PathsMatchTheRouter) {
  config::Config config;
  storage::ConnectionPool pool(storage::PoolSettings{"host=/nonexistent dbname=none", 1, std::chrono::milliseconds(1)});
  server::Metrics metrics;
  App app(config, pool, metrics, matching::DefaultRuleSet());
  server::Router router;
  RegisterRoutes(router, app);

  std::set<std::string> from_router, from_document;
  for (const server::Route& r : router.routes()) {
    from_router.insert(Lower(std::string(server::http::to_string(r.method))) + " " + r.pattern);
  }
  const auto doc = OpenApiDocument();
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    for (auto op = path->begin(); op != path->end(); ++op) from_document.insert(op.key() + " " + path.key());
  }
  std::vector<std::string> missing, extra;
  std::set_difference(from_router.begin(), from_router.end(), from_document.begin(), from_document.end(),
                      std::back_inserter(missing));
  std::set_difference(from_document.begin(), from_document.end(), from_router.begin(), from_router.end(),
                      std::back_inserter(extra));
  EXPECT_TRUE(missing.empty()) << "served but not documented: " << ::testing::PrintToString(missing);
  EXPECT_TRUE(extra.empty()) << "documented but not served: " << ::testing::PrintToString(extra);
  EXPECT_EQ(doc["openapi"], "3.0.3");
}

}  // namespace
}  // namespace recon::api

// The OpenAPI document and the router describe the same paths and methods.
#include "api/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "daemon/routes.hpp"

namespace recon::api {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, PathsMatchTheRouter) {
  config::Config config;
  storage::ConnectionPool pool(storage::PoolSettings{"host=/nonexistent dbname=none", 1, std::chrono::milliseconds(1)});
  daemon::Services services(config, pool, matching::DefaultRuleSet(), security::SecretBox());
  server::Router router;
  daemon::RegisterRoutes(router, daemon::RouteDepsOf(config, pool, services));

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

// What client generators and the linter need of every operation: a unique operationId, a
// 2xx and a 4xx answer, a declared tag, and public routes saying so with `security: []`.
TEST(OpenApi, EveryOperationIsCompleteForClientGenerators) {
  const auto doc = OpenApiDocument();
  std::set<std::string> ids, tags;
  for (const auto& t : doc["tags"]) tags.insert(t["name"].get<std::string>());
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    for (auto op = path->begin(); op != path->end(); ++op) {
      const std::string where = op.key() + " " + path.key();
      const auto& o = *op;
      ASSERT_TRUE(o.contains("operationId")) << where;
      const std::string id = o["operationId"].get<std::string>();
      EXPECT_FALSE(id.empty()) << where;
      EXPECT_TRUE(ids.insert(id).second) << "operationId " << id << " twice (" << where << ")";
      bool success = false, client_error = false;
      for (auto r = o["responses"].begin(); r != o["responses"].end(); ++r) {
        success = success || r.key().starts_with("2");
        client_error = client_error || r.key().starts_with("4");
      }
      EXPECT_TRUE(success) << where << " has no 2xx answer";
      EXPECT_TRUE(client_error) << where << " has no 4xx answer";
      for (const auto& t : o["tags"]) EXPECT_TRUE(tags.count(t.get<std::string>())) << where << ": tag " << t;
      const bool needs_token = path.key().starts_with("/v1/");
      if (needs_token) {
        EXPECT_FALSE(o.contains("security")) << where << " uses the document's bearer security";
        EXPECT_TRUE(o["responses"].contains("401")) << where;
      } else {
        ASSERT_TRUE(o.contains("security")) << where << " is public and must say security: []";
        EXPECT_TRUE(o["security"].empty()) << where;
      }
      // Every {name} in the path is a declared path parameter.
      for (size_t open = path.key().find('{'); open != std::string::npos; open = path.key().find('{', open + 1)) {
        const std::string name = path.key().substr(open + 1, path.key().find('}', open) - open - 1);
        bool declared = false;
        for (const auto& p : o.value("parameters", nlohmann::json::array())) {
          declared = declared || (p["in"] == "path" && p["name"] == name);
        }
        EXPECT_TRUE(declared) << where << ": {" << name << "}";
      }
    }
  }
}

// Every $ref points at a schema the document defines.
TEST(OpenApi, EveryReferenceResolves) {
  const auto doc = OpenApiDocument();
  std::vector<std::string> dangling;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (auto it = j.find("$ref"); it != j.end()) {
        const std::string ref = it->get<std::string>();
        const std::string prefix = "#/components/schemas/";
        if (!ref.starts_with(prefix) || !doc["components"]["schemas"].contains(ref.substr(prefix.size()))) {
          dangling.push_back(ref);
        }
      }
      for (const auto& [key, value] : j.items()) walk(value);
    } else if (j.is_array()) {
      for (const auto& value : j) walk(value);
    }
  };
  walk(doc);
  EXPECT_TRUE(dangling.empty()) << ::testing::PrintToString(dangling);
}

}  // namespace
}  // namespace recon::api

// The OpenAPI document lists the answers of the server's limits on every operation.
#include <gtest/gtest.h>

#include "api/openapi.hpp"

namespace recon::api {
namespace {

TEST(OpenApiLimits, EveryOperationSaysWhenToComeBack) {
  const auto doc = OpenApiDocument();
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    const bool probe = path.key() == "/healthz" || path.key() == "/readyz" || path.key() == "/metrics";
    for (auto op = path->begin(); op != path->end(); ++op) {
      const std::string what = op.key() + " " + path.key();
      const auto& responses = (*op)["responses"];
      ASSERT_TRUE(responses.contains("503")) << what;
      EXPECT_TRUE(responses["503"]["headers"].contains("Retry-After")) << what;
      EXPECT_EQ(responses.contains("429"), !probe) << what;
      if (!probe) {
        EXPECT_TRUE(responses["429"]["headers"].contains("Retry-After")) << what;
      }
      if (op->contains("requestBody")) {
        EXPECT_TRUE(responses.contains("413")) << what;
        const bool json = (*op)["requestBody"]["content"].contains("application/json");
        // A JSON body may be too deep or not JSON (a file route may answer 400 for its parameters).
        if (json) {
          EXPECT_TRUE(responses.contains("400")) << what;
        }
      }
    }
  }
}

}  // namespace
}  // namespace recon::api

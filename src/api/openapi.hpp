// The OpenAPI 3 document recond serves at GET /v1/openapi.json. A test compares its
// paths and methods with the router's, so the two cannot drift apart.
#pragma once

#include <nlohmann/json.hpp>

namespace recon::api {

nlohmann::json OpenApiDocument();

}  // namespace recon::api

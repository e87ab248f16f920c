// The pieces the OpenAPI document is made of: JSON Schemas of every body recond reads or
// writes, and the parameters its routes take. Used only by openapi.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace recon::api::openapi {

using Json = nlohmann::json;

// "#/components/schemas/<name>".
Json Ref(const std::string& name);
// components.schemas: every named schema. Each nullable field is declared so: the answers are
// checked against these with a validating proxy (tests/openapi/).
Json Schemas();
// One query parameter by name, with its type and what it means; names not in the table are
// plain strings.
Json QueryParameter(const std::string& name);

}  // namespace recon::api::openapi

// Small helpers shared by the handlers: JSON responses, paging, the company of a request.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "recon/error.hpp"
#include "server/http_types.hpp"

namespace recon::api {

inline constexpr int kPageLimitDefault = 100;
inline constexpr int kPageLimitMax = 10'000;

server::HttpResponse JsonResponse(server::http::status status, const nlohmann::json& body);

struct Page {
  int limit = kPageLimitDefault;
  int64_t after_id = 0;
};

// `limit` (1..10,000, default 100) and the opaque `cursor` of a list request.
Result<Page> PageOf(const server::RequestContext& ctx);
// The cursor that continues after `last_id`, or null when the page was not full.
nlohmann::json NextCursor(size_t returned, const Page& page, int64_t last_id);

// ?company= or the configured default.
std::string CompanyOf(const server::RequestContext& ctx, const std::string& default_company);

// The request body as JSON (an empty body is {}), within the request's JSON limits
// (json_depth_max, json_bytes_max); kInvalidRequest naming the byte where it breaks or nests
// too deep, kPayloadTooLarge beyond the size.
Result<nlohmann::json> ParseJsonBody(const server::RequestContext& ctx);

// A path parameter holding a public id with the given prefix; kNotFound when malformed.
Result<int64_t> PathId(const server::RequestContext& ctx, const std::string& name, std::string_view prefix);

}  // namespace recon::api

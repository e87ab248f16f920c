// Small helpers shared by the handlers: JSON responses, paging, the company of a request.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

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

// The answer of every list: 200 {"items": [to_json(row), ...], "next_cursor": ...} for the rows
// a store answered for `page` (each with the `id` its cursor continues after), or the store's
// error. A list handler keeps only what is its own: its filters, its store and its JSON.
template <class Row, class ToJson>
Result<server::HttpResponse> PageAnswer(Result<std::vector<Row>> rows, const Page& page, ToJson&& to_json) {
  if (!rows) return rows.take_error();
  nlohmann::json items = nlohmann::json::array();
  for (const Row& row : *rows) items.push_back(to_json(row));
  nlohmann::json answer = {{"items", std::move(items)},
                           {"next_cursor", NextCursor(rows->size(), page, rows->empty() ? 0 : rows->back().id)}};
  return JsonResponse(server::http::status::ok, answer);
}

// ?company= or the configured default.
std::string CompanyOf(const server::RequestContext& ctx, const std::string& default_company);

// The request body as JSON (an empty body is {}), within the request's JSON limits
// (json_depth_max, json_bytes_max); kInvalidRequest naming the byte where it breaks or nests
// too deep, kPayloadTooLarge beyond the size.
Result<nlohmann::json> ParseJsonBody(const server::RequestContext& ctx);

// A path parameter holding a public id with the given prefix; kNotFound when malformed.
Result<int64_t> PathId(const server::RequestContext& ctx, const std::string& name, std::string_view prefix);

}  // namespace recon::api

#include "api/responses.hpp"

#include <charconv>

#include "util/ids.hpp"

namespace recon::api {

constexpr std::string_view kCursorPrefix = "c_";

server::HttpResponse JsonResponse(server::http::status status, const nlohmann::json& body) {
  server::HttpResponse res{status, 11};
  res.set(server::http::field::content_type, "application/json");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

Result<Page> PageOf(const server::RequestContext& ctx) {
  Page page;
  if (auto limit = ctx.Query("limit")) {
    int value = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || end != limit->data() + limit->size() || value < 1 || value > kPageLimitMax) {
      return MakeError(ErrorCode::kInvalidRequest, "limit must be a whole number from 1 to " + std::to_string(kPageLimitMax));
    }
    page.limit = value;
  }
  if (auto cursor = ctx.Query("cursor"); cursor && !cursor->empty()) {
    auto id = util::ParseId(kCursorPrefix, *cursor);
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "cursor is not one this server handed out");
    page.after_id = *id;
  }
  return page;
}

nlohmann::json NextCursor(size_t returned, const Page& page, int64_t last_id) {
  if (returned < static_cast<size_t>(page.limit)) return nullptr;
  return util::FormatId(kCursorPrefix, last_id);
}

std::string CompanyOf(const server::RequestContext& ctx, const std::string& default_company) {
  auto company = ctx.Query("company");
  return company && !company->empty() ? *company : default_company;
}

Result<nlohmann::json> ParseJsonBody(const server::RequestContext& ctx) {
  const std::string& body = ctx.request.body();
  if (body.empty()) return nlohmann::json::object();
  return ParseJson(body, ctx.json_limits, "the body");
}

Result<int64_t> PathId(const server::RequestContext& ctx, const std::string& name, std::string_view prefix) {
  auto it = ctx.path_params.find(name);
  if (it == ctx.path_params.end()) return MakeError(ErrorCode::kNotFound, "missing id");
  auto id = util::ParseId(prefix, it->second);
  if (!id) return MakeError(ErrorCode::kNotFound, "'" + it->second + "' is not an id of this kind (" + std::string(prefix) + "…)");
  return *id;
}

}  // namespace recon::api

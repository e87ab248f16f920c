// POST/GET /v1/open-items.
#include <set>
#include <sstream>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/responses.hpp"

namespace recon::api {
namespace {

using server::http::status;

// Items from a JSON array or from NDJSON (one object per line).
Result<std::vector<OpenItem>> ReadItems(const server::RequestContext& ctx, const std::string& default_company) {
  const auto type = ctx.request[server::http::field::content_type];
  const bool ndjson = std::string_view(type.data(), type.size()).starts_with("application/x-ndjson");
  std::vector<OpenItem> items;
  if (ndjson) {
    const std::string& body = ctx.request.body();
    size_t start = 0, line_no = 0;
    while (start < body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string::npos) end = body.size();
      ++line_no;
      std::string_view line(body.data() + start, end - start);
      start = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      Json j = Json::parse(line, nullptr, false);
      if (j.is_discarded()) return MakeError(ErrorCode::kInvalidRequest, "line " + std::to_string(line_no) + " is not valid JSON");
      auto item = OpenItemFromJson(j, default_company, "line " + std::to_string(line_no));
      if (!item) return item.take_error();
      items.push_back(std::move(*item));
    }
  } else {
    auto body = ParseJsonBody(ctx);
    if (!body) return body.take_error();
    if (!body->is_array()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON array of open items (or NDJSON)");
    items.reserve(body->size());
    for (size_t i = 0; i < body->size(); ++i) {
      auto item = OpenItemFromJson((*body)[i], default_company, "item " + std::to_string(i));
      if (!item) return item.take_error();
      items.push_back(std::move(*item));
    }
  }
  return items;
}

}  // namespace

HandlerResult UpsertOpenItems(App& app, server::RequestContext& ctx) {
  auto items = ReadItems(ctx, CompanyOf(ctx, app.config.default_company));
  if (!items) return items.take_error();
  std::set<std::pair<std::string, std::string>> seen;
  for (const OpenItem& item : *items) {
    if (!seen.insert({item.company, item.external_id}).second) {
      return MakeError(ErrorCode::kInvalidRequest, "external_id '" + item.external_id + "' appears twice in one request");
    }
  }
  auto counts = app.open_items.Upsert(*items);
  if (!counts) return counts.take_error();
  return JsonResponse(status::ok, Json{{"inserted", counts->inserted}, {"updated", counts->updated},
                                       {"unchanged", counts->unchanged}});
}

HandlerResult ListOpenItems(App& app, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  storage::OpenItemFilter filter;
  filter.company = CompanyOf(ctx, app.config.default_company);
  filter.status = ctx.Query("status");
  if (filter.status && *filter.status != "open" && *filter.status != "closed") {
    return MakeError(ErrorCode::kInvalidRequest, "status must be open or closed");
  }
  filter.partner_id = ctx.Query("partner_id");
  filter.after_id = page->after_id;
  filter.limit = page->limit;
  auto rows = app.open_items.List(filter);
  if (!rows) return rows.take_error();
  Json items = Json::array();
  for (const OpenItem& i : *rows) items.push_back(OpenItemToJson(i));
  return JsonResponse(status::ok, Json{{"items", std::move(items)},
                                       {"next_cursor", NextCursor(rows->size(), *page, rows->empty() ? 0 : rows->back().id)}});
}

}  // namespace recon::api

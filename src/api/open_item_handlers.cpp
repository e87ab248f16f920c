// POST /v1/open-items (bulk upsert) and GET /v1/open-items (list and search).
#include <cctype>
#include <set>
#include <sstream>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/request_bodies.hpp"
#include "api/responses.hpp"

namespace recon::api {
namespace {

using server::http::status;

// The search filters of GET /v1/open-items, each checked; a bad one is named in the 400.
Result<storage::OpenItemFilter> SearchFilterOf(const server::RequestContext& ctx, const std::string& company) {
  storage::OpenItemFilter f;
  f.company = company;
  f.status = ctx.Query("status");
  if (f.status && *f.status != "open" && *f.status != "closed") return BadParameter("status", "must be open or closed");
  f.partner_id = ctx.Query("partner_id");
  int exponent = 2;
  auto currency = CurrencyParameter(ctx);
  if (!currency) return currency.take_error();
  if (*currency) {
    f.currency = std::string((*currency)->code());
    exponent = (*currency)->exponent();
  }
  if (auto kind = ctx.Query("kind")) {
    if (!ParseOpenItemKind(*kind)) return BadParameter("kind", "must be receivable, payable or ledger");
    f.kind = *kind;
  }
  struct AmountField {
    const char* name;
    std::optional<int64_t>* field;
  };
  for (const AmountField& a : {AmountField{"amount", &f.open_amount}, AmountField{"amount_min", &f.open_amount_min},
                               AmountField{"amount_max", &f.open_amount_max}}) {
    auto amount = AmountParameter(ctx, a.name, exponent);
    if (!amount) return amount.take_error();
    *a.field = *amount;
  }
  if (f.open_amount_min && f.open_amount_max && *f.open_amount_min > *f.open_amount_max) {
    return BadParameter("amount_min", "must not be above amount_max");
  }
  struct TextField {
    const char* name;
    std::optional<std::string>* field;
  };
  for (const TextField& t : {TextField{"partner", &f.partner}, TextField{"document", &f.document},
                             TextField{"q", &f.text}}) {
    auto text = TextParameter(ctx, t.name);
    if (!text) return text.take_error();
    *t.field = *text;
  }
  for (const TextField& d : {TextField{"due_from", &f.due_from}, TextField{"due_to", &f.due_to}}) {
    auto date = DateParameter(ctx, d.name);
    if (!date) return date.take_error();
    if (*date) *d.field = (*date)->ToIso();
  }
  if (f.due_from && f.due_to && *f.due_from > *f.due_to) return BadParameter("due_from", "must not be after due_to");
  return f;
}

}  // namespace

HandlerResult UpsertOpenItems(const OpenItemDeps& deps, server::RequestContext& ctx) {
  auto items = DecodeOpenItems(ctx.request.body(), server::IsNdjson(ctx.request), CompanyOf(ctx, deps.default_company),
                               ctx.json_limits);
  if (!items) return items.take_error();
  std::set<std::pair<std::string, std::string>> seen;
  for (const OpenItem& item : *items) {
    if (!seen.insert({item.company, item.external_id}).second) {
      return MakeError(ErrorCode::kInvalidRequest, "external_id '" + item.external_id + "' appears twice in one request");
    }
  }
  auto counts = deps.open_items.Upsert(*items);
  if (!counts) return counts.take_error();
  return JsonResponse(status::ok, Json{{"inserted", counts->inserted}, {"updated", counts->updated},
                                       {"unchanged", counts->unchanged}});
}

HandlerResult ListOpenItems(const OpenItemDeps& deps, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto filter = SearchFilterOf(ctx, CompanyOf(ctx, deps.default_company));
  if (!filter) return filter.take_error();
  filter->after_id = page->after_id;
  filter->limit = page->limit;
  return PageAnswer(deps.open_items.List(*filter), *page, OpenItemToJson);
}

}  // namespace recon::api

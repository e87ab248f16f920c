// GET/PUT /v1/rules, GET /v1/lines/{id}/candidates, GET /v1/partners/{id}/payers.
#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/responses.hpp"
#include "util/ids.hpp"

namespace recon::api {

using server::http::status;

HandlerResult GetRules(const RuleDeps& deps, server::RequestContext& ctx) {
  const std::string company = CompanyOf(ctx, deps.default_company);
  const std::string account = ctx.Query("account").value_or("");
  auto rules = deps.reconciler.RulesFor(company, account);
  if (!rules) return rules.take_error();
  Json body = matching::RuleSetToJson(*rules);
  body["company"] = company;
  body["account"] = account.empty() ? Json(nullptr) : Json(account);
  return JsonResponse(status::ok, body);
}

HandlerResult PutRules(const RuleDeps& deps, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto rules = matching::ParseRuleSet(*body);
  if (!rules) return rules.take_error();
  const std::string company = CompanyOf(ctx, deps.default_company);
  const std::string account = ctx.Query("account").value_or("");
  if (Status s = deps.rules.Put(company, account, *rules); !s) return s.error();
  Json answer = matching::RuleSetToJson(*rules);
  answer["company"] = company;
  answer["account"] = account.empty() ? Json(nullptr) : Json(account);
  return JsonResponse(status::ok, answer);
}

HandlerResult LineCandidates(const RuleDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kLinePrefix);
  if (!id) return id.take_error();
  auto candidates = deps.reconciler.Candidates(CompanyOf(ctx, deps.default_company), *id);
  if (!candidates) return candidates.take_error();
  Json items = Json::array();
  for (const MatchDecision& d : *candidates) items.push_back(DecisionToJson(d));
  return JsonResponse(status::ok, Json{{"line_id", ctx.path_params["id"]}, {"items", std::move(items)}});
}

HandlerResult PartnerPayers(const RuleDeps& deps, server::RequestContext& ctx) {
  const std::string partner = ctx.path_params["id"];
  auto rows = deps.payers.PayersOf(CompanyOf(ctx, deps.default_company), partner);
  if (!rows) return rows.take_error();
  Json items = Json::array();
  for (const storage::PayerRow& r : *rows) {
    items.push_back(Json{{"identity_kind", r.identity_kind},
                         {"identity", r.identity_key},
                         {"confirmations", r.confirmations},
                         {"rejections", r.rejections},
                         {"last_seen", r.last_seen ? Json(*r.last_seen) : Json(nullptr)}});
  }
  return JsonResponse(status::ok, Json{{"partner_id", partner}, {"items", std::move(items)}});
}

}  // namespace recon::api

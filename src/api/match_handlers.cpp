// POST /v1/reconcile, GET /v1/runs/{id}, and the matches: list, get, approve, reject,
// review many at once, reverse, and manual matches.
#include <map>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/responses.hpp"
#include "api/idempotency.hpp"
#include "connections/routes.hpp"
#include "server/problem.hpp"
#include "util/ids.hpp"

namespace recon::api {
namespace {

using server::http::status;

HandlerResult MatchAnswer(Result<storage::StoredMatch> m) {
  if (!m) return m.take_error();
  return JsonResponse(status::ok, MatchToJson(*m));
}

}  // namespace

// A query flag: "true"/"1" or "false"/"0"; kInvalidRequest otherwise.
Result<bool> Flag(const server::RequestContext& ctx, const std::string& name) {
  auto v = ctx.Query(name);
  if (!v) return false;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return MakeError(ErrorCode::kInvalidRequest, name + " must be true or false");
}

HandlerResult Reconcile(App& app, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  if (!body->is_object()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON object");
  reconcile::ReconcileRequest request;
  request.company = CompanyOf(ctx, app.config.default_company);
  if (auto it = body->find("company"); it != body->end() && !it->is_null()) {
    if (!it->is_string()) return MakeError(ErrorCode::kInvalidRequest, "company must be a string");
    request.company = it->get<std::string>();
  }
  if (auto it = body->find("account"); it != body->end() && !it->is_null()) {
    if (!it->is_string()) return MakeError(ErrorCode::kInvalidRequest, "account must be a string");
    request.account = it->get<std::string>();
  }
  auto dry_run = Flag(ctx, "dry_run");
  if (!dry_run) return dry_run.take_error();
  request.dry_run = *dry_run;
  auto async = Flag(ctx, "async");
  if (!async) return async.take_error();
  if (*async) {
    auto run_id = app.reconciler.Enqueue(request);
    if (!run_id) return run_id.take_error();
    const std::string id = util::FormatId(util::kRunPrefix, *run_id);
    server::HttpResponse res = JsonResponse(status::accepted, Json{{"run_id", id}, {"status", "queued"}});
    res.set(server::http::field::location, "/v1/runs/" + id);
    return res;
  }
  auto run = app.reconciler.Run(request);
  if (!run) return run.take_error();
  Json answer = {{"run_id", util::FormatId(util::kRunPrefix, run->run_id)},
                 {"lines_considered", run->counts.lines_considered},
                 {"applied", run->counts.applied},
                 {"proposed", run->counts.proposed},
                 {"unmatched", run->counts.unmatched},
                 {"conflicts", run->counts.conflicts},
                 {"dry_run", request.dry_run},
                 {"duration_ms", run->duration_ms}};
  if (request.dry_run) {
    Json decisions = Json::array();
    for (const MatchDecision& d : run->decisions) decisions.push_back(DecisionToJson(d));
    answer["decisions"] = std::move(decisions);
  }
  return JsonResponse(status::ok, answer);
}

HandlerResult GetRun(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kRunPrefix);
  if (!id) return id.take_error();
  auto run = app.matches.GetRun(CompanyOf(ctx, app.config.default_company), *id);
  if (!run) return run.take_error();
  if (!*run) return MakeError(ErrorCode::kNotFound, "there is no run " + ctx.path_params["id"]);
  return JsonResponse(status::ok, RunToJson(**run));
}

HandlerResult ListMatches(App& app, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  storage::MatchFilter filter;
  filter.company = CompanyOf(ctx, app.config.default_company);
  filter.status = ctx.Query("status");
  if (filter.status && *filter.status != "proposed" && *filter.status != "applied" && *filter.status != "rejected" &&
      *filter.status != "reversed") {
    return MakeError(ErrorCode::kInvalidRequest, "status must be proposed, applied, rejected or reversed");
  }
  if (auto line = ctx.Query("line_id")) {
    auto id = util::ParseId(util::kLinePrefix, *line);
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "line_id '" + *line + "' is not a line id (ln_…)");
    filter.line_id = *id;
  }
  filter.rule = ctx.Query("rule");
  auto dates = DateRangeOf(ctx);
  if (!dates) return dates.take_error();
  filter.date_from = dates->from;
  filter.date_to = dates->to;
  filter.after_id = page->after_id;
  filter.limit = page->limit;
  auto rows = app.matches.List(filter);
  if (!rows) return rows.take_error();
  Json items = Json::array();
  for (const auto& m : *rows) items.push_back(MatchToJson(m));
  return JsonResponse(status::ok, Json{{"items", std::move(items)},
                                       {"next_cursor", NextCursor(rows->size(), *page, rows->empty() ? 0 : rows->back().id)}});
}

HandlerResult GetMatch(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  auto m = app.matches.Get(CompanyOf(ctx, app.config.default_company), *id);
  if (!m) return m.take_error();
  if (!*m) return MakeError(ErrorCode::kNotFound, "there is no match " + ctx.path_params["id"]);
  return JsonResponse(status::ok, MatchToJson(**m));
}

HandlerResult ApproveMatch(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(app.matches.Approve(CompanyOf(ctx, app.config.default_company), *id));
}

HandlerResult RejectMatch(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(app.matches.Reject(CompanyOf(ctx, app.config.default_company), *id));
}

namespace {

// The decisions of a review request, checked whole before any is taken: an object
// {"decisions": [{"id": "mt_…", "action": "approve" | "reject"}, …]}, each match once.
Result<std::vector<storage::ReviewDecision>> ReadReviewDecisions(const Json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON object");
  auto list = body.find("decisions");
  if (list == body.end() || !list->is_array() || list->empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "decisions must be a non-empty array of {id, action}", "decisions");
  }
  if (list->size() > kReviewDecisionsMax) {
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(list->size()) + " decisions; one review takes at most " +
                         std::to_string(kReviewDecisionsMax) + " (send the rest in another)",
                     "decisions");
  }
  std::vector<storage::ReviewDecision> decisions;
  decisions.reserve(list->size());
  std::map<int64_t, size_t> seen;  // match id → where it first appeared
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& d = (*list)[i];
    const std::string where = "decisions[" + std::to_string(i) + "]";
    if (!d.is_object()) return MakeError(ErrorCode::kInvalidRequest, "must be {id, action}", where);
    auto id_field = d.find("id");
    auto id = id_field != d.end() && id_field->is_string()
                  ? util::ParseId(util::kMatchPrefix, id_field->get<std::string>())
                  : std::nullopt;
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "id must be a match id (mt_…)", where + ".id");
    auto action = d.find("action");
    if (action == d.end() || !action->is_string() || (*action != "approve" && *action != "reject")) {
      return MakeError(ErrorCode::kInvalidRequest, "action must be \"approve\" or \"reject\"", where + ".action");
    }
    if (auto [first, fresh] = seen.emplace(*id, i); !fresh) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "match " + id_field->get<std::string>() + " is decided already in decisions[" +
                           std::to_string(first->second) + "]",
                       where + ".id");
    }
    decisions.push_back({*id, *action == "approve"});
  }
  return decisions;
}

}  // namespace

HandlerResult ReviewMatches(App& app, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto decisions = ReadReviewDecisions(*body);
  if (!decisions) return decisions.take_error();
  auto outcomes = app.matches.Review(CompanyOf(ctx, app.config.default_company), *decisions);
  if (!outcomes) return outcomes.take_error();
  int approved = 0, rejected = 0, refused = 0;
  Json results = Json::array();
  for (size_t i = 0; i < outcomes->size(); ++i) {
    const storage::ReviewOutcome& o = (*outcomes)[i];
    const bool approve = (*decisions)[i].approve;
    Json r = {{"id", util::FormatId(util::kMatchPrefix, o.match_id)}, {"action", approve ? "approve" : "reject"}};
    if (o.refused) {
      ++refused;
      r["problem"] = server::ProblemBody(*o.refused);
    } else {
      ++(approve ? approved : rejected);
      r["status"] = approve ? "applied" : "rejected";
    }
    results.push_back(std::move(r));
  }
  return JsonResponse(status::ok, Json{{"approved", approved},
                                       {"rejected", rejected},
                                       {"refused", refused},
                                       {"results", std::move(results)}});
}

HandlerResult ReverseMatch(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(app.matches.Reverse(CompanyOf(ctx, app.config.default_company), *id));
}

HandlerResult CreateManualMatch(App& app, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  const Json& j = *body;
  if (!j.is_object() || !j.contains("line_ids") || !j["line_ids"].is_array() || j["line_ids"].empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "line_ids must be a non-empty array of line ids");
  }
  std::vector<int64_t> line_ids;
  for (const Json& l : j["line_ids"]) {
    auto id = l.is_string() ? util::ParseId(util::kLinePrefix, l.get<std::string>()) : std::nullopt;
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "line_ids holds something that is not a line id (ln_…)");
    line_ids.push_back(*id);
  }
  if (!j.contains("allocations") || !j["allocations"].is_array() || j["allocations"].empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "allocations must be a non-empty array of {external_id, amount}");
  }
  // Amounts stay text here: the store parses them with the exponent of the lines' currency.
  std::vector<std::pair<std::string, std::string>> allocations;
  for (size_t i = 0; i < j["allocations"].size(); ++i) {
    const Json& a = j["allocations"][i];
    const std::string where = "allocations[" + std::to_string(i) + "]";
    if (!a.is_object() || !a.contains("external_id") || !a["external_id"].is_string() || !a.contains("amount") ||
        !a["amount"].is_string()) {
      return MakeError(ErrorCode::kInvalidRequest, where + " must be {\"external_id\": string, \"amount\": decimal string}");
    }
    allocations.emplace_back(a["external_id"].get<std::string>(), a["amount"].get<std::string>());
  }
  auto m = app.matches.CreateManual(CompanyOf(ctx, app.config.default_company), line_ids, allocations);
  if (!m) return m.take_error();
  return JsonResponse(status::created, MatchToJson(*m));
}

void RegisterRoutes(server::Router& router, App& app) {
  using server::http::verb;
  auto bind = [&app](HandlerResult (*fn)(App&, server::RequestContext&)) {
    return [&app, fn](server::RequestContext& ctx) { return fn(app, ctx); };
  };
  router.Add({verb::get, "/healthz", false, bind(&Healthz)});
  router.Add({verb::get, "/readyz", false, bind(&Readyz)});
  router.Add({verb::get, "/metrics", false, bind(&MetricsText)});
  router.Add({verb::get, "/v1/openapi.json", true, bind(&OpenApi)});
  router.Add({verb::post, "/v1/statements", true, Idempotent(app, &UploadStatement)});
  router.Add({verb::get, "/v1/statements", true, bind(&ListStatements)});
  router.Add({verb::get, "/v1/statements/{id}", true, bind(&GetStatement)});
  router.Add({verb::get, "/v1/lines", true, bind(&ListLines)});
  router.Add({verb::post, "/v1/open-items", true, Idempotent(app, &UpsertOpenItems)});
  router.Add({verb::get, "/v1/open-items", true, bind(&ListOpenItems)});
  router.Add({verb::post, "/v1/reconcile", true, Idempotent(app, &Reconcile)});
  router.Add({verb::get, "/v1/runs/{id}", true, bind(&GetRun)});
  router.Add({verb::get, "/v1/matches", true, bind(&ListMatches)});
  router.Add({verb::post, "/v1/matches", true, Idempotent(app, &CreateManualMatch)});
  router.Add({verb::get, "/v1/matches/{id}", true, bind(&GetMatch)});
  router.Add({verb::post, "/v1/matches/{id}/approve", true, Idempotent(app, &ApproveMatch)});
  router.Add({verb::post, "/v1/matches/{id}/reject", true, Idempotent(app, &RejectMatch)});
  router.Add({verb::post, "/v1/matches/{id}/reverse", true, Idempotent(app, &ReverseMatch)});
  router.Add({verb::post, "/v1/matches/review", true, Idempotent(app, &ReviewMatches)});
  router.Add({verb::get, "/v1/rules", true, bind(&GetRules)});
  router.Add({verb::put, "/v1/rules", true, bind(&PutRules)});
  router.Add({verb::get, "/v1/lines/{id}/candidates", true, bind(&LineCandidates)});
  router.Add({verb::get, "/v1/partners/{id}/payers", true, bind(&PartnerPayers)});
  router.Add({verb::get, "/v1/uploads", true, bind(&ListUploads)});
  router.Add({verb::get, "/v1/uploads/{id}", true, bind(&GetUpload)});
  router.Add({verb::get, "/v1/uploads/{id}/content", true, bind(&GetUploadContent)});
  router.Add({verb::get, "/v1/csv-profiles", true, bind(&ListCsvProfiles)});
  router.Add({verb::get, "/v1/csv-profiles/{name}", true, bind(&GetCsvProfile)});
  router.Add({verb::put, "/v1/csv-profiles/{name}", true, bind(&PutCsvProfile)});
  router.Add({verb::delete_, "/v1/csv-profiles/{name}", true, bind(&DeleteCsvProfile)});
  connections::RegisterConnectionRoutes(router, app);
}

}  // namespace recon::api

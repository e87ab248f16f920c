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
using reconcile::RunResult;

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
  auto run = app.reconciler.RunAndWait(request, std::chrono::milliseconds(app.config.reconcile_wait_ms));
  if (!run) return run.take_error();
  const std::string run_id = util::FormatId(util::kRunPrefix, run->result.run_id);
  if (!run->finished) {
    // Longer than reconcile_wait_ms: the run goes on (in this process, or in another one if
    // this one stops); the caller follows it as it would an async run.
    server::HttpResponse res = JsonResponse(status::accepted, Json{{"run_id", run_id}, {"status", run->status}});
    res.set(server::http::field::location, "/v1/runs/" + run_id);
    return res;
  }
  const RunResult& r = run->result;
  Json answer = {{"run_id", run_id},
                 {"lines_considered", r.counts.lines_considered},
                 {"applied", r.counts.applied},
                 {"proposed", r.counts.proposed},
                 {"unmatched", r.counts.unmatched},
                 {"conflicts", r.counts.conflicts},
                 {"dry_run", request.dry_run},
                 {"duration_ms", r.duration_ms}};
  if (request.dry_run) {
    Json decisions = Json::array();
    for (const MatchDecision& d : r.decisions) decisions.push_back(DecisionToJson(d));
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

namespace {

// A non-empty JSON string at `key` of object `j`, or an error naming `where`.
Result<std::string> RequiredText(const Json& j, const char* key, const std::string& where, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
    return MakeError(ErrorCode::kInvalidRequest, std::string("must be ") + what, where + "." + key);
  }
  return it->get<std::string>();
}

// A non-empty JSON array at `key` of object `j`, at most kManualMatchPartsMax long.
Result<const Json*> RequiredList(const Json& j, const char* key, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->empty()) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(key) + " must be a non-empty array of " + what, key);
  }
  if (it->size() > kManualMatchPartsMax) {
    return MakeError(ErrorCode::kLimitExceeded,
                     std::to_string(it->size()) + " entries; a manual match takes at most " +
                         std::to_string(kManualMatchPartsMax),
                     key);
  }
  return &*it;
}

Result<std::vector<int64_t>> ReadLineIds(const Json& lines) {
  std::vector<int64_t> out;
  std::map<int64_t, size_t> seen;  // line id → where it first appeared
  for (size_t i = 0; i < lines.size(); ++i) {
    const Json& l = lines[i];
    const std::string where = "line_ids[" + std::to_string(i) + "]";
    auto id = l.is_string() ? util::ParseId(util::kLinePrefix, l.get<std::string>()) : std::nullopt;
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "must be a line id (ln_…)", where);
    if (auto [first, fresh] = seen.emplace(*id, i); !fresh) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "line " + l.get<std::string>() + " is named already in line_ids[" + std::to_string(first->second) + "]",
                       where);
    }
    out.push_back(*id);
  }
  return out;
}

Result<std::vector<matching::ManualAllocation>> ReadAllocations(const Json& allocations) {
  std::vector<matching::ManualAllocation> out;
  std::map<std::string, size_t> seen;  // external id → where it first appeared
  for (size_t i = 0; i < allocations.size(); ++i) {
    const Json& a = allocations[i];
    const std::string where = "allocations[" + std::to_string(i) + "]";
    if (!a.is_object()) return MakeError(ErrorCode::kInvalidRequest, "must be {external_id, amount}", where);
    auto external_id = RequiredText(a, "external_id", where, "the open item's external id");
    if (!external_id) return external_id.take_error();
    auto amount = RequiredText(a, "amount", where, "a decimal string such as \"1250.00\"");
    if (!amount) return amount.take_error();
    if (auto [first, fresh] = seen.emplace(*external_id, i); !fresh) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "open item " + *external_id + " is allocated already in allocations[" +
                           std::to_string(first->second) + "]; name each item once with its whole amount",
                       where + ".external_id");
    }
    out.push_back({std::move(*external_id), std::move(*amount)});
  }
  return out;
}

// The shape of a manual match, checked whole before the store looks at any amount:
// {"line_ids": ["ln_…", …], "allocations": [{"external_id", "amount"}, …],
//  "write_off": {"amount", "account"}?}, each line and each item once.
Result<matching::ManualMatchRequest> ReadManualMatch(const Json& j) {
  if (!j.is_object()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON object");
  auto lines = RequiredList(j, "line_ids", "line ids");
  if (!lines) return lines.take_error();
  auto allocations = RequiredList(j, "allocations", "{external_id, amount}");
  if (!allocations) return allocations.take_error();
  matching::ManualMatchRequest out;
  auto line_ids = ReadLineIds(**lines);
  if (!line_ids) return line_ids.take_error();
  out.line_ids = std::move(*line_ids);
  auto parts = ReadAllocations(**allocations);
  if (!parts) return parts.take_error();
  out.allocations = std::move(*parts);
  if (auto w = j.find("write_off"); w != j.end() && !w->is_null()) {
    if (!w->is_object()) return MakeError(ErrorCode::kInvalidRequest, "must be {amount, account} or null", "write_off");
    auto amount = RequiredText(*w, "amount", "write_off", "a decimal string such as \"5.00\"");
    if (!amount) return amount.take_error();
    auto account = RequiredText(*w, "account", "write_off", "the write-off account of a rule (\"bank-fees\")");
    if (!account) return account.take_error();
    out.write_off = matching::ManualWriteOff{std::move(*amount), std::move(*account)};
  }
  return out;
}

}  // namespace

HandlerResult CreateManualMatch(App& app, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto request = ReadManualMatch(*body);
  if (!request) return request.take_error();
  auto m = app.reconciler.CreateManualMatch(CompanyOf(ctx, app.config.default_company), *request);
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
  router.Add({verb::get, "/v1/jobs", true, bind(&ListJobs)});
  router.Add({verb::get, "/v1/jobs/{id}", true, bind(&GetJob)});
  router.Add({verb::post, "/v1/jobs/{id}/replay", true, Idempotent(app, &ReplayJob)});
  connections::RegisterConnectionRoutes(router, app);
}

}  // namespace recon::api

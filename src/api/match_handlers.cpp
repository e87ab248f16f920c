// POST /v1/reconcile, GET /v1/runs/{id}, and the matches: list, get, approve, reject,
// review many at once, reverse, and manual matches.
#include <map>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/request_bodies.hpp"
#include "api/responses.hpp"
#include "api/idempotency.hpp"
#include "bank_connections/routes.hpp"
#include "recon/status.hpp"
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

// GET /v1/matches?status=&line_id=&rule=&date_from=&date_to=, checked; the company is the caller's.
Result<storage::MatchFilter> MatchFilterOf(const server::RequestContext& ctx, const Page& page) {
  storage::MatchFilter filter;
  filter.after_id = page.after_id;
  filter.limit = page.limit;
  auto state = StatusParameter(ctx, kAllMatchStatuses, MatchStatusName, StatusLocation::kNone);
  if (!state) return state.take_error();
  if (*state) filter.status = std::string(MatchStatusName(**state));
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
  return filter;
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
    const std::string queued(RunStatusName(RunStatus::kQueued));
    server::HttpResponse res = JsonResponse(status::accepted, Json{{"run_id", id}, {"status", queued}});
    res.set(server::http::field::location, "/v1/runs/" + id);
    return res;
  }
  auto run = app.reconciler.RunAndWait(request, std::chrono::milliseconds(app.config.reconcile_wait_ms));
  if (!run) return run.take_error();
  const std::string run_id = util::FormatId(util::kRunPrefix, run->result.run_id);
  if (!run->finished) {
    // Longer than reconcile_wait_ms: the run goes on (in this process, or in another one if
    // this one stops); the caller follows it as it would an async run.
    const std::string state(RunStatusName(run->status));
    server::HttpResponse res = JsonResponse(status::accepted, Json{{"run_id", run_id}, {"status", state}});
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
  auto run = app.runs.Get(CompanyOf(ctx, app.config.default_company), *id);
  if (!run) return run.take_error();
  if (!*run) return MakeError(ErrorCode::kNotFound, "there is no run " + ctx.path_params["id"]);
  return JsonResponse(status::ok, RunToJson(**run));
}

HandlerResult ListMatches(App& app, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto filter = MatchFilterOf(ctx, *page);
  if (!filter) return filter.take_error();
  filter->company = CompanyOf(ctx, app.config.default_company);
  return PageAnswer(app.matches.List(*filter), *page, MatchToJson);
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
  return MatchAnswer(app.decisions.Approve(CompanyOf(ctx, app.config.default_company), *id));
}

HandlerResult RejectMatch(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(app.decisions.Reject(CompanyOf(ctx, app.config.default_company), *id));
}

HandlerResult ReviewMatches(App& app, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto decisions = DecodeReviewDecisions(*body);
  if (!decisions) return decisions.take_error();
  auto outcomes = app.decisions.Review(CompanyOf(ctx, app.config.default_company), *decisions);
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
      r["status"] = std::string(MatchStatusName(approve ? MatchStatus::kApplied : MatchStatus::kRejected));
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
  return MatchAnswer(app.decisions.Reverse(CompanyOf(ctx, app.config.default_company), *id));
}


HandlerResult CreateManualMatch(App& app, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto request = DecodeManualMatch(*body);
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
  // Probes answer however busy a caller is: an orchestrator must see a live process as live.
  router.Add({.method = verb::get, .pattern = "/healthz", .needs_token = false, .handler = bind(&Healthz),
              .rate_limited = false});
  router.Add({.method = verb::get, .pattern = "/readyz", .needs_token = false, .handler = bind(&Readyz),
              .rate_limited = false});
  router.Add({.method = verb::get, .pattern = "/metrics", .needs_token = false, .handler = bind(&MetricsText),
              .rate_limited = false});
  router.Add({verb::get, "/v1/openapi.json", true, bind(&OpenApi)});
  router.Add({verb::post, "/v1/statements", true, Idempotent(app, &UploadStatement), server::BodyKind::kUpload});
  router.Add({verb::get, "/v1/statements", true, bind(&ListStatements)});
  router.Add({verb::get, "/v1/statements/{id}", true, bind(&GetStatement)});
  router.Add({verb::get, "/v1/lines", true, bind(&ListLines)});
  router.Add({verb::post, "/v1/open-items", true, Idempotent(app, &UpsertOpenItems), server::BodyKind::kJsonOrNdjson});
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
  router.Add({verb::get, "/v1/jobs", true, bind(&ListJobs)});
  router.Add({verb::get, "/v1/jobs/{id}", true, bind(&GetJob)});
  router.Add({verb::post, "/v1/jobs/{id}/replay", true, Idempotent(app, &ReplayJob)});
  bank_connections::RegisterConnectionRoutes(router, app);
}

}  // namespace recon::api

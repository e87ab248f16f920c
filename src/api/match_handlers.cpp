// POST /v1/reconcile, GET /v1/runs/{id}, and the matches: list, get, approve, reject,
// review many at once, reverse, and manual matches.
#include <map>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/request_bodies.hpp"
#include "api/responses.hpp"
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

HandlerResult Reconcile(const MatchDeps& deps, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  if (!body->is_object()) return MakeError(ErrorCode::kInvalidRequest, "the body must be a JSON object");
  reconcile::ReconcileRequest request;
  request.company = CompanyOf(ctx, deps.default_company);
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
    auto run_id = deps.reconciler.Enqueue(request);
    if (!run_id) return run_id.take_error();
    const std::string id = util::FormatId(util::kRunPrefix, *run_id);
    const std::string queued(RunStatusName(RunStatus::kQueued));
    server::HttpResponse res = JsonResponse(status::accepted, Json{{"run_id", id}, {"status", queued}});
    res.set(server::http::field::location, "/v1/runs/" + id);
    return res;
  }
  auto run = deps.reconciler.RunAndWait(request, deps.reconcile_wait);
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

HandlerResult GetRun(const MatchDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kRunPrefix);
  if (!id) return id.take_error();
  auto run = deps.runs.Get(CompanyOf(ctx, deps.default_company), *id);
  if (!run) return run.take_error();
  if (!*run) return MakeError(ErrorCode::kNotFound, "there is no run " + ctx.path_params["id"]);
  return JsonResponse(status::ok, RunToJson(**run));
}

HandlerResult ListMatches(const MatchDeps& deps, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto filter = MatchFilterOf(ctx, *page);
  if (!filter) return filter.take_error();
  filter->company = CompanyOf(ctx, deps.default_company);
  return PageAnswer(deps.matches.List(*filter), *page, MatchToJson);
}

HandlerResult GetMatch(const MatchDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  auto m = deps.matches.Get(CompanyOf(ctx, deps.default_company), *id);
  if (!m) return m.take_error();
  if (!*m) return MakeError(ErrorCode::kNotFound, "there is no match " + ctx.path_params["id"]);
  return JsonResponse(status::ok, MatchToJson(**m));
}

HandlerResult ApproveMatch(const MatchDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(deps.decisions.Approve(CompanyOf(ctx, deps.default_company), *id));
}

HandlerResult RejectMatch(const MatchDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(deps.decisions.Reject(CompanyOf(ctx, deps.default_company), *id));
}

HandlerResult ReviewMatches(const MatchDeps& deps, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto decisions = DecodeReviewDecisions(*body);
  if (!decisions) return decisions.take_error();
  auto outcomes = deps.decisions.Review(CompanyOf(ctx, deps.default_company), *decisions);
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

HandlerResult ReverseMatch(const MatchDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kMatchPrefix);
  if (!id) return id.take_error();
  return MatchAnswer(deps.decisions.Reverse(CompanyOf(ctx, deps.default_company), *id));
}


HandlerResult CreateManualMatch(const MatchDeps& deps, server::RequestContext& ctx) {
  auto body = ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto request = DecodeManualMatch(*body);
  if (!request) return request.take_error();
  auto m = deps.reconciler.CreateManualMatch(CompanyOf(ctx, deps.default_company), *request);
  if (!m) return m.take_error();
  return JsonResponse(status::created, MatchToJson(*m));
}

}  // namespace recon::api

// GET /v1/jobs, GET /v1/jobs/{id} and POST /v1/jobs/{id}/replay: background jobs, with the
// dead ones (failed after every attempt, or for a reason no retry fixes) as the dead-letter
// queue of the job system. Pulls that failed at the bank keep their own dead letters
// (/v1/dead-letters): a replay there is a new pull, settled when it succeeds.
#include "api/handlers.hpp"
#include "api/idempotency.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/responses.hpp"
#include "jobs/job_status.hpp"
#include "util/ids.hpp"

namespace recon::api {
namespace {

using server::http::status;

Json Opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

Json JobToJson(const jobs::JobRecord& j) {
  return Json{{"id", util::FormatId(util::kJobPrefix, j.id)},
              {"kind", j.kind},
              {"company", j.company.empty() ? Json(nullptr) : Json(j.company)},
              {"status", j.status},
              {"attempts", j.attempts},
              {"max_attempts", j.max_attempts},
              {"replays", j.replays},
              {"run_id", j.run_id ? Json(util::FormatId(util::kRunPrefix, *j.run_id)) : Json(nullptr)},
              {"last_error", Opt(j.last_error)},
              {"payload", j.payload},
              {"run_after", j.run_after},
              {"created_at", j.created_at},
              {"started_at", Opt(j.started_at)},
              {"failed_at", Opt(j.failed_at)},
              {"finished_at", Opt(j.finished_at)}};
}

}  // namespace

HandlerResult ListJobs(const JobDeps& deps, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto state = StatusParameter(ctx, jobs::kAllJobStatuses, jobs::JobStatusName, StatusLocation::kParameter);
  if (!state) return state.take_error();
  const auto status_name = *state ? std::optional<std::string>(jobs::JobStatusName(**state)) : std::nullopt;
  auto rows = deps.jobs.List(CompanyOf(ctx, deps.default_company), status_name, page->after_id, page->limit);
  return PageAnswer(std::move(rows), *page, JobToJson);
}

HandlerResult GetJob(const JobDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kJobPrefix);
  if (!id) return id.take_error();
  auto job = deps.jobs.Get(CompanyOf(ctx, deps.default_company), *id);
  if (!job) return job.take_error();
  if (!*job) return MakeError(ErrorCode::kNotFound, "there is no job " + ctx.path_params["id"]);
  return JsonResponse(status::ok, JobToJson(**job));
}

HandlerResult ReplayJob(const JobDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kJobPrefix);
  if (!id) return id.take_error();
  auto job = deps.jobs.Replay(CompanyOf(ctx, deps.default_company), *id);
  if (!job) return job.take_error();
  deps.runner.Wake();
  const std::string public_id = util::FormatId(util::kJobPrefix, job->id);
  server::HttpResponse res = JsonResponse(status::accepted, JobToJson(*job));
  res.set(server::http::field::location, "/v1/jobs/" + public_id);
  return res;
}

}  // namespace recon::api

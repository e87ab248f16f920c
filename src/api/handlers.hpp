// Every HTTP handler: a request in, a response or a typed error out. No SQL here;
// handlers call the stores and the reconciler.
#pragma once

#include "api/app.hpp"
#include "server/http_types.hpp"
#include "server/router.hpp"

namespace recon::api {

using HandlerResult = Result<server::HttpResponse>;

HandlerResult Healthz(App& app, server::RequestContext& ctx);
HandlerResult Readyz(App& app, server::RequestContext& ctx);
HandlerResult MetricsText(App& app, server::RequestContext& ctx);
HandlerResult OpenApi(App& app, server::RequestContext& ctx);

HandlerResult UploadStatement(App& app, server::RequestContext& ctx);
HandlerResult ListStatements(App& app, server::RequestContext& ctx);
HandlerResult GetStatement(App& app, server::RequestContext& ctx);
HandlerResult ListLines(App& app, server::RequestContext& ctx);

HandlerResult UpsertOpenItems(App& app, server::RequestContext& ctx);
HandlerResult ListOpenItems(App& app, server::RequestContext& ctx);

HandlerResult Reconcile(App& app, server::RequestContext& ctx);
HandlerResult GetRun(App& app, server::RequestContext& ctx);
HandlerResult ListMatches(App& app, server::RequestContext& ctx);
HandlerResult GetMatch(App& app, server::RequestContext& ctx);
HandlerResult ApproveMatch(App& app, server::RequestContext& ctx);
HandlerResult RejectMatch(App& app, server::RequestContext& ctx);
HandlerResult ReverseMatch(App& app, server::RequestContext& ctx);
// Many approvals and rejections in one request; each is taken or refused on its own.
HandlerResult ReviewMatches(App& app, server::RequestContext& ctx);
// Decisions one review request may carry: a screenful of proposals many times over, and a
// transaction that stays short (each decision is a handful of statements).
inline constexpr size_t kReviewDecisionsMax = 1000;
// A manual match: lines taken whole, allocations each with its item's sign and within what is
// open of it, netting exactly or with an explicit write-off within the rule set's tolerance.
HandlerResult CreateManualMatch(App& app, server::RequestContext& ctx);
// Lines, and allocations, one manual match may name.
inline constexpr size_t kManualMatchPartsMax = 1000;

// Background jobs: GET /v1/jobs?status=queued|running|done|dead (dead: the dead letters),
// GET /v1/jobs/{id}, and POST /v1/jobs/{id}/replay to queue a dead job again.
HandlerResult ListJobs(App& app, server::RequestContext& ctx);
HandlerResult GetJob(App& app, server::RequestContext& ctx);
HandlerResult ReplayJob(App& app, server::RequestContext& ctx);

// Every received file and what became of it (issue 11 point 6); the bytes as received.
HandlerResult ListUploads(App& app, server::RequestContext& ctx);
HandlerResult GetUpload(App& app, server::RequestContext& ctx);
HandlerResult GetUploadContent(App& app, server::RequestContext& ctx);

// CSV profiles by name: shipped, the configured directory's, the company's own (issue 11 point 1).
HandlerResult ListCsvProfiles(App& app, server::RequestContext& ctx);
HandlerResult GetCsvProfile(App& app, server::RequestContext& ctx);
HandlerResult PutCsvProfile(App& app, server::RequestContext& ctx);
HandlerResult DeleteCsvProfile(App& app, server::RequestContext& ctx);

HandlerResult GetRules(App& app, server::RequestContext& ctx);
HandlerResult PutRules(App& app, server::RequestContext& ctx);
HandlerResult LineCandidates(App& app, server::RequestContext& ctx);
HandlerResult PartnerPayers(App& app, server::RequestContext& ctx);

// Registers every route above on `router`; `app` must outlive it.
void RegisterRoutes(server::Router& router, App& app);

}  // namespace recon::api

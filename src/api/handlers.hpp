// Every HTTP handler: a request in, a response or a typed error out. No SQL here;
// handlers call the stores and the services.
//
// Each group of handlers gets what it uses and nothing more: a small struct of references
// that the daemon fills from the objects it owns (src/daemon/), and that must outlive the
// router. The routes table (src/daemon/routes.cpp) binds each handler to its group's struct.
#pragma once

#include <chrono>
#include <string>

#include "ingest/csv_profiles.hpp"
#include "ingest/ingest_service.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/job_store.hpp"
#include "jobs/run_store.hpp"
#include "reconcile/reconciler.hpp"
#include "server/http_types.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"
#include "storage/csv_profile_store.hpp"
#include "storage/match_decisions.hpp"
#include "storage/match_reads.hpp"
#include "storage/open_item_store.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/pg.hpp"
#include "storage/rule_store.hpp"
#include "storage/statement_store.hpp"
#include "storage/upload_store.hpp"

namespace recon::api {

using HandlerResult = Result<server::HttpResponse>;

// Probes, metrics and the API document.
struct OpsDeps {
  storage::ConnectionPool& pool;  // readiness: the database answers and its migrations are applied
  server::Metrics& metrics;
};
HandlerResult Healthz(const OpsDeps& deps, server::RequestContext& ctx);
HandlerResult Readyz(const OpsDeps& deps, server::RequestContext& ctx);
HandlerResult MetricsText(const OpsDeps& deps, server::RequestContext& ctx);
HandlerResult OpenApi(const OpsDeps& deps, server::RequestContext& ctx);

// Statement files in, statements and their lines out.
struct StatementDeps {
  const std::string& default_company;  // of a request without ?company=
  ingest::IngestService& ingest;
  storage::StatementStore& statements;
};
HandlerResult UploadStatement(const StatementDeps& deps, server::RequestContext& ctx);
HandlerResult ListStatements(const StatementDeps& deps, server::RequestContext& ctx);
HandlerResult GetStatement(const StatementDeps& deps, server::RequestContext& ctx);
HandlerResult ListLines(const StatementDeps& deps, server::RequestContext& ctx);

struct OpenItemDeps {
  const std::string& default_company;
  storage::OpenItemStore& open_items;
};
HandlerResult UpsertOpenItems(const OpenItemDeps& deps, server::RequestContext& ctx);
HandlerResult ListOpenItems(const OpenItemDeps& deps, server::RequestContext& ctx);

// Runs, matches and a person's decisions.
struct MatchDeps {
  const std::string& default_company;
  std::chrono::milliseconds reconcile_wait;  // reconcile_wait_ms: how long POST /v1/reconcile waits for its run
  reconcile::Reconciler& reconciler;
  jobs::RunStore& runs;
  storage::MatchReads& matches;
  storage::DecisionStore& decisions;  // a person's approvals, rejections and reversals
};
HandlerResult Reconcile(const MatchDeps& deps, server::RequestContext& ctx);
HandlerResult GetRun(const MatchDeps& deps, server::RequestContext& ctx);
HandlerResult ListMatches(const MatchDeps& deps, server::RequestContext& ctx);
HandlerResult GetMatch(const MatchDeps& deps, server::RequestContext& ctx);
HandlerResult ApproveMatch(const MatchDeps& deps, server::RequestContext& ctx);
HandlerResult RejectMatch(const MatchDeps& deps, server::RequestContext& ctx);
HandlerResult ReverseMatch(const MatchDeps& deps, server::RequestContext& ctx);
// Many approvals and rejections in one request; each is taken or refused on its own.
HandlerResult ReviewMatches(const MatchDeps& deps, server::RequestContext& ctx);
// Decisions one review request may carry: a screenful of proposals many times over, and a
// transaction that stays short (each decision is a handful of statements).
inline constexpr size_t kReviewDecisionsMax = 1000;
// A manual match: lines taken whole, allocations each with its item's sign and within what is
// open of it, netting exactly or with an explicit write-off within the rule set's tolerance.
HandlerResult CreateManualMatch(const MatchDeps& deps, server::RequestContext& ctx);
// Lines, and allocations, one manual match may name.
inline constexpr size_t kManualMatchPartsMax = 1000;

// The rule sets, a line's candidates, and what was learned about a partner's payers.
struct RuleDeps {
  const std::string& default_company;
  reconcile::Reconciler& reconciler;  // the rule set in force, a line's candidates
  storage::RuleStore& rules;
  storage::PayerHistoryStore& payers;
};
HandlerResult GetRules(const RuleDeps& deps, server::RequestContext& ctx);
HandlerResult PutRules(const RuleDeps& deps, server::RequestContext& ctx);
HandlerResult LineCandidates(const RuleDeps& deps, server::RequestContext& ctx);
HandlerResult PartnerPayers(const RuleDeps& deps, server::RequestContext& ctx);

// Background jobs: GET /v1/jobs?status=queued|running|done|dead (dead: the dead letters),
// GET /v1/jobs/{id}, and POST /v1/jobs/{id}/replay to queue a dead job again.
struct JobDeps {
  const std::string& default_company;
  jobs::JobStore& jobs;
  jobs::JobRunner& runner;  // woken when a replay queues a job
};
HandlerResult ListJobs(const JobDeps& deps, server::RequestContext& ctx);
HandlerResult GetJob(const JobDeps& deps, server::RequestContext& ctx);
HandlerResult ReplayJob(const JobDeps& deps, server::RequestContext& ctx);

// Every received file and what became of it (issue 11 point 6); the bytes as received.
struct UploadDeps {
  const std::string& default_company;
  storage::UploadStore& uploads;
};
HandlerResult ListUploads(const UploadDeps& deps, server::RequestContext& ctx);
HandlerResult GetUpload(const UploadDeps& deps, server::RequestContext& ctx);
HandlerResult GetUploadContent(const UploadDeps& deps, server::RequestContext& ctx);

// CSV profiles by name: shipped, the configured directory's, the company's own (issue 11 point 1).
struct CsvProfileDeps {
  const std::string& default_company;
  const ingest::CsvProfileCatalogue& profiles;  // the lookup: what a name means for a company
  storage::CsvProfileStore& csv_profiles;       // the company's own
};
HandlerResult ListCsvProfiles(const CsvProfileDeps& deps, server::RequestContext& ctx);
HandlerResult GetCsvProfile(const CsvProfileDeps& deps, server::RequestContext& ctx);
HandlerResult PutCsvProfile(const CsvProfileDeps& deps, server::RequestContext& ctx);
HandlerResult DeleteCsvProfile(const CsvProfileDeps& deps, server::RequestContext& ctx);

// A handler bound to its group's struct, for the router. The struct is copied (it holds only
// references); what it refers to must outlive the router.
template <class Deps>
server::Handler Bind(const Deps& deps, HandlerResult (*handler)(const Deps&, server::RequestContext&)) {
  return [deps, handler](server::RequestContext& ctx) { return handler(deps, ctx); };
}

}  // namespace recon::api

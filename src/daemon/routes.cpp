// The API's table of contents: every route recond serves, in the order of the API document
// (src/api/openapi.cpp) and the README. A row names the method, the path and the handler,
// bound to what its group uses. Every POST takes an Idempotency-Key; /v1 routes need the
// bearer token; the probes need none and are never rate limited.
#include "daemon/routes.hpp"

#include <chrono>
#include <utility>

namespace recon::daemon {
namespace {

using server::BodyKind;
using server::Handler;
using server::http::verb;

// Adds rows to the router with the rules every route of a kind shares.
class Table {
 public:
  Table(server::Router& router, const api::IdempotencyDeps& idempotency) : router_(router), idempotency_(idempotency) {}

  void Get(const char* path, Handler handler) { router_.Add({verb::get, path, true, std::move(handler)}); }
  void Put(const char* path, Handler handler) { router_.Add({verb::put, path, true, std::move(handler)}); }
  void Patch(const char* path, Handler handler) { router_.Add({verb::patch, path, true, std::move(handler)}); }
  void Delete(const char* path, Handler handler) { router_.Add({verb::delete_, path, true, std::move(handler)}); }
  // A POST: a retry with the same Idempotency-Key answers the first answer.
  void Post(const char* path, Handler handler, BodyKind body = BodyKind::kJson) {
    router_.Add({verb::post, path, true, api::Idempotent(idempotency_, std::move(handler)), body});
  }
  // A probe answers however busy a caller is: an orchestrator must see a live process as live.
  void Probe(const char* path, Handler handler) {
    router_.Add({.method = verb::get,
                 .pattern = path,
                 .needs_token = false,
                 .handler = std::move(handler),
                 .rate_limited = false});
  }
  // A GET without the bearer token: the bank's redirect of a person's browser.
  void PublicGet(const char* path, Handler handler) { router_.Add({verb::get, path, false, std::move(handler)}); }

 private:
  server::Router& router_;
  const api::IdempotencyDeps& idempotency_;
};

}  // namespace

RouteDeps RouteDepsOf(const config::Config& config, storage::ConnectionPool& pool, Services& s) {
  const std::string& company = config.default_company;
  return RouteDeps{
      .ops = {pool, s.metrics},
      .statements = {company, s.ingest, s.statements},
      .open_items = {company, s.open_items},
      .matches = {company, std::chrono::milliseconds(config.reconcile_wait_ms), s.reconciler, s.runs, s.matches,
                  s.decisions},
      .rules = {company, s.reconciler, s.rules, s.payers},
      .jobs = {company, s.jobs, s.runner},
      .uploads = {company, s.uploads},
      .csv_profiles = {company, s.profiles, s.csv_profiles},
      .connections = {company, s.connections},
      .idempotency = {company, s.idempotency, s.idempotency_leases},
  };
}

void RegisterRoutes(server::Router& router, const RouteDeps& d) {
  using api::Bind;
  namespace cn = bank_connections;
  Table t(router, d.idempotency);
  // ops
  t.Probe("/healthz", Bind(d.ops, &api::Healthz));
  t.Probe("/readyz", Bind(d.ops, &api::Readyz));
  t.Probe("/metrics", Bind(d.ops, &api::MetricsText));
  t.Get("/v1/openapi.json", Bind(d.ops, &api::OpenApi));
  // statements and lines
  t.Post("/v1/statements", Bind(d.statements, &api::UploadStatement), BodyKind::kUpload);
  t.Get("/v1/statements", Bind(d.statements, &api::ListStatements));
  t.Get("/v1/statements/{id}", Bind(d.statements, &api::GetStatement));
  t.Get("/v1/lines", Bind(d.statements, &api::ListLines));
  t.Get("/v1/lines/{id}/candidates", Bind(d.rules, &api::LineCandidates));
  // open items
  t.Post("/v1/open-items", Bind(d.open_items, &api::UpsertOpenItems), BodyKind::kJsonOrNdjson);
  t.Get("/v1/open-items", Bind(d.open_items, &api::ListOpenItems));
  // matching: runs, decisions, a person's review
  t.Post("/v1/reconcile", Bind(d.matches, &api::Reconcile));
  t.Get("/v1/runs/{id}", Bind(d.matches, &api::GetRun));
  t.Get("/v1/matches", Bind(d.matches, &api::ListMatches));
  t.Post("/v1/matches", Bind(d.matches, &api::CreateManualMatch));
  t.Get("/v1/matches/{id}", Bind(d.matches, &api::GetMatch));
  t.Post("/v1/matches/{id}/approve", Bind(d.matches, &api::ApproveMatch));
  t.Post("/v1/matches/{id}/reject", Bind(d.matches, &api::RejectMatch));
  t.Post("/v1/matches/{id}/reverse", Bind(d.matches, &api::ReverseMatch));
  t.Post("/v1/matches/review", Bind(d.matches, &api::ReviewMatches));
  // rules, and what was learned about payers
  t.Get("/v1/rules", Bind(d.rules, &api::GetRules));
  t.Put("/v1/rules", Bind(d.rules, &api::PutRules));
  t.Get("/v1/partners/{id}/payers", Bind(d.rules, &api::PartnerPayers));
  // background jobs
  t.Get("/v1/jobs", Bind(d.jobs, &api::ListJobs));
  t.Get("/v1/jobs/{id}", Bind(d.jobs, &api::GetJob));
  t.Post("/v1/jobs/{id}/replay", Bind(d.jobs, &api::ReplayJob));
  // every received file
  t.Get("/v1/uploads", Bind(d.uploads, &api::ListUploads));
  t.Get("/v1/uploads/{id}", Bind(d.uploads, &api::GetUpload));
  t.Get("/v1/uploads/{id}/content", Bind(d.uploads, &api::GetUploadContent));
  // CSV profiles
  t.Get("/v1/csv-profiles", Bind(d.csv_profiles, &api::ListCsvProfiles));
  t.Get("/v1/csv-profiles/{name}", Bind(d.csv_profiles, &api::GetCsvProfile));
  t.Put("/v1/csv-profiles/{name}", Bind(d.csv_profiles, &api::PutCsvProfile));
  t.Delete("/v1/csv-profiles/{name}", Bind(d.csv_profiles, &api::DeleteCsvProfile));
  // bank connections, their pulls and dead letters
  t.Post("/v1/connections", Bind(d.connections, &cn::CreateConnection));
  t.Get("/v1/connections", Bind(d.connections, &cn::ListConnections));
  t.Get("/v1/connections/{id}", Bind(d.connections, &cn::GetConnection));
  t.Patch("/v1/connections/{id}", Bind(d.connections, &cn::PatchConnection));
  t.Delete("/v1/connections/{id}", Bind(d.connections, &cn::DeleteConnection));
  t.Post("/v1/connections/{id}/pull", Bind(d.connections, &cn::PullConnection));
  t.Get("/v1/connections/{id}/pulls", Bind(d.connections, &cn::ListPulls));
  t.Post("/v1/connections/{id}/consent", Bind(d.connections, &cn::StartConsent));
  t.PublicGet("/oauth/callback", Bind(d.connections, &cn::OAuthCallback));
  t.Get("/v1/dead-letters", Bind(d.connections, &cn::ListDeadLetters));
  t.Post("/v1/dead-letters/{id}/replay", Bind(d.connections, &cn::ReplayDeadLetter));
}

}  // namespace recon::daemon

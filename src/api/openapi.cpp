#include "api/openapi.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "api/openapi_schemas.hpp"

namespace recon::api {
namespace {

using openapi::Json;
using openapi::Ref;

// One operation of the API. `statuses` lists every status it answers on purpose: the 2xx
// ones carry `response`, the others a problem+json (RFC 9457) body. 401 (no valid token),
// 429 (rate limit) and 503 (overloaded, database unreachable) are added to every /v1
// operation; anything unforeseen falls to `default`.
struct Operation {
  const char* method;   // lower case
  const char* path;     // OpenAPI form: /v1/matches/{id}
  const char* tag;
  const char* summary;
  const char* request;  // schema name of the JSON body; "" none; "file" an upload; "open-items" JSON or NDJSON;
                        // "?Name": an optional body
  const char* response; // schema name of the 2xx answer; "" none; "text" plain text
  std::vector<const char*> query;
  const char* operation_id = "";
  std::vector<int> statuses = {};
};

const std::vector<Operation>& Operations() {
  static const std::vector<Operation> kOperations = {
      // Public routes answer 400 only when the request target itself is not a valid URL path.
      {"get", "/healthz", "ops", "Liveness", "", "Health", {}, "getHealth", {200, 400}},
      {"get", "/readyz", "ops", "Readiness: database reachable and migrations applied", "", "Health", {},
       "getReadiness", {200, 400, 503}},
      {"get", "/metrics", "ops", "Prometheus metrics (text format)", "", "text", {}, "getMetrics", {200, 400}},
      {"get", "/v1/openapi.json", "ops", "This document", "", "", {}, "getOpenApi", {200}},
      {"post", "/v1/statements", "statements",
       "Upload one statement file (raw bytes or multipart 'file'); the same file again answers 200 with the same ids",
       "file", "UploadAnswer", {"format", "profile", "company"}, "uploadStatement",
       {201, 200, 400, 409, 413, 422}},
      {"get", "/v1/statements", "statements", "Statements with status, counts and balances", "", "StatementPage",
       {"status", "account", "date_from", "date_to", "limit", "cursor", "company"}, "listStatements", {200, 400}},
      {"get", "/v1/statements/{id}", "statements", "One statement", "", "Statement", {"company"}, "getStatement",
       {200, 400, 404}},
      {"get", "/v1/lines", "lines", "Statement lines in the common form", "", "LinePage",
       {"status", "account", "statement_id", "date_from", "date_to", "currency", "amount_min", "amount_max", "q", "limit",
        "cursor", "company"},
       "listLines", {200, 400}},
      {"get", "/v1/lines/{id}/candidates", "lines", "Ranked candidates with explanations, for matching by hand", "",
       "DecisionList", {"company"}, "listLineCandidates", {200, 400, 404}},
      {"post", "/v1/open-items", "open-items", "Bulk upsert by external_id (JSON array or NDJSON)", "open-items",
       "UpsertCounts", {"company"}, "upsertOpenItems", {200, 400, 409, 413, 422}},
      {"get", "/v1/open-items", "open-items",
       "Open items with their open_amount after matches; search by open amount (exact or range, in currency's "
       "decimals, else two), partner (id, or part of the name), part of the document number, free text q (document "
       "number, partner name, external id), due dates, kind and currency",
       "", "OpenItemPage",
       {"status", "partner_id", "amount", "amount_min", "amount_max", "partner", "document", "q", "due_from", "due_to",
        "kind", "currency", "limit", "cursor", "company"},
       "listOpenItems", {200, 400}},
      {"post", "/v1/reconcile", "matching",
       "Run the matcher over unmatched lines (sync, or async with ?async=true); a sync run not done within "
       "reconcile_wait_ms answers 202 with run_id and status, to follow with GET /v1/runs/{id}",
       "ReconcileRequest", "ReconcileAnswer", {"async", "dry_run", "company"}, "reconcile", {200, 202, 400, 409, 422}},
      {"get", "/v1/runs/{id}", "matching", "A reconcile run and its counts", "", "Run", {"company"}, "getRun",
       {200, 400, 404}},
      {"get", "/v1/matches", "matching", "Match decisions", "", "MatchPage",
       {"status", "line_id", "rule", "date_from", "date_to", "limit", "cursor", "company"}, "listMatches", {200, 400}},
      {"post", "/v1/matches", "matching",
       "A manual match, applied at once: each allocation with its item's sign and within what is open of it; "
       "the allocations net with the lines, or the difference is an explicit write_off within the rule set's tolerance",
       "ManualMatch", "Match", {"company"}, "createManualMatch", {201, 400, 404, 409, 422}},
      {"get", "/v1/matches/{id}", "matching", "One match", "", "Match", {"company"}, "getMatch", {200, 400, 404}},
      {"post", "/v1/matches/{id}/approve", "matching", "Approve a proposal (applies it)", "?DecisionNote", "Match", {"company"},
       "approveMatch", {200, 400, 404, 409, 422}},
      {"post", "/v1/matches/{id}/reject", "matching", "Reject a proposal", "?DecisionNote", "Match", {"company"}, "rejectMatch",
       {200, 400, 404, 409, 422}},
      {"post", "/v1/matches/{id}/reverse", "matching", "Undo an applied match: lines and items open again", "?DecisionNote", "Match",
       {"company"}, "reverseMatch", {200, 400, 404, 409, 422}},
      {"post", "/v1/matches/review", "matching",
       "Approve and reject many proposals at once; each decision is taken or refused on its own", "ReviewRequest",
       "ReviewAnswer", {"company"}, "reviewMatches", {200, 400, 413, 422}},
      {"get", "/v1/rules", "rules", "The rule set in force for a company (and account)", "", "RuleSet",
       {"account", "company"}, "getRules", {200, 400}},
      {"put", "/v1/rules", "rules", "Replace the rule set; validated first", "RuleSet", "RuleSet", {"account", "company"},
       "putRules", {200, 400, 413, 422}},
      {"get", "/v1/partners/{id}/payers", "matching", "What recond learned about who pays for a partner", "",
       "PayerList", {"company"}, "listPartnerPayers", {200, 400}},
      // Background jobs: status=dead lists the dead letters of the job system.
      {"get", "/v1/jobs", "jobs", "Background jobs (reconcile runs, pulls, maintenance); status=dead: the dead letters",
       "", "JobPage", {"status", "limit", "cursor", "company"}, "listJobs", {200, 400}},
      {"get", "/v1/jobs/{id}", "jobs", "One job", "", "Job", {"company"}, "getJob", {200, 400, 404}},
      {"post", "/v1/jobs/{id}/replay", "jobs", "Queue a dead job again with a full set of attempts", "", "Job",
       {"company"}, "replayJob", {202, 400, 404, 409}},
      // Received files and CSV profiles (issue 11 points 1 and 6).
      {"get", "/v1/uploads", "uploads",
       "Every received file (upload or connection pull): when, how, size, sha256, format, outcome (pending, stored, "
       "duplicate, refused, failed), its statements or the problem it met",
       "", "UploadPage", {"outcome", "source", "connection_id", "sha256", "date_from", "date_to", "limit", "cursor", "company"},
       "listUploads", {200, 400}},
      {"get", "/v1/uploads/{id}", "uploads", "One received file", "", "Upload", {"company"}, "getUpload",
       {200, 400, 404}},
      {"get", "/v1/uploads/{id}/content", "uploads",
       "The file's bytes as received (Content-Disposition, ETag and Repr-Digest carry its name and SHA-256); 404 when "
       "none were kept or a refused file's were purged (refused_upload_retention_days)",
       "", "binary", {"company"}, "getUploadContent", {200, 400, 404}},
      {"get", "/v1/csv-profiles", "csv-profiles",
       "The CSV profiles the company can name (?profile=): its own, the configured directory's, the shipped ones, "
       "each with where it comes from and what it shadows",
       "", "CsvProfileList", {"company"}, "listCsvProfiles", {200, 400}},
      {"get", "/v1/csv-profiles/{name}", "csv-profiles", "The profile in force under this name", "", "CsvProfile",
       {"company"}, "getCsvProfile", {200, 400, 404}},
      {"put", "/v1/csv-profiles/{name}", "csv-profiles",
       "Store the company's own profile under this name (shadows a directory or shipped one); validated, a refusal "
       "names the field in its location",
       "CsvProfileBody", "CsvProfile", {"company"}, "putCsvProfile", {200, 201, 400, 413}},
      {"delete", "/v1/csv-profiles/{name}", "csv-profiles", "Delete the company's own profile of this name", "", "",
       {"company"}, "deleteCsvProfile", {204, 400, 404}},
      // Bank connections (docs/connectors.md). Secrets go in under "secrets", never come out.
      {"post", "/v1/connections", "connections",
       "Create a bank connection {name, type, settings, secrets, schedule, schedule_tz, pulls_per_day_max}",
       "ConnectionRequest", "Connection", {"company"}, "createConnection", {201, 400, 409, 413, 422}},
      {"get", "/v1/connections", "connections", "Connections (secrets listed by name only)", "", "ConnectionPage",
       {"limit", "cursor", "company"}, "listConnections", {200, 400}},
      {"get", "/v1/connections/{id}", "connections", "One connection", "", "Connection", {"company"}, "getConnection",
       {200, 400, 404}},
      {"patch", "/v1/connections/{id}", "connections",
       "Change fields; settings merge, given secrets are replaced. Changing an endpoint URL (base_url, token_url, "
       "authorize_url, list_url) erases the stored secrets the request does not send (secrets_erased); 409 while a "
       "pull runs",
       "ConnectionRequest", "Connection", {"company"}, "patchConnection", {200, 400, 404, 409, 413, 422}},
      {"delete", "/v1/connections/{id}", "connections", "Retire a connection and erase its secrets", "", "",
       {"company"}, "deleteConnection", {204, 400, 404}},
      {"post", "/v1/connections/{id}/pull", "connections",
       "Pull now; answers the pull (succeeded, partial, failed with a dead letter, needs_person)", "", "Pull",
       {"company"}, "pullConnection", {200, 400, 404, 409, 422}},
      {"get", "/v1/connections/{id}/pulls", "connections", "Pull history with status, counts and errors", "",
       "PullPage", {"limit", "cursor", "company"}, "listConnectionPulls", {200, 400, 404}},
      {"post", "/v1/connections/{id}/consent", "connections",
       "Start an OAuth authorization-code consent (PKCE S256 unless settings.pkce is false; the state lives "
       "oauth_state_ttl_seconds and serves one callback): answers the bank's consent_url",
       "", "ConsentAnswer", {"company"},
       "startConsent", {200, 400, 404, 409, 422}},
      {"get", "/oauth/callback", "connections", "The bank's OAuth redirect: exchanges the code (no bearer token)", "",
       "text", {"state", "code", "error"}, "oauthCallback", {200, 400, 404}},
      {"get", "/v1/dead-letters", "connections", "Pulls that failed after every retry", "", "DeadLetterPage",
       {"status", "limit", "cursor", "company"}, "listDeadLetters", {200, 400}},
      {"post", "/v1/dead-letters/{id}/replay", "connections", "Pull the dead letter's connection again", "", "Pull",
       {"company"}, "replayDeadLetter", {200, 400, 404, 409, 422}},
  };
  return kOperations;
}

const char* ReasonOf(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted: running in the background";
    case 204: return "Done; no body";
    case 400: return "The request is not acceptable (a parameter or the body, named in the problem)";
    case 401: return "No valid bearer token";
    case 403: return "The token may not do this";
    case 404: return "No such resource";
    case 409: return "The request contradicts the current state (already decided, amount no longer open, still running)";
    case 413: return "The body is larger than the limit named in the problem";
    case 415: return "The body's media type is not accepted";
    case 422: return "The body cannot be processed (a file that cannot be read, the same Idempotency-Key with another body)";
    case 429: return "Too many requests from this caller; retry after Retry-After seconds";
    case 503: return "Overloaded or the database is unreachable; retry after Retry-After seconds";
    default: return "See the problem";
  }
}

Json ProblemResponse(int status) {
  Json answer = {{"description", ReasonOf(status)},
                 {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
  // 429 and 503 say when to come back (rate_limit_*, connections_max, request_queue_max,
  // db_*_timeout_ms).
  if (status == 429 || status == 503) {
    const Json schema = {{"type", "integer"}, {"minimum", 1}};
    answer["headers"] = {{"Retry-After", {{"description", "seconds to wait before trying again"}, {"schema", schema}}}};
  }
  return answer;
}

Json SuccessResponse(const Operation& op, int status) {
  Json r = {{"description", ReasonOf(status)}};
  const std::string response = op.response;
  if (status == 204) return r;
  if (status == 202 && response == "ReconcileAnswer") {
    r["content"] = {{"application/json", {{"schema", Ref("RunQueued")}}}};
  } else if (response == "binary") {
    r["content"] = {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
  } else if (response == "text") {
    r["content"] = {{"text/plain", {{"schema", {{"type", "string"}}}}}};
  } else if (!response.empty()) {
    r["content"] = {{"application/json", {{"schema", Ref(response)}}}};
  } else {
    r["content"] = {{"application/json", {{"schema", {{"type", "object"}}}}}};
  }
  return r;
}

Json RequestBody(const std::string& request) {
  if (request == "file") {
    return {{"required", true},
            {"content",
             {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
              {"multipart/form-data",
               {{"schema", {{"type", "object"},
                            {"required", {"file"}},
                            {"properties", {{"file", {{"type", "string"}, {"format", "binary"}}}}}}}}}}}};
  }
  if (request == "open-items") {
    return {{"required", true},
            {"content",
             {{"application/json", {{"schema", Ref("OpenItemList")}}},
              {"application/x-ndjson",
               {{"schema", {{"type", "string"}, {"description", "one OpenItem object per line"}}}}}}}};
  }
  if (request.starts_with("?")) {
    return {{"required", false}, {"content", {{"application/json", {{"schema", Ref(request.substr(1))}}}}}};
  }
  return {{"required", true}, {"content", {{"application/json", {{"schema", Ref(request)}}}}}};
}

// {id}, {name}, ... of a path, each a required string parameter.
Json PathParameters(const std::string& path) {
  Json params = Json::array();
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const size_t close = path.find('}', open);
    params.push_back({{"name", path.substr(open + 1, close - open - 1)},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}}});
  }
  return params;
}

Json OperationJson(const Operation& op) {
  const std::string path = op.path;
  const bool needs_token = path.starts_with("/v1/");
  Json j = {{"operationId", op.operation_id}, {"summary", op.summary}, {"tags", {op.tag}}};
  Json params = PathParameters(path);
  for (const char* q : op.query) params.push_back(openapi::QueryParameter(q));
  if (std::string(op.method) == "post") {
    params.push_back({{"name", "Idempotency-Key"},
                      {"in", "header"},
                      {"required", false},
                      {"description", "the same key with the same body answers the first answer again"},
                      {"schema", {{"type", "string"}, {"minLength", 1}, {"maxLength", 255}}}});
  }
  if (!params.empty()) j["parameters"] = params;
  if (*op.request) j["requestBody"] = RequestBody(op.request);
  std::vector<int> statuses = op.statuses;
  // Every route may meet connections_max or request_queue_max (503); all but the probes the
  // caller's rate (429); the /v1 routes a missing or wrong token (401).
  const bool probe = path == "/healthz" || path == "/readyz" || path == "/metrics";
  statuses.push_back(503);
  if (!probe) statuses.push_back(429);
  if (needs_token) statuses.push_back(401);
  // The limits every body meets (issue 11): a JSON body may be malformed or nested deeper than
  // json_depth_max (400); any body may exceed its route's byte limit (413).
  const std::string request = op.request;
  if (!request.empty() && request != "file") statuses.push_back(400);
  if (!request.empty()) statuses.push_back(413);
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  Json responses = Json::object();
  for (int status : statuses) {
    const bool success = status >= 200 && status < 300;
    // A readiness probe that fails answers its own JSON, not a problem.
    const bool unready = std::string(op.response) == "Health" && status == 503;
    Json answer = success || unready ? SuccessResponse(op, status) : ProblemResponse(status);
    // An unready probe's own answer may also be the busy server's (connections_max).
    if (unready) answer["headers"] = ProblemResponse(503)["headers"];
    responses[std::to_string(status)] = std::move(answer);
  }
  responses["default"] = ProblemResponse(0);
  j["responses"] = responses;
  // Public routes say so: probes, Prometheus and the bank's redirect carry no token.
  if (!needs_token) j["security"] = Json::array();
  return j;
}

}  // namespace

Json OpenApiDocument() {
  Json paths = Json::object();
  Json tags = Json::array();
  for (const Operation& op : Operations()) paths[op.path][op.method] = OperationJson(op);
  const std::pair<const char*, const char*> kTags[] = {
      {"ops", "Probes, metrics and this document"},
      {"statements", "Statement files in, statements out"},
      {"lines", "Statement lines in the common form"},
      {"open-items", "What the ERP says is open"},
      {"matching", "Runs, decisions and a person's review"},
      {"rules", "The matcher's rule sets"},
      {"jobs", "Background jobs, their retries and dead letters"},
      {"uploads", "Receipts of every file received, and its bytes"},
      {"csv-profiles", "The CSV profiles a company can name"},
      {"connections", "Bank connections, pulls and dead letters"},
  };
  for (const auto& [name, description] : kTags) tags.push_back({{"name", name}, {"description", description}});
  return Json{{"openapi", "3.0.3"},
              {"info",
               {{"title", "recond"},
                {"version", RECOND_VERSION},
                {"license", {{"name", "Apache-2.0"}, {"url", "https://www.apache.org/licenses/LICENSE-2.0"}}},
                {"description", "Bank reconciliation server: statements in, open items in, matches out."}}},
              {"servers", Json::array({{{"url", "/"}}})},
              {"tags", tags},
              {"security", Json::array({{{"bearer", Json::array()}}})},
              {"paths", paths},
              {"components",
               {{"schemas", openapi::Schemas()},
                {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace recon::api

#include "api/openapi.hpp"

#include <string>
#include <vector>

#include "api/handlers.hpp"

namespace recon::api {
namespace {

using Json = nlohmann::json;

struct Operation {
  const char* method;   // lower case
  const char* path;     // OpenAPI form: /v1/matches/{id}
  const char* tag;
  const char* summary;
  const char* request;  // schema name of the JSON body, "" for none, "file" for an upload
  const char* response; // schema name of the 2xx answer, "" for a plain object
  std::vector<const char*> query;
};

const std::vector<Operation>& Operations() {
  static const std::vector<Operation> kOperations = {
      {"get", "/healthz", "ops", "Liveness", "", "", {}},
      {"get", "/readyz", "ops", "Readiness: database reachable and migrations applied", "", "", {}},
      {"get", "/metrics", "ops", "Prometheus metrics (text format)", "", "", {}},
      {"get", "/v1/openapi.json", "ops", "This document", "", "", {}},
      {"post", "/v1/statements", "statements",
       "Upload one statement file (raw bytes or multipart 'file'); the same file again answers 200 with the same ids",
       "file", "UploadAnswer", {"format", "profile", "company"}},
      {"get", "/v1/statements", "statements", "Statements with status, counts and balances", "", "StatementPage",
       {"status", "account", "date_from", "date_to", "limit", "cursor", "company"}},
      {"get", "/v1/statements/{id}", "statements", "One statement", "", "Statement", {"company"}},
      {"get", "/v1/lines", "lines", "Statement lines in the common form", "", "LinePage",
       {"status", "account", "statement_id", "date_from", "date_to", "currency", "amount_min", "amount_max", "q", "limit",
        "cursor", "company"}},
      {"get", "/v1/lines/{id}/candidates", "lines", "Ranked candidates with explanations, for matching by hand", "",
       "DecisionList", {"company"}},
      {"post", "/v1/open-items", "open-items", "Bulk upsert by external_id (JSON array or NDJSON)", "OpenItemList",
       "UpsertCounts", {"company"}},
      {"get", "/v1/open-items", "open-items",
       "Open items with their open_amount after matches; search by open amount (exact or range, in currency's "
       "decimals, else two), partner (id, or part of the name), part of the document number, free text q (document "
       "number, partner name, external id), due dates, kind and currency",
       "", "OpenItemPage",
       {"status", "partner_id", "amount", "amount_min", "amount_max", "partner", "document", "q", "due_from", "due_to",
        "kind", "currency", "limit", "cursor", "company"}},
      {"post", "/v1/reconcile", "matching", "Run the matcher over unmatched lines (sync, or async with ?async=true)",
       "ReconcileRequest", "ReconcileAnswer", {"async", "dry_run", "company"}},
      {"get", "/v1/runs/{id}", "matching", "A reconcile run and its counts", "", "Run", {"company"}},
      {"get", "/v1/matches", "matching", "Match decisions", "", "MatchPage",
       {"status", "line_id", "rule", "date_from", "date_to", "limit", "cursor", "company"}},
      {"post", "/v1/matches", "matching", "A manual match, applied at once", "ManualMatch", "Match", {"company"}},
      {"get", "/v1/matches/{id}", "matching", "One match", "", "Match", {"company"}},
      {"post", "/v1/matches/{id}/approve", "matching", "Approve a proposal (applies it)", "", "Match", {"company"}},
      {"post", "/v1/matches/{id}/reject", "matching", "Reject a proposal", "", "Match", {"company"}},
      {"post", "/v1/matches/{id}/reverse", "matching", "Undo an applied match: lines and items open again", "", "Match",
       {"company"}},
      {"post", "/v1/matches/review", "matching",
       "Approve and reject many proposals at once; each decision is taken or refused on its own",
       "ReviewRequest", "ReviewAnswer", {"company"}},
      {"get", "/v1/rules", "rules", "The rule set in force for a company (and account)", "", "RuleSet",
       {"account", "company"}},
      {"put", "/v1/rules", "rules", "Replace the rule set; validated first", "RuleSet", "RuleSet", {"account", "company"}},
      {"get", "/v1/partners/{id}/payers", "matching", "What recond learned about who pays for a partner", "",
       "PayerList", {"company"}},
      // Bank connections (issue 6; docs/connectors.md). Secrets go in under "secrets", never come out.
      {"post", "/v1/connections", "connections",
       "Create a bank connection {name, type, settings, secrets, schedule, schedule_tz, pulls_per_day_max}", "", "",
       {"company"}},
      {"get", "/v1/connections", "connections", "Connections (secrets listed by name only)", "", "",
       {"limit", "cursor", "company"}},
      {"get", "/v1/connections/{id}", "connections", "One connection", "", "", {"company"}},
      {"patch", "/v1/connections/{id}", "connections", "Change fields; settings merge, given secrets are replaced", "",
       "", {"company"}},
      {"delete", "/v1/connections/{id}", "connections", "Retire a connection and erase its secrets", "", "",
       {"company"}},
      {"post", "/v1/connections/{id}/pull", "connections",
       "Pull now; answers the pull (succeeded, partial, failed with a dead letter, needs_person)", "", "", {"company"}},
      {"get", "/v1/connections/{id}/pulls", "connections", "Pull history with status, counts and errors", "", "",
       {"limit", "cursor", "company"}},
      {"post", "/v1/connections/{id}/consent", "connections",
       "Start an OAuth authorization-code consent: answers the bank's consent_url", "", "", {"company"}},
      {"get", "/oauth/callback", "connections", "The bank's OAuth redirect: exchanges the code (no bearer token)", "",
       "", {"state", "code", "error"}},
      {"get", "/v1/dead-letters", "connections", "Pulls that failed after every retry", "", "",
       {"status", "limit", "cursor", "company"}},
      {"post", "/v1/dead-letters/{id}/replay", "connections", "Pull the dead letter's connection again", "", "",
       {"company"}},
  };
  return kOperations;
}

Json Ref(const std::string& name) { return Json{{"$ref", "#/components/schemas/" + name}}; }

Json Str(const char* description = nullptr) {
  Json j = {{"type", "string"}};
  if (description) j["description"] = description;
  return j;
}
Json NullableStr() { return Json{{"type", "string"}, {"nullable", true}}; }
Json Amount() { return Json{{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}, {"example", "1250.00"}}; }
Json Page(const std::string& item) {
  return Json{{"type", "object"},
              {"properties", {{"items", {{"type", "array"}, {"items", Ref(item)}}}, {"next_cursor", NullableStr()}}}};
}

Json Schemas() {
  Json s;
  s["Problem"] = {{"type", "object"},
                  {"properties",
                   {{"type", Str()}, {"title", Str()}, {"status", {{"type", "integer"}}}, {"detail", Str()},
                    {"location", Str("line number, XML path or byte offset of a parse error")}, {"request_id", Str()}}}};
  s["Line"] = {{"type", "object"},
               {"properties",
                {{"id", Str()}, {"statement_id", Str()}, {"account", Str()}, {"booking_date", Str()},
                 {"value_date", NullableStr()}, {"amount", Amount()}, {"currency", Str()},
                 {"counterparty_name", NullableStr()}, {"counterparty_account", NullableStr()},
                 {"counterparty_bic", NullableStr()}, {"structured_reference", NullableStr()},
                 {"remittance_info", NullableStr()}, {"end_to_end_id", NullableStr()},
                 {"bank_reference", NullableStr()}, {"bank_transaction_code", NullableStr()},
                 {"original_amount", NullableStr()}, {"original_currency", NullableStr()},
                 {"exchange_rate", NullableStr()}, {"charges_amount", NullableStr()}, {"charges_currency", NullableStr()},
                 {"check_number", NullableStr()}, {"customer_reference", NullableStr()}, {"mandate_id", NullableStr()},
                 {"ultimate_debtor", NullableStr()}, {"ultimate_creditor", NullableStr()},
                 {"status", {{"type", "string"}, {"enum", {"unmatched", "proposed", "matched", "ignored"}}}},
                 {"matched_amount", Amount()}}}};
  s["Statement"] = {{"type", "object"},
                    {"properties",
                     {{"id", Str()}, {"format", Str()}, {"account", Str()}, {"currency", Str()},
                      {"opening_balance", Amount()}, {"closing_balance", Amount()}, {"opening_date", NullableStr()},
                      {"closing_date", NullableStr()}, {"available_balance", Amount()},
                      {"available_date", NullableStr()}, {"warnings", {{"type", "array"}, {"items", Str()}}},
                      {"status", {{"type", "string"}, {"enum", {"pending", "processed", "reconciled", "error"}}}},
                      {"lines", {{"type", "integer"}}}, {"duplicates_skipped", {{"type", "integer"}}},
                      {"line_counts", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}}}}};
  s["UploadAnswer"] = {{"type", "object"},
                       {"properties",
                        {{"statements", {{"type", "array"}, {"items", Ref("Statement")}}},
                         {"reconcile_run_id", Str()}}}};
  s["OpenItem"] = {{"type", "object"},
                   {"required", {"external_id", "amount", "currency"}},
                   {"properties",
                    {{"external_id", Str()}, {"company", Str()},
                     {"kind", {{"type", "string"}, {"enum", {"receivable", "payable", "ledger"}}}},
                     {"partner_id", NullableStr()}, {"partner_name", NullableStr()},
                     {"partner_accounts", {{"type", "array"}, {"items", Str()}}}, {"document_number", NullableStr()},
                     {"structured_reference", NullableStr()}, {"amount", Amount()}, {"open_amount", Amount()},
                     {"currency", Str()}, {"issue_date", NullableStr()}, {"due_date", NullableStr()}}}};
  s["OpenItemList"] = {{"type", "array"}, {"items", Ref("OpenItem")}};
  s["UpsertCounts"] = {{"type", "object"},
                       {"properties",
                        {{"inserted", {{"type", "integer"}}}, {"updated", {{"type", "integer"}}},
                         {"unchanged", {{"type", "integer"}}}}}};
  s["ReconcileRequest"] = {{"type", "object"}, {"properties", {{"company", Str()}, {"account", Str()}}}};
  s["ReconcileAnswer"] = {{"type", "object"},
                          {"properties",
                           {{"run_id", Str()}, {"lines_considered", {{"type", "integer"}}},
                            {"applied", {{"type", "integer"}}}, {"proposed", {{"type", "integer"}}},
                            {"unmatched", {{"type", "integer"}}}, {"duration_ms", {{"type", "integer"}}},
                            {"decisions", {{"type", "array"}, {"items", Ref("Decision")}}}}}};
  s["Run"] = {{"type", "object"},
              {"properties",
               {{"run_id", Str()}, {"status", {{"type", "string"}, {"enum", {"queued", "running", "done", "failed"}}}},
                {"lines_considered", {{"type", "integer"}}}, {"applied", {{"type", "integer"}}},
                {"proposed", {{"type", "integer"}}}, {"unmatched", {{"type", "integer"}}}}}};
  const Json allocations = {{"type", "array"},
                            {"items", {{"type", "object"}, {"properties", {{"external_id", Str()}, {"amount", Amount()}}}}}};
  const Json write_off = {{"type", "object"},
                          {"nullable", true},
                          {"properties", {{"amount", Amount()}, {"account", Str()}}}};
  s["Match"] = {{"type", "object"},
                {"properties",
                 {{"id", Str()}, {"status", {{"type", "string"}, {"enum", {"proposed", "applied", "rejected", "reversed"}}}},
                  {"rule", Str()}, {"confidence", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                  {"explanation", Str()},
                  {"lines", {{"type", "array"},
                             {"items", {{"type", "object"},
                                        {"properties", {{"id", Str()}, {"bank_reference", NullableStr()},
                                                        {"amount", Amount()}}}}}}},
                  {"allocations", allocations}, {"write_off", write_off}, {"created_at", Str()}}}};
  s["Decision"] = {{"type", "object"},
                   {"properties",
                    {{"outcome", {{"type", "string"}, {"enum", {"apply", "propose"}}}}, {"rule", Str()},
                     {"confidence", {{"type", "number"}}}, {"explanation", Str()}, {"allocations", allocations},
                     {"write_off", write_off}, {"rank", {{"type", "integer"}}}}}};
  s["DecisionList"] = {{"type", "object"},
                       {"properties", {{"items", {{"type", "array"}, {"items", Ref("Decision")}}}}}};
  s["ManualMatch"] = {{"type", "object"},
                      {"required", {"line_ids", "allocations"}},
                      {"properties", {{"line_ids", {{"type", "array"}, {"items", Str()}}}, {"allocations", allocations}}}};
  s["ReviewRequest"] = {
      {"type", "object"},
      {"required", {"decisions"}},
      {"properties",
       {{"decisions",
         {{"type", "array"},
          {"minItems", 1},
          {"maxItems", kReviewDecisionsMax},
          {"items",
           {{"type", "object"},
            {"required", {"id", "action"}},
            {"properties", {{"id", Str()}, {"action", {{"type", "string"}, {"enum", {"approve", "reject"}}}}}}}}}}}}};
  s["ReviewAnswer"] = {
      {"type", "object"},
      {"properties",
       {{"approved", {{"type", "integer"}}},
        {"rejected", {{"type", "integer"}}},
        {"refused", {{"type", "integer"}}},
        {"results",
         {{"type", "array"},
          {"description", "one per decision, in the order sent: the match's new status, or the problem that refused it"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"id", Str()}, {"action", Str()}, {"status", {{"type", "string"}, {"enum", {"applied", "rejected"}}}},
              {"problem", Ref("Problem")}}}}}}}}}};
  s["RuleSet"] = {{"type", "object"},
                  {"description", "An ordered list of rules; see README.md, 'Matching rules'"},
                  {"properties", {{"rules", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["PayerList"] = {{"type", "object"},
                    {"properties", {{"partner_id", Str()}, {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["StatementPage"] = Page("Statement");
  s["LinePage"] = Page("Line");
  s["OpenItemPage"] = Page("OpenItem");
  s["MatchPage"] = Page("Match");
  return s;
}

// The answers of the server's limits (issue 11): 503 beyond connections_max or
// request_queue_max, or when the database is busy; 429 beyond a caller's rate (the probes are
// never limited); 413 for a body beyond its route's limit; 400 for a JSON body nested deeper
// than json_depth_max. 503 and 429 say when to come back.
void AddLimitAnswers(const Operation& op, Json& responses) {
  auto problem = [](const char* description, bool retry_after) {
    Json answer = {{"description", description},
                   {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
    if (retry_after) {
      const Json schema = {{"type", "integer"}, {"minimum", 1}};
      const Json header = {{"description", "seconds to wait before trying again"}, {"schema", schema}};
      answer["headers"] = {{"Retry-After", header}};
    }
    return answer;
  };
  const std::string path = op.path;
  const std::string request = op.request;
  const bool probe = path == "/healthz" || path == "/readyz" || path == "/metrics";
  if (!request.empty() && request != "file") {
    responses["400"] = problem("Invalid request: the body is not valid JSON, nests deeper than json_depth_max, "
                               "or breaks the schema (the problem names the place)",
                               false);
  }
  if (!request.empty()) {
    responses["413"] = problem(request == "file" ? "The body is larger than body_bytes_max"
                                                 : "The body is larger than json_bytes_max (an NDJSON bulk: "
                                                   "body_bytes_max in all, json_bytes_max each line)",
                               false);
  }
  if (!probe) responses["429"] = problem("The caller sent more than rate_limit_burst / rate_limit_per_second allow", true);
  responses["503"] = problem("Busy: connections_max or request_queue_max reached, or the database did not answer in "
                             "time (db_*_timeout_ms)",
                             true);
}

Json OperationJson(const Operation& op) {
  Json j = {{"summary", op.summary}, {"tags", {op.tag}}};
  Json params = Json::array();
  const std::string path = op.path;
  if (path.find("{id}") != std::string::npos) {
    params.push_back({{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", Str()}});
  }
  for (const char* q : op.query) params.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", Str()}});
  if (std::string(op.method) == "post") {
    params.push_back({{"name", "Idempotency-Key"}, {"in", "header"}, {"required", false}, {"schema", Str()}});
  }
  if (!params.empty()) j["parameters"] = params;
  const std::string request = op.request;
  if (request == "file") {
    j["requestBody"] = {{"required", true},
                        {"content",
                         {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
                          {"multipart/form-data",
                           {{"schema", {{"type", "object"},
                                        {"properties", {{"file", {{"type", "string"}, {"format", "binary"}}}}}}}}}}}};
  } else if (!request.empty()) {
    j["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", Ref(request)}}}}}};
  }
  const std::string response = op.response;
  Json ok = {{"description", "OK"}};
  if (!response.empty()) ok["content"] = {{"application/json", {{"schema", Ref(response)}}}};
  const Json problem = {{"description", "A problem (RFC 9457)"},
                        {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
  j["responses"] = {{"200", ok}, {"default", problem}};
  AddLimitAnswers(op, j["responses"]);
  if (path.starts_with("/v1/")) j["security"] = Json::array({{{"bearer", Json::array()}}});
  return j;
}

}  // namespace

Json OpenApiDocument() {
  Json paths = Json::object();
  for (const Operation& op : Operations()) paths[op.path][op.method] = OperationJson(op);
  return Json{{"openapi", "3.0.3"},
              {"info",
               {{"title", "recond"},
                {"version", RECOND_VERSION},
                {"description", "Bank reconciliation server: statements in, open items in, matches out."}}},
              {"servers", Json::array({{{"url", "/"}}})},
              {"paths", paths},
              {"components",
               {{"schemas", Schemas()},
                {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace recon::api

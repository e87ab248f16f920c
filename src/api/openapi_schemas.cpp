#include "api/openapi_schemas.hpp"

#include <map>

#include "api/handlers.hpp"
#include "jobs/job_status.hpp"
#include "recon/status.hpp"

namespace recon::api::openapi {
namespace {

Json Str(const char* description = nullptr) {
  Json j = {{"type", "string"}};
  if (description) j["description"] = description;
  return j;
}
Json NullableStr(const char* description = nullptr) {
  Json j = Str(description);
  j["nullable"] = true;
  return j;
}
Json Int(const char* description = nullptr) {
  Json j = {{"type", "integer"}, {"format", "int64"}};
  if (description) j["description"] = description;
  return j;
}
Json Bool() { return Json{{"type", "boolean"}}; }
Json Enum(std::initializer_list<const char*> values) {
  Json j = {{"type", "string"}, {"enum", Json::array()}};
  for (const char* v : values) j["enum"].push_back(v);
  return j;
}
// Every name of an enum's name table, in its order: the schema lists what the code takes.
template <class X, size_t N>
Json EnumOf(const X (&all)[N], std::string_view (*name)(X)) {
  Json j = {{"type", "string"}, {"enum", Json::array()}};
  for (X value : all) j["enum"].push_back(std::string(name(value)));
  return j;
}
Json Nullable(Json j) {
  j["nullable"] = true;
  return j;
}
Json ArrayOf(Json items) { return Json{{"type", "array"}, {"items", std::move(items)}}; }
Json Object(Json properties, std::initializer_list<const char*> required = {}) {
  Json j = {{"type", "object"}, {"properties", std::move(properties)}};
  if (required.size() > 0) {
    j["required"] = Json::array();
    for (const char* r : required) j["required"].push_back(r);
  }
  return j;
}
// Amounts are decimal strings, signed, with the currency's decimals.
Json Amount() {
  return Json{{"type", "string"}, {"pattern", "^[-+]?[0-9]+(\\.[0-9]+)?$"}, {"example", "1250.00"}};
}
Json NullableAmount() { return Nullable(Amount()); }
Json Date() { return Json{{"type", "string"}, {"format", "date"}, {"example", "2026-11-20"}}; }
Json NullableDate() { return Nullable(Date()); }
Json Timestamp() { return Json{{"type", "string"}, {"format", "date-time"}, {"example", "2026-11-20T08:15:00Z"}}; }
Json NullableTimestamp() { return Nullable(Timestamp()); }
Json Page(const std::string& item) {
  return Object({{"items", ArrayOf(Ref(item))}, {"next_cursor", NullableStr("null at the end of the list")}},
                {"items", "next_cursor"});
}

// RFC 9457 problem details, as every error answer carries them.
Json ProblemSchema() {
  return Object({{"type", Str("a stable URI naming the kind of problem, e.g. urn:recond:problem:malformed-file")},
                 {"title", Str()},
                 {"status", {{"type", "integer"}}},
                 {"detail", Str("what was wrong, in words a person can act on")},
                 {"location", Str("where: line and column, XML path, byte offset or a field name")},
                 {"request_id", Str("finds the log line")}},
                {"type", "title", "status"});
}

// A problem, or null when there was none. Written out rather than a $ref: OpenAPI 3.0 has no
// nullable $ref, and validators check null against a referenced object schema.
Json NullableProblem() { return Nullable(ProblemSchema()); }

Json ProfileSource() { return Enum({"company", "directory", "shipped"}); }

Json UploadSchema() {
  return Object({{"id", Str()},
                 {"received_at", Timestamp()},
                 {"finished_at", NullableTimestamp()},
                 {"source", Enum({"upload", "pull", "unrecorded"})},
                 {"connection_id", NullableStr()},
                 {"pull_id", NullableStr()},
                 {"file_name", NullableStr("as the sender named it")},
                 {"size_bytes", Int()},
                 {"sha256", Str()},
                 {"format", NullableStr()},
                 {"profile", NullableStr()},
                 {"outcome", Enum({"pending", "stored", "duplicate", "refused", "failed"})},
                 {"statements", ArrayOf(Str())},
                 {"problem", NullableProblem()},
                 {"content", Object({{"available", Bool()},
                                     {"purged_at", NullableTimestamp()},
                                     {"href", NullableStr("GET this for the bytes")}},
                                    {"available"})}},
                {"id", "received_at", "source", "size_bytes", "sha256", "outcome", "statements", "content"});
}

Json CsvProfileEntrySchema() {
  return Object({{"name", Str()},
                 {"source", ProfileSource()},
                 {"shadows", ArrayOf(ProfileSource())},
                 {"description", NullableStr()},
                 {"valid", Bool()},
                 {"problem", NullableProblem()},
                 {"updated_at", NullableTimestamp()}},
                {"name", "source", "valid"});
}

Json LineSchema() {
  return Object({{"id", Str()},
                 {"statement_id", Str()},
                 {"account", Str("IBAN or the bank's account id, as in the statement")},
                 {"booking_date", Date()},
                 {"value_date", NullableDate()},
                 {"amount", Amount()},
                 {"currency", Str()},
                 {"counterparty_name", NullableStr()},
                 {"counterparty_account", NullableStr()},
                 {"counterparty_bic", NullableStr()},
                 {"structured_reference", NullableStr()},
                 {"remittance_info", NullableStr()},
                 {"end_to_end_id", NullableStr()},
                 {"bank_reference", NullableStr()},
                 {"bank_transaction_code", NullableStr()},
                 {"original_amount", NullableAmount()},
                 {"original_currency", NullableStr()},
                 {"exchange_rate", NullableStr()},
                 {"charges_amount", NullableAmount()},
                 {"charges_currency", NullableStr()},
                 {"check_number", NullableStr()},
                 {"customer_reference", NullableStr()},
                 {"mandate_id", NullableStr()},
                 {"ultimate_debtor", NullableStr()},
                 {"ultimate_creditor", NullableStr()},
                 {"status", EnumOf(kAllLineStatuses, LineStatusName)},
                 {"matched_amount", Amount()}},
                {"id", "statement_id", "account", "booking_date", "amount", "currency", "status"});
}

Json StatementSchema() {
  return Object({{"id", Str()},
                 {"company", Str()},
                 {"format", Str()},
                 {"bank_statement_id", NullableStr()},
                 {"account", Str()},
                 {"currency", Str()},
                 {"opening_balance", NullableAmount()},
                 {"closing_balance", NullableAmount()},
                 {"opening_date", NullableDate()},
                 {"closing_date", NullableDate()},
                 {"available_balance", NullableAmount()},
                 {"available_date", NullableDate()},
                 {"warnings", ArrayOf(Str())},
                 {"status", EnumOf(kAllStatementStatuses, StatementStatusName)},
                 {"lines", Int()},
                 {"duplicates_skipped", Int()},
                 {"line_counts", {{"type", "object"}, {"additionalProperties", Int()}}},
                 {"created_at", Timestamp()}},
                {"id", "format", "account", "currency", "status", "lines"});
}

Json UploadedStatementSchema() {
  return Object({{"id", Str()},
                 {"account", Str()},
                 {"format", Str()},
                 {"currency", Str()},
                 {"lines", Int("lines stored")},
                 {"duplicates_skipped", Int("lines already stored from an earlier file")},
                 {"opening_balance", NullableAmount()},
                 {"closing_balance", NullableAmount()},
                 {"available_balance", NullableAmount()},
                 {"available_date", NullableDate()},
                 {"warnings", ArrayOf(Str())}},
                {"id", "account", "format", "lines", "duplicates_skipped"});
}

Json OpenItemSchema() {
  return Object({{"id", Str("recond's id (answers only)")},
                 {"external_id", Str("the ERP's id; the upsert key")},
                 {"company", Str()},
                 {"kind", Enum({"receivable", "payable", "ledger"})},
                 {"partner_id", NullableStr()},
                 {"partner_name", NullableStr()},
                 {"partner_accounts", Nullable(ArrayOf(Str()))},
                 {"document_number", NullableStr()},
                 {"structured_reference", NullableStr()},
                 {"amount", Amount()},
                 {"open_amount", NullableAmount()},
                 {"currency", Str()},
                 {"status", Enum({"open", "closed"})},
                 {"issue_date", NullableDate()},
                 {"due_date", NullableDate()}},
                {"external_id", "amount", "currency"});
}

Json Allocations() { return ArrayOf(Object({{"external_id", Str()}, {"amount", Amount()}}, {"external_id", "amount"})); }
Json WriteOff() {
  return Nullable(Object({{"amount", Amount()}, {"account", NullableStr()}}, {"amount"}));
}

Json MatchSchema() {
  return Object(
      {{"id", Str()},
       {"status", EnumOf(kAllMatchStatuses, MatchStatusName)},
       {"rule", Str()},
       {"confidence", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
       {"explanation", Str()},
       {"currency", Str()},
       {"lines", ArrayOf(Object({{"id", Str()}, {"bank_reference", NullableStr()}, {"amount", Amount()}}))},
       {"allocations", Allocations()},
       {"write_off", WriteOff()},
       {"rank", Int()},
       {"run_id", NullableStr("the run that made it; null for a manual match")},
       {"created_at", Timestamp()}},
      {"id", "status", "rule", "lines", "allocations"});
}

Json DecisionSchema() {
  return Object({{"outcome", Enum({"apply", "propose"})},
                 {"rule", Str()},
                 {"confidence", {{"type", "number"}}},
                 {"explanation", Str()},
                 {"currency", Str()},
                 {"lines", ArrayOf(Object({{"id", Str()}, {"amount", Amount()}}))},
                 {"allocations", Allocations()},
                 {"write_off", WriteOff()},
                 {"rank", Int()}});
}

Json RunSchema() {
  return Object({{"run_id", Str()},
                 {"status", EnumOf(kAllRunStatuses, RunStatusName)},
                 {"dry_run", Bool()},
                 {"conflicts", Int()},
                 {"lines_considered", Int()},
                 {"applied", Int()},
                 {"proposed", Int()},
                 {"unmatched", Int()},
                 {"duration_ms", Nullable(Int())},
                 {"error", NullableStr()},
                 {"attempts", Int()},
                 {"started_at", Timestamp()},
                 {"finished_at", NullableTimestamp()}},
                {"run_id", "status"});
}

Json ReviewRequestSchema() {
  Json decisions = ArrayOf(Object({{"id", Str()}, {"action", Enum({"approve", "reject"})}}, {"id", "action"}));
  decisions["minItems"] = 1;
  decisions["maxItems"] = kReviewDecisionsMax;
  return Object({{"decisions", decisions}}, {"decisions"});
}

Json ReviewAnswerSchema() {
  Json results = ArrayOf(Object({{"id", Str()},
                                 {"action", Str()},
                                 {"status", Enum({"applied", "rejected"})},
                                 {"problem", Ref("Problem")}}));
  results["description"] = "one per decision, in the order sent: the match's new status, or the problem that refused it";
  return Object({{"approved", Int()}, {"rejected", Int()}, {"refused", Int()}, {"results", results}},
                {"approved", "rejected", "refused", "results"});
}

Json ConnectionSchema() {
  return Object({{"id", Str()},
                 {"company", Str()},
                 {"name", Str()},
                 {"type", Str("berlin-group, file-download or directory")},
                 {"settings", {{"type", "object"}}},
                 {"secrets", ArrayOf(Str("the name of a stored secret; values never leave recond"))},
                 {"secrets_missing",
                  ArrayOf(Str("a secret the connection needs and does not have (an endpoint URL changed and erased "
                              "it); a pull answers 409 until it is sent"))},
                 {"secrets_erased",
                  ArrayOf(Str("in a PATCH answer only: the stored secrets this change of an endpoint URL erased"))},
                 {"schedule", NullableStr("5-field cron expression")},
                 {"schedule_tz", Str()},
                 {"next_pull_at", NullableTimestamp()},
                 {"pulls_per_day_max", Int()},
                 {"enabled", Bool()},
                 {"needs_person", NullableStr()},
                 {"consent_expires_at", NullableTimestamp()},
                 {"consent_status", NullableStr()},
                 {"consent_checked_at", NullableTimestamp()},
                 {"client_certificate",
                  Nullable(Object({{"subject", Str()}, {"expires_at", NullableTimestamp()}}))},
                 {"last_success_at", NullableTimestamp()},
                 {"created_at", Timestamp()},
                 {"updated_at", Timestamp()}},
                {"id", "name", "type"});
}

Json PullSchema() {
  return Object({{"id", Str()},
                 {"connection_id", Str()},
                 {"trigger", Enum({"api", "cli", "schedule", "replay"})},
                 {"status", Enum({"running", "succeeded", "partial", "failed", "needs_person"})},
                 {"started_at", Timestamp()},
                 {"finished_at", NullableTimestamp()},
                 {"files", Int()},
                 {"statements", Int()},
                 {"lines", Int()},
                 {"duplicates", Int()},
                 {"errors", ArrayOf({{"type", "object"}})},
                 {"dead_letter_id", NullableStr()}},
                {"id", "connection_id", "status"});
}

Json DeadLetterSchema() {
  return Object({{"id", Str()},
                 {"connection_id", Str()},
                 {"pull_id", Str()},
                 {"last_error", Str()},
                 {"attempts", Int()},
                 {"status", Enum({"open", "replayed"})},
                 {"replay_pull_id", NullableStr()},
                 {"created_at", Timestamp()},
                 {"updated_at", Timestamp()}},
                {"id", "status"});
}

}  // namespace

Json Ref(const std::string& name) { return Json{{"$ref", "#/components/schemas/" + name}}; }

Json Schemas() {
  Json s;
  s["Problem"] = ProblemSchema();
  s["Health"] = Object({{"status", Enum({"ok", "ready", "unavailable"})}, {"database", Str()}}, {"status"});
  s["Line"] = LineSchema();
  s["Statement"] = StatementSchema();
  s["UploadedStatement"] = UploadedStatementSchema();
  s["UploadAnswer"] = Object({{"statements", ArrayOf(Ref("UploadedStatement"))},
                              {"reconcile_run_id", Str("the run queued for the new lines (auto_reconcile)")},
                              {"upload_id", Str("the receipt of this file: GET /v1/uploads/{id}")}},
                             {"statements"});
  s["OpenItem"] = OpenItemSchema();
  s["OpenItemList"] = ArrayOf(Ref("OpenItem"));
  s["UpsertCounts"] = Object({{"inserted", Int()}, {"updated", Int()}, {"unchanged", Int()}},
                             {"inserted", "updated", "unchanged"});
  s["ReconcileRequest"] = Object({{"company", Str()}, {"account", Str()}});
  s["ReconcileAnswer"] = Object({{"run_id", Str()},
                                 {"lines_considered", Int()},
                                 {"applied", Int()},
                                 {"proposed", Int()},
                                 {"unmatched", Int()},
                                 {"duration_ms", Int()},
                                 {"conflicts", Int()},
                                 {"dry_run", Bool()},
                                 {"decisions", ArrayOf(Ref("Decision"))}},
                                {"run_id"});
  s["RunQueued"] = Object({{"run_id", Str()}, {"status", Enum({"queued", "running"})}}, {"run_id", "status"});
  s["Job"] = Object({{"id", Str()},
                     {"kind", Str("reconcile, pull, maintenance, ...")},
                     {"company", NullableStr("null for the system's own jobs")},
                     {"status", EnumOf(jobs::kAllJobStatuses, jobs::JobStatusName)},
                     {"attempts", Int()},
                     {"max_attempts", Int()},
                     {"replays", Int()},
                     {"run_id", NullableStr()},
                     {"last_error", NullableStr()},
                     {"payload", {{"type", "object"}}},
                     {"run_after", Timestamp()},
                     {"created_at", Timestamp()},
                     {"started_at", NullableTimestamp()},
                     {"failed_at", NullableTimestamp()},
                     {"finished_at", NullableTimestamp()}},
                    {"id", "kind", "status"});
  s["JobPage"] = Page("Job");
  s["Upload"] = UploadSchema();
  s["UploadPage"] = Page("Upload");
  s["CsvProfileBody"] = {{"type", "object"},
                         {"description", "A CSV profile, as in config/csv-profiles/NAME.json (schema: "
                                         "config/csv-profiles/README.md)"}};
  s["CsvProfile"] = Object({{"name", Str()},
                            {"source", ProfileSource()},
                            {"profile", Ref("CsvProfileBody")},
                            {"updated_at", NullableTimestamp()}},
                           {"name", "source", "profile"});
  s["CsvProfileList"] = Object({{"items", ArrayOf(CsvProfileEntrySchema())}}, {"items"});
  s["Run"] = RunSchema();
  s["Match"] = MatchSchema();
  s["Decision"] = DecisionSchema();
  s["DecisionList"] = Object({{"line_id", Str()}, {"items", ArrayOf(Ref("Decision"))}}, {"items"});
  s["ManualMatch"] = Object({{"line_ids", ArrayOf(Str())}, {"allocations", Allocations()}, {"write_off", WriteOff()}},
                            {"line_ids", "allocations"});
  s["DecisionNote"] = {{"type", "object"},
                       {"description", "optional; a JSON object is accepted (clients send {}) and nothing in it is "
                                       "read yet"}};
  s["ReviewRequest"] = ReviewRequestSchema();
  s["ReviewAnswer"] = ReviewAnswerSchema();
  s["RuleSet"] = Object({{"company", Str()},
                         {"account", NullableStr()},
                         {"rules", ArrayOf({{"type", "object"}, {"description", "one rule; see README.md, Matching"}})}},
                        {"rules"});
  s["PayerList"] = Object({{"partner_id", Str()},
                           {"items", ArrayOf(Object({{"identity_kind", Str()},
                                                     {"identity", Str()},
                                                     {"confirmations", Int()},
                                                     {"rejections", Int()},
                                                     {"last_seen", NullableDate()}}))}},
                          {"items"});
  s["Connection"] = ConnectionSchema();
  s["ConnectionRequest"] = Object({{"name", Str()},
                                   {"type", Str()},
                                   {"settings", {{"type", "object"}}},
                                   {"secrets", {{"type", "object"}, {"additionalProperties", Str()}}},
                                   {"schedule", NullableStr()},
                                   {"schedule_tz", Str()},
                                   {"pulls_per_day_max", Int()},
                                   {"enabled", Bool()}});
  s["Pull"] = PullSchema();
  s["DeadLetter"] = DeadLetterSchema();
  s["ConsentAnswer"] = Object({{"consent_url", Str("where the account holder gives consent at the bank")}});
  s["StatementPage"] = Page("Statement");
  s["LinePage"] = Page("Line");
  s["OpenItemPage"] = Page("OpenItem");
  s["MatchPage"] = Page("Match");
  s["ConnectionPage"] = Page("Connection");
  s["PullPage"] = Page("Pull");
  s["DeadLetterPage"] = Page("DeadLetter");
  return s;
}

Json QueryParameter(const std::string& name) {
  struct Known {
    Json schema;
    const char* description;
  };
  static const std::map<std::string, Known> kKnown = {
      {"limit", {{{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"default", 100}}, "items per page"}},
      {"cursor", {{{"type", "string"}}, "next_cursor of the previous page"}},
      {"company", {{{"type", "string"}}, "the company; the configured default_company when absent"}},
      {"date_from", {Date(), "first day, inclusive"}},
      {"date_to", {Date(), "last day, inclusive"}},
      {"due_from", {Date(), "first due date, inclusive"}},
      {"due_to", {Date(), "last due date, inclusive"}},
      {"amount", {Amount(), "exact open amount, in currency's decimals"}},
      {"amount_min", {Amount(), "smallest amount, in currency's decimals"}},
      {"amount_max", {Amount(), "largest amount, in currency's decimals"}},
      {"async", {Enum({"true", "false", "1", "0"}), "answer 202 at once and run in the background"}},
      {"dry_run", {Enum({"true", "false", "1", "0"}), "decide but write nothing; the decisions are in the answer"}},
      {"q", {{{"type", "string"}}, "words to find"}},
      {"outcome", {Enum({"pending", "stored", "duplicate", "refused", "failed"}), "the receipt's outcome"}},
      {"source", {Enum({"upload", "pull", "unrecorded"}), "how the file came in"}},
      {"connection_id", {{{"type", "string"}}, "the connection whose pulls brought it (cn_…)"}},
      {"sha256", {{{"type", "string"}, {"pattern", "^[0-9a-fA-F]{64}$"}}, "the file's SHA-256 in hex"}},
  };
  Json p = {{"name", name}, {"in", "query"}, {"required", false}};
  auto it = kKnown.find(name);
  if (it == kKnown.end()) {
    p["schema"] = {{"type", "string"}};
  } else {
    p["schema"] = it->second.schema;
    p["description"] = it->second.description;
  }
  return p;
}

}  // namespace recon::api::openapi

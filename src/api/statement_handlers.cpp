// POST/GET /v1/statements and GET /v1/lines.
#include <spdlog/spdlog.h>

#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/multipart.hpp"
#include "api/responses.hpp"
#include "parsers/registry.hpp"
#include "util/digest.hpp"
#include "util/ids.hpp"
#include "util/phase_clock.hpp"

namespace recon::api {
namespace {

using server::http::status;

// The file's bytes: the whole body, or the "file" part of a multipart form.
Result<std::string_view> UploadedBytes(const server::RequestContext& ctx) {
  const auto type = ctx.request[server::http::field::content_type];
  const std::string_view content_type(type.data(), type.size());
  if (content_type.starts_with("multipart/form-data")) return MultipartPart(content_type, ctx.request.body(), "file");
  return std::string_view(ctx.request.body());
}

server::HttpResponse IngestAnswer(status code, const storage::IngestOutcome& outcome,
                                  std::optional<int64_t> reconcile_run = std::nullopt) {
  Json statements = Json::array();
  for (const auto& s : outcome.statements) statements.push_back(UploadedStatementToJson(s));
  Json answer{{"statements", std::move(statements)}};
  if (reconcile_run) answer["reconcile_run_id"] = util::FormatId(util::kRunPrefix, *reconcile_run);
  return JsonResponse(code, std::move(answer));
}

// New lines queue a reconcile of the company (auto_reconcile). The file is stored
// whatever happens here: a failure to queue is logged, and the next upload or an
// explicit POST /v1/reconcile picks the lines up.
std::optional<int64_t> ReconcileNewLines(App& app, const std::string& company, int64_t new_lines,
                                         const std::string& request_id) {
  if (!app.config.auto_reconcile || new_lines == 0) return std::nullopt;
  auto run = app.reconciler.EnqueueAfterUpload(company);
  if (!run) {
    spdlog::warn("request {}: reconcile after upload not queued: {}", request_id, run.error().message);
    return std::nullopt;
  }
  return *run;
}

}  // namespace

Result<server::HttpResponse> UploadStatement(App& app, server::RequestContext& ctx) {
  auto bytes = UploadedBytes(ctx);
  if (!bytes) return bytes.take_error();
  if (bytes->empty()) return MakeError(ErrorCode::kMalformedFile, "the uploaded file is empty", "byte 0");
  const std::string company = CompanyOf(ctx, app.config.default_company);
  util::PhaseClock clock;
  const std::string sha256 = util::Sha256Hex(*bytes);
  auto existing = app.statements.FindFile(company, sha256);
  if (!existing) return existing.take_error();
  if (*existing) return IngestAnswer(status::ok, **existing);
  const int64_t known_ms = clock.Lap();

  ParseOptions options;
  options.format = ctx.Query("format").value_or("");
  options.csv_profile = ctx.Query("profile").value_or("");
  options.file_bytes_max = app.config.body_bytes_max;
  options.statement_lines_max = app.config.statement_lines_max;
  options.xml_depth_max = app.config.xml_depth_max;
  options.archive_inflated_bytes_max = app.config.archive_inflated_bytes_max;
  options.archive_ratio_max = app.config.archive_ratio_max;
  options.archive_entries_max = app.config.archive_entries_max;
  options.archive_nesting_max = app.config.archive_nesting_max;
  auto parsed = parsers::ParseStatementFile(*bytes, options);
  const int64_t parse_ms = clock.Lap();
  if (!parsed) {
    spdlog::info("request {}: upload {} refused: {}", ctx.request_id, sha256.substr(0, 16), parsed.error().ToString());
    if (Status s = app.statements.RecordFailure(company, sha256, *bytes, parsed.error()); !s) return s.error();
    return parsed.take_error();
  }
  size_t parsed_lines = 0;
  for (const Statement& s : parsed->statements) parsed_lines += s.lines.size();
  spdlog::info("request {}: upload {} ({} bytes, hashed and looked up in {} ms) parsed as {}: {} statements, "
               "{} lines in {} ms", ctx.request_id, sha256.substr(0, 16), bytes->size(), known_ms, parsed->format,
               parsed->statements.size(), parsed_lines, parse_ms);
  auto stored = app.statements.StoreFile(company, sha256, *bytes, *parsed);
  if (!stored) return stored.take_error();
  if (!stored->created) return IngestAnswer(status::ok, *stored);
  int64_t lines = 0;
  for (const auto& s : stored->statements) lines += s.line_count;
  app.metrics.CountIngest(static_cast<int64_t>(stored->statements.size()), lines);
  return IngestAnswer(status::created, *stored, ReconcileNewLines(app, company, lines, ctx.request_id));
}

Result<server::HttpResponse> ListStatements(App& app, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  storage::StatementFilter filter;
  filter.company = CompanyOf(ctx, app.config.default_company);
  filter.after_id = page->after_id;
  filter.limit = page->limit;
  filter.status = ctx.Query("status");
  if (filter.status && *filter.status != "pending" && *filter.status != "processed" &&
      *filter.status != "reconciled" && *filter.status != "error") {
    return MakeError(ErrorCode::kInvalidRequest, "status must be pending, processed, reconciled or error", "status");
  }
  filter.account = ctx.Query("account");
  auto dates = DateRangeOf(ctx);
  if (!dates) return dates.take_error();
  filter.date_from = dates->from;
  filter.date_to = dates->to;
  auto rows = app.statements.ListStatements(filter);
  if (!rows) return rows.take_error();
  Json items = Json::array();
  for (const auto& s : *rows) items.push_back(StoredStatementToJson(s));
  return JsonResponse(status::ok, Json{{"items", std::move(items)},
                                       {"next_cursor", NextCursor(rows->size(), *page, rows->empty() ? 0 : rows->back().id)}});
}

Result<server::HttpResponse> GetStatement(App& app, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kStatementPrefix);
  if (!id) return id.take_error();
  auto row = app.statements.GetStatement(CompanyOf(ctx, app.config.default_company), *id);
  if (!row) return row.take_error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "there is no statement " + ctx.path_params["id"]);
  return JsonResponse(status::ok, StoredStatementToJson(**row));
}

Result<server::HttpResponse> ListLines(App& app, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  storage::LineFilter filter;
  filter.company = CompanyOf(ctx, app.config.default_company);
  filter.after_id = page->after_id;
  filter.limit = page->limit;
  filter.status = ctx.Query("status");
  if (filter.status && *filter.status != "unmatched" && *filter.status != "proposed" && *filter.status != "matched" &&
      *filter.status != "ignored") {
    return MakeError(ErrorCode::kInvalidRequest, "status must be unmatched, proposed, matched or ignored");
  }
  filter.account = ctx.Query("account");
  if (auto st = ctx.Query("statement_id")) {
    auto id = util::ParseId(util::kStatementPrefix, *st);
    if (!id) return MakeError(ErrorCode::kInvalidRequest, "statement_id '" + *st + "' is not a statement id (st_…)");
    filter.statement_id = *id;
  }
  auto dates = DateRangeOf(ctx);
  if (!dates) return dates.take_error();
  filter.date_from = dates->from;
  filter.date_to = dates->to;
  auto amounts = AmountRangeOf(ctx);
  if (!amounts) return amounts.take_error();
  filter.currency = amounts->currency;
  filter.amount_min = amounts->min;
  filter.amount_max = amounts->max;
  auto text = TextQueryOf(ctx);
  if (!text) return text.take_error();
  filter.text = *text;
  auto rows = app.statements.ListLines(filter);
  if (!rows) return rows.take_error();
  Json items = Json::array();
  for (const auto& l : *rows) items.push_back(StoredLineToJson(l));
  return JsonResponse(status::ok, Json{{"items", std::move(items)},
                                       {"next_cursor", NextCursor(rows->size(), *page, rows->empty() ? 0 : rows->back().id)}});
}

}  // namespace recon::api

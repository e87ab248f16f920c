// POST/GET /v1/statements and GET /v1/lines.
#include "api/handlers.hpp"
#include "api/json_codec.hpp"
#include "api/list_filters.hpp"
#include "api/multipart.hpp"
#include "api/responses.hpp"
#include "recon/status.hpp"
#include "util/ids.hpp"

namespace recon::api {
namespace {

using server::http::status;

// The file: the whole body, or the "file" part of a multipart form (with its filename).
Result<MultipartFilePart> UploadedFile(const server::RequestContext& ctx) {
  const auto type = ctx.request[server::http::field::content_type];
  const std::string_view content_type(type.data(), type.size());
  if (content_type.starts_with("multipart/form-data")) return MultipartFile(content_type, ctx.request.body(), "file");
  return MultipartFilePart{ctx.request.body(), {}};
}

Json IngestAnswer(const ingest::IngestResult& result) {
  Json statements = Json::array();
  for (const auto& s : result.stored.statements) statements.push_back(UploadedStatementToJson(s));
  Json answer{{"statements", std::move(statements)}, {"upload_id", util::FormatId(util::kUploadPrefix, result.upload_id)}};
  if (result.reconcile_run_id) answer["reconcile_run_id"] = util::FormatId(util::kRunPrefix, *result.reconcile_run_id);
  return answer;
}

// GET /v1/statements?status=&account=&date_from=&date_to=, checked; the company is the caller's.
Result<storage::StatementFilter> StatementFilterOf(const server::RequestContext& ctx, const Page& page) {
  storage::StatementFilter filter;
  filter.after_id = page.after_id;
  filter.limit = page.limit;
  auto state = StatusParameter(ctx, kAllStatementStatuses, StatementStatusName, StatusLocation::kParameter);
  if (!state) return state.take_error();
  if (*state) filter.status = std::string(StatementStatusName(**state));
  filter.account = ctx.Query("account");
  auto dates = DateRangeOf(ctx);
  if (!dates) return dates.take_error();
  filter.date_from = dates->from;
  filter.date_to = dates->to;
  return filter;
}

// GET /v1/lines?status=&account=&statement_id=&date_from=&date_to=&currency=&amount_min=&amount_max=&q=,
// checked in that order; the company is the caller's.
Result<storage::LineFilter> LineFilterOf(const server::RequestContext& ctx, const Page& page) {
  storage::LineFilter filter;
  filter.after_id = page.after_id;
  filter.limit = page.limit;
  auto state = StatusParameter(ctx, kAllLineStatuses, LineStatusName, StatusLocation::kNone);
  if (!state) return state.take_error();
  if (*state) filter.status = std::string(LineStatusName(**state));
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
  return filter;
}

}  // namespace

// Reads the file out of the request and hands it to the ingest service; the answer says
// what became of it: 201 stored, 200 stored before (the same ids), or the problem.
Result<server::HttpResponse> UploadStatement(const StatementDeps& deps, server::RequestContext& ctx) {
  auto file = UploadedFile(ctx);
  if (!file) return file.take_error();
  ingest::IngestRequest request;
  request.company = CompanyOf(ctx, deps.default_company);
  request.bytes = file->content;
  request.origin.source = storage::UploadSource::kUpload;
  if (!file->filename.empty()) request.origin.file_name = std::string(file->filename);
  request.format = ctx.Query("format").value_or("");
  request.profile = ctx.Query("profile").value_or("");
  request.log_label = "request " + ctx.request_id;
  auto result = deps.ingest.Ingest(request);
  if (!result) return result.take_error();
  switch (result->kind) {
    case ingest::IngestOutcomeKind::kRefused: return *result->problem;
    case ingest::IngestOutcomeKind::kDuplicate: return JsonResponse(status::ok, IngestAnswer(*result));
    case ingest::IngestOutcomeKind::kStored: return JsonResponse(status::created, IngestAnswer(*result));
  }
  return MakeError(ErrorCode::kInternal, "an ingest outcome without an answer");
}

Result<server::HttpResponse> ListStatements(const StatementDeps& deps, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto filter = StatementFilterOf(ctx, *page);
  if (!filter) return filter.take_error();
  filter->company = CompanyOf(ctx, deps.default_company);
  return PageAnswer(deps.statements.ListStatements(*filter), *page, StoredStatementToJson);
}

Result<server::HttpResponse> GetStatement(const StatementDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kStatementPrefix);
  if (!id) return id.take_error();
  auto row = deps.statements.GetStatement(CompanyOf(ctx, deps.default_company), *id);
  if (!row) return row.take_error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "there is no statement " + ctx.path_params["id"]);
  return JsonResponse(status::ok, StoredStatementToJson(**row));
}

Result<server::HttpResponse> ListLines(const StatementDeps& deps, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto filter = LineFilterOf(ctx, *page);
  if (!filter) return filter.take_error();
  filter->company = CompanyOf(ctx, deps.default_company);
  return PageAnswer(deps.statements.ListLines(*filter), *page, StoredLineToJson);
}

}  // namespace recon::api

// GET /v1/uploads, /v1/uploads/{id} and /v1/uploads/{id}/content: every file recond received,
// what became of it, and its bytes as received.
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/handlers.hpp"
#include "api/list_filters.hpp"
#include "api/responses.hpp"
#include "recon/ascii.hpp"
#include "recon/digest.hpp"
#include "recon/hex.hpp"
#include "server/problem.hpp"
#include "util/ids.hpp"

namespace recon::api {
namespace {

using server::http::status;
using Json = nlohmann::json;

Json Nullable(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

// The problem a receipt keeps, in the problem+json form the upload was answered with.
Json ProblemJson(const storage::UploadProblem& p) {
  ErrorCode code = ErrorCode::kInternal;
  for (ErrorCode c : kAllErrorCodes) {
    if (ErrorCodeName(c) == p.type) code = c;
  }
  return server::ProblemBody(MakeError(code, p.detail, p.location.value_or("")));
}

Json UploadToJson(const storage::UploadReceipt& u) {
  Json statements = Json::array();
  for (int64_t id : u.statement_ids) statements.push_back(util::FormatId(util::kStatementPrefix, id));
  const std::string id = util::FormatId(util::kUploadPrefix, u.id);
  return Json{
      {"id", id},
      {"received_at", u.received_at},
      {"finished_at", Nullable(u.finished_at)},
      {"source", std::string(storage::UploadSourceName(u.origin.source))},
      {"connection_id", u.origin.connection_id
                            ? Json(util::FormatId(util::kConnectionPrefix, *u.origin.connection_id))
                            : Json(nullptr)},
      {"pull_id", u.origin.pull_id ? Json(util::FormatId(util::kPullPrefix, *u.origin.pull_id)) : Json(nullptr)},
      {"file_name", Nullable(u.origin.file_name)},
      {"size_bytes", u.size_bytes},
      {"sha256", u.sha256},
      {"format", Nullable(u.format)},
      {"profile", Nullable(u.profile)},
      {"outcome", std::string(storage::UploadOutcomeName(u.outcome))},
      {"statements", std::move(statements)},
      {"problem", u.problem ? ProblemJson(*u.problem) : Json(nullptr)},
      {"content",
       {{"available", u.content_kept},
        {"purged_at", Nullable(u.content_purged_at)},
        {"href", u.content_kept ? Json("/v1/uploads/" + id + "/content") : Json(nullptr)}}}};
}

Result<storage::UploadFilter> FilterOf(const server::RequestContext& ctx) {
  storage::UploadFilter f;
  if (auto outcome = ctx.Query("outcome")) {
    f.outcome = storage::UploadOutcomeNamed(*outcome);
    if (!f.outcome) return BadParameter("outcome", "must be pending, stored, duplicate, refused or failed");
  }
  if (auto source = ctx.Query("source")) {
    f.source = storage::UploadSourceNamed(*source);
    if (!f.source) return BadParameter("source", "must be upload, pull or unrecorded");
  }
  if (auto connection = ctx.Query("connection_id")) {
    f.connection_id = util::ParseId(util::kConnectionPrefix, *connection);
    if (!f.connection_id) return BadParameter("connection_id", "must be a connection id (cn_…)");
  }
  if (auto sha = ctx.Query("sha256")) {
    if (sha->size() != 64 || !std::all_of(sha->begin(), sha->end(), ascii::IsHexDigit)) {
      return BadParameter("sha256", "must be 64 hexadecimal digits");
    }
    f.sha256 = ascii::Lowercased(*sha);
  }
  auto dates = DateRangeOf(ctx);
  if (!dates) return dates.take_error();
  f.date_from = dates->from;
  f.date_to = dates->to;
  return f;
}

Result<storage::UploadReceipt> ReceiptAt(const UploadDeps& deps, server::RequestContext& ctx) {
  auto id = PathId(ctx, "id", util::kUploadPrefix);
  if (!id) return id.take_error();
  auto receipt = deps.uploads.Get(CompanyOf(ctx, deps.default_company), *id);
  if (!receipt) return receipt.take_error();
  if (!*receipt) return MakeError(ErrorCode::kNotFound, "there is no upload " + ctx.path_params["id"]);
  return std::move(**receipt);
}

// The usual file name extension of a format, for a file the sender did not name.
std::string_view ExtensionOf(const std::optional<std::string>& format) {
  struct Extension {
    std::string_view format_prefix;
    std::string_view extension;
  };
  static constexpr Extension kExtensions[] = {{"camt", ".xml"},  {"mt94", ".sta"},         {"ofx", ".ofx"},
                                              {"qfx", ".qfx"},   {"csv", ".csv"},          {"zip", ".zip"},
                                              {"berlin-group", ".json"}};
  for (const Extension& e : kExtensions) {
    if (format && format->starts_with(e.format_prefix)) return e.extension;
  }
  return ".bin";
}

// Content-Disposition for the download: an ASCII fallback name and the sender's own (RFC 6266, RFC 8187).
std::string ContentDisposition(const storage::UploadReceipt& u) {
  const std::string fallback_name = util::FormatId(util::kUploadPrefix, u.id) + std::string(ExtensionOf(u.format));
  const std::string& name = u.origin.file_name.value_or(fallback_name);
  std::string plain_name, encoded;
  for (char c : name) {
    const bool plain = ascii::IsAlnum(c) || c == '.' || c == '-' || c == '_';
    plain_name += plain ? c : '_';
    if (plain) {
      encoded += c;
    } else {
      encoded += '%';
      hex::AppendUpper(encoded, static_cast<unsigned char>(c));
    }
  }
  return "attachment; filename=\"" + plain_name + "\"; filename*=UTF-8''" + encoded;
}

// RFC 9530 Repr-Digest of the bytes, from their hex SHA-256.
std::string ReprDigest(const std::string& sha256_hex) {
  const std::string digest = hex::Decode(sha256_hex).value_or(std::string());
  std::string base64(4 * ((digest.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()),
                                     reinterpret_cast<const unsigned char*>(digest.data()), static_cast<int>(digest.size()));
  base64.resize(static_cast<size_t>(length));
  return "sha-256=:" + base64 + ":";
}

}  // namespace

HandlerResult ListUploads(const UploadDeps& deps, server::RequestContext& ctx) {
  auto page = PageOf(ctx);
  if (!page) return page.take_error();
  auto filter = FilterOf(ctx);
  if (!filter) return filter.take_error();
  filter->company = CompanyOf(ctx, deps.default_company);
  filter->after_id = page->after_id;
  filter->limit = page->limit;
  return PageAnswer(deps.uploads.List(*filter), *page, UploadToJson);
}

HandlerResult GetUpload(const UploadDeps& deps, server::RequestContext& ctx) {
  auto receipt = ReceiptAt(deps, ctx);
  if (!receipt) return receipt.take_error();
  return JsonResponse(status::ok, UploadToJson(*receipt));
}

HandlerResult GetUploadContent(const UploadDeps& deps, server::RequestContext& ctx) {
  auto receipt = ReceiptAt(deps, ctx);
  if (!receipt) return receipt.take_error();
  const std::string id = ctx.path_params["id"];
  auto bytes = deps.uploads.Content(*receipt);
  if (!bytes) return bytes.take_error();
  if (!*bytes) {
    if (receipt->content_purged_at) {
      return MakeError(ErrorCode::kNotFound, "the bytes of upload " + id + " were purged at " +
                                                 *receipt->content_purged_at +
                                                 ", after the retention of refused files (refused_upload_retention_days)");
    }
    return MakeError(ErrorCode::kNotFound, "recond kept no bytes of upload " + id + ": it is " +
                                               std::string(storage::UploadOutcomeName(receipt->outcome)) +
                                               " (only stored, duplicate and refused files are kept)");
  }
  // What is handed out is what was received: checked, not assumed.
  if (Sha256Hex(**bytes) != receipt->sha256) {
    spdlog::error("request {}: the stored bytes of upload {} do not have the SHA-256 of its receipt", ctx.request_id,
                  id);
    return MakeError(ErrorCode::kInternal, "stored bytes of " + id + " differ from their receipt");
  }
  server::HttpResponse res{status::ok, 11};
  res.set(server::http::field::content_type, "application/octet-stream");
  res.set(server::http::field::content_disposition, ContentDisposition(*receipt));
  res.set(server::http::field::etag, "\"" + receipt->sha256 + "\"");
  res.set("Repr-Digest", ReprDigest(receipt->sha256));
  res.body() = std::move(**bytes);
  res.prepare_payload();
  return res;
}

}  // namespace recon::api

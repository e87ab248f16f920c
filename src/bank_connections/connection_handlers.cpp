// /v1/connections, /v1/dead-letters and the OAuth callback: thin handlers over ConnectionService.
#include "bank_connections/connection_handlers.hpp"

#include <spdlog/spdlog.h>

#include "api/responses.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {
namespace {

using Json = nlohmann::json;
using server::http::status;

std::string Company(const ConnectionHandlerDeps& deps, const server::RequestContext& ctx) {
  return api::CompanyOf(ctx, deps.default_company);
}

}  // namespace

HandlerResult CreateConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto body = api::ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto created = deps.service.Create(Company(deps, ctx), *body);
  if (!created) return created.take_error();
  return api::JsonResponse(status::created, ConnectionToJson(*created));
}

HandlerResult ListConnections(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto page = api::PageOf(ctx);
  if (!page) return page.take_error();
  return api::PageAnswer(deps.service.store().List(Company(deps, ctx), page->after_id, page->limit), *page,
                         ConnectionToJson);
}

HandlerResult GetConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto row = deps.service.store().Get(Company(deps, ctx), *id);
  if (!row) return row.take_error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "there is no connection " + ctx.path_params["id"]);
  return api::JsonResponse(status::ok, ConnectionToJson(**row));
}

HandlerResult PatchConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto body = api::ParseJsonBody(ctx);
  if (!body) return body.take_error();
  std::vector<std::string> erased;
  auto updated = deps.service.Update(Company(deps, ctx), *id, *body, &erased);
  if (!updated) return updated.take_error();
  Json answer = ConnectionToJson(*updated);
  // A changed endpoint URL erased the secrets meant for the old one: the answer says which.
  answer["secrets_erased"] = erased;
  return api::JsonResponse(status::ok, answer);
}

HandlerResult DeleteConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto deleted = deps.service.store().Delete(Company(deps, ctx), *id);
  if (!deleted) return deleted.take_error();
  if (!*deleted) return MakeError(ErrorCode::kNotFound, "there is no connection " + ctx.path_params["id"]);
  spdlog::info("request {}: connection {} deleted, its secrets erased", ctx.request_id, ctx.path_params["id"]);
  server::HttpResponse res{status::no_content, 11};
  return res;
}

HandlerResult PullConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto pull = deps.service.Pull(Company(deps, ctx), *id, "api");
  if (!pull) return pull.take_error();
  return api::JsonResponse(status::created, PullToJson(*pull));
}

HandlerResult ListPulls(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto page = api::PageOf(ctx);
  if (!page) return page.take_error();
  const std::string company = Company(deps, ctx);
  auto connection = deps.service.store().Get(company, *id);
  if (!connection) return connection.take_error();
  if (!*connection) return MakeError(ErrorCode::kNotFound, "there is no connection " + ctx.path_params["id"]);
  return api::PageAnswer(deps.service.store().ListPulls(company, *id, page->after_id, page->limit), *page, PullToJson);
}

HandlerResult ListDeadLetters(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto page = api::PageOf(ctx);
  if (!page) return page.take_error();
  const std::string state = ctx.Query("status").value_or("open");
  if (state != "open" && state != "replayed" && state != "all")
    return MakeError(ErrorCode::kInvalidRequest, "status must be open, replayed or all", "status");
  auto rows = deps.service.store().ListDeadLetters(Company(deps, ctx), state == "all" ? "" : state, page->after_id,
                                                   page->limit);
  return api::PageAnswer(std::move(rows), *page, DeadLetterToJson);
}

HandlerResult ReplayDeadLetter(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kDeadLetterPrefix);
  if (!id) return id.take_error();
  auto pull = deps.service.Replay(Company(deps, ctx), *id);
  if (!pull) return pull.take_error();
  return api::JsonResponse(status::created, PullToJson(*pull));
}

HandlerResult StartConsent(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto url = deps.service.ConsentUrl(Company(deps, ctx), *id);
  if (!url) return url.take_error();
  return api::JsonResponse(status::ok, Json{{"consent_url", *url}});
}

HandlerResult OAuthCallback(const ConnectionHandlerDeps& deps, server::RequestContext& ctx) {
  if (auto error = ctx.Query("error"))
    return MakeError(ErrorCode::kForbidden, "the bank did not grant consent: " + *error, "error");
  auto connection = deps.service.FinishConsent(ctx.Query("state").value_or(""), ctx.Query("code").value_or(""));
  if (!connection) return connection.take_error();
  return api::JsonResponse(status::ok, Json{{"connection_id", util::FormatId(kConnectionPrefix, connection->id)},
                                            {"consent", "granted"}});
}

}  // namespace recon::bank_connections

// /v1/connections, /v1/dead-letters and the OAuth callback: thin handlers over ConnectionService.
#include "bank_connections/routes.hpp"

#include <spdlog/spdlog.h>

#include <memory>

#include "api/idempotency.hpp"
#include "api/responses.hpp"
#include "bank_connections/connection_service.hpp"
#include "config/config.hpp"
#include "security/secret_keys.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {
namespace {

using Json = nlohmann::json;
using server::http::status;
using server::http::verb;
using Service = std::shared_ptr<ConnectionService>;
using Handler = Result<server::HttpResponse> (*)(ConnectionService&, api::App&, server::RequestContext&);

std::string Company(api::App& app, const server::RequestContext& ctx) {
  return api::CompanyOf(ctx, app.config.default_company);
}

Result<server::HttpResponse> CreateConnection(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto body = api::ParseJsonBody(ctx);
  if (!body) return body.take_error();
  auto created = svc.Create(Company(app, ctx), *body);
  if (!created) return created.take_error();
  return api::JsonResponse(status::created, ConnectionToJson(*created));
}

Result<server::HttpResponse> ListConnections(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto page = api::PageOf(ctx);
  if (!page) return page.take_error();
  return api::PageAnswer(svc.store().List(Company(app, ctx), page->after_id, page->limit), *page, ConnectionToJson);
}

Result<server::HttpResponse> GetConnection(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto row = svc.store().Get(Company(app, ctx), *id);
  if (!row) return row.take_error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "there is no connection " + ctx.path_params["id"]);
  return api::JsonResponse(status::ok, ConnectionToJson(**row));
}

Result<server::HttpResponse> PatchConnection(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto body = api::ParseJsonBody(ctx);
  if (!body) return body.take_error();
  std::vector<std::string> erased;
  auto updated = svc.Update(Company(app, ctx), *id, *body, &erased);
  if (!updated) return updated.take_error();
  Json answer = ConnectionToJson(*updated);
  // A changed endpoint URL erased the secrets meant for the old one: the answer says which.
  answer["secrets_erased"] = erased;
  return api::JsonResponse(status::ok, answer);
}

Result<server::HttpResponse> DeleteConnection(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto deleted = svc.store().Delete(Company(app, ctx), *id);
  if (!deleted) return deleted.take_error();
  if (!*deleted) return MakeError(ErrorCode::kNotFound, "there is no connection " + ctx.path_params["id"]);
  spdlog::info("request {}: connection {} deleted, its secrets erased", ctx.request_id, ctx.path_params["id"]);
  server::HttpResponse res{status::no_content, 11};
  return res;
}

Result<server::HttpResponse> PullConnection(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto pull = svc.Pull(Company(app, ctx), *id, "api");
  if (!pull) return pull.take_error();
  return api::JsonResponse(status::created, PullToJson(*pull));
}

Result<server::HttpResponse> ListPulls(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto page = api::PageOf(ctx);
  if (!page) return page.take_error();
  const std::string company = Company(app, ctx);
  auto connection = svc.store().Get(company, *id);
  if (!connection) return connection.take_error();
  if (!*connection) return MakeError(ErrorCode::kNotFound, "there is no connection " + ctx.path_params["id"]);
  return api::PageAnswer(svc.store().ListPulls(company, *id, page->after_id, page->limit), *page, PullToJson);
}

Result<server::HttpResponse> ListDeadLetters(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto page = api::PageOf(ctx);
  if (!page) return page.take_error();
  const std::string state = ctx.Query("status").value_or("open");
  if (state != "open" && state != "replayed" && state != "all")
    return MakeError(ErrorCode::kInvalidRequest, "status must be open, replayed or all", "status");
  auto rows = svc.store().ListDeadLetters(Company(app, ctx), state == "all" ? "" : state, page->after_id, page->limit);
  return api::PageAnswer(std::move(rows), *page, DeadLetterToJson);
}

Result<server::HttpResponse> ReplayDeadLetter(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kDeadLetterPrefix);
  if (!id) return id.take_error();
  auto pull = svc.Replay(Company(app, ctx), *id);
  if (!pull) return pull.take_error();
  return api::JsonResponse(status::created, PullToJson(*pull));
}

Result<server::HttpResponse> StartConsent(ConnectionService& svc, api::App& app, server::RequestContext& ctx) {
  auto id = api::PathId(ctx, "id", kConnectionPrefix);
  if (!id) return id.take_error();
  auto url = svc.ConsentUrl(Company(app, ctx), *id);
  if (!url) return url.take_error();
  return api::JsonResponse(status::ok, Json{{"consent_url", *url}});
}

// The bank redirects the person's browser here: no bearer token, the state is the credential.
Result<server::HttpResponse> OAuthCallback(ConnectionService& svc, api::App&, server::RequestContext& ctx) {
  if (auto error = ctx.Query("error"))
    return MakeError(ErrorCode::kForbidden, "the bank did not grant consent: " + *error, "error");
  auto connection = svc.FinishConsent(ctx.Query("state").value_or(""), ctx.Query("code").value_or(""));
  if (!connection) return connection.take_error();
  return api::JsonResponse(status::ok, Json{{"connection_id", util::FormatId(kConnectionPrefix, connection->id)},
                                            {"consent", "granted"}});
}

}  // namespace

void RegisterConnectionRoutes(server::Router& router, api::App& app) {
  auto box = security::LoadSecretKeys(config::ProcessEnvironment());
  if (!box) spdlog::error("connection secrets: {}", box.error().ToString());
  auto service = std::make_shared<ConnectionService>(app, box ? std::move(box).value() : security::SecretBox(),
                                                     connectors::BuiltinConnectors());
  service->ResealUnbound();  // secrets sealed before they were bound to their connection (0017)
  auto bind = [&app, service](Handler fn) {
    return [&app, service, fn](server::RequestContext& ctx) { return fn(*service, app, ctx); };
  };
  router.Add({verb::post, "/v1/connections", true, api::Idempotent(app, bind(&CreateConnection))});
  router.Add({verb::get, "/v1/connections", true, bind(&ListConnections)});
  router.Add({verb::get, "/v1/connections/{id}", true, bind(&GetConnection)});
  router.Add({verb::patch, "/v1/connections/{id}", true, bind(&PatchConnection)});
  router.Add({verb::delete_, "/v1/connections/{id}", true, bind(&DeleteConnection)});
  router.Add({verb::post, "/v1/connections/{id}/pull", true, api::Idempotent(app, bind(&PullConnection))});
  router.Add({verb::get, "/v1/connections/{id}/pulls", true, bind(&ListPulls)});
  router.Add({verb::post, "/v1/connections/{id}/consent", true, api::Idempotent(app, bind(&StartConsent))});
  router.Add({verb::get, "/v1/dead-letters", true, bind(&ListDeadLetters)});
  router.Add({verb::post, "/v1/dead-letters/{id}/replay", true, api::Idempotent(app, bind(&ReplayDeadLetter))});
  router.Add({verb::get, "/oauth/callback", false, bind(&OAuthCallback)});
}

}  // namespace recon::bank_connections

// The bank-connection part of the API (issue 6): /v1/connections, /v1/dead-letters and the
// OAuth callback, thin handlers over ConnectionService. The routes table (src/daemon/routes.cpp)
// registers them.
#pragma once

#include <string>

#include "bank_connections/connection_service.hpp"
#include "server/http_types.hpp"

namespace recon::bank_connections {

// What the handlers use; the struct is copied into each route, what it refers to must outlive the router.
struct ConnectionHandlerDeps {
  const std::string& default_company;  // of a request without ?company=
  ConnectionService& service;
};

using HandlerResult = Result<server::HttpResponse>;

HandlerResult CreateConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult ListConnections(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult GetConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
// A changed endpoint URL erases the secrets meant for the old one: the answer says which.
HandlerResult PatchConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult DeleteConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult PullConnection(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult ListPulls(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult StartConsent(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
// The bank redirects the person's browser here: no bearer token, the state is the credential.
HandlerResult OAuthCallback(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult ListDeadLetters(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);
HandlerResult ReplayDeadLetter(const ConnectionHandlerDeps& deps, server::RequestContext& ctx);

}  // namespace recon::bank_connections

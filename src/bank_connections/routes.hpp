// The bank-connection part of the API and the `recond pull` command (issue 6).
#pragma once

#include <string>
#include <vector>

#include "api/app.hpp"
#include "server/router.hpp"

namespace recon::bank_connections {

// Registers /v1/connections, /v1/dead-letters and the OAuth callback on `router`.
void RegisterConnectionRoutes(server::Router& router, api::App& app);

// `recond pull [--connection ID | --all] [--config FILE]`; an exit status.
int PullCommand(const std::vector<std::string>& args);

}  // namespace recon::bank_connections

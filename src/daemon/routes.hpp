// Every route of recond's API, in one table (routes.cpp): method, path, handler.
#pragma once

#include "api/handlers.hpp"
#include "api/idempotency.hpp"
#include "bank_connections/connection_handlers.hpp"
#include "config/config.hpp"
#include "daemon/services.hpp"
#include "server/router.hpp"

namespace recon::daemon {

// What the table hands each group of handlers, and the Idempotency-Key wrapper of every POST.
struct RouteDeps {
  api::OpsDeps ops;
  api::StatementDeps statements;
  api::OpenItemDeps open_items;
  api::MatchDeps matches;
  api::RuleDeps rules;
  api::JobDeps jobs;
  api::UploadDeps uploads;
  api::CsvProfileDeps csv_profiles;
  bank_connections::ConnectionHandlerDeps connections;
  api::IdempotencyDeps idempotency;
};

// Each group's part of `config`, `pool` and `services`, which must outlive what is built from it.
RouteDeps RouteDepsOf(const config::Config& config, storage::ConnectionPool& pool, Services& services);

// Registers every route on `router`, in the order of the API document (GET /v1/openapi.json).
void RegisterRoutes(server::Router& router, const RouteDeps& deps);

}  // namespace recon::daemon

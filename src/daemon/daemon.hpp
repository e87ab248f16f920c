// `recond serve`: the one place where the running server is put together. Its parts are
// members, built in the order they need each other and destroyed in the reverse, so that
// stopping is the destructor's work: the HTTP server has drained when Run returns; then the
// scheduler stops queueing pulls, the running jobs finish (queued ones wait in the table for
// the next process), the idempotency leases end, and the pool closes.
#pragma once

#include <optional>

#include "api/idempotency_leases.hpp"
#include "bank_connections/background.hpp"
#include "config/config.hpp"
#include "daemon/running.hpp"
#include "daemon/services.hpp"
#include "daemon/startup.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/maintenance.hpp"
#include "server/dispatcher.hpp"
#include "server/http_server.hpp"
#include "server/router.hpp"
#include "storage/pg.hpp"

namespace recon::daemon {

class Daemon {
 public:
  // Builds every part and registers the job handlers and routes; nothing runs yet, and the
  // database is not called.
  Daemon(config::Config config, StartInputs inputs);
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Applies the migrations, re-seals secrets sealed before they were bound to their place,
  // listens, and starts the idempotency leases, the job runner and the scheduler. False (after
  // a message) when the database or the listening address refuses; nothing was started then.
  bool Start();

  // Serves until SIGTERM or SIGINT, then drains the HTTP server (shutdown_grace_ms). The rest
  // stops when the Daemon is destroyed.
  void Run();

 private:
  void RegisterJobs();

  const config::Config config_;
  storage::ConnectionPool pool_;
  Services services_;
  // Housekeeping tasks, run by the maintenance job (jobs::kMaintenanceJob).
  jobs::Maintenance maintenance_;
  server::Router router_;
  server::Dispatcher dispatcher_;
  const server::ServerSettings server_settings_;
  server::HttpServer http_;
  // Started by Start() in this order, stopped in the reverse when the Daemon goes.
  std::optional<Running<api::IdempotencyLeases>> leases_running_;
  std::optional<Running<jobs::JobRunner>> jobs_running_;
  // Queues due pulls and checks the connections' health (a thread of its own).
  std::optional<bank_connections::BackgroundWork> scheduler_;
};

}  // namespace recon::daemon

#include "daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "daemon/routes.hpp"
#include "ingest/ingest_service.hpp"

namespace recon::daemon {
namespace {

server::ServerSettings ServerSettingsOf(const config::Config& cfg) {
  server::ServerSettings settings;
  const size_t colon = cfg.listen.rfind(':');
  settings.host = cfg.listen.substr(0, colon);
  settings.port = static_cast<uint16_t>(std::stoi(cfg.listen.substr(colon + 1)));
  settings.io_threads =
      cfg.threads > 0 ? cfg.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  settings.worker_threads = cfg.worker_threads > 0 ? cfg.worker_threads : static_cast<int>(cfg.db_pool_size_max);
  settings.body_bytes_max = cfg.body_bytes_max;
  settings.json_bytes_max = cfg.json_bytes_max;
  settings.header_bytes_max = cfg.header_bytes_max;
  settings.connections_max = cfg.connections_max;
  settings.request_queue_max = cfg.request_queue_max;
  settings.read_timeout = std::chrono::milliseconds(cfg.read_timeout_ms);
  settings.shutdown_grace = std::chrono::milliseconds(cfg.shutdown_grace_ms);
  return settings;
}

server::DispatchSettings DispatchSettingsOf(const config::Config& cfg) {
  return server::DispatchSettings{JsonLimits{cfg.json_depth_max, cfg.json_bytes_max},
                                  server::RateLimitSettings{cfg.rate_limit_per_second, cfg.rate_limit_burst}};
}

// Housekeeping, one task a line; each runs once per maintenance_interval_seconds across all processes.
jobs::Maintenance MaintenanceOf(const config::Config& cfg, Services& s) {
  jobs::Maintenance maintenance;
  maintenance.Add("purge_idempotency_keys", [&s] { return s.idempotency.PurgeExpired(); });
  maintenance.Add("purge_refused_uploads", [&s, days = cfg.refused_upload_retention_days]() -> Result<int64_t> {
    constexpr int kFilesPerTransaction = 500;  // short transactions; the loop takes the rest
    int64_t purged = 0;
    for (;;) {
      auto n = s.uploads.PurgeRefusedContent(days, kFilesPerTransaction);
      if (!n) return n.take_error();
      purged += *n;
      if (*n < kFilesPerTransaction) return purged;
    }
  });
  maintenance.Add("line_texts", [&s] { return s.statements.IndexAllPendingTexts(""); });
  return maintenance;
}

server::Router RouterOf(const config::Config& cfg, storage::ConnectionPool& pool, Services& services) {
  server::Router router;
  RegisterRoutes(router, RouteDepsOf(cfg, pool, services));
  return router;
}

}  // namespace

Daemon::Daemon(config::Config config, StartInputs inputs)
    : config_(std::move(config)),
      pool_(PoolSettingsOf(config_)),
      services_(config_, pool_, std::move(inputs.default_rules), std::move(inputs.box)),
      maintenance_(MaintenanceOf(config_, services_)),
      router_(RouterOf(config_, pool_, services_)),
      dispatcher_(router_, services_.metrics, config_.dev_token, DispatchSettingsOf(config_)),
      server_settings_(ServerSettingsOf(config_)),
      http_(server_settings_, dispatcher_) {
  RegisterJobs();
}

// Every kind of background job and what runs it: reconcile runs queued by the API or by new
// statements, the search texts of new lines, bank pulls, and housekeeping.
void Daemon::RegisterJobs() {
  jobs::JobRunner& runner = services_.runner;
  runner.Handle(jobs::kReconcileJob, [this](const jobs::ClaimedJob& job) { return services_.reconciler.RunJob(job); });
  runner.Handle(ingest::kLineTextsJob, [this](const jobs::ClaimedJob& job) -> Status {
    auto lines = services_.statements.IndexAllPendingTexts(job.company);
    if (!lines) return lines.error();
    return Status::Ok();
  });
  runner.Handle(bank_connections::kPullJob, bank_connections::PullJobHandler(services_.connections));
  runner.Handle(jobs::kMaintenanceJob, [this](const jobs::ClaimedJob& job) { return maintenance_.Run(job); });
  runner.Every(jobs::kMaintenanceJob, std::chrono::seconds(config_.maintenance_interval_seconds));
}

bool Daemon::Start() {
  if (!RunMigrations(pool_)) return false;
  services_.connections.ResealUnbound();  // secrets sealed before they were bound to their connection (0017)
  if (Status s = http_.Start(); !s) {
    spdlog::error("{}", s.error().message);
    return false;
  }
  spdlog::info("recond {} listening on http://{}:{}", RECOND_VERSION, server_settings_.host, http_.port());
  leases_running_.emplace(services_.idempotency_leases);
  jobs_running_.emplace(services_.runner);
  scheduler_.emplace(bank_connections::BackgroundDeps{pool_, services_.jobs, services_.runner, services_.metrics,
                                                      services_.connections});
  return true;
}

void Daemon::Run() {
  boost::asio::io_context signal_ioc;
  boost::asio::signal_set signals(signal_ioc, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}; draining", signal);
    http_.Stop();
  });
  std::thread signal_thread([&signal_ioc] { signal_ioc.run(); });
  http_.Run();
  signal_ioc.stop();
  signal_thread.join();
}

}  // namespace recon::daemon

// `recond serve` and `recond migrate`: configuration, logging, the pool, migrations,
// the HTTP server, and a graceful stop on SIGTERM/SIGINT.
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <thread>

#include "api/app.hpp"
#include "api/handlers.hpp"
#include "cli/commands.hpp"
#include "connections/background.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/maintenance.hpp"
#include "server/dispatcher.hpp"
#include "server/http_server.hpp"
#include "server/logging.hpp"
#include "storage/migrations.hpp"

namespace recon::cli {
namespace {

// Loads configuration and sets up logging; nullopt (after a message) on failure.
std::optional<config::Config> Configure(const std::vector<std::string>& args) {
  auto cfg = config::Load(FlagValue(args, "--config"), config::ProcessEnvironment());
  if (!cfg) {
    std::fprintf(stderr, "recond: %s\n", cfg.error().message.c_str());
    return std::nullopt;
  }
  server::SetupLogging(cfg->log_format, cfg->log_level);
  if (cfg->database_url.empty()) {
    spdlog::error("no database: set RECOND_DATABASE_URL or database_url (scripts/run starts one for you)");
    return std::nullopt;
  }
  return std::move(*cfg);
}

bool RunMigrations(storage::ConnectionPool& pool) {
  auto conn = pool.Acquire();
  if (!conn) {
    spdlog::error("migrations: {}", conn.error().message);
    return false;
  }
  auto applied = storage::ApplyMigrations(**conn);
  if (!applied) {
    spdlog::error("migrations failed: {}", applied.error().message);
    return false;
  }
  spdlog::info("database schema is current ({} migration(s) applied now)", *applied);
  return true;
}

std::string RandomToken() {
  unsigned char bytes[24];
  RAND_bytes(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "dev_";
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

// The rule set for companies without their own: the rules file when configured, else built in.
std::optional<matching::RuleSet> LoadDefaultRules(const config::Config& cfg) {
  if (cfg.rules_file.empty()) return matching::DefaultRuleSet();
  std::string text;
  if (!ReadFile(cfg.rules_file, text)) return std::nullopt;
  auto rules = matching::ParseRuleSetText(text);
  if (!rules) {
    spdlog::error("rules file {}: {}", cfg.rules_file, rules.error().ToString());
    return std::nullopt;
  }
  spdlog::info("default rule set from {} ({} rules)", cfg.rules_file, rules->rules.size());
  return std::move(*rules);
}

storage::PoolSettings PoolSettingsOf(const config::Config& cfg) {
  return storage::PoolSettings{cfg.database_url, cfg.db_pool_size_max,
                               std::chrono::milliseconds(cfg.db_acquire_timeout_ms)};
}

}  // namespace

int Migrate(const std::vector<std::string>& args) {
  auto cfg = Configure(args);
  if (!cfg) return kExitFailure;
  storage::ConnectionPool pool(PoolSettingsOf(*cfg));
  return RunMigrations(pool) ? kExitOk : kExitFailure;
}

int Serve(const std::vector<std::string>& args) {
  auto cfg = Configure(args);
  if (!cfg) return kExitFailure;
  if (cfg->dev_token.empty()) {
    cfg->dev_token = RandomToken();
    spdlog::warn("RECOND_DEV_TOKEN was not set; generated development token: {}", cfg->dev_token);
  }
  storage::ConnectionPool pool(PoolSettingsOf(*cfg));
  if (!RunMigrations(pool)) return kExitFailure;

  auto default_rules = LoadDefaultRules(*cfg);
  if (!default_rules) return kExitFailure;
  server::Metrics metrics;
  api::App app(*cfg, pool, metrics, std::move(*default_rules));
  server::Router router;
  api::RegisterRoutes(router, app);
  server::Dispatcher dispatcher(router, metrics, cfg->dev_token);

  server::ServerSettings settings;
  const size_t colon = cfg->listen.rfind(':');
  settings.host = cfg->listen.substr(0, colon);
  settings.port = static_cast<uint16_t>(std::stoi(cfg->listen.substr(colon + 1)));
  settings.io_threads = cfg->threads > 0 ? cfg->threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  settings.worker_threads = cfg->worker_threads > 0 ? cfg->worker_threads : static_cast<int>(cfg->db_pool_size_max);
  settings.body_bytes_max = cfg->body_bytes_max;
  settings.header_bytes_max = cfg->header_bytes_max;
  settings.read_timeout = std::chrono::milliseconds(cfg->read_timeout_ms);
  settings.shutdown_grace = std::chrono::milliseconds(cfg->shutdown_grace_ms);
  server::HttpServer http_server(settings, dispatcher);
  if (Status s = http_server.Start(); !s) {
    spdlog::error("{}", s.error().message);
    return kExitFailure;
  }
  spdlog::info("recond {} listening on http://{}:{}", RECOND_VERSION, settings.host, http_server.port());

  // Background jobs (reconcile runs queued by the API or by new statements, pulls, maintenance).
  jobs::JobRunner& job_runner = app.runner;
  job_runner.Handle(jobs::kReconcileJob, [&app](const jobs::ClaimedJob& job) { return app.reconciler.RunJob(job); });
  // Housekeeping, one task a line; each runs once per maintenance_interval_seconds across all processes.
  jobs::Maintenance maintenance;
  maintenance.Add("purge_idempotency_keys", [&app] { return app.idempotency.PurgeExpired(); });
  job_runner.Handle(jobs::kMaintenanceJob, [&maintenance](const jobs::ClaimedJob& job) { return maintenance.Run(job); });
  job_runner.Every(jobs::kMaintenanceJob, std::chrono::seconds(cfg->maintenance_interval_seconds));
  connections::BackgroundWork connection_work(app, job_runner);  // pull jobs, scheduler, health check
  job_runner.Start();
  app.idempotency_leases.Start();

  boost::asio::io_context signal_ioc;
  boost::asio::signal_set signals(signal_ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}; draining", signal);
    http_server.Stop();
  });
  std::thread signal_thread([&] { signal_ioc.run(); });

  http_server.Run();
  signal_ioc.stop();
  signal_thread.join();
  // A running job finishes; queued ones wait for the next process (their rows stay queued).
  connection_work.Stop();
  job_runner.Stop();
  app.idempotency_leases.Stop();
  pool.Close();
  spdlog::info("recond stopped");
  return kExitOk;
}

}  // namespace recon::cli

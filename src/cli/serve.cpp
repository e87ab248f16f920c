// `recond serve` and `recond migrate`: configuration, logging, the pool, migrations,
// the HTTP server, and a graceful stop on SIGTERM/SIGINT.
#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "api/app.hpp"
#include "api/handlers.hpp"
#include "bank_connections/background.hpp"
#include "cli/commands.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/maintenance.hpp"
#include "recon/hex.hpp"
#include "security/secret_keys.hpp"
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
  return "dev_" + hex::Encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
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
                               std::chrono::milliseconds(cfg.db_acquire_timeout_ms),
                               storage::SessionTimeouts{cfg.db_statement_timeout_ms, cfg.db_lock_timeout_ms,
                                                        cfg.db_idle_in_transaction_timeout_ms,
                                                        cfg.db_bulk_statement_timeout_ms}};
}

// The development token when none is configured. It is a credential: it never goes to the
// log (which ends up in files and log systems), only to a person at a terminal, once.
std::string GenerateDevToken() {
  std::string token = RandomToken();
  if (isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "recond: RECOND_DEV_TOKEN was not set; the development token of this run is %s\n",
                 token.c_str());
  } else {
    spdlog::warn("RECOND_DEV_TOKEN was not set: a development token was generated, and is shown only on a "
                 "terminal; set RECOND_DEV_TOKEN to know the token");
  }
  return token;
}

// Open connections cost a file descriptor each, beside the database's and the files': the
// soft limit goes up to the hard one, and a limit still below connections_max is said.
void RaiseFileLimit(const config::Config& cfg) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
    (void)getrlimit(RLIMIT_NOFILE, &limit);
  }
  constexpr rlim_t kSpareDescriptors = 64;  // database connections beside the pool, files, the listener
  const rlim_t wanted = cfg.connections_max + cfg.db_pool_size_max + kSpareDescriptors;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    spdlog::warn("connections_max is {} but this process may open only {} files; lower connections_max or raise "
                 "the limit (ulimit -n)",
                 cfg.connections_max, static_cast<uint64_t>(limit.rlim_cur));
  }
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
  // Keys that are configured but cannot be read must stop the start: a server that ran on
  // without them would take bank secrets it cannot seal, or hold sealed ones it cannot open.
  if (auto keys = security::LoadSecretKeys(config::ProcessEnvironment()); !keys) {
    spdlog::error("secret keys: {}", keys.error().ToString());
    return kExitFailure;
  }
  if (cfg->dev_token.empty()) cfg->dev_token = GenerateDevToken();
  RaiseFileLimit(*cfg);
  storage::ConnectionPool pool(PoolSettingsOf(*cfg));
  if (!RunMigrations(pool)) return kExitFailure;

  auto default_rules = LoadDefaultRules(*cfg);
  if (!default_rules) return kExitFailure;
  // A profiles directory that is configured but missing would make every named profile
  // "not found" at upload time; say so at start instead.
  if (std::error_code ec; !cfg->csv_profiles_dir.empty() && !std::filesystem::is_directory(cfg->csv_profiles_dir, ec)) {
    spdlog::error("csv_profiles_dir {} is not a directory", cfg->csv_profiles_dir);
    return kExitFailure;
  }
  server::Metrics metrics;
  api::App app(*cfg, pool, metrics, std::move(*default_rules));
  server::Router router;
  api::RegisterRoutes(router, app);
  server::Dispatcher dispatcher(
      router, metrics, cfg->dev_token,
      server::DispatchSettings{JsonLimits{cfg->json_depth_max, cfg->json_bytes_max},
                               server::RateLimitSettings{cfg->rate_limit_per_second, cfg->rate_limit_burst}});

  server::ServerSettings settings;
  const size_t colon = cfg->listen.rfind(':');
  settings.host = cfg->listen.substr(0, colon);
  settings.port = static_cast<uint16_t>(std::stoi(cfg->listen.substr(colon + 1)));
  settings.io_threads = cfg->threads > 0 ? cfg->threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  settings.worker_threads = cfg->worker_threads > 0 ? cfg->worker_threads : static_cast<int>(cfg->db_pool_size_max);
  settings.body_bytes_max = cfg->body_bytes_max;
  settings.json_bytes_max = cfg->json_bytes_max;
  settings.header_bytes_max = cfg->header_bytes_max;
  settings.connections_max = cfg->connections_max;
  settings.request_queue_max = cfg->request_queue_max;
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
  maintenance.Add("purge_refused_uploads", [&app, days = cfg->refused_upload_retention_days]() -> Result<int64_t> {
    constexpr int kFilesPerTransaction = 500;  // short transactions; the loop takes the rest
    int64_t purged = 0;
    for (;;) {
      auto n = app.uploads.PurgeRefusedContent(days, kFilesPerTransaction);
      if (!n) return n.take_error();
      purged += *n;
      if (*n < kFilesPerTransaction) return purged;
    }
  });
  maintenance.Add("line_texts", [&app] { return app.statements.IndexAllPendingTexts(""); });
  job_runner.Handle(ingest::kLineTextsJob, [&app](const jobs::ClaimedJob& job) -> Status {
    auto lines = app.statements.IndexAllPendingTexts(job.company);
    if (!lines) return lines.error();
    return Status::Ok();
  });
  job_runner.Handle(jobs::kMaintenanceJob, [&maintenance](const jobs::ClaimedJob& job) { return maintenance.Run(job); });
  job_runner.Every(jobs::kMaintenanceJob, std::chrono::seconds(cfg->maintenance_interval_seconds));
  bank_connections::BackgroundWork connection_work(app, job_runner);  // pull jobs, scheduler, health check
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

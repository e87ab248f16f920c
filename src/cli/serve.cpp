// `recond serve` and `recond migrate`: read the configuration and set up logging, then hand
// over to the daemon (src/daemon/), which builds the server, runs it until SIGTERM/SIGINT and
// stops it gracefully.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "daemon/daemon.hpp"
#include "daemon/startup.hpp"
#include "server/logging.hpp"

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

}  // namespace

int Migrate(const std::vector<std::string>& args) {
  auto cfg = Configure(args);
  if (!cfg) return kExitFailure;
  storage::ConnectionPool pool(daemon::PoolSettingsOf(*cfg));
  return daemon::RunMigrations(pool) ? kExitOk : kExitFailure;
}

int Serve(const std::vector<std::string>& args) {
  auto cfg = Configure(args);
  if (!cfg) return kExitFailure;
  auto inputs = daemon::PrepareStart(*cfg);
  if (!inputs) return kExitFailure;
  {
    daemon::Daemon recond(std::move(*cfg), std::move(*inputs));
    if (!recond.Start()) return kExitFailure;
    recond.Run();
  }  // its destructor stops the scheduler, the jobs, the leases and the pool, in this order
  spdlog::info("recond stopped");
  return kExitOk;
}

}  // namespace recon::cli

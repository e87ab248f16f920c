#include "daemon/startup.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "recon/hex.hpp"
#include "security/secret_keys.hpp"
#include "storage/migrations.hpp"

namespace recon::daemon {
namespace {

std::string RandomToken() {
  unsigned char bytes[24];
  RAND_bytes(bytes, sizeof bytes);
  return "dev_" + hex::Encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// The development token when none is configured. It is a credential: it never goes to the
// log (which ends up in files and log systems), only to a person at a terminal, once.
std::string GenerateDevToken() {
  std::string token = RandomToken();
  if (isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "recond: RECOND_DEV_TOKEN was not set; the development token of this run is %s\n",
                 token.c_str());
  } else {
    spdlog::warn(
        "RECOND_DEV_TOKEN was not set: a development token was generated, and is shown only on a "
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
    spdlog::warn(
        "connections_max is {} but this process may open only {} files; lower connections_max or raise "
        "the limit (ulimit -n)",
        cfg.connections_max, static_cast<uint64_t>(limit.rlim_cur));
  }
}

// The rule set for companies without their own: the rules file when configured, else built in.
std::optional<matching::RuleSet> LoadDefaultRules(const config::Config& cfg) {
  if (cfg.rules_file.empty()) return matching::DefaultRuleSet();
  std::ifstream in(cfg.rules_file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "recond: cannot open %s\n", cfg.rules_file.c_str());
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto rules = matching::ParseRuleSetText(text.str());
  if (!rules) {
    spdlog::error("rules file {}: {}", cfg.rules_file, rules.error().ToString());
    return std::nullopt;
  }
  spdlog::info("default rule set from {} ({} rules)", cfg.rules_file, rules->rules.size());
  return std::move(*rules);
}

}  // namespace

storage::PoolSettings PoolSettingsOf(const config::Config& cfg) {
  return storage::PoolSettings{
      cfg.database_url, cfg.db_pool_size_max, std::chrono::milliseconds(cfg.db_acquire_timeout_ms),
      storage::SessionTimeouts{cfg.db_statement_timeout_ms, cfg.db_lock_timeout_ms,
                               cfg.db_idle_in_transaction_timeout_ms, cfg.db_bulk_statement_timeout_ms}};
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

std::optional<StartInputs> PrepareStart(config::Config& cfg) {
  // Keys that are configured but cannot be read must stop the start: a server that ran on
  // without them would take bank secrets it cannot seal, or hold sealed ones it cannot open.
  auto keys = security::LoadSecretKeys(config::ProcessEnvironment());
  if (!keys) {
    spdlog::error("secret keys: {}", keys.error().ToString());
    return std::nullopt;
  }
  if (cfg.dev_token.empty()) cfg.dev_token = GenerateDevToken();
  RaiseFileLimit(cfg);
  auto default_rules = LoadDefaultRules(cfg);
  if (!default_rules) return std::nullopt;
  // A profiles directory that is configured but missing would make every named profile
  // "not found" at upload time; say so at start instead.
  if (std::error_code ec; !cfg.csv_profiles_dir.empty() && !std::filesystem::is_directory(cfg.csv_profiles_dir, ec)) {
    spdlog::error("csv_profiles_dir {} is not a directory", cfg.csv_profiles_dir);
    return std::nullopt;
  }
  return StartInputs{std::move(keys).value(), std::move(*default_rules)};
}

}  // namespace recon::daemon

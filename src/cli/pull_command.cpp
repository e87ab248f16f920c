// `recond pull [--connection ID | --all] [--config FILE]`: what a crontab line, a systemd timer or
// a Kubernetes CronJob runs. One JSON line per connection on stdout; exit 0 when every pull
// succeeded, 1 when any failed, needs a person, stored only part or could not start, 2 for bad
// arguments.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "bank_connections/connection_service.hpp"
#include "cli/commands.hpp"
#include "daemon/services.hpp"
#include "daemon/startup.hpp"
#include "security/secret_keys.hpp"
#include "server/logging.hpp"
#include "util/ids.hpp"

namespace recon::cli {
namespace {

using bank_connections::ConnectionRecord;
using bank_connections::ConnectionService;
using bank_connections::kConnectionPrefix;

using Json = nlohmann::json;

void Print(const Json& j) { std::printf("%s\n", j.dump().c_str()); }

// Pulls one connection and prints the outcome; true when it succeeded.
bool PullOne(ConnectionService& service, int64_t id) {
  auto pull = service.Pull("", id, "cli");
  if (!pull) {
    const Error& e = pull.error();
    Print(Json{{"connection_id", util::FormatId(kConnectionPrefix, id)},
               {"error", std::string(ErrorCodeName(e.code))},
               {"detail", e.message}});
    return false;
  }
  Print(bank_connections::PullToJson(*pull));
  return pull->status == "succeeded";
}

}  // namespace

int Pull(const std::vector<std::string>& args) {
  const std::string connection = FlagValue(args, "--connection");
  const bool all = std::find(args.begin(), args.end(), "--all") != args.end();
  if (all == !connection.empty()) {
    std::fprintf(stderr, "recond pull: give either --connection ID or --all\n");
    return kExitBadInput;
  }
  std::optional<int64_t> id;
  if (!all) {
    id = util::ParseId(kConnectionPrefix, connection);
    if (!id) id = util::ParseId("", connection);
    if (!id) {
      std::fprintf(stderr, "recond pull: --connection '%s' is not a connection id (cn_…)\n", connection.c_str());
      return kExitBadInput;
    }
  }
  auto env = config::ProcessEnvironment();
  auto cfg = config::Load(FlagValue(args, "--config"), env);
  if (!cfg) {
    std::fprintf(stderr, "recond pull: %s\n", cfg.error().message.c_str());
    return kExitFailure;
  }
  server::SetupLogging(cfg->log_format, cfg->log_level);
  if (cfg->database_url.empty()) {
    std::fprintf(stderr, "recond pull: no database: set RECOND_DATABASE_URL or database_url\n");
    return kExitFailure;
  }
  auto box = security::LoadSecretKeys(env);
  if (!box) {
    std::fprintf(stderr, "recond pull: %s\n", box.error().ToString().c_str());
    return kExitFailure;
  }
  // The pool and the schema as `recond serve` has them (db_* settings, session timeouts included).
  storage::ConnectionPool pool(daemon::PoolSettingsOf(*cfg));
  if (!daemon::RunMigrations(pool)) return kExitFailure;
  // The same objects `recond serve` is made of, none of them started: a pull's files go through
  // the same ingest, and a reconcile it queues is run by a serving process.
  daemon::Services services(*cfg, pool, matching::DefaultRuleSet(), std::move(box).value());
  ConnectionService& service = services.connections;
  service.ResealUnbound();

  bool ok = true;
  if (id) {
    ok = PullOne(service, *id);
  } else {
    auto connections = service.store().AllEnabled();
    if (!connections) {
      std::fprintf(stderr, "recond pull: %s\n", connections.error().message.c_str());
      return kExitFailure;
    }
    for (const ConnectionRecord& c : *connections) {
      if (c.needs_person) {
        // Pulling would only spend the budget on an answer we know: a person must act first.
        Print(Json{{"connection_id", util::FormatId(kConnectionPrefix, c.id)},
                   {"error", "needs-person"},
                   {"detail", *c.needs_person}});
        ok = false;
        continue;
      }
      ok = PullOne(service, c.id) && ok;
    }
  }
  pool.Close();
  return ok ? kExitOk : kExitFailure;
}

}  // namespace recon::cli

// What `recond serve` checks and reads before it builds anything, so that a bad setting stops
// it at once with a message that names it. Each function logs why it fails.
#pragma once

#include <optional>

#include "config/config.hpp"
#include "matching/rule_set.hpp"
#include "security/secret_box.hpp"
#include "storage/pg.hpp"

namespace recon::daemon {

// The pool's settings from the configuration (db_*).
storage::PoolSettings PoolSettingsOf(const config::Config& config);

// Applies the migrations not applied yet; false (logged) when the database refuses.
bool RunMigrations(storage::ConnectionPool& pool);

// What the configuration names beside itself, read and checked: the secret keys, the default
// rule set (the rules file, else the built-in set) and the CSV profiles directory. Also gives
// the configuration a development token when it has none, and raises the open-file limit for
// connections_max. nullopt (after a message) when any of them is unusable.
struct StartInputs {
  security::SecretBox box;  // empty when no key is configured
  matching::RuleSet default_rules;
};
std::optional<StartInputs> PrepareStart(config::Config& config);

}  // namespace recon::daemon

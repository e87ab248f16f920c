// Numbered SQL migrations, embedded at build time and applied in order.
#pragma once

#include <string>
#include <vector>

#include "recon/error.hpp"
#include "storage/pg.hpp"

namespace recon::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// The migrations compiled into this binary, in version order.
const std::vector<Migration>& EmbeddedMigrations();

// Applies every migration not yet recorded in schema_migrations, each in its own
// transaction. A session advisory lock makes concurrent callers wait for each other, so
// two processes starting together apply each migration once. Returns how many it applied.
Result<int> ApplyMigrations(PgConnection& conn);

// True when every embedded migration is recorded; false when some are missing.
Result<bool> MigrationsCurrent(PgConnection& conn);

}  // namespace recon::storage

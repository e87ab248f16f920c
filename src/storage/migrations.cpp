#include "storage/migrations.hpp"

#include <spdlog/spdlog.h>

#include <set>

namespace recon::storage {
namespace {

constexpr Sql kCreateTable{"create_schema_migrations",
                           "CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version INT PRIMARY KEY, name TEXT NOT NULL,"
                           " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"};
// The advisory lock key that serialises migration runs is "recond" in ASCII.
constexpr Sql kLock{"migrations_lock", "SELECT pg_advisory_lock(x'7265636f6e64'::bigint)"};
constexpr Sql kUnlock{"migrations_unlock", "SELECT pg_advisory_unlock(x'7265636f6e64'::bigint)"};
constexpr Sql kApplied{"migrations_applied", "SELECT version FROM schema_migrations"};
constexpr Sql kRecord{"migrations_record", "INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)"};
constexpr Sql kTableExists{"migrations_table_exists", "SELECT to_regclass('schema_migrations') IS NOT NULL"};

Result<std::set<int>> AppliedVersions(PgConnection& conn) {
  auto r = conn.Exec(kApplied);
  if (!r) return r.take_error();
  std::set<int> versions;
  for (int i = 0; i < r->rows(); ++i) versions.insert(static_cast<int>(r->int64(i, 0)));
  return versions;
}

}  // namespace

Result<int> ApplyMigrations(PgConnection& conn) {
  // A migration that builds an index over millions of rows must finish, and so must the wait
  // for another process's migrations.
  const ScopedTimeouts unlimited(conn, TimeoutLevel::kUnlimited);
  if (auto r = conn.Exec(kLock); !r) return r.take_error();
  struct Unlock {
    PgConnection& c;
    ~Unlock() { auto r = c.Exec(kUnlock); (void)r; }
  } unlock{conn};

  if (auto r = conn.Exec(kCreateTable); !r) return r.take_error();
  auto applied = AppliedVersions(conn);
  if (!applied) return applied.take_error();
  int count = 0;
  for (const Migration& m : EmbeddedMigrations()) {
    if (applied->count(m.version)) continue;
    Transaction tx(conn);
    if (!tx.begin_status()) return tx.begin_status().error();
    if (Status s = conn.ExecScript(m.name, m.sql); !s) return s.error();
    if (auto r = conn.Exec(kRecord, {std::to_string(m.version), std::string(m.name)}); !r) return r.take_error();
    if (Status s = tx.Commit(); !s) return s.error();
    spdlog::info("applied migration {}", m.name);
    ++count;
  }
  return count;
}

Result<bool> MigrationsCurrent(PgConnection& conn) {
  auto exists = conn.Exec(kTableExists);
  if (!exists) return exists.take_error();
  if (exists->text(0, 0) != "t") return false;
  auto applied = AppliedVersions(conn);
  if (!applied) return applied.take_error();
  for (const Migration& m : EmbeddedMigrations()) {
    if (!applied->count(m.version)) return false;
  }
  return true;
}

}  // namespace recon::storage

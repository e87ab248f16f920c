// ConnectionStore, part two: pulling (tables connection_pulls, connection_dead_letters,
// connection_pull_budget): the lock on a connection's pulls, the daily budget, the pull rows and
// what ending one writes, the dead letters, and the figures the health check reads.
#include <spdlog/spdlog.h>

#include "bank_connections/connection_store.hpp"
#include "storage/row_mapping.hpp"

namespace recon::bank_connections {

using storage::ExecOnce;
using storage::ExecPooled;
using storage::Param;
using storage::PgResult;
using storage::QueryFirst;
using storage::QueryRows;
using storage::Sql;

// The advisory-lock class of connection pulls (the first key of pg_try_advisory_lock(int, int)).
constexpr int kPullLockClass = 0x636f6e6e;  // "conn"

constexpr Sql kTryLock{"try_lock_connection_pulls", "SELECT pg_try_advisory_lock($1::int, $2::int)"};

Result<std::optional<PullLock>> ConnectionStore::TryLockPulls(int64_t connection_id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kTryLock, {std::to_string(kPullLockClass), std::to_string(connection_id)});
  if (!r) return r.take_error();
  if (r->text(0, 0) != "t") return std::optional<PullLock>();
  return std::optional<PullLock>(PullLock(std::move(*conn), connection_id));
}

constexpr Sql kUnlock{"unlock_connection_pulls", "SELECT pg_advisory_unlock($1::int, $2::int)"};

PullLock::~PullLock() {
  if (!conn_) return;
  auto r = (*conn_)->Exec(kUnlock, {std::to_string(kPullLockClass), std::to_string(connection_id_)});
  if (!r) spdlog::warn("connection {}: pull lock not released cleanly: {}", connection_id_, r.error().message);
}

constexpr Sql kTakeBudget{"take_pull_budget",
                          "INSERT INTO connection_pull_budget (connection_id, day, used)"
                          " VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1)"
                          " ON CONFLICT (connection_id, day) DO UPDATE SET used = connection_pull_budget.used + 1"
                          " WHERE connection_pull_budget.used < $2::int RETURNING used"};

Result<bool> ConnectionStore::TakeBudget(int64_t connection_id, int max) {
  auto r = ExecPooled(pool_, kTakeBudget, {std::to_string(connection_id), std::to_string(max)});
  if (!r) return r.take_error();
  return r->rows() == 1;
}

// Called under the connection's pull lock: a pull still 'running' belonged to a process that died.
constexpr Sql kAbandonPulls{"abandon_pulls",
                            "UPDATE connection_pulls SET status = 'failed', finished_at = now(), errors ="
                            " '[{\"type\": \"unavailable\", \"detail\": \"the process running this pull stopped\"}]'"
                            " WHERE connection_id = $1 AND status = 'running'"};
constexpr Sql kStartPull{"start_pull",
                         "INSERT INTO connection_pulls (connection_id, company, trigger, cursor_before)"
                         " VALUES ($1, $2, $3, $4) RETURNING id"};

Result<int64_t> ConnectionStore::StartPull(const ConnectionRecord& c, const std::string& trigger) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto abandoned = (*conn)->Exec(kAbandonPulls, {std::to_string(c.id)});
  if (!abandoned) return abandoned.take_error();
  if (abandoned->affected() > 0) spdlog::warn("connection {}: an interrupted pull was marked failed", c.id);
  auto r = (*conn)->Exec(kStartPull, {std::to_string(c.id), c.company, trigger, c.cursor});
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

#define RECOND_PULL_COLUMNS                                                                                    \
  "p.id, p.connection_id, p.company, p.trigger, p.status, " RECOND_SQL_UTC("p.started_at") ", " RECOND_SQL_UTC( \
      "p.finished_at") ", p.files, p.statements, p.lines, p.duplicates, p.errors::text,"                       \
                       " (SELECT d.id FROM connection_dead_letters d WHERE d.pull_id = p.id ORDER BY d.id LIMIT 1)"

namespace {

// A pull from a row of RECOND_PULL_COLUMNS.
PullRecord ReadPull(const PgResult& r, int i) {
  PullRecord p;
  ReadColumns(r, i, 0, p.id, p.connection_id, p.company, p.trigger, p.status, p.started_at, p.finished_at, p.files,
              p.statements, p.lines, p.duplicates, p.errors, p.dead_letter_id);
  return p;
}

constexpr Sql kAdvanceCursor{"advance_connection_cursor",
                             "UPDATE connections SET cursor = $2, last_success_at = now(), needs_person = NULL"
                             " WHERE id = $1"};
constexpr Sql kAddDeadLetter{"add_dead_letter",
                             "INSERT INTO connection_dead_letters (connection_id, company, pull_id, last_error)"
                             " VALUES ($1, $2, $3, $4)"};
constexpr Sql kSettleDeadLetter{"settle_dead_letter",
                                "UPDATE connection_dead_letters SET status = 'replayed', replay_pull_id = $2,"
                                " attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status = 'open'"};
constexpr Sql kBumpDeadLetter{"bump_dead_letter",
                              "UPDATE connection_dead_letters SET last_error = $2, attempts = attempts + 1,"
                              " updated_at = now() WHERE id = $1 AND status = 'open'"};

}  // namespace

constexpr Sql kNeedsPerson{"connection_needs_person", "UPDATE connections SET needs_person = $2 WHERE id = $1"};

Status ConnectionStore::NeedsPerson(int64_t connection_id, const std::string& why) {
  return ExecOnce(pool_, kNeedsPerson, {std::to_string(connection_id), why});
}

namespace {

// What ending pull `pull` of connection `connection_id` writes besides the pull row, in its
// transaction: the cursor moved on, the connection waiting for a person, a dead letter added,
// or the one replayed settled (on success) or counted again.
Status RecordPullEnd(storage::PgConnection& c, const std::string& pull, const std::string& connection_id,
                     const std::string& company, const PullEnd& end) {
  if (end.cursor_after) {
    auto a = c.Exec(kAdvanceCursor, {connection_id, *end.cursor_after});
    if (!a) return a.take_error();
  }
  if (end.needs_person) {
    auto n = c.Exec(kNeedsPerson, {connection_id, *end.needs_person});
    if (!n) return n.take_error();
  }
  if (end.replayed_dead_letter) {
    const std::string dl = std::to_string(*end.replayed_dead_letter);
    auto d = end.cursor_after ? c.Exec(kSettleDeadLetter, {dl, pull})
                              : c.Exec(kBumpDeadLetter, {dl, end.dead_letter.value_or(end.needs_person.value_or(end.status))});
    if (!d) return d.take_error();
  } else if (end.dead_letter) {
    auto d = c.Exec(kAddDeadLetter, {connection_id, company, pull, *end.dead_letter});
    if (!d) return d.take_error();
  }
  return Status::Ok();
}

}  // namespace

constexpr Sql kFinishPull{"finish_pull",
                          "UPDATE connection_pulls SET status = $2, finished_at = now(), files = $3::int,"
                          " statements = $4::int, lines = $5::int, duplicates = $6::int, errors = $7::jsonb,"
                          " cursor_after = $8 WHERE id = $1 AND status = 'running' RETURNING connection_id, company"};
constexpr Sql kGetPull{"get_pull", "SELECT " RECOND_PULL_COLUMNS " FROM connection_pulls p WHERE p.id = $1"};

Result<PullRecord> ConnectionStore::FinishPull(int64_t pull_id, const PullEnd& end) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  const std::string pull = std::to_string(pull_id);
  auto r = (*conn)->Exec(kFinishPull, {pull, end.status, std::to_string(end.files), std::to_string(end.statements),
                                       std::to_string(end.lines), std::to_string(end.duplicates), end.errors.dump(),
                                       end.cursor_after});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "pull " + pull + " was finished already");
  if (Status s = RecordPullEnd(**conn, pull, std::string(r->text(0, 0)), std::string(r->text(0, 1)), end); !s) {
    return s.error();
  }
  auto read = (*conn)->Exec(kGetPull, {pull});
  if (!read) return read.take_error();
  if (Status s = tx.Commit(); !s) return s.error();
  return ReadPull(*read, 0);
}

constexpr Sql kListPulls{"list_pulls",
                         "SELECT " RECOND_PULL_COLUMNS " FROM connection_pulls p"
                         " WHERE p.connection_id = $1 AND p.company = $2 AND p.id > $3 ORDER BY p.id LIMIT $4"};

#undef RECOND_PULL_COLUMNS

Result<std::vector<PullRecord>> ConnectionStore::ListPulls(const std::string& company, int64_t connection_id,
                                                           int64_t after_id, int limit) {
  return QueryRows(pool_, kListPulls,
                   {std::to_string(connection_id), company, std::to_string(after_id), std::to_string(limit)},
                   ReadPull);
}

#define RECOND_DEAD_LETTER_COLUMNS                                                                       \
  "id, connection_id, company, pull_id, last_error, attempts, status, replay_pull_id, " RECOND_SQL_UTC(   \
      "created_at") ", " RECOND_SQL_UTC("updated_at")

namespace {

// A dead letter from a row of RECOND_DEAD_LETTER_COLUMNS.
DeadLetterRecord ReadDeadLetter(const PgResult& r, int i) {
  DeadLetterRecord d;
  ReadColumns(r, i, 0, d.id, d.connection_id, d.company, d.pull_id, d.last_error, d.attempts, d.status,
              d.replay_pull_id, d.created_at, d.updated_at);
  return d;
}

}  // namespace

constexpr Sql kListDeadLetters{"list_dead_letters",
                               "SELECT " RECOND_DEAD_LETTER_COLUMNS " FROM connection_dead_letters"
                               " WHERE company = $1 AND ($2 = '' OR status = $2) AND id > $3 ORDER BY id LIMIT $4"};

Result<std::vector<DeadLetterRecord>> ConnectionStore::ListDeadLetters(const std::string& company,
                                                                       const std::string& status, int64_t after_id,
                                                                       int limit) {
  return QueryRows(pool_, kListDeadLetters, {company, status, std::to_string(after_id), std::to_string(limit)},
                   ReadDeadLetter);
}

constexpr Sql kGetDeadLetter{"get_dead_letter", "SELECT " RECOND_DEAD_LETTER_COLUMNS
                                                " FROM connection_dead_letters WHERE company = $1 AND id = $2"};

#undef RECOND_DEAD_LETTER_COLUMNS

Result<std::optional<DeadLetterRecord>> ConnectionStore::GetDeadLetter(const std::string& company, int64_t id) {
  return QueryFirst(pool_, kGetDeadLetter, {company, std::to_string(id)}, ReadDeadLetter);
}

constexpr Sql kHealthDeadLetters{"health_dead_letters",
                                 "SELECT count(*) FROM connection_dead_letters WHERE status = 'open'"};
constexpr Sql kHealthConnections{
    "health_connections",
    "SELECT id, company, name, extract(epoch FROM consent_expires_at - now()) / 86400,"
    " extract(epoch FROM last_success_at),"
    " COALESCE(last_success_at, created_at) < now() - interval '24 hours', consent_status,"
    " extract(epoch FROM client_cert_expires_at - now()) / 86400"
    " FROM connections WHERE deleted_at IS NULL AND enabled ORDER BY id"};

Result<HealthFigures> ConnectionStore::Health() {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  HealthFigures out;
  auto d = (*conn)->Exec(kHealthDeadLetters);
  if (!d) return d.take_error();
  out.dead_letters_open = d->int64(0, 0);
  auto r = (*conn)->Exec(kHealthConnections);
  if (!r) return r.take_error();
  for (int i = 0; i < r->rows(); ++i) {
    const int64_t id = r->int64(i, 0);
    std::string company(r->text(i, 1));
    std::string name(r->text(i, 2));
    if (!r->is_null(i, 3))
      out.consents.push_back({id, company, name, std::stod(std::string(r->text(i, 3))), r->opt_text(i, 6)});
    if (!r->is_null(i, 7))
      out.client_certificates.push_back({id, company, name, std::stod(std::string(r->text(i, 7)))});
    std::optional<double> last;
    if (!r->is_null(i, 4)) last = std::stod(std::string(r->text(i, 4)));
    out.connections.push_back({id, std::move(company), std::move(name), last, r->text(i, 5) == "t"});
  }
  return out;
}

}  // namespace recon::bank_connections

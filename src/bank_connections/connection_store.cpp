#include "bank_connections/connection_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace recon::bank_connections {
namespace {

using storage::Param;
using storage::PgConnection;
using storage::PgResult;
using storage::Sql;

// The advisory-lock class of connection pulls (the first key of pg_try_advisory_lock(int, int)).
constexpr int kPullLockClass = 0x636f6e6e;  // "conn"

#define RECOND_TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

constexpr const char* kConnectionColumns =
    "c.id, c.company, c.name, c.type, c.settings::text, c.schedule, c.schedule_tz, " RECOND_TS("c.next_pull_at") ","
    " c.pulls_per_day_max, c.enabled, c.cursor, c.needs_person, " RECOND_TS("c.consent_expires_at") ","
    " " RECOND_TS("c.last_success_at") ", " RECOND_TS("c.created_at") ", " RECOND_TS("c.updated_at") ","
    " COALESCE((SELECT array_agg(s.name ORDER BY s.name) FROM connection_secrets s WHERE s.connection_id = c.id),"
    " '{}')::text, c.consent_status, " RECOND_TS("c.consent_checked_at") ", c.client_cert_subject,"
    " " RECOND_TS("c.client_cert_expires_at");

std::string ConnectionSelect(const std::string& where) {
  return std::string("SELECT ") + kConnectionColumns + " FROM connections c WHERE c.deleted_at IS NULL AND " + where;
}

const std::string kGetAnySql = ConnectionSelect("c.id = $1");
const std::string kGetSql = ConnectionSelect("c.id = $1 AND c.company = $2");
const std::string kListSql = ConnectionSelect("c.company = $1 AND c.id > $2 ORDER BY c.id LIMIT $3");
const std::string kAllEnabledSql = ConnectionSelect("c.enabled ORDER BY c.id");
const std::string kDueSql = ConnectionSelect(
    "c.enabled AND c.schedule IS NOT NULL AND c.needs_person IS NULL AND c.next_pull_at <= now()"
    " ORDER BY c.next_pull_at LIMIT $1");

ConnectionRecord ReadConnection(const PgResult& r, int i) {
  ConnectionRecord c;
  c.id = r.int64(i, 0);
  c.company = r.text(i, 1);
  c.name = r.text(i, 2);
  c.type = r.text(i, 3);
  c.settings = nlohmann::json::parse(r.text(i, 4), nullptr, false);
  c.schedule = r.opt_text(i, 5);
  c.schedule_tz = r.text(i, 6);
  c.next_pull_at = r.opt_text(i, 7);
  c.pulls_per_day_max = static_cast<int>(r.int64(i, 8));
  c.enabled = r.text(i, 9) == "t";
  c.cursor = r.text(i, 10);
  c.needs_person = r.opt_text(i, 11);
  c.consent_expires_at = r.opt_text(i, 12);
  c.last_success_at = r.opt_text(i, 13);
  c.created_at = r.text(i, 14);
  c.updated_at = r.text(i, 15);
  c.secret_names = storage::ParseTextArray(r.text(i, 16));
  c.consent_status = r.opt_text(i, 17);
  c.consent_checked_at = r.opt_text(i, 18);
  c.client_cert_subject = r.opt_text(i, 19);
  c.client_cert_expires_at = r.opt_text(i, 20);
  return c;
}

SealedSecret ReadSecret(const PgResult& r, int i) {
  return {std::string(r.text(i, 0)), std::string(r.text(i, 1)), std::string(r.text(i, 2))};
}

SealedAccessToken ReadAccessToken(const PgResult& r, int i) {
  return {std::string(r.text(i, 0)), std::string(r.text(i, 1)), r.int64(i, 2)};
}

Param Opt(const std::optional<std::string>& v) { return v ? Param(*v) : Param(); }

constexpr Sql kNewId{"new_connection_id", "SELECT nextval(pg_get_serial_sequence('connections', 'id'))"};
constexpr Sql kInsert{"insert_connection",
                      "INSERT INTO connections (company, name, type, settings, schedule, schedule_tz, next_pull_at,"
                      " pulls_per_day_max, enabled, consent_expires_at, client_cert_subject, client_cert_expires_at, id)"
                      " VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::timestamptz, $8::int, $9::boolean, $10::timestamptz,"
                      " $11, $12::timestamptz, $13::bigint)"};
constexpr Sql kUpdate{"update_connection",
                      "UPDATE connections SET name = $3, settings = $4::jsonb, schedule = $5, schedule_tz = $6,"
                      " next_pull_at = $7::timestamptz, pulls_per_day_max = $8::int, enabled = $9::boolean,"
                      " consent_expires_at = $10::timestamptz, client_cert_subject = $11,"
                      " client_cert_expires_at = $12::timestamptz, updated_at = now()"
                      " WHERE id = $1 AND company = $2 AND deleted_at IS NULL"};
constexpr Sql kPutSecret{"put_connection_secret",
                         "INSERT INTO connection_secrets (connection_id, name, key_id, sealed) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (connection_id, name) DO UPDATE SET key_id = EXCLUDED.key_id,"
                         " sealed = EXCLUDED.sealed, updated_at = now()"};
constexpr Sql kDelete{"delete_connection",
                      "UPDATE connections SET deleted_at = now(), oauth_state = NULL, oauth_state_expires_at = NULL,"
                      " oauth_pkce_verifier = NULL, updated_at = now()"
                      " WHERE id = $1 AND company = $2 AND deleted_at IS NULL"};
// The endpoint URLs changed: the secrets that were meant for the old ones go (except those the
// same request sent), and a consent request begun against them is dropped.
constexpr Sql kEraseOldSecrets{"erase_connection_secrets_for_old_endpoints",
                               "DELETE FROM connection_secrets WHERE connection_id = $1 AND NOT (name = ANY($2::text[]))"
                               " RETURNING name"};
constexpr Sql kEndpointsChanged{"connection_endpoints_changed",
                                "UPDATE connections SET oauth_state = NULL, oauth_state_expires_at = NULL,"
                                " oauth_pkce_verifier = NULL, needs_person = COALESCE($2, needs_person) WHERE id = $1"};
constexpr Sql kUnboundSecrets{"unbound_connection_secrets",
                              "SELECT s.connection_id, s.name, s.key_id, s.sealed FROM connection_secrets s"
                              " WHERE s.sealed NOT LIKE s.key_id || ':v2:%' ORDER BY s.connection_id, s.name"};
constexpr Sql kReplaceSealed{"reseal_connection_secret",
                             "UPDATE connection_secrets SET key_id = $4, sealed = $5"
                             " WHERE connection_id = $1 AND name = $2 AND sealed = $3"};
constexpr Sql kDeleteSecrets{"delete_connection_secrets", "DELETE FROM connection_secrets WHERE connection_id = $1"};
constexpr Sql kSecrets{"connection_secrets",
                       "SELECT name, key_id, sealed FROM connection_secrets WHERE connection_id = $1 ORDER BY name"};
constexpr Sql kTakeBudget{"take_pull_budget",
                          "INSERT INTO connection_pull_budget (connection_id, day, used)"
                          " VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1)"
                          " ON CONFLICT (connection_id, day) DO UPDATE SET used = connection_pull_budget.used + 1"
                          " WHERE connection_pull_budget.used < $2::int RETURNING used"};
constexpr Sql kTryLock{"try_lock_connection_pulls", "SELECT pg_try_advisory_lock($1::int, $2::int)"};
constexpr Sql kUnlock{"unlock_connection_pulls", "SELECT pg_advisory_unlock($1::int, $2::int)"};
constexpr Sql kStartPull{"start_pull",
                         "INSERT INTO connection_pulls (connection_id, company, trigger, cursor_before)"
                         " VALUES ($1, $2, $3, $4) RETURNING id"};
// Called under the connection's pull lock: a pull still 'running' belonged to a process that died.
constexpr Sql kAbandonPulls{"abandon_pulls",
                            "UPDATE connection_pulls SET status = 'failed', finished_at = now(), errors ="
                            " '[{\"type\": \"unavailable\", \"detail\": \"the process running this pull stopped\"}]'"
                            " WHERE connection_id = $1 AND status = 'running'"};
constexpr Sql kFinishPull{"finish_pull",
                          "UPDATE connection_pulls SET status = $2, finished_at = now(), files = $3::int,"
                          " statements = $4::int, lines = $5::int, duplicates = $6::int, errors = $7::jsonb,"
                          " cursor_after = $8 WHERE id = $1 AND status = 'running' RETURNING connection_id, company"};
constexpr Sql kAdvanceCursor{"advance_connection_cursor",
                             "UPDATE connections SET cursor = $2, last_success_at = now(), needs_person = NULL"
                             " WHERE id = $1"};
constexpr Sql kNeedsPerson{"connection_needs_person", "UPDATE connections SET needs_person = $2 WHERE id = $1"};
constexpr Sql kAddDeadLetter{"add_dead_letter",
                             "INSERT INTO connection_dead_letters (connection_id, company, pull_id, last_error)"
                             " VALUES ($1, $2, $3, $4)"};
constexpr Sql kSettleDeadLetter{"settle_dead_letter",
                                "UPDATE connection_dead_letters SET status = 'replayed', replay_pull_id = $2,"
                                " attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status = 'open'"};
constexpr Sql kBumpDeadLetter{"bump_dead_letter",
                              "UPDATE connection_dead_letters SET last_error = $2, attempts = attempts + 1,"
                              " updated_at = now() WHERE id = $1 AND status = 'open'"};

#define RECOND_PULL_COLUMNS                                                                                   \
  "p.id, p.connection_id, p.company, p.trigger, p.status, " RECOND_TS("p.started_at") ", " RECOND_TS(         \
      "p.finished_at") ", p.files, p.statements, p.lines, p.duplicates, p.errors::text,"                      \
                       " (SELECT d.id FROM connection_dead_letters d WHERE d.pull_id = p.id ORDER BY d.id LIMIT 1)"

constexpr Sql kGetPull{"get_pull", "SELECT " RECOND_PULL_COLUMNS " FROM connection_pulls p WHERE p.id = $1"};
constexpr Sql kListPulls{"list_pulls",
                         "SELECT " RECOND_PULL_COLUMNS " FROM connection_pulls p"
                         " WHERE p.connection_id = $1 AND p.company = $2 AND p.id > $3 ORDER BY p.id LIMIT $4"};

PullRecord ReadPull(const PgResult& r, int i) {
  PullRecord p;
  p.id = r.int64(i, 0);
  p.connection_id = r.int64(i, 1);
  p.company = r.text(i, 2);
  p.trigger = r.text(i, 3);
  p.status = r.text(i, 4);
  p.started_at = r.text(i, 5);
  p.finished_at = r.opt_text(i, 6);
  p.files = static_cast<int>(r.int64(i, 7));
  p.statements = static_cast<int>(r.int64(i, 8));
  p.lines = static_cast<int>(r.int64(i, 9));
  p.duplicates = static_cast<int>(r.int64(i, 10));
  p.errors = nlohmann::json::parse(r.text(i, 11), nullptr, false);
  if (!r.is_null(i, 12)) p.dead_letter_id = r.int64(i, 12);
  return p;
}

#define RECOND_DEAD_LETTER_COLUMNS                                                                     \
  "id, connection_id, company, pull_id, last_error, attempts, status, replay_pull_id, " RECOND_TS(      \
      "created_at") ", " RECOND_TS("updated_at")

constexpr Sql kListDeadLetters{"list_dead_letters",
                               "SELECT " RECOND_DEAD_LETTER_COLUMNS " FROM connection_dead_letters"
                               " WHERE company = $1 AND ($2 = '' OR status = $2) AND id > $3 ORDER BY id LIMIT $4"};
constexpr Sql kGetDeadLetter{"get_dead_letter", "SELECT " RECOND_DEAD_LETTER_COLUMNS
                                                " FROM connection_dead_letters WHERE company = $1 AND id = $2"};

DeadLetterRecord ReadDeadLetter(const PgResult& r, int i) {
  DeadLetterRecord d;
  d.id = r.int64(i, 0);
  d.connection_id = r.int64(i, 1);
  d.company = r.text(i, 2);
  d.pull_id = r.int64(i, 3);
  d.last_error = r.text(i, 4);
  d.attempts = static_cast<int>(r.int64(i, 5));
  d.status = r.text(i, 6);
  if (!r.is_null(i, 7)) d.replay_pull_id = r.int64(i, 7);
  d.created_at = r.text(i, 8);
  d.updated_at = r.text(i, 9);
  return d;
}

constexpr Sql kAccessToken{"connection_access_token",
                           "SELECT key_id, sealed, extract(epoch FROM expires_at)::bigint FROM connection_tokens"
                           " WHERE connection_id = $1"};
constexpr Sql kPutAccessToken{"put_connection_access_token",
                              "INSERT INTO connection_tokens (connection_id, key_id, sealed, expires_at)"
                              " VALUES ($1, $2, $3, to_timestamp($4::bigint))"
                              " ON CONFLICT (connection_id) DO UPDATE SET key_id = EXCLUDED.key_id,"
                              " sealed = EXCLUDED.sealed, expires_at = EXCLUDED.expires_at, updated_at = now()"};
constexpr Sql kForgetAccessToken{"forget_connection_access_token",
                                 "DELETE FROM connection_tokens WHERE connection_id = $1"};
// validUntil is the last day the consent is good for: it expires when that day ends (UTC).
constexpr Sql kConsentFromBank{"connection_consent_from_bank",
                               "UPDATE connections SET consent_status = $2, consent_checked_at = now(),"
                               " consent_expires_at = COALESCE(((LEAST($3::date, '9999-12-30') + 1)::timestamp AT TIME ZONE 'UTC'),"
                               " consent_expires_at) WHERE id = $1"};
constexpr Sql kSetNextPull{"set_next_pull_at", "UPDATE connections SET next_pull_at = $2::timestamptz WHERE id = $1"};
constexpr Sql kSetState{"set_oauth_state",
                        "UPDATE connections SET oauth_state = $2, oauth_pkce_verifier = $3,"
                        " oauth_state_expires_at = now() + make_interval(secs => $4::int)"
                        " WHERE id = $1 AND deleted_at IS NULL"};
// One statement takes the state: the row is locked, re-checked and cleared together, so of two
// callbacks with one state exactly one finds it, and a late one finds nothing.
constexpr Sql kTakeState{"take_oauth_state",
                         "WITH pending AS (SELECT id, oauth_pkce_verifier FROM connections"
                         " WHERE oauth_state = $1 AND oauth_state_expires_at > now() AND deleted_at IS NULL FOR UPDATE)"
                         " UPDATE connections c SET oauth_state = NULL, oauth_state_expires_at = NULL,"
                         " oauth_pkce_verifier = NULL FROM pending WHERE c.id = pending.id"
                         " RETURNING c.id, pending.oauth_pkce_verifier"};
constexpr Sql kDropExpiredState{"drop_expired_oauth_state",
                                "UPDATE connections SET oauth_state = NULL, oauth_state_expires_at = NULL,"
                                " oauth_pkce_verifier = NULL WHERE oauth_state = $1 RETURNING id"};
constexpr Sql kConsentRenewed{"consent_renewed",
                              "UPDATE connections SET needs_person = NULL,"
                              " consent_expires_at = COALESCE($2::timestamptz, consent_expires_at) WHERE id = $1"};
constexpr Sql kHealthDeadLetters{"health_dead_letters",
                                 "SELECT count(*) FROM connection_dead_letters WHERE status = 'open'"};
constexpr Sql kHealthConnections{
    "health_connections",
    "SELECT id, company, name, extract(epoch FROM consent_expires_at - now()) / 86400,"
    " extract(epoch FROM last_success_at),"
    " COALESCE(last_success_at, created_at) < now() - interval '24 hours', consent_status,"
    " extract(epoch FROM client_cert_expires_at - now()) / 86400"
    " FROM connections WHERE deleted_at IS NULL AND enabled ORDER BY id"};

Status WriteSecrets(PgConnection& conn, int64_t id, const std::vector<SealedSecret>& secrets) {
  for (const SealedSecret& s : secrets) {
    auto r = conn.Exec(kPutSecret, {std::to_string(id), s.name, s.key_id, s.sealed});
    if (!r) return r.take_error();
  }
  return Status::Ok();
}

std::vector<Param> RecordParams(const ConnectionRecord& c) {
  return {c.company,
          c.name,
          c.type,
          c.settings.dump(),
          Opt(c.schedule),
          c.schedule_tz,
          Opt(c.next_pull_at),
          std::to_string(c.pulls_per_day_max),
          c.enabled ? "true" : "false",
          Opt(c.consent_expires_at),
          Opt(c.client_cert_subject),
          Opt(c.client_cert_expires_at)};
}

// The one row reader: every row of a query's result through `read`.
template <class Row>
Result<std::vector<Row>> ReadRows(Result<PgResult> r, Row (*read)(const PgResult&, int)) {
  if (!r) return r.take_error();
  std::vector<Row> out;
  out.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) out.push_back(read(*r, i));
  return out;
}

template <class Row>
Result<std::optional<Row>> FirstRow(Result<std::vector<Row>> rows) {
  if (!rows) return rows.take_error();
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->front()));
}

// One statement on a pooled connection of its own, its rows read with `read`.
template <class Row>
Result<std::vector<Row>> QueryRows(storage::ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params,
                                   Row (*read)(const PgResult&, int)) {
  auto conn = pool.Acquire();
  if (!conn) return conn.take_error();
  return ReadRows((*conn)->Exec(sql, params), read);
}

// One statement whose rows do not matter.
Status ExecOnce(storage::ConnectionPool& pool, const Sql& sql, const std::vector<Param>& params) {
  auto conn = pool.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(sql, params);
  if (!r) return r.take_error();
  return Status::Ok();
}

Sql Dynamic(const char* name, const std::string& text) { return Sql{name, text.c_str()}; }

}  // namespace

PullLock::~PullLock() {
  if (!conn_) return;
  auto r = (*conn_)->Exec(kUnlock, {std::to_string(kPullLockClass), std::to_string(connection_id_)});
  if (!r) spdlog::warn("connection {}: pull lock not released cleanly: {}", connection_id_, r.error().message);
}

Result<int64_t> ConnectionStore::NewId() {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kNewId);
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

Status ConnectionStore::Create(int64_t id, const ConnectionRecord& record, const std::vector<SealedSecret>& secrets) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  std::vector<Param> params = RecordParams(record);
  params.push_back(std::to_string(id));
  auto r = (*conn)->Exec(kInsert, params);
  if (!r) {
    if (r.error().code == ErrorCode::kConflict)
      return MakeError(ErrorCode::kConflict, "there is already a connection named '" + record.name + "'", "name");
    return r.take_error();
  }
  if (Status s = WriteSecrets(**conn, id, secrets); !s) return s.error();
  return tx.Commit();
}

Result<std::optional<std::vector<std::string>>> ConnectionStore::Update(const ConnectionRecord& record,
                                                                       const std::vector<SealedSecret>& secrets,
                                                                       const std::optional<EndpointChange>& change) {
  using Outcome = std::optional<std::vector<std::string>>;
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  std::vector<Param> params = RecordParams(record);
  params[0] = std::to_string(record.id);
  params[1] = record.company;
  params[2] = record.name;
  auto r = (*conn)->Exec(kUpdate, params);
  if (!r) {
    if (r.error().code == ErrorCode::kConflict)
      return MakeError(ErrorCode::kConflict, "there is already a connection named '" + record.name + "'", "name");
    return r.take_error();
  }
  if (r->affected() == 0) return Outcome();
  const std::string id = std::to_string(record.id);
  std::vector<std::string> erased;
  if (change) {
    std::vector<std::string> kept;
    for (const SealedSecret& s : secrets) kept.push_back(s.name);
    auto e = (*conn)->Exec(kEraseOldSecrets, {id, storage::TextArray(kept)});
    if (!e) return e.take_error();
    for (int i = 0; i < e->rows(); ++i) erased.emplace_back(e->text(i, 0));
    std::sort(erased.begin(), erased.end());
    auto n = (*conn)->Exec(kEndpointsChanged, {id, Opt(change->needs_person)});
    if (!n) return n.take_error();
  }
  if (Status s = WriteSecrets(**conn, record.id, secrets); !s) return s.error();
  if (!secrets.empty() || change) {
    // New credentials or new endpoints: a token issued for the old ones must not outlive them.
    auto t = (*conn)->Exec(kForgetAccessToken, {id});
    if (!t) return t.take_error();
  }
  if (Status s = tx.Commit(); !s) return s.error();
  return Outcome(std::move(erased));
}

Result<std::vector<UnboundSecret>> ConnectionStore::UnboundSecrets() {
  return QueryRows(pool_, kUnboundSecrets, {}, +[](const PgResult& r, int i) {
    return UnboundSecret{r.int64(i, 0), {std::string(r.text(i, 1)), std::string(r.text(i, 2)), std::string(r.text(i, 3))}};
  });
}

Result<bool> ConnectionStore::ReplaceSealed(int64_t connection_id, const std::string& old_sealed,
                                            const SealedSecret& secret) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kReplaceSealed,
                         {std::to_string(connection_id), secret.name, old_sealed, secret.key_id, secret.sealed});
  if (!r) return r.take_error();
  return r->affected() == 1;
}

Status ConnectionStore::NeedsPerson(int64_t connection_id, const std::string& why) {
  return ExecOnce(pool_, kNeedsPerson, {std::to_string(connection_id), why});
}

Result<bool> ConnectionStore::Delete(const std::string& company, int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  auto r = (*conn)->Exec(kDelete, {std::to_string(id), company});
  if (!r) return r.take_error();
  if (r->affected() == 0) return false;
  auto s = (*conn)->Exec(kDeleteSecrets, {std::to_string(id)});
  if (!s) return s.take_error();
  auto t = (*conn)->Exec(kForgetAccessToken, {std::to_string(id)});
  if (!t) return t.take_error();
  if (Status c = tx.Commit(); !c) return c.error();
  return true;
}

Result<std::optional<ConnectionRecord>> ConnectionStore::Get(const std::string& company, int64_t id) {
  if (company.empty())
    return FirstRow(QueryRows(pool_, Dynamic("get_connection_any", kGetAnySql), {std::to_string(id)}, &ReadConnection));
  return FirstRow(
      QueryRows(pool_, Dynamic("get_connection", kGetSql), {std::to_string(id), company}, &ReadConnection));
}

Result<std::vector<ConnectionRecord>> ConnectionStore::List(const std::string& company, int64_t after_id, int limit) {
  return QueryRows(pool_, Dynamic("list_connections", kListSql),
                   {company, std::to_string(after_id), std::to_string(limit)}, &ReadConnection);
}

Result<std::vector<ConnectionRecord>> ConnectionStore::AllEnabled() {
  return QueryRows(pool_, Dynamic("all_enabled_connections", kAllEnabledSql), {}, &ReadConnection);
}

Result<std::vector<SealedSecret>> ConnectionStore::Secrets(int64_t connection_id) {
  return QueryRows(pool_, kSecrets, {std::to_string(connection_id)}, &ReadSecret);
}

Result<std::optional<SealedAccessToken>> ConnectionStore::AccessToken(int64_t connection_id) {
  return FirstRow(QueryRows(pool_, kAccessToken, {std::to_string(connection_id)}, &ReadAccessToken));
}

Status ConnectionStore::PutAccessToken(int64_t connection_id, const SealedAccessToken& token) {
  return ExecOnce(pool_, kPutAccessToken,
                  {std::to_string(connection_id), token.key_id, token.sealed, std::to_string(token.expires_at_unix)});
}

Status ConnectionStore::ForgetAccessToken(int64_t connection_id) {
  return ExecOnce(pool_, kForgetAccessToken, {std::to_string(connection_id)});
}

Status ConnectionStore::ConsentFromBank(int64_t connection_id, const std::string& status,
                                        const std::string& valid_until) {
  return ExecOnce(pool_, kConsentFromBank,
                  {std::to_string(connection_id), status, valid_until.empty() ? Param() : Param(valid_until)});
}

Status ConnectionStore::PutSecret(int64_t connection_id, const SealedSecret& secret) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  return WriteSecrets(**conn, connection_id, {secret});
}

Result<bool> ConnectionStore::TakeBudget(int64_t connection_id, int max) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kTakeBudget, {std::to_string(connection_id), std::to_string(max)});
  if (!r) return r.take_error();
  return r->rows() == 1;
}

Result<std::optional<PullLock>> ConnectionStore::TryLockPulls(int64_t connection_id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto r = (*conn)->Exec(kTryLock, {std::to_string(kPullLockClass), std::to_string(connection_id)});
  if (!r) return r.take_error();
  if (r->text(0, 0) != "t") return std::optional<PullLock>();
  return std::optional<PullLock>(PullLock(std::move(*conn), connection_id));
}

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

Result<PullRecord> ConnectionStore::FinishPull(int64_t pull_id, const PullEnd& end) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  const std::string pull = std::to_string(pull_id);
  auto r = (*conn)->Exec(kFinishPull, {pull, end.status, std::to_string(end.files), std::to_string(end.statements),
                                       std::to_string(end.lines), std::to_string(end.duplicates), end.errors.dump(),
                                       Opt(end.cursor_after)});
  if (!r) return r.take_error();
  if (r->rows() == 0) return MakeError(ErrorCode::kConflict, "pull " + pull + " was finished already");
  const std::string connection_id(r->text(0, 0));
  const std::string company(r->text(0, 1));
  if (end.cursor_after) {
    auto a = (*conn)->Exec(kAdvanceCursor, {connection_id, *end.cursor_after});
    if (!a) return a.take_error();
  }
  if (end.needs_person) {
    auto n = (*conn)->Exec(kNeedsPerson, {connection_id, *end.needs_person});
    if (!n) return n.take_error();
  }
  if (end.replayed_dead_letter) {
    const std::string dl = std::to_string(*end.replayed_dead_letter);
    auto d = end.cursor_after ? (*conn)->Exec(kSettleDeadLetter, {dl, pull})
                              : (*conn)->Exec(kBumpDeadLetter, {dl, end.dead_letter.value_or(end.needs_person.value_or(end.status))});
    if (!d) return d.take_error();
  } else if (end.dead_letter) {
    auto d = (*conn)->Exec(kAddDeadLetter, {connection_id, company, pull, *end.dead_letter});
    if (!d) return d.take_error();
  }
  auto read = (*conn)->Exec(kGetPull, {pull});
  if (!read) return read.take_error();
  if (Status s = tx.Commit(); !s) return s.error();
  return ReadPull(*read, 0);
}

Result<std::vector<PullRecord>> ConnectionStore::ListPulls(const std::string& company, int64_t connection_id,
                                                           int64_t after_id, int limit) {
  return QueryRows(pool_, kListPulls,
                   {std::to_string(connection_id), company, std::to_string(after_id), std::to_string(limit)},
                   &ReadPull);
}

Result<std::vector<DeadLetterRecord>> ConnectionStore::ListDeadLetters(const std::string& company,
                                                                       const std::string& status, int64_t after_id,
                                                                       int limit) {
  return QueryRows(pool_, kListDeadLetters, {company, status, std::to_string(after_id), std::to_string(limit)},
                   &ReadDeadLetter);
}

Result<std::optional<DeadLetterRecord>> ConnectionStore::GetDeadLetter(const std::string& company, int64_t id) {
  return FirstRow(QueryRows(pool_, kGetDeadLetter, {company, std::to_string(id)}, &ReadDeadLetter));
}

Result<std::vector<ConnectionRecord>> ConnectionStore::Due(int limit) {
  return QueryRows(pool_, Dynamic("due_connections", kDueSql), {std::to_string(limit)}, &ReadConnection);
}

Status ConnectionStore::SetNextPullAt(int64_t connection_id, const std::optional<std::string>& at_iso) {
  return ExecOnce(pool_, kSetNextPull, {std::to_string(connection_id), Opt(at_iso)});
}

Status ConnectionStore::SetOAuthState(int64_t connection_id, const std::string& state_hash,
                                      const std::optional<std::string>& sealed_verifier, int ttl_seconds) {
  return ExecOnce(pool_, kSetState,
                  {std::to_string(connection_id), state_hash, Opt(sealed_verifier), std::to_string(ttl_seconds)});
}

Result<TakenOAuthState> ConnectionStore::TakeOAuthState(const std::string& state_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto taken = (*conn)->Exec(kTakeState, {state_hash});
  if (!taken) return taken.take_error();
  TakenOAuthState out;
  if (taken->rows() == 1) {
    out.outcome = TakenOAuthState::kTaken;
    out.connection_id = taken->int64(0, 0);
    out.sealed_verifier = taken->opt_text(0, 1);
    return out;
  }
  // Not live: an expired request is cleared and told apart from one that never was.
  auto expired = (*conn)->Exec(kDropExpiredState, {state_hash});
  if (!expired) return expired.take_error();
  out.outcome = expired->rows() > 0 ? TakenOAuthState::kExpired : TakenOAuthState::kUnknown;
  return out;
}

Status ConnectionStore::ConsentRenewed(int64_t connection_id, const std::optional<std::string>& expires_at) {
  return ExecOnce(pool_, kConsentRenewed, {std::to_string(connection_id), Opt(expires_at)});
}

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

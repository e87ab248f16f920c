// ConnectionStore, part one: the connections themselves with their secrets and cached access
// tokens (tables connections, connection_secrets, connection_tokens). Pulls, dead letters and
// the daily budget are in connection_store_pulls.cpp; the OAuth consent in
// connection_store_consent.cpp.
#include "bank_connections/connection_store.hpp"

#include <algorithm>

#include "storage/row_mapping.hpp"

namespace recon::bank_connections {

using storage::ExecOnce;
using storage::Param;
using storage::PgConnection;
using storage::PgResult;
using storage::QueryFirst;
using storage::QueryRows;
using storage::Sql;

#define RECOND_CONNECTION_COLUMNS                                                                               \
  "c.id, c.company, c.name, c.type, c.settings::text, c.schedule, c.schedule_tz, " RECOND_SQL_UTC(              \
      "c.next_pull_at") ","                                                                                     \
  " c.pulls_per_day_max, c.enabled, c.cursor, c.needs_person, " RECOND_SQL_UTC("c.consent_expires_at") ","     \
  " " RECOND_SQL_UTC("c.last_success_at") ", " RECOND_SQL_UTC("c.created_at") ", " RECOND_SQL_UTC(             \
      "c.updated_at") ","                                                                                       \
  " COALESCE((SELECT array_agg(s.name ORDER BY s.name) FROM connection_secrets s WHERE s.connection_id = c.id),"  \
  " '{}')::text, c.consent_status, " RECOND_SQL_UTC("c.consent_checked_at") ", c.client_cert_subject,"          \
  " " RECOND_SQL_UTC("c.client_cert_expires_at")
// The live connections, narrowed by `where`.
#define RECOND_SELECT_CONNECTIONS(where) \
  "SELECT " RECOND_CONNECTION_COLUMNS " FROM connections c WHERE c.deleted_at IS NULL AND " where

namespace {

// A connection from a row of RECOND_CONNECTION_COLUMNS.
ConnectionRecord ReadConnection(const PgResult& r, int i) {
  ConnectionRecord c;
  ReadColumns(r, i, 0, c.id, c.company, c.name, c.type, c.settings, c.schedule, c.schedule_tz, c.next_pull_at,
              c.pulls_per_day_max, c.enabled, c.cursor, c.needs_person, c.consent_expires_at, c.last_success_at,
              c.created_at, c.updated_at, c.secret_names, c.consent_status, c.consent_checked_at,
              c.client_cert_subject, c.client_cert_expires_at);
  return c;
}

// The parameters $1 to $12 of kInsert and kUpdate.
std::vector<Param> RecordParams(const ConnectionRecord& c) {
  return {c.company,
          c.name,
          c.type,
          c.settings.dump(),
          c.schedule,
          c.schedule_tz,
          c.next_pull_at,
          std::to_string(c.pulls_per_day_max),
          c.enabled ? "true" : "false",
          c.consent_expires_at,
          c.client_cert_subject,
          c.client_cert_expires_at};
}

// A unique violation of the live names: the name is taken.
Error NameTaken(const std::string& name) {
  return MakeError(ErrorCode::kConflict, "there is already a connection named '" + name + "'", "name");
}

constexpr Sql kPutSecret{"put_connection_secret",
                         "INSERT INTO connection_secrets (connection_id, name, key_id, sealed) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (connection_id, name) DO UPDATE SET key_id = EXCLUDED.key_id,"
                         " sealed = EXCLUDED.sealed, updated_at = now()"};

Status WriteSecrets(PgConnection& conn, int64_t id, const std::vector<SealedSecret>& secrets) {
  for (const SealedSecret& s : secrets) {
    auto r = conn.Exec(kPutSecret, {std::to_string(id), s.name, s.key_id, s.sealed});
    if (!r) return r.take_error();
  }
  return Status::Ok();
}

constexpr Sql kForgetAccessToken{"forget_connection_access_token",
                                 "DELETE FROM connection_tokens WHERE connection_id = $1"};

}  // namespace

constexpr Sql kNewId{"new_connection_id", "SELECT nextval(pg_get_serial_sequence('connections', 'id'))"};

Result<int64_t> ConnectionStore::NewId() {
  auto r = storage::ExecPooled(pool_, kNewId);
  if (!r) return r.take_error();
  return r->int64(0, 0);
}

constexpr Sql kInsert{"insert_connection",
                      "INSERT INTO connections (company, name, type, settings, schedule, schedule_tz, next_pull_at,"
                      " pulls_per_day_max, enabled, consent_expires_at, client_cert_subject, client_cert_expires_at, id)"
                      " VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::timestamptz, $8::int, $9::boolean, $10::timestamptz,"
                      " $11, $12::timestamptz, $13::bigint)"};

Status ConnectionStore::Create(int64_t id, const ConnectionRecord& record, const std::vector<SealedSecret>& secrets) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  storage::Transaction tx(**conn);
  if (!tx.begin_status()) return tx.begin_status().error();
  std::vector<Param> params = RecordParams(record);
  params.push_back(std::to_string(id));
  auto r = (*conn)->Exec(kInsert, params);
  if (!r) return r.error().code == ErrorCode::kConflict ? NameTaken(record.name) : r.take_error();
  if (Status s = WriteSecrets(**conn, id, secrets); !s) return s.error();
  return tx.Commit();
}

constexpr Sql kUpdate{"update_connection",
                      "UPDATE connections SET name = $3, settings = $4::jsonb, schedule = $5, schedule_tz = $6,"
                      " next_pull_at = $7::timestamptz, pulls_per_day_max = $8::int, enabled = $9::boolean,"
                      " consent_expires_at = $10::timestamptz, client_cert_subject = $11,"
                      " client_cert_expires_at = $12::timestamptz, updated_at = now()"
                      " WHERE id = $1 AND company = $2 AND deleted_at IS NULL"};
// The endpoint URLs changed: the secrets that were meant for the old ones go (except those the
// same request sent), and a consent request begun against them is dropped.
constexpr Sql kEraseOldSecrets{"erase_connection_secrets_for_old_endpoints",
                               "DELETE FROM connection_secrets WHERE connection_id = $1 AND NOT (name = ANY($2::text[]))"
                               " RETURNING name"};
constexpr Sql kEndpointsChanged{"connection_endpoints_changed",
                                "UPDATE connections SET oauth_state = NULL, oauth_state_expires_at = NULL,"
                                " oauth_pkce_verifier = NULL, needs_person = COALESCE($2, needs_person) WHERE id = $1"};

namespace {

// What an endpoint change does besides the update (see ConnectionStore::Update): the secrets
// erased, sorted by name.
Result<std::vector<std::string>> ForgetOldEndpoints(PgConnection& conn, int64_t id,
                                                    const std::vector<SealedSecret>& secrets,
                                                    const EndpointChange& change) {
  std::vector<std::string> kept, erased;
  for (const SealedSecret& s : secrets) kept.push_back(s.name);
  auto e = conn.Exec(kEraseOldSecrets, {std::to_string(id), storage::TextArray(kept)});
  if (!e) return e.take_error();
  for (int i = 0; i < e->rows(); ++i) erased.emplace_back(e->text(i, 0));
  std::sort(erased.begin(), erased.end());
  auto n = conn.Exec(kEndpointsChanged, {std::to_string(id), change.needs_person});
  if (!n) return n.take_error();
  return erased;
}

}  // namespace

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
  if (!r) return r.error().code == ErrorCode::kConflict ? NameTaken(record.name) : r.take_error();
  if (r->affected() == 0) return Outcome();
  std::vector<std::string> erased;
  if (change) {
    auto forgotten = ForgetOldEndpoints(**conn, record.id, secrets, *change);
    if (!forgotten) return forgotten.take_error();
    erased = std::move(*forgotten);
  }
  if (Status s = WriteSecrets(**conn, record.id, secrets); !s) return s.error();
  if (!secrets.empty() || change) {
    // New credentials or new endpoints: a token issued for the old ones must not outlive them.
    auto t = (*conn)->Exec(kForgetAccessToken, {std::to_string(record.id)});
    if (!t) return t.take_error();
  }
  if (Status s = tx.Commit(); !s) return s.error();
  return Outcome(std::move(erased));
}

constexpr Sql kDelete{"delete_connection",
                      "UPDATE connections SET deleted_at = now(), oauth_state = NULL, oauth_state_expires_at = NULL,"
                      " oauth_pkce_verifier = NULL, updated_at = now()"
                      " WHERE id = $1 AND company = $2 AND deleted_at IS NULL"};
constexpr Sql kDeleteSecrets{"delete_connection_secrets", "DELETE FROM connection_secrets WHERE connection_id = $1"};

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

constexpr Sql kGetAny{"get_connection_any", RECOND_SELECT_CONNECTIONS("c.id = $1")};
constexpr Sql kGet{"get_connection", RECOND_SELECT_CONNECTIONS("c.id = $1 AND c.company = $2")};

Result<std::optional<ConnectionRecord>> ConnectionStore::Get(const std::string& company, int64_t id) {
  if (company.empty()) return QueryFirst(pool_, kGetAny, {std::to_string(id)}, ReadConnection);
  return QueryFirst(pool_, kGet, {std::to_string(id), company}, ReadConnection);
}

constexpr Sql kList{"list_connections", RECOND_SELECT_CONNECTIONS("c.company = $1 AND c.id > $2 ORDER BY c.id LIMIT $3")};

Result<std::vector<ConnectionRecord>> ConnectionStore::List(const std::string& company, int64_t after_id, int limit) {
  return QueryRows(pool_, kList, {company, std::to_string(after_id), std::to_string(limit)}, ReadConnection);
}

constexpr Sql kAllEnabled{"all_enabled_connections", RECOND_SELECT_CONNECTIONS("c.enabled ORDER BY c.id")};

Result<std::vector<ConnectionRecord>> ConnectionStore::AllEnabled() {
  return QueryRows(pool_, kAllEnabled, {}, ReadConnection);
}

constexpr Sql kDue{"due_connections",
                   RECOND_SELECT_CONNECTIONS("c.enabled AND c.schedule IS NOT NULL AND c.needs_person IS NULL"
                                             " AND c.next_pull_at <= now() ORDER BY c.next_pull_at LIMIT $1")};

#undef RECOND_SELECT_CONNECTIONS
#undef RECOND_CONNECTION_COLUMNS

Result<std::vector<ConnectionRecord>> ConnectionStore::Due(int limit) {
  return QueryRows(pool_, kDue, {std::to_string(limit)}, ReadConnection);
}

constexpr Sql kSetNextPull{"set_next_pull_at", "UPDATE connections SET next_pull_at = $2::timestamptz WHERE id = $1"};

Status ConnectionStore::SetNextPullAt(int64_t connection_id, const std::optional<std::string>& at_iso) {
  return ExecOnce(pool_, kSetNextPull, {std::to_string(connection_id), at_iso});
}

constexpr Sql kSecrets{"connection_secrets",
                       "SELECT name, key_id, sealed FROM connection_secrets WHERE connection_id = $1 ORDER BY name"};

Result<std::vector<SealedSecret>> ConnectionStore::Secrets(int64_t connection_id) {
  return QueryRows(pool_, kSecrets, {std::to_string(connection_id)}, [](const PgResult& r, int i) {
    SealedSecret s;
    ReadColumns(r, i, 0, s.name, s.key_id, s.sealed);
    return s;
  });
}

Status ConnectionStore::PutSecret(int64_t connection_id, const SealedSecret& secret) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  return WriteSecrets(**conn, connection_id, {secret});
}

constexpr Sql kUnboundSecrets{"unbound_connection_secrets",
                              "SELECT s.connection_id, s.name, s.key_id, s.sealed FROM connection_secrets s"
                              " WHERE s.sealed NOT LIKE s.key_id || ':v2:%' ORDER BY s.connection_id, s.name"};

Result<std::vector<UnboundSecret>> ConnectionStore::UnboundSecrets() {
  return QueryRows(pool_, kUnboundSecrets, {}, [](const PgResult& r, int i) {
    UnboundSecret u;
    ReadColumns(r, i, 0, u.connection_id, u.secret.name, u.secret.key_id, u.secret.sealed);
    return u;
  });
}

constexpr Sql kReplaceSealed{"reseal_connection_secret",
                             "UPDATE connection_secrets SET key_id = $4, sealed = $5"
                             " WHERE connection_id = $1 AND name = $2 AND sealed = $3"};

Result<bool> ConnectionStore::ReplaceSealed(int64_t connection_id, const std::string& old_sealed,
                                            const SealedSecret& secret) {
  auto r = storage::ExecPooled(pool_, kReplaceSealed,
                               {std::to_string(connection_id), secret.name, old_sealed, secret.key_id, secret.sealed});
  if (!r) return r.take_error();
  return r->affected() == 1;
}

constexpr Sql kAccessToken{"connection_access_token",
                           "SELECT key_id, sealed, extract(epoch FROM expires_at)::bigint FROM connection_tokens"
                           " WHERE connection_id = $1"};

Result<std::optional<SealedAccessToken>> ConnectionStore::AccessToken(int64_t connection_id) {
  return QueryFirst(pool_, kAccessToken, {std::to_string(connection_id)}, [](const PgResult& r, int i) {
    SealedAccessToken t;
    ReadColumns(r, i, 0, t.key_id, t.sealed, t.expires_at_unix);
    return t;
  });
}

constexpr Sql kPutAccessToken{"put_connection_access_token",
                              "INSERT INTO connection_tokens (connection_id, key_id, sealed, expires_at)"
                              " VALUES ($1, $2, $3, to_timestamp($4::bigint))"
                              " ON CONFLICT (connection_id) DO UPDATE SET key_id = EXCLUDED.key_id,"
                              " sealed = EXCLUDED.sealed, expires_at = EXCLUDED.expires_at, updated_at = now()"};

Status ConnectionStore::PutAccessToken(int64_t connection_id, const SealedAccessToken& token) {
  return ExecOnce(pool_, kPutAccessToken,
                  {std::to_string(connection_id), token.key_id, token.sealed, std::to_string(token.expires_at_unix)});
}

Status ConnectionStore::ForgetAccessToken(int64_t connection_id) {
  return ExecOnce(pool_, kForgetAccessToken, {std::to_string(connection_id)});
}

}  // namespace recon::bank_connections

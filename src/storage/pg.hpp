// libpq behind RAII: a connection, a result, a pool, a transaction.
//
// Every SQL statement is a named constant beside the method that uses it; the name
// labels the log line when it fails. Values go in as text parameters ($1, $2 ...),
// never spliced into SQL.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::storage {

// A named SQL statement.
struct Sql {
  const char* name;
  const char* text;
};

// A query result. Owns the PGresult.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r, &PQclear) {}

  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const {
    return std::string_view(PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col)));
  }
  std::optional<std::string> opt_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return std::string(text(row, col));
  }
  int64_t int64(int row, int col) const;
  // Number of rows an INSERT/UPDATE/DELETE touched.
  int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_{nullptr, &PQclear};
};

// A parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

// The timeouts every pooled session starts with (milliseconds; 0 = none). A statement that
// runs too long, a lock wait, or a transaction left idle ends with an error instead of holding
// a connection, a lock and a handler thread for ever.
struct SessionTimeouts {
  int statement_ms = 30'000;            // db_statement_timeout_ms
  int lock_ms = 10'000;                 // db_lock_timeout_ms
  int idle_in_transaction_ms = 60'000;  // db_idle_in_transaction_timeout_ms
  int bulk_statement_ms = 600'000;      // db_bulk_statement_timeout_ms: statements, lock waits and idle
                                        // moments of bulk work (uploads, item pushes, reconcile runs)
};

// How long the statements of a stretch of work may take (see ScopedTimeouts).
enum class TimeoutLevel {
  kBulk,       // db_bulk_statement_timeout_ms for statements, lock waits and idle moments
  kUnlimited,  // none at all: migrations, which must finish once started
};

// One database connection. Not thread-safe; a pool hands it to one user at a time.
class PgConnection {
 public:
  // Connects and sets the session's timeouts; kUnavailable with libpq's reason on failure.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url, const SessionTimeouts& timeouts = {});
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with text parameters. kUnavailable when the connection is
  // lost; kConflict for unique/serialization violations; kInternal for other SQL errors.
  // The caller gets a short message; the SQL error text goes to the log with the name.
  // `binary` lists the parameter positions sent as raw bytes (bytea) instead of text.
  Result<PgResult> Exec(const Sql& sql, const std::vector<Param>& params = {}, const std::vector<int>& binary = {});
  // Exec with every column of the answer in PostgreSQL's binary form: a bytea arrives as its
  // raw bytes (not twice as many hex digits). Meant for queries that select bytea only.
  Result<PgResult> ExecBinaryResult(const Sql& sql, const std::vector<Param>& params);
  // Runs a query and hands each row to `each` as a one-row result as it arrives (libpq's
  // single-row mode): a result of a million rows never sits in memory whole beside what is
  // built from it. A failure of `each` stops the handing; the rest of the result is drained.
  Status ExecEachRow(const Sql& sql, const std::vector<Param>& params,
                     const std::function<Status(const PgResult& result, int row)>& each);
  // Runs a script of several statements without parameters (migrations).
  Status ExecScript(const char* name, const std::string& script);

  // COPY ... FROM STDIN in text format: Begin, Put rows (already escaped), End.
  Status CopyBegin(const Sql& sql);
  Status CopyPut(std::string_view data);
  Status CopyEnd();

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  bool in_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INTRANS; }
  const SessionTimeouts& timeouts() const { return timeouts_; }
  // The SQLSTATE of the last failure, "" if none.
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  PgConnection(PGconn* conn, const SessionTimeouts& timeouts) : conn_(conn), timeouts_(timeouts) {}
  Error Fail(const char* name, PGresult* result);
  PGconn* conn_;
  SessionTimeouts timeouts_;
  std::string last_sqlstate_;
};

// PostgreSQL array literals for parameters ("{1,2}", "{\"a\",NULL}"), to pass many
// values in one parameter and unnest them in SQL.
std::string Int64Array(const std::vector<int64_t>& values);
std::string NullableInt64Array(const std::vector<std::optional<int64_t>>& values);
std::string TextArray(const std::vector<std::string>& values);
std::string NullableTextArray(const std::vector<std::optional<std::string>>& values);
// Parses PostgreSQL's text output of a bigint[] ("{1,2,3}").
std::vector<int64_t> ParseInt64Array(std::string_view text);
// Parses PostgreSQL's text output of a text[] ("{a,\"b c\"}").
std::vector<std::string> ParseTextArray(std::string_view text);

// Escapes a value for COPY text format (backslash, tab, newline, carriage return).
void AppendCopyField(std::string& out, std::string_view value);
// Appends \N, COPY's NULL.
void AppendCopyNull(std::string& out);

// "%text%" for ILIKE: `text` found anywhere, its LIKE wildcards (% _) and escape (\) taken literally.
std::string LikeContainsPattern(std::string_view text);

class ConnectionPool;

// A connection borrowed from the pool; returned when this goes out of scope.
class PooledConnection {
 public:
  PooledConnection(ConnectionPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) = default;
  ~PooledConnection();
  PgConnection* operator->() { return conn_.get(); }
  PgConnection& operator*() { return *conn_; }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<PgConnection> conn_;
};

struct PoolSettings {
  std::string url;
  size_t size_max = 8;                                  // db_pool_size_max: connections at most
  std::chrono::milliseconds acquire_timeout{10'000};    // db_acquire_timeout_ms: wait for a free one
  SessionTimeouts timeouts{};                           // db_*_timeout_ms: set on each connection opened
};

// A bounded pool. Thread-safe. Connections are opened lazily and replaced when broken.
class ConnectionPool {
 public:
  explicit ConnectionPool(PoolSettings settings) : settings_(std::move(settings)) {}
  ~ConnectionPool();

  // A connection, or kUnavailable when none is free within the timeout or the database is down.
  Result<PooledConnection> Acquire();
  // Closes idle connections and refuses new ones; borrowed ones close when returned.
  void Close();

 private:
  friend class PooledConnection;
  void Release(std::unique_ptr<PgConnection> conn);

  PoolSettings settings_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;
  bool closed_ = false;
};

// Raises a connection's timeouts for a stretch of bulk work, and lowers them again after it.
// Inside a transaction the raise is SET LOCAL, which the transaction's end undoes whatever
// happens; outside one the session's settings are put back on destruction. A failure to
// raise them is logged and left to the statements that follow (they fail the same way).
class ScopedTimeouts {
 public:
  ScopedTimeouts(PgConnection& conn, TimeoutLevel level);
  ~ScopedTimeouts();
  ScopedTimeouts(const ScopedTimeouts&) = delete;
  ScopedTimeouts& operator=(const ScopedTimeouts&) = delete;

 private:
  PgConnection& conn_;
  bool restore_ = false;
};

// Waits for, and takes, the advisory lock on `key` of `company` within `lock_class` (the first
// key of pg_advisory_xact_lock(int, int)); it is held until the caller's transaction ends.
Status LockCompanyKey(PgConnection& conn, int32_t lock_class, const std::string& company, const std::string& key);

// BEGIN on construction; ROLLBACK on destruction unless Commit succeeded.
class Transaction {
 public:
  // Begins a transaction on `conn`. Check ok() before use.
  explicit Transaction(PgConnection& conn, const char* begin_sql = "BEGIN");
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& begin_status() const { return begin_; }
  Status Commit();

 private:
  PgConnection& conn_;
  Status begin_;
  bool done_ = false;
};

}  // namespace recon::storage

#include "storage/pg.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

namespace recon::storage {

int64_t PgResult::int64(int row, int col) const {
  const std::string_view t = text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

int64_t PgResult::affected() const {
  if (!r_) return 0;
  const char* n = PQcmdTuples(r_.get());
  int64_t v = 0;
  std::from_chars(n, n + std::char_traits<char>::length(n), v);
  return v;
}

namespace {

// The SET statements that give a session these timeouts; `local` for one transaction only.
std::string TimeoutSettings(int statement_ms, int lock_ms, int idle_ms, bool local) {
  const std::string set = local ? "SET LOCAL " : "SET ";
  return set + "statement_timeout = " + std::to_string(statement_ms) + "; " + set +
         "lock_timeout = " + std::to_string(lock_ms) + "; " + set +
         "idle_in_transaction_session_timeout = " + std::to_string(idle_ms);
}

std::string SessionTimeoutSettings(const SessionTimeouts& t) {
  return TimeoutSettings(t.statement_ms, t.lock_ms, t.idle_in_transaction_ms, false);
}

// libpq reads a text parameter up to its first NUL, so "INV-1\0x" would be sent, and matched,
// as "INV-1". PostgreSQL text cannot hold a NUL anyway: such a value is refused whole.
Status CheckTextParams(const char* name, const std::vector<Param>& params, const std::vector<int>& binary) {
  for (size_t i = 0; i < params.size(); ++i) {
    if (!params[i] || params[i]->find('\0') == std::string::npos) continue;
    if (std::find(binary.begin(), binary.end(), static_cast<int>(i)) != binary.end()) continue;
    spdlog::warn("sql {}: parameter ${} holds a NUL character; not sent", name, i + 1);
    return MakeError(ErrorCode::kInvalidRequest, "a text value holds a NUL character, which the database cannot store");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url, const SessionTimeouts& timeouts) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = PQerrorMessage(conn);
    PQfinish(conn);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    spdlog::warn("database connection failed: {}", reason);
    return MakeError(ErrorCode::kUnavailable, "the database cannot be reached");
  }
  // Server notices ("relation already exists, skipping") are routine; keep them out of stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char* message) { spdlog::debug("postgres: {}", message); }, nullptr);
  auto opened = std::unique_ptr<PgConnection>(new PgConnection(conn, timeouts));
  // recond's statements reach rows by id; their cost estimates, inflated by stale
  // statistics during a run, crossed jit_above_cost, and compiling the learning query
  // took a second per commit batch for a query that runs in 30 ms. No JIT, ever.
  if (Status s = opened->ExecScript("session_settings", "SET jit = off; " + SessionTimeoutSettings(timeouts)); !s) {
    return s.error();
  }
  return opened;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Error PgConnection::Fail(const char* name, PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (result) PQclear(result);
  spdlog::error("sql {} failed: sqlstate={} {}", name, last_sqlstate_, message);
  if (PQstatus(conn_) != CONNECTION_OK) return MakeError(ErrorCode::kUnavailable, "the database connection was lost");
  // query_canceled is what statement_timeout raises; lock_not_available, lock_timeout. Both say
  // "not now", not "wrong": a 503 the client may retry.
  if (last_sqlstate_ == "57014") {
    return MakeError(ErrorCode::kUnavailable,
                     "the database did not finish in time (db_statement_timeout_ms, or db_bulk_statement_timeout_ms"
                     " for uploads, item pushes and reconcile runs); retry later");
  }
  if (last_sqlstate_ == "55P03") {
    return MakeError(ErrorCode::kUnavailable,
                     "rows this request needs were held by other work for longer than db_lock_timeout_ms"
                     " (db_bulk_statement_timeout_ms for uploads, item pushes and reconcile runs); retry later");
  }
  if (last_sqlstate_ == "23505" || last_sqlstate_ == "40001" || last_sqlstate_ == "40P01") {
    return MakeError(ErrorCode::kConflict, "the change conflicts with a concurrent one; retry");
  }
  if (last_sqlstate_.starts_with("22") || last_sqlstate_ == "23514") {
    return MakeError(ErrorCode::kInvalidRequest, "a value was rejected by the database");
  }
  return MakeError(ErrorCode::kInternal, "a database statement failed");
}

Result<PgResult> PgConnection::Exec(const Sql& sql, const std::vector<Param>& params, const std::vector<int>& binary) {
  if (Status s = CheckTextParams(sql.name, params, binary); !s) return s.error();
  std::vector<const char*> values;
  std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->data() : nullptr);
  for (int i : binary) {
    formats[i] = 1;
    lengths[i] = params[i] ? static_cast<int>(params[i]->size()) : 0;
  }
  PGresult* r = PQexecParams(conn_, sql.text, static_cast<int>(values.size()), nullptr, values.data(),
                             lengths.data(), formats.data(), 0);
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Fail(sql.name, r);
  last_sqlstate_.clear();
  return PgResult(r);
}

Result<PgResult> PgConnection::ExecBinaryResult(const Sql& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->data() : nullptr);
  PGresult* r = PQexecParams(conn_, sql.text, static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                             nullptr, /*resultFormat=*/1);
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Fail(sql.name, r);
  last_sqlstate_.clear();
  return PgResult(r);
}

Status PgConnection::ExecEachRow(const Sql& sql, const std::vector<Param>& params,
                                 const std::function<Status(const PgResult& result, int row)>& each) {
  if (Status s = CheckTextParams(sql.name, params, {}); !s) return s;
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->data() : nullptr);
  if (PQsendQueryParams(conn_, sql.text, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr,
                        0) != 1) {
    return Fail(sql.name, nullptr);
  }
  // Refused only when the query was not sent; then the rows would come in one result,
  // which the loop below hands out row by row all the same.
  (void)PQsetSingleRowMode(conn_);
  Status outcome = Status::Ok();
  // Every result up to the terminating null is read, whatever happened before: the
  // connection is only usable again after that.
  while (PGresult* r = PQgetResult(conn_)) {
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK) {
      Error failure = Fail(sql.name, r);
      if (outcome.ok()) outcome = std::move(failure);
      continue;
    }
    const PgResult result(r);
    for (int row = 0; row < result.rows() && outcome.ok(); ++row) outcome = each(result, row);
  }
  if (outcome.ok()) last_sqlstate_.clear();
  return outcome;
}

Status PgConnection::ExecScript(const char* name, const std::string& script) {
  PGresult* r = PQexec(conn_, script.c_str());
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Fail(name, r);
  PQclear(r);
  return Status::Ok();
}

Status PgConnection::CopyBegin(const Sql& sql) {
  PGresult* r = PQexec(conn_, sql.text);
  if (!r || PQresultStatus(r) != PGRES_COPY_IN) return Fail(sql.name, r);
  PQclear(r);
  return Status::Ok();
}

Status PgConnection::CopyPut(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) return Fail("copy_put", nullptr);
  return Status::Ok();
}

Status PgConnection::CopyEnd() {
  if (PQputCopyEnd(conn_, nullptr) != 1) return Fail("copy_end", nullptr);
  PGresult* r = PQgetResult(conn_);
  const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) {
    Error e = Fail("copy", r);
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    return e;
  }
  PQclear(r);
  while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
  return Status::Ok();
}

void AppendCopyField(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out.push_back(c);
    }
  }
}

void AppendCopyNull(std::string& out) { out += "\\N"; }

std::string LikeContainsPattern(std::string_view text) {
  std::string out(1, '%');
  out.reserve(text.size() * 2 + 2);
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

namespace {

void AppendQuoted(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string Int64Array(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

std::string NullableInt64Array(const std::vector<std::optional<int64_t>>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += values[i] ? std::to_string(*values[i]) : "NULL";
  }
  return out + "}";
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    AppendQuoted(out, values[i]);
  }
  return out + "}";
}

std::string NullableTextArray(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (values[i]) AppendQuoted(out, *values[i]);
    else out += "NULL";
  }
  return out + "}";
}

std::vector<int64_t> ParseInt64Array(std::string_view text) {
  std::vector<int64_t> out;
  int64_t value = 0;
  bool in_number = false, negative = false;
  for (char c : text) {
    if (c == '-') {
      negative = true;
    } else if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      in_number = true;
    } else if (in_number) {
      out.push_back(negative ? -value : value);
      value = 0;
      in_number = negative = false;
    }
  }
  return out;
}

std::vector<std::string> ParseTextArray(std::string_view text) {
  std::vector<std::string> out;
  if (text.size() < 2) return out;
  text = text.substr(1, text.size() - 2);
  size_t i = 0;
  while (i < text.size()) {
    std::string value;
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
      }
      ++i;
    } else {
      while (i < text.size() && text[i] != ',') value += text[i++];
    }
    out.push_back(std::move(value));
    if (i < text.size() && text[i] == ',') ++i;
  }
  return out;
}

PooledConnection::~PooledConnection() {
  if (conn_ && pool_) pool_->Release(std::move(conn_));
}

ConnectionPool::~ConnectionPool() { Close(); }

Result<PooledConnection> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + settings_.acquire_timeout;
  while (true) {
    if (closed_) return MakeError(ErrorCode::kUnavailable, "the server is shutting down");
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->healthy()) return PooledConnection(this, std::move(conn));
      --open_;  // broken: drop it and open another below
      continue;
    }
    if (open_ < settings_.size_max) {
      ++open_;
      lock.unlock();
      auto conn = PgConnection::Open(settings_.url, settings_.timeouts);
      if (!conn) {
        std::lock_guard relock(mu_);
        --open_;
        cv_.notify_one();
        return conn.take_error();
      }
      return PooledConnection(this, std::move(*conn));
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= settings_.size_max) {
      return MakeError(ErrorCode::kUnavailable, "all database connections are busy; retry");
    }
  }
}

void ConnectionPool::Release(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lock(mu_);
  if (closed_ || !conn->healthy()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

void ConnectionPool::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  open_ -= idle_.size();
  idle_.clear();
  cv_.notify_all();
}

ScopedTimeouts::ScopedTimeouts(PgConnection& conn, TimeoutLevel level) : conn_(conn) {
  const int statement_ms = level == TimeoutLevel::kBulk ? conn.timeouts().bulk_statement_ms : 0;
  const int idle_ms = level == TimeoutLevel::kBulk && conn.timeouts().idle_in_transaction_ms != 0
                          ? std::max(conn.timeouts().idle_in_transaction_ms, conn.timeouts().bulk_statement_ms)
                          : 0;
  const bool local = conn.in_transaction();
  if (Status s = conn.ExecScript("raise_timeouts", TimeoutSettings(statement_ms, statement_ms, idle_ms, local)); !s) {
    spdlog::warn("timeouts not raised: {}", s.error().message);
    return;
  }
  restore_ = !local;
}

ScopedTimeouts::~ScopedTimeouts() {
  if (!restore_ || !conn_.healthy()) return;
  // A session left with raised timeouts would go back to the pool with them.
  if (Status s = conn_.ExecScript("restore_timeouts", SessionTimeoutSettings(conn_.timeouts())); !s) {
    spdlog::warn("timeouts not restored: {}", s.error().message);
  }
}

Transaction::Transaction(PgConnection& conn, const char* begin_sql) : conn_(conn) {
  auto r = conn_.Exec(Sql{"begin", begin_sql});
  if (!r) {
    begin_ = r.take_error();
    done_ = true;
  }
}

Transaction::~Transaction() {
  if (!done_) {
    auto r = conn_.Exec(Sql{"rollback", "ROLLBACK"});
    (void)r;
  }
}

Status Transaction::Commit() {
  done_ = true;
  auto r = conn_.Exec(Sql{"commit", "COMMIT"});
  if (!r) return r.take_error();
  return Status::Ok();
}

constexpr Sql kLockCompanyKey{"lock_company_key",
                              "SELECT pg_advisory_xact_lock($1::int, hashtext($2 || chr(31) || $3))"};

Status LockCompanyKey(PgConnection& conn, int32_t lock_class, const std::string& company, const std::string& key) {
  if (auto r = conn.Exec(kLockCompanyKey, {std::to_string(lock_class), company, key}); !r) return r.take_error();
  return Status::Ok();
}

}  // namespace recon::storage

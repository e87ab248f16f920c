// recond's configuration: one JSON file, then environment overrides, then checks.
// Every setting has a default that works on a developer's machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "recon/error.hpp"

namespace recon::config {

struct Config {
  std::string listen = "127.0.0.1:8080";      // RECOND_LISTEN: host:port
  int threads = 0;                             // RECOND_THREADS: I/O threads; 0 = one per core
  int worker_threads = 0;                      // request handlers; 0 = db_pool_size_max
  std::string database_url;                    // RECOND_DATABASE_URL: libpq URL or key=value string
  std::string data_dir = "./var";              // RECOND_DATA_DIR
  std::string dev_token;                       // RECOND_DEV_TOKEN: the development bearer token (admin)
  std::string default_company = "main";        // RECOND_DEFAULT_COMPANY: when a request names none
  std::string log_format = "auto";             // RECOND_LOG_FORMAT: auto | json | text
  std::string log_level = "info";              // RECOND_LOG_LEVEL
  size_t body_bytes_max = 256u << 20;          // RECOND_BODY_BYTES_MAX: 1 KiB .. 4 GiB
  size_t header_bytes_max = 16u << 10;         // RECOND_HEADER_BYTES_MAX: 1 KiB .. 1 MiB
  int read_timeout_ms = 30'000;                // RECOND_READ_TIMEOUT_MS: one request (or keep-alive wait) and its answer
  int shutdown_grace_ms = 30'000;              // RECOND_SHUTDOWN_GRACE_MS: in-flight requests may finish
  size_t db_pool_size_max = 8;                 // RECOND_DB_POOL_SIZE_MAX: 1 .. 1000
  int db_acquire_timeout_ms = 10'000;          // RECOND_DB_ACQUIRE_TIMEOUT_MS
  size_t match_batch_lines = 1000;             // RECOND_MATCH_BATCH_LINES: 1 .. 1,000,000
  int match_threads = 0;                       // RECOND_MATCH_THREADS: matcher threads; 0 = one per core
  int commit_connections = 2;                  // RECOND_COMMIT_CONNECTIONS: a run's batches committed at once, 1 .. 16
  std::string rules_file;                      // RECOND_RULES_FILE: default rule set (JSON); "" = built in
  size_t statement_lines_max = 2'000'000;      // RECOND_STATEMENT_LINES_MAX
  bool auto_reconcile = true;                  // RECOND_AUTO_RECONCILE: new statement lines queue a reconcile run
  int job_workers = 1;                         // RECOND_JOB_WORKERS: background jobs run at once here; 0 = none
  int job_lease_seconds = 60;                  // RECOND_JOB_LEASE_SECONDS: a dead process's job is retaken after this
  int job_poll_ms = 1000;                      // RECOND_JOB_POLL_MS: how often idle workers look for jobs
  size_t xml_depth_max = 64;                   // RECOND_XML_DEPTH_MAX
  // Limits of issue 11 (JSON bodies, connections, callers, database sessions).
  size_t json_depth_max = 32;                  // RECOND_JSON_DEPTH_MAX: nesting of a JSON body, 2 .. 512
  size_t json_bytes_max = 4u << 20;            // RECOND_JSON_BYTES_MAX: a JSON body, each NDJSON line; 1 KiB .. body_bytes_max
  size_t connections_max = 512;                // RECOND_CONNECTIONS_MAX: open HTTP connections, 1 .. 1,000,000
  size_t request_queue_max = 256;              // RECOND_REQUEST_QUEUE_MAX: requests waiting for a handler, 1 .. 1,000,000
  int rate_limit_per_second = 1000;            // RECOND_RATE_LIMIT_PER_SECOND: per caller; 0 = no limit
  int rate_limit_burst = 2000;                 // RECOND_RATE_LIMIT_BURST: requests at once per caller, 1 .. 1,000,000
  int db_statement_timeout_ms = 30'000;        // RECOND_DB_STATEMENT_TIMEOUT_MS: 0 = none
  int db_lock_timeout_ms = 10'000;             // RECOND_DB_LOCK_TIMEOUT_MS: 0 = none
  int db_idle_in_transaction_timeout_ms = 60'000;  // RECOND_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 0 = none
  int db_bulk_statement_timeout_ms = 600'000;  // RECOND_DB_BULK_STATEMENT_TIMEOUT_MS: uploads, pushes, runs; 0 = none
};

// Reads `path` (when not empty), then applies RECOND_* variables from `env`, then checks
// every value. kInvalidRequest names the setting and what is wrong with it.
Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env);

// RECOND_* variables of this process.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace recon::config

// recond's configuration: one JSON file, then environment overrides, then checks.
// Every setting has a default that works on a developer's machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

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
  std::string csv_profiles_dir;                // RECOND_CSV_PROFILES_DIR: CSV profiles NAME.json; "" = none (shipped and stored ones only)
  int refused_upload_retention_days = 30;      // RECOND_REFUSED_UPLOAD_RETENTION_DAYS: refused files' bytes kept, 1 .. 36500
  size_t pending_receipt_bytes_min = 4u << 20; // RECOND_PENDING_RECEIPT_BYTES_MIN: files this large show as pending while read
  // ZIP uploads and pulls (ParseOptions::archive_*; docs/parsers/zip.md), each counted on
  // the bytes actually inflated.
  size_t archive_inflated_bytes_max = size_t{1} << 30;  // RECOND_ARCHIVE_INFLATED_BYTES_MAX: one upload, all
                                                        // nesting levels; 1 MiB .. 64 GiB
  size_t archive_ratio_max = 100;              // RECOND_ARCHIVE_RATIO_MAX: inflated/compressed, per entry and archive; 2 .. 1100
  size_t archive_entries_max = 1000;           // RECOND_ARCHIVE_ENTRIES_MAX: entries of one archive; 1 .. 100,000
  size_t archive_nesting_max = 0;              // RECOND_ARCHIVE_NESTING_MAX: archives in archives; 0 (refused) .. 3

  // Bank connections: where their requests may go and which host files they may read (issue 11).
  // RECOND_CONNECTIONS_ALLOW_PLAIN_HTTP_LOOPBACK: plain http to a loopback host (tests, mock banks).
  bool connections_allow_plain_http_loopback = false;
  // RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED: connect to loopback, link-local and private addresses.
  bool outbound_private_addresses_allowed = false;
  // RECOND_CONNECTOR_HOSTS_ALLOWED: "kind=host,*.suffix;kind=host" -> hosts a connector kind may
  // call. Empty: any host. Set: a kind it does not name may call no host at all.
  std::map<std::string, std::vector<std::string>> connector_hosts_allowed;
  // RECOND_DIRECTORY_ROOTS: "name=/abs/path;name=/abs/path", the folders `directory` connections name.
  std::map<std::string, std::string> directory_roots;
  // RECOND_CERTIFICATE_FILES: "name=/abs/path;...", the files ca_file, client_cert_file and
  // client_key_file of a connection name.
  std::map<std::string, std::string> certificate_files;
  int oauth_state_ttl_seconds = 600;           // RECOND_OAUTH_STATE_TTL_SECONDS: a consent request's life, 30 .. 3600
  // Jobs, synchronous runs and Idempotency-Keys (issue 11, points 4 and 5).
  int job_retry_base_ms = 2000;                // RECOND_JOB_RETRY_BASE_MS: a failed job's first retry waits up to this; 1 .. 3,600,000
  int job_retry_cap_ms = 300'000;              // RECOND_JOB_RETRY_CAP_MS: no retry waits longer; job_retry_base_ms .. 86,400,000
  int reconcile_wait_ms = 300'000;             // RECOND_RECONCILE_WAIT_MS: a synchronous POST /v1/reconcile waits this long, then answers 202; 100 .. 86,400,000
  int idempotency_lease_seconds = 60;          // RECOND_IDEMPOTENCY_LEASE_SECONDS: a key whose process died is free after this; 2 .. 3600
  int idempotency_ttl_seconds = 86'400;        // RECOND_IDEMPOTENCY_TTL_SECONDS: stored keys expire (and are purged) after this; 1 .. 2,592,000
  int maintenance_interval_seconds = 3600;     // RECOND_MAINTENANCE_INTERVAL_SECONDS: the maintenance job (purges) runs this often; 1 .. 86,400
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

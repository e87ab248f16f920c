#include "config/config.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include "recon/json.hpp"

extern char** environ;

namespace recon::config {
namespace {

Error Bad(const std::string& key, const std::string& why) {
  return MakeError(ErrorCode::kInvalidRequest, "configuration " + key + ": " + why);
}

// Applies one setting given as text (from the environment or a JSON string).
template <class T>
Status SetNumber(T& field, const std::string& key, const std::string& text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return Bad(key, "'" + text + "' is not a whole number");
  field = value;
  return Status::Ok();
}

Status SetFlag(bool& field, const std::string& key, const std::string& text) {
  if (text == "true" || text == "1" || text == "on" || text == "yes") {
    field = true;
  } else if (text == "false" || text == "0" || text == "off" || text == "no") {
    field = false;
  } else {
    return Bad(key, "'" + text + "' is not true or false");
  }
  return Status::Ok();
}

// The compact form of a map setting: "name=value,value;name=value" (spaces around the parts are
// ignored). Names are [a-z0-9_.-]+, each given once.
Status ParseNamedLists(const std::string& key, const std::string& text,
                       std::map<std::string, std::vector<std::string>>& out) {
  out.clear();
  auto trim = [](std::string s) {
    const size_t b = s.find_first_not_of(" \t");
    const size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  std::stringstream entries(text);
  for (std::string entry; std::getline(entries, entry, ';');) {
    entry = trim(entry);
    if (entry.empty()) continue;
    const size_t eq = entry.find('=');
    const std::string name = trim(entry.substr(0, eq));
    if (eq == std::string::npos || name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.-") != std::string::npos)
      return Bad(key, "'" + entry + "' is not name=value (names: lower-case letters, digits, '_', '.', '-')");
    if (out.count(name)) return Bad(key, "'" + name + "' is given twice");
    std::vector<std::string>& values = out[name];
    std::stringstream list(entry.substr(eq + 1));
    for (std::string value; std::getline(list, value, ',');) {
      value = trim(value);
      if (!value.empty()) values.push_back(value);
    }
    if (values.empty()) return Bad(key, "'" + name + "' has no value");
  }
  return Status::Ok();
}

Status SetHostLists(Config& c, const std::string& key, const std::string& text) {
  if (Status s = ParseNamedLists(key, text, c.connector_hosts_allowed); !s) return s;
  for (auto& [kind, hosts] : c.connector_hosts_allowed) {
    for (std::string& host : hosts) {
      for (char& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const std::string bare = host.starts_with("*.") ? host.substr(2) : host;
      if (bare.empty() || bare.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_:") != std::string::npos)
        return Bad(key, "'" + host + "' (for " + kind + ") is not a host name, '*.' + a domain, or an IP address");
    }
  }
  return Status::Ok();
}

// name=absolute path, one path per name.
Status SetNamedPaths(std::map<std::string, std::string>& field, const std::string& key, const std::string& text) {
  std::map<std::string, std::vector<std::string>> lists;
  if (Status s = ParseNamedLists(key, text, lists); !s) return s;
  field.clear();
  for (const auto& [name, values] : lists) {
    if (values.size() != 1) return Bad(key, "'" + name + "' must name one path (',' is not allowed in a path here)");
    if (values[0].empty() || values[0][0] != '/') return Bad(key, "the path of '" + name + "' must be absolute");
    field[name] = values[0];
  }
  return Status::Ok();
}

struct Setting {
  const char* json_key;
  const char* env_key;
  // Sets the field from text; numbers are checked here, ranges in Check.
  Status (*set)(Config&, const std::string& key, const std::string& text);
};

#define RECOND_STRING(field) [](Config& c, const std::string&, const std::string& t) { c.field = t; return Status::Ok(); }
#define RECOND_NUMBER(field) [](Config& c, const std::string& k, const std::string& t) { return SetNumber(c.field, k, t); }
#define RECOND_FLAG(field) [](Config& c, const std::string& k, const std::string& t) { return SetFlag(c.field, k, t); }

const Setting kSettings[] = {
    {"listen", "RECOND_LISTEN", RECOND_STRING(listen)},
    {"threads", "RECOND_THREADS", RECOND_NUMBER(threads)},
    {"worker_threads", "RECOND_WORKER_THREADS", RECOND_NUMBER(worker_threads)},
    {"database_url", "RECOND_DATABASE_URL", RECOND_STRING(database_url)},
    {"data_dir", "RECOND_DATA_DIR", RECOND_STRING(data_dir)},
    {"dev_token", "RECOND_DEV_TOKEN", RECOND_STRING(dev_token)},
    {"default_company", "RECOND_DEFAULT_COMPANY", RECOND_STRING(default_company)},
    {"log_format", "RECOND_LOG_FORMAT", RECOND_STRING(log_format)},
    {"log_level", "RECOND_LOG_LEVEL", RECOND_STRING(log_level)},
    {"body_bytes_max", "RECOND_BODY_BYTES_MAX", RECOND_NUMBER(body_bytes_max)},
    {"header_bytes_max", "RECOND_HEADER_BYTES_MAX", RECOND_NUMBER(header_bytes_max)},
    {"read_timeout_ms", "RECOND_READ_TIMEOUT_MS", RECOND_NUMBER(read_timeout_ms)},
    {"shutdown_grace_ms", "RECOND_SHUTDOWN_GRACE_MS", RECOND_NUMBER(shutdown_grace_ms)},
    {"db_pool_size_max", "RECOND_DB_POOL_SIZE_MAX", RECOND_NUMBER(db_pool_size_max)},
    {"db_acquire_timeout_ms", "RECOND_DB_ACQUIRE_TIMEOUT_MS", RECOND_NUMBER(db_acquire_timeout_ms)},
    {"match_batch_lines", "RECOND_MATCH_BATCH_LINES", RECOND_NUMBER(match_batch_lines)},
    {"match_threads", "RECOND_MATCH_THREADS", RECOND_NUMBER(match_threads)},
    {"commit_connections", "RECOND_COMMIT_CONNECTIONS", RECOND_NUMBER(commit_connections)},
    {"rules_file", "RECOND_RULES_FILE", RECOND_STRING(rules_file)},
    {"statement_lines_max", "RECOND_STATEMENT_LINES_MAX", RECOND_NUMBER(statement_lines_max)},
    {"xml_depth_max", "RECOND_XML_DEPTH_MAX", RECOND_NUMBER(xml_depth_max)},
    {"auto_reconcile", "RECOND_AUTO_RECONCILE", RECOND_FLAG(auto_reconcile)},
    {"job_workers", "RECOND_JOB_WORKERS", RECOND_NUMBER(job_workers)},
    {"job_lease_seconds", "RECOND_JOB_LEASE_SECONDS", RECOND_NUMBER(job_lease_seconds)},
    {"job_poll_ms", "RECOND_JOB_POLL_MS", RECOND_NUMBER(job_poll_ms)},
    {"csv_profiles_dir", "RECOND_CSV_PROFILES_DIR", RECOND_STRING(csv_profiles_dir)},
    {"refused_upload_retention_days", "RECOND_REFUSED_UPLOAD_RETENTION_DAYS", RECOND_NUMBER(refused_upload_retention_days)},
    {"pending_receipt_bytes_min", "RECOND_PENDING_RECEIPT_BYTES_MIN", RECOND_NUMBER(pending_receipt_bytes_min)},
    // ZIP archives.
    {"archive_inflated_bytes_max", "RECOND_ARCHIVE_INFLATED_BYTES_MAX", RECOND_NUMBER(archive_inflated_bytes_max)},
    {"archive_ratio_max", "RECOND_ARCHIVE_RATIO_MAX", RECOND_NUMBER(archive_ratio_max)},
    {"archive_entries_max", "RECOND_ARCHIVE_ENTRIES_MAX", RECOND_NUMBER(archive_entries_max)},
    {"archive_nesting_max", "RECOND_ARCHIVE_NESTING_MAX", RECOND_NUMBER(archive_nesting_max)},
    // Bank connections (issue 11, points 9, 10 and 12).
    {"connections_allow_plain_http_loopback", "RECOND_CONNECTIONS_ALLOW_PLAIN_HTTP_LOOPBACK",
     RECOND_FLAG(connections_allow_plain_http_loopback)},
    {"outbound_private_addresses_allowed", "RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED",
     RECOND_FLAG(outbound_private_addresses_allowed)},
    {"connector_hosts_allowed", "RECOND_CONNECTOR_HOSTS_ALLOWED", &SetHostLists},
    {"directory_roots", "RECOND_DIRECTORY_ROOTS",
     [](Config& c, const std::string& k, const std::string& t) { return SetNamedPaths(c.directory_roots, k, t); }},
    {"certificate_files", "RECOND_CERTIFICATE_FILES",
     [](Config& c, const std::string& k, const std::string& t) { return SetNamedPaths(c.certificate_files, k, t); }},
    {"oauth_state_ttl_seconds", "RECOND_OAUTH_STATE_TTL_SECONDS", RECOND_NUMBER(oauth_state_ttl_seconds)},
    {"job_retry_base_ms", "RECOND_JOB_RETRY_BASE_MS", RECOND_NUMBER(job_retry_base_ms)},
    {"job_retry_cap_ms", "RECOND_JOB_RETRY_CAP_MS", RECOND_NUMBER(job_retry_cap_ms)},
    {"reconcile_wait_ms", "RECOND_RECONCILE_WAIT_MS", RECOND_NUMBER(reconcile_wait_ms)},
    {"idempotency_lease_seconds", "RECOND_IDEMPOTENCY_LEASE_SECONDS", RECOND_NUMBER(idempotency_lease_seconds)},
    {"idempotency_ttl_seconds", "RECOND_IDEMPOTENCY_TTL_SECONDS", RECOND_NUMBER(idempotency_ttl_seconds)},
    {"maintenance_interval_seconds", "RECOND_MAINTENANCE_INTERVAL_SECONDS", RECOND_NUMBER(maintenance_interval_seconds)},
    {"json_depth_max", "RECOND_JSON_DEPTH_MAX", RECOND_NUMBER(json_depth_max)},
    {"json_bytes_max", "RECOND_JSON_BYTES_MAX", RECOND_NUMBER(json_bytes_max)},
    {"connections_max", "RECOND_CONNECTIONS_MAX", RECOND_NUMBER(connections_max)},
    {"request_queue_max", "RECOND_REQUEST_QUEUE_MAX", RECOND_NUMBER(request_queue_max)},
    {"rate_limit_per_second", "RECOND_RATE_LIMIT_PER_SECOND", RECOND_NUMBER(rate_limit_per_second)},
    {"rate_limit_burst", "RECOND_RATE_LIMIT_BURST", RECOND_NUMBER(rate_limit_burst)},
    {"db_statement_timeout_ms", "RECOND_DB_STATEMENT_TIMEOUT_MS", RECOND_NUMBER(db_statement_timeout_ms)},
    {"db_lock_timeout_ms", "RECOND_DB_LOCK_TIMEOUT_MS", RECOND_NUMBER(db_lock_timeout_ms)},
    {"db_idle_in_transaction_timeout_ms", "RECOND_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS",
     RECOND_NUMBER(db_idle_in_transaction_timeout_ms)},
    {"db_bulk_statement_timeout_ms", "RECOND_DB_BULK_STATEMENT_TIMEOUT_MS", RECOND_NUMBER(db_bulk_statement_timeout_ms)},
};

#undef RECOND_STRING
#undef RECOND_NUMBER
#undef RECOND_FLAG

// The limits of issue 11: JSON bodies, connections, callers, database sessions.
Status CheckLimits(const Config& c) {
  constexpr size_t kCountMax = 1'000'000;
  if (c.json_depth_max < 2 || c.json_depth_max > 512) return Bad("json_depth_max", "must be between 2 and 512");
  if (c.json_bytes_max < 1024 || c.json_bytes_max > c.body_bytes_max) {
    return Bad("json_bytes_max", "must be between 1 KiB and body_bytes_max");
  }
  if (c.connections_max < 1 || c.connections_max > kCountMax) return Bad("connections_max", "must be between 1 and 1000000");
  if (c.request_queue_max < 1 || c.request_queue_max > kCountMax) {
    return Bad("request_queue_max", "must be between 1 and 1000000");
  }
  if (c.rate_limit_per_second < 0 || c.rate_limit_per_second > 1'000'000) {
    return Bad("rate_limit_per_second", "must be between 0 (no limit) and 1000000");
  }
  if (c.rate_limit_burst < 1 || c.rate_limit_burst > 1'000'000) return Bad("rate_limit_burst", "must be between 1 and 1000000");
  // PostgreSQL takes these in milliseconds as an int; 0 means no timeout.
  struct Timeout {
    const char* name;
    int value;
  };
  for (const Timeout& t : {Timeout{"db_statement_timeout_ms", c.db_statement_timeout_ms},
                           Timeout{"db_lock_timeout_ms", c.db_lock_timeout_ms},
                           Timeout{"db_idle_in_transaction_timeout_ms", c.db_idle_in_transaction_timeout_ms},
                           Timeout{"db_bulk_statement_timeout_ms", c.db_bulk_statement_timeout_ms}}) {
    if (t.value < 0) return Bad(t.name, "must be 0 (no timeout) or a positive number of milliseconds");
  }
  const auto longer = [](int bulk, int normal) { return bulk == 0 || (normal != 0 && bulk >= normal); };
  if (!longer(c.db_bulk_statement_timeout_ms, c.db_statement_timeout_ms)) {
    return Bad("db_bulk_statement_timeout_ms", "must be 0 (none) or at least db_statement_timeout_ms");
  }
  return Status::Ok();
}

Status Check(const Config& c) {
  if (c.listen.rfind(':') == std::string::npos) return Bad("listen", "'" + c.listen + "' is not host:port");
  if (c.threads < 0 || c.threads > 1024) return Bad("threads", "must be between 0 and 1024");
  if (c.worker_threads < 0 || c.worker_threads > 1024) return Bad("worker_threads", "must be between 0 and 1024");
  if (c.body_bytes_max < 1024 || c.body_bytes_max > (size_t{4} << 30)) return Bad("body_bytes_max", "must be between 1 KiB and 4 GiB");
  if (c.header_bytes_max < 1024 || c.header_bytes_max > (1u << 20)) return Bad("header_bytes_max", "must be between 1 KiB and 1 MiB");
  if (c.read_timeout_ms < 100) return Bad("read_timeout_ms", "must be at least 100");
  if (c.shutdown_grace_ms < 0) return Bad("shutdown_grace_ms", "must not be negative");
  if (c.db_pool_size_max < 1 || c.db_pool_size_max > 1000) return Bad("db_pool_size_max", "must be between 1 and 1000");
  if (c.db_acquire_timeout_ms < 1) return Bad("db_acquire_timeout_ms", "must be positive");
  if (c.match_batch_lines < 1 || c.match_batch_lines > 1'000'000) return Bad("match_batch_lines", "must be between 1 and 1000000");
  if (c.match_threads < 0 || c.match_threads > 256) return Bad("match_threads", "must be between 0 and 256");
  if (c.commit_connections < 1 || c.commit_connections > 16) {
    return Bad("commit_connections", "must be between 1 and 16");
  }
  if (static_cast<size_t>(c.commit_connections) + 1 > c.db_pool_size_max) {
    return Bad("commit_connections", "needs db_pool_size_max of at least commit_connections + 1 (a run also holds its company's lock)");
  }
  if (c.job_workers < 0 || c.job_workers > 64) return Bad("job_workers", "must be between 0 and 64");
  if (c.job_lease_seconds < 2 || c.job_lease_seconds > 3600) return Bad("job_lease_seconds", "must be between 2 and 3600");
  if (c.job_poll_ms < 10 || c.job_poll_ms > 60'000) return Bad("job_poll_ms", "must be between 10 and 60000");
  if (c.job_retry_base_ms < 1 || c.job_retry_base_ms > 3'600'000) return Bad("job_retry_base_ms", "must be between 1 and 3600000");
  if (c.job_retry_cap_ms < c.job_retry_base_ms || c.job_retry_cap_ms > 86'400'000) {
    return Bad("job_retry_cap_ms", "must be between job_retry_base_ms and 86400000");
  }
  if (c.reconcile_wait_ms < 100 || c.reconcile_wait_ms > 86'400'000) return Bad("reconcile_wait_ms", "must be between 100 and 86400000");
  if (c.idempotency_lease_seconds < 2 || c.idempotency_lease_seconds > 3600) {
    return Bad("idempotency_lease_seconds", "must be between 2 and 3600");
  }
  if (c.idempotency_ttl_seconds < 1 || c.idempotency_ttl_seconds > 2'592'000) {
    return Bad("idempotency_ttl_seconds", "must be between 1 and 2592000 (30 days)");
  }
  if (c.maintenance_interval_seconds < 1 || c.maintenance_interval_seconds > 86'400) {
    return Bad("maintenance_interval_seconds", "must be between 1 and 86400");
  }
  if (c.statement_lines_max < 1) return Bad("statement_lines_max", "must be positive");
  if (c.xml_depth_max < 8 || c.xml_depth_max > 10'000) return Bad("xml_depth_max", "must be between 8 and 10000");
  if (c.pending_receipt_bytes_min > (size_t{4} << 30)) {
    return Bad("pending_receipt_bytes_min", "must be between 0 (every file) and 4 GiB");
  }
  if (c.refused_upload_retention_days < 1 || c.refused_upload_retention_days > 36'500) {
    return Bad("refused_upload_retention_days", "must be between 1 and 36500");
  }
  // ZIP archives: a ratio above deflate's own limit (about 1032) would check nothing.
  if (c.archive_inflated_bytes_max < (size_t{1} << 20) || c.archive_inflated_bytes_max > (size_t{64} << 30)) {
    return Bad("archive_inflated_bytes_max", "must be between 1 MiB and 64 GiB");
  }
  if (c.archive_ratio_max < 2 || c.archive_ratio_max > 1100) return Bad("archive_ratio_max", "must be between 2 and 1100");
  if (c.archive_entries_max < 1 || c.archive_entries_max > 100'000) {
    return Bad("archive_entries_max", "must be between 1 and 100000");
  }
  if (c.archive_nesting_max > 3) return Bad("archive_nesting_max", "must be between 0 and 3");
  if (c.oauth_state_ttl_seconds < 30 || c.oauth_state_ttl_seconds > 3600)
    return Bad("oauth_state_ttl_seconds", "must be between 30 and 3600");
  if (c.log_format != "auto" && c.log_format != "json" && c.log_format != "text") {
    return Bad("log_format", "must be auto, json or text");
  }
  return CheckLimits(c);
}

}  // namespace

Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env) {
  Config config;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) return MakeError(ErrorCode::kInvalidRequest, "cannot read the configuration file " + path);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ParseJson(text.str(), kJsonAnyLength, "the configuration file");
    const nlohmann::json doc = parsed ? std::move(*parsed) : nlohmann::json();
    if (!doc.is_object()) {
      return MakeError(ErrorCode::kInvalidRequest, "the configuration file " + path + " is not a JSON object");
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const Setting* setting = nullptr;
      for (const Setting& s : kSettings) {
        if (it.key() == s.json_key) setting = &s;
      }
      if (!setting) return Bad(it.key(), "unknown setting in " + path);
      std::string value;
      if (it->is_string()) value = it->get<std::string>();
      else if (it->is_number_integer()) value = std::to_string(it->get<int64_t>());
      else if (it->is_boolean()) value = it->get<bool>() ? "true" : "false";
      else if (it->is_object() && (it.key() == "connector_hosts_allowed" || it.key() == "directory_roots" ||
                                   it.key() == "certificate_files")) {
        // A map setting written as JSON ({"inbox": "/srv/in"}, {"berlin-group": ["a.example"]}):
        // the same as its compact text form.
        for (const auto& [name, v] : it->items()) {
          value += name + "=";
          for (const auto& one : v.is_array() ? v : nlohmann::json::array({v})) {
            if (!one.is_string()) return Bad(it.key() + "." + name, "must be a string or an array of strings");
            value += one.get<std::string>() + ",";
          }
          value += ";";
        }
      } else return Bad(it.key(), "must be a string, a whole number, true/false or (for a map setting) an object");
      if (Status s = setting->set(config, it.key(), value); !s) return s.error();
    }
  }
  for (const Setting& s : kSettings) {
    auto it = env.find(s.env_key);
    if (it == env.end() || it->second.empty()) continue;
    if (Status st = s.set(config, s.env_key, it->second); !st) return st.error();
  }
  if (Status s = Check(config); !s) return s.error();
  return config;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    if (!entry.starts_with("RECOND_")) continue;
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace recon::config

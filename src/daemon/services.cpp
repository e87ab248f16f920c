#include "daemon/services.hpp"

#include <chrono>
#include <utility>

namespace recon::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

storage::IdempotencySettings IdempotencySettingsOf(const config::Config& c) {
  return storage::IdempotencySettings{seconds(c.idempotency_lease_seconds), seconds(c.idempotency_ttl_seconds)};
}

jobs::RunnerSettings RunnerSettingsOf(const config::Config& c) {
  return jobs::RunnerSettings{.workers = c.job_workers,
                              .lease = seconds(c.job_lease_seconds),
                              .poll = milliseconds(c.job_poll_ms),
                              .retry_base = milliseconds(c.job_retry_base_ms),
                              .retry_cap = milliseconds(c.job_retry_cap_ms),
                              .random_unit = nullptr};
}

reconcile::ReconcileSettings ReconcileSettingsOf(const config::Config& c, matching::RuleSet default_rules) {
  return reconcile::ReconcileSettings{.batch_lines = c.match_batch_lines,
                                      .match_threads = c.match_threads,
                                      .commit_connections = c.commit_connections,
                                      .default_rules = std::move(default_rules)};
}

ingest::IngestSettings IngestSettingsOf(const config::Config& c) {
  return ingest::IngestSettings{.file_bytes_max = c.body_bytes_max,
                                .statement_lines_max = c.statement_lines_max,
                                .xml_depth_max = c.xml_depth_max,
                                .auto_reconcile = c.auto_reconcile,
                                .pending_receipt_bytes_min = c.pending_receipt_bytes_min,
                                .archive_inflated_bytes_max = c.archive_inflated_bytes_max,
                                .archive_ratio_max = c.archive_ratio_max,
                                .archive_entries_max = c.archive_entries_max,
                                .archive_nesting_max = c.archive_nesting_max};
}

}  // namespace

Services::Services(const config::Config& config, storage::ConnectionPool& pool, matching::RuleSet default_rules,
                   security::SecretBox box)
    : run_observer(metrics),
      statements(pool),
      open_items(pool),
      matches(pool),
      decisions(pool),
      payers(pool),
      rules(pool),
      idempotency(pool, IdempotencySettingsOf(config)),
      idempotency_leases(idempotency),
      jobs(pool),
      runs(pool),
      runner(jobs, RunnerSettingsOf(config), jobs::ProcessOwnerName()),
      reconciler(pool, runner, run_observer, ReconcileSettingsOf(config, std::move(default_rules))),
      uploads(pool),
      csv_profiles(pool),
      profiles(config.csv_profiles_dir, &csv_profiles),
      ingest(IngestSettingsOf(config), statements, uploads, profiles, metrics, reconciler, jobs),
      connections(bank_connections::ConnectionServiceDeps{config, pool, metrics, ingest}, std::move(box),
                  connectors::BuiltinConnectors()) {}

}  // namespace recon::daemon

// The objects a running recond is made of, built once by `recond serve` and handed to
// the handlers. No globals: everything a handler needs is reachable from here.
#pragma once

#include "api/idempotency_leases.hpp"
#include "config/config.hpp"
#include "ingest/csv_profiles.hpp"
#include "ingest/ingest_service.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/job_store.hpp"
#include "jobs/run_store.hpp"
#include "reconcile/reconciler.hpp"
#include "server/metrics.hpp"
#include "storage/match_decisions.hpp"
#include "storage/match_reads.hpp"
#include "storage/open_item_store.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/pg.hpp"
#include "storage/idempotency_store.hpp"
#include "storage/rule_store.hpp"
#include "storage/statement_store.hpp"
#include "storage/csv_profile_store.hpp"
#include "storage/upload_store.hpp"

namespace recon::api {

struct App {
  // `default_rules` is the rule set for companies that stored none (the rules file or the built-in set).
  App(const config::Config& config, storage::ConnectionPool& pool, server::Metrics& metrics,
      matching::RuleSet default_rules)
      : config(config),
        pool(pool),
        metrics(metrics),
        statements(pool),
        open_items(pool),
        matches(pool),
        decisions(pool),
        payers(pool),
        rules(pool),
        idempotency(pool, storage::IdempotencySettings{std::chrono::seconds(config.idempotency_lease_seconds),
                                                       std::chrono::seconds(config.idempotency_ttl_seconds)}),
        idempotency_leases(idempotency),
        jobs(pool),
        runs(pool),
        runner(jobs,
               jobs::RunnerSettings{config.job_workers, std::chrono::seconds(config.job_lease_seconds),
                                    std::chrono::milliseconds(config.job_poll_ms),
                                    std::chrono::milliseconds(config.job_retry_base_ms),
                                    std::chrono::milliseconds(config.job_retry_cap_ms), nullptr},
               jobs::ProcessOwnerName()),
        reconciler(pool, runner, metrics,
                   reconcile::ReconcileSettings{config.match_batch_lines, config.match_threads,
                                                config.commit_connections, std::move(default_rules)}),
        uploads(pool),
        csv_profiles(pool),
        profiles(config.csv_profiles_dir, &csv_profiles),
        ingest(ingest::IngestSettings{config.body_bytes_max, config.statement_lines_max, config.xml_depth_max,
                                      config.auto_reconcile, config.pending_receipt_bytes_min,
                                      config.archive_inflated_bytes_max, config.archive_ratio_max,
                                      config.archive_entries_max, config.archive_nesting_max},
               statements, uploads, profiles, metrics, reconciler, jobs) {}

  const config::Config& config;
  storage::ConnectionPool& pool;
  server::Metrics& metrics;
  storage::StatementStore statements;
  storage::OpenItemStore open_items;
  storage::MatchReads matches;
  storage::DecisionStore decisions;
  storage::PayerHistoryStore payers;
  storage::RuleStore rules;
  storage::IdempotencyStore idempotency;
  // Renews the leases of this process's Idempotency-Key claims; started by `recond serve`.
  IdempotencyLeases idempotency_leases;
  jobs::JobStore jobs;
  jobs::RunStore runs;
  // Background jobs, and the jobs a synchronous request runs itself; started by `recond serve`
  // (a runner not started runs only those).
  jobs::JobRunner runner;
  reconcile::Reconciler reconciler;
  // Files in (issue 11 points 1 and 6): receipts, stored CSV profiles, the profile lookup, the ingest.
  storage::UploadStore uploads;
  storage::CsvProfileStore csv_profiles;
  ingest::CsvProfileCatalogue profiles;
  ingest::IngestService ingest;
};

}  // namespace recon::api

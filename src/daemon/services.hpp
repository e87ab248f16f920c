// The objects recond is made of, built once and in one place, each handed only what it uses.
// `recond serve` (daemon.hpp) builds them around its HTTP server and background work;
// `recond pull` builds them to run pulls from the command line.
#pragma once

#include "api/idempotency_leases.hpp"
#include "bank_connections/connection_service.hpp"
#include "config/config.hpp"
#include "daemon/metrics_observer.hpp"
#include "ingest/csv_profiles.hpp"
#include "ingest/ingest_service.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/job_store.hpp"
#include "jobs/run_store.hpp"
#include "matching/rule_set.hpp"
#include "reconcile/reconciler.hpp"
#include "security/secret_box.hpp"
#include "server/metrics.hpp"
#include "storage/csv_profile_store.hpp"
#include "storage/idempotency_store.hpp"
#include "storage/match_decisions.hpp"
#include "storage/match_reads.hpp"
#include "storage/open_item_store.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/pg.hpp"
#include "storage/rule_store.hpp"
#include "storage/statement_store.hpp"
#include "storage/upload_store.hpp"

namespace recon::daemon {

// Members in the order they are built; each refers only to members above it (and to the
// configuration and pool, which must outlive this). Building starts no thread and calls no
// database: the job runner and the idempotency leases are started by whoever runs them, and
// stopped before this goes (their destructors stop them too).
struct Services {
  // `default_rules`: the rule set of companies that stored none (the rules file or the
  // built-in set); `box`: the keys that seal and open bank secrets (empty: none configured).
  Services(const config::Config& config, storage::ConnectionPool& pool, matching::RuleSet default_rules,
           security::SecretBox box);
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  server::Metrics metrics;
  MetricsRunObserver run_observer;  // the reconciler's reports, into metrics
  storage::StatementStore statements;
  storage::OpenItemStore open_items;
  storage::MatchReads matches;
  storage::DecisionStore decisions;
  storage::PayerHistoryStore payers;
  storage::RuleStore rules;
  storage::IdempotencyStore idempotency;
  // Renews the leases of this process's Idempotency-Key claims (started by `recond serve`).
  api::IdempotencyLeases idempotency_leases;
  jobs::JobStore jobs;
  jobs::RunStore runs;
  // Background jobs, and the jobs a synchronous request runs itself (a runner not started
  // runs only those).
  jobs::JobRunner runner;
  reconcile::Reconciler reconciler;
  // Files in (issue 11 points 1 and 6): receipts, stored CSV profiles, the profile lookup, the ingest.
  storage::UploadStore uploads;
  storage::CsvProfileStore csv_profiles;
  ingest::CsvProfileCatalogue profiles;
  ingest::IngestService ingest;
  // Bank connections: their secrets, pulls and consents (the API, the scheduler and `recond pull`).
  bank_connections::ConnectionService connections;
};

}  // namespace recon::daemon

// Reconcile runs: load unmatched lines, open items, rules, history and rejections;
// match on a thread pool; settle; commit in batches, one transaction each.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "jobs/job_runner.hpp"
#include "jobs/run_store.hpp"
#include "matching/rule_set.hpp"
#include "recon/status.hpp"
#include "reconcile/run_observer.hpp"
#include "storage/match_commit.hpp"
#include "storage/match_decisions.hpp"
#include "storage/match_reads.hpp"
#include "storage/open_item_store.hpp"
#include "storage/payer_history_store.hpp"
#include "storage/rule_store.hpp"
#include "storage/statement_store.hpp"

namespace recon::reconcile {

struct MatchSnapshot;
struct SnapshotSources;

struct ReconcileSettings {
  size_t batch_lines = 1000;          // match_batch_lines: lines per matching batch and per commit transaction
  int match_threads = 0;              // match_threads: 0 = one per core
  int commit_connections = 2;         // commit_connections: batches committed at once
  matching::RuleSet default_rules;    // when a company has none stored
};

struct ReconcileRequest {
  std::string company;
  std::optional<std::string> account;
  bool dry_run = false;               // decide, report, write nothing but the run row
};

struct RunResult {
  int64_t run_id = 0;
  jobs::RunCounts counts;
  int64_t duration_ms = 0;
  std::vector<MatchDecision> decisions;  // dry runs only: what would happen
};

// What a synchronous request for a run got: the result, or (the wait ran out first) the run's
// id and status to follow with GET /v1/runs/{id}.
struct SyncRun {
  RunResult result;       // result.run_id is always set
  bool finished = false;
  RunStatus status = RunStatus::kQueued;  // of a run not finished: queued or running
};

// Thread-safe. Runs of one company take turns (a PostgreSQL advisory lock, so across
// processes too); and every commit locks and re-checks residuals in the database, so even
// a manual match racing a run never allocates an amount twice.
class Reconciler {
 public:
  // `runner` runs the jobs a synchronous request claims for itself, and is woken when a job is queued;
  // `observer` hears of every committed decision. Both must outlive the reconciler.
  // The stores it reads and writes through are its own, over `pool` (a store holds nothing but
  // the pool, so each caller may have its own).
  Reconciler(storage::ConnectionPool& pool, jobs::JobRunner& runner, RunObserver& observer,
             ReconcileSettings settings);

  // A synchronous run (POST /v1/reconcile): a job this process claims when it queues it and
  // runs at once on a thread of the runner, while the caller waits up to `wait` for it. If
  // this process dies, the job's lease runs out and another process takes the run over (or
  // it fails with the reason after its attempts); it is never left 'running'. A failed
  // attempt is retried after its backoff, by whichever process, and followed until `wait`
  // ends. Answers the result (a dry run's decisions included), or the run not finished yet;
  // the error of an attempt that made the job dead (a dry run has only one attempt: it writes
  // nothing, and its decisions are for the request that asked, so a retry would answer no one).
  Result<SyncRun> RunAndWait(const ReconcileRequest& request, std::chrono::milliseconds wait);
  // Queues the run as a job and answers its id at once (GET /v1/runs/{id}); whichever
  // recond process sharing the database takes the job runs it.
  Result<int64_t> Enqueue(const ReconcileRequest& request);
  // Queues a whole-company run after new statement lines arrived, unless one is already waiting.
  Result<int64_t> EnqueueAfterUpload(const std::string& company);
  // The job handler for kind "reconcile": runs the queued run the job names. kInvalidRequest
  // (no retry can fix it) for a job that names no run or carries a payload of another shape.
  Status RunJob(const jobs::ClaimedJob& job);

  // Ranked candidates for one stored line, from every rule, for a person matching by hand.
  Result<std::vector<MatchDecision>> Candidates(const std::string& company, int64_t line_id);

  // A manual match (POST /v1/matches), its write-off checked against the rule set in force for
  // its lines' account(s). See storage::DecisionStore::CreateManual for the errors.
  Result<storage::StoredMatch> CreateManualMatch(const std::string& company, const matching::ManualMatchRequest& request);

  // The rule set used for a company's account: the account's, else the company's, else the default.
  Result<matching::RuleSet> RulesFor(const std::string& company, const std::string& account);

 private:
  // The run of a claimed job: nothing again when an earlier attempt finished it, else Execute.
  Result<RunResult> ExecuteJob(const jobs::ClaimedJob& job, const ReconcileRequest& request);
  // Follows a run's row until it ends or `deadline` passes.
  Result<SyncRun> Follow(const std::string& company, int64_t run_id, std::chrono::steady_clock::time_point deadline);
  Result<RunResult> Execute(int64_t run_id, const ReconcileRequest& request);
  // Commits the decisions batch by batch on settings_.commit_connections connections;
  // answers each batch's first decision index with its outcome, in order.
  Result<std::vector<std::pair<size_t, storage::CommitOutcome>>> CommitParallel(
      const std::string& company, int64_t run_id, const std::vector<MatchDecision>& decisions,
      const MatchSnapshot& snap);
  Result<RunResult> Finish(int64_t run_id, std::chrono::steady_clock::time_point start, Result<RunResult> result);
  // The stores a snapshot is read from.
  SnapshotSources Sources();

  storage::ConnectionPool& pool_;
  jobs::RunStore runs_;                   // the run rows, and the jobs that execute them
  storage::StatementStore statements_;    // the lines to match; statements reconciled after a run
  storage::OpenItemStore items_;
  storage::RuleStore rules_;
  storage::PayerHistoryStore payers_;
  storage::MatchReads matches_;           // the proposals people rejected
  storage::MatchCommit commit_;           // a run's decisions, batch by batch
  storage::DecisionStore decisions_;      // manual matches
  jobs::JobRunner& runner_;
  RunObserver& observer_;
  ReconcileSettings settings_;
};

}  // namespace recon::reconcile

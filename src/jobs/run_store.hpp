// Reconcile runs (table reconcile_runs): the row in which one run of the matcher reports, created
// with the job that executes it (in one statement: a run is never left without its job), finished
// by the run when it ends well, read by GET /v1/runs/{id} and by a request that waits for it.
//
// A run follows its job: the job table's statements that claim, fail, give up on and replay a
// reconcile job move its run in the same statement (job_store.cpp), so the two never come apart.
// Statuses: queued -> running -> done | failed; a retried attempt puts it back to queued.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "jobs/job_store.hpp"
#include "recon/error.hpp"
#include "storage/pg.hpp"

namespace recon::jobs {

inline constexpr const char* kReconcileJob = "reconcile";
// Attempts of a reconcile job before it is dead (a dry run has one: see Reconciler::RunAndWait).
inline constexpr int kReconcileAttempts = 3;

struct RunCounts {
  int lines_considered = 0;
  int applied = 0;
  int proposed = 0;
  int unmatched = 0;
  int conflicts = 0;
};

struct StoredRun {
  int64_t id = 0;
  std::string company;
  std::string status;
  bool dry_run = false;
  RunCounts counts;
  std::optional<int64_t> duration_ms;
  std::optional<std::string> error;
  std::string started_at;
  std::optional<std::string> finished_at;
  int attempts = 0;  // times a process started it (more than 1: a process died running it)
};

// Thread-safe: each call borrows a pooled connection of its own.
class RunStore {
 public:
  explicit RunStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // A reconcile run row (status 'queued') and its job, in one statement: a run is never
  // left without the job that will execute it. Answers the run id.
  Result<int64_t> EnqueueReconcile(const std::string& company, const std::optional<std::string>& account,
                                   bool dry_run);
  // Like EnqueueReconcile, unless a reconcile of the whole company is already waiting
  // (not yet started): then that run's id, and nothing new. New statements use it, so a
  // burst of uploads costs one run, not one per file.
  Result<int64_t> EnqueueReconcileOnce(const std::string& company);
  // A reconcile run and its job, both already running under `owner`'s lease, in one
  // statement: a request that runs its reconcile itself never leaves a run that no job
  // will finish. If the process dies, the lease runs out and another process takes it.
  Result<ClaimedJob> EnqueueClaimedReconcile(const std::string& company, const std::optional<std::string>& account,
                                             bool dry_run, const std::string& owner, std::chrono::seconds lease,
                                             int max_attempts);

  // A run that ended well: its counts and duration ('done'), or 'failed' with `error`. A failed
  // attempt's run is otherwise written by its job's failure (JobStore::Fail).
  Status Finish(int64_t run_id, const RunCounts& counts, int64_t duration_ms, const std::optional<std::string>& error);
  // The run, or nullopt when the company has none of that id.
  Result<std::optional<StoredRun>> Get(const std::string& company, int64_t run_id);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace recon::jobs

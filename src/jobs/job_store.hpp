// The job table (migrations/0005_jobs.sql): background work that any recond process
// sharing the database may take, exactly one at a time.
//
// A worker claims the oldest ready job with FOR UPDATE SKIP LOCKED and holds it by a
// lease that it renews while working. A process killed mid-job stops renewing; once the
// lease has run out another process takes the job again, up to its max_attempts. Every
// finishing write names the lease owner, so a process that lost its lease (paused for
// longer than the lease) cannot overwrite the outcome of the one that took over.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "recon/error.hpp"
#include "storage/pg.hpp"

namespace recon::jobs {

inline constexpr const char* kReconcileJob = "reconcile";

struct NewJob {
  std::string kind;
  std::string company;
  nlohmann::json payload = nlohmann::json::object();
  int max_attempts = 3;
};

// A job as a worker holds it.
struct ClaimedJob {
  int64_t id = 0;
  std::string kind;
  std::string company;
  nlohmann::json payload;
  std::optional<int64_t> run_id;
  int attempt = 0;  // 1 for the first time it runs
};

struct JobCounts {
  int64_t queued = 0;
  int64_t running = 0;
  int64_t failed = 0;
};

class JobStore {
 public:
  explicit JobStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // A reconcile run row (status 'queued') and its job, in one transaction: a run is never
  // left without the job that will execute it. Answers the run id.
  Result<int64_t> EnqueueReconcile(const std::string& company, const std::optional<std::string>& account,
                                   bool dry_run);
  // Like EnqueueReconcile, unless a reconcile of the whole company is already waiting
  // (not yet started): then that run's id, and nothing new. New statements use it, so a
  // burst of uploads costs one run, not one per file.
  Result<int64_t> EnqueueReconcileOnce(const std::string& company);
  // Any other kind of job; answers its id.
  Result<int64_t> Enqueue(const NewJob& job);

  // The oldest job ready to run (queued, or running with an expired lease and attempts
  // left), now leased to `owner` for `lease`; nullopt when there is none.
  Result<std::optional<ClaimedJob>> Claim(const std::string& owner, std::chrono::seconds lease);
  // Extends the lease; false when `owner` no longer holds the job.
  Result<bool> Renew(int64_t job_id, const std::string& owner, std::chrono::seconds lease);
  // Final outcomes; each is a no-op (false) when `owner` no longer holds the job.
  Result<bool> Complete(int64_t job_id, const std::string& owner);
  Result<bool> Fail(int64_t job_id, const std::string& owner, const std::string& error);
  // Jobs whose lease ran out with no attempts left: failed, with their runs, saying why.
  Result<int64_t> FailAbandoned();

  Result<JobCounts> Counts();

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace recon::jobs

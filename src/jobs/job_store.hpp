// The job table (migrations/0005_jobs.sql, 0018_integrity.sql): background work that any
// recond process sharing the database may take, exactly one at a time.
//
// A worker claims the oldest ready job with FOR UPDATE SKIP LOCKED and holds it by a lease
// that it renews while working. A job whose handler fails is queued again after a backoff
// (JobRunner decides how long), up to its max_attempts; a process killed mid-job stops
// renewing, and once the lease has run out another process takes the job again, up to the
// same max_attempts. A job out of attempts, or failed for a reason no retry can fix, is
// `dead`: the dead letter that GET /v1/jobs?status=dead lists and a replay queues again.
// Every finishing write names the lease owner, so a process that lost its lease (paused for
// longer than the lease) cannot overwrite the outcome of the one that took over.
//
// Statuses: queued -> running -> done | queued (a retry) | dead; dead -> queued (replay).
// A reconcile job's run row (run_store.hpp) follows it in the same statements: queued, running,
// done, or failed when the job is dead.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "recon/error.hpp"
#include "storage/pg.hpp"

namespace recon::jobs {

struct NewJob {
  std::string kind;
  std::string company;
  nlohmann::json payload = nlohmann::json::object();
  int max_attempts = 3;
  std::chrono::seconds delay{0};  // it runs no sooner than this after it is queued
};

// A job as a worker holds it.
struct ClaimedJob {
  int64_t id = 0;
  std::string kind;
  std::string company;
  nlohmann::json payload;
  std::optional<int64_t> run_id;
  int attempt = 0;       // 1 for the first time it runs
  int max_attempts = 1;  // the last attempt is the one where attempt == max_attempts
};

// A job as the API shows it.
struct JobRecord {
  int64_t id = 0;
  std::string kind;
  std::string company;  // "" for work of the whole database (maintenance)
  std::string status;   // queued | running | done | dead
  nlohmann::json payload;
  int attempts = 0;
  int max_attempts = 0;
  int replays = 0;
  std::optional<int64_t> run_id;
  std::optional<std::string> last_error;
  std::string run_after;
  std::string created_at;
  std::optional<std::string> started_at;
  std::optional<std::string> failed_at;  // when the last attempt failed
  std::optional<std::string> finished_at;
};

struct JobCounts {
  int64_t queued = 0;
  int64_t running = 0;
  int64_t dead = 0;
};

// What became of a job whose attempt failed.
enum class JobFate {
  kRetrying,  // queued again; it runs after its run_after
  kDead,      // out of attempts, or failed for a reason no retry fixes: a dead letter
  kNotHeld,   // the caller no longer held it (its lease ran out and another process took it)
};

// A job's payload from its stored JSON text; an empty object when it does not parse.
nlohmann::json PayloadOf(std::string_view text);

class JobStore {
 public:
  explicit JobStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // A job; answers its id. (A reconcile job is queued with its run: RunStore, run_store.hpp.)
  Result<int64_t> Enqueue(const NewJob& job);
  // A job of `kind` for the whole database (company ""), unless one was queued less than
  // `interval` ago: true when this call queued it. Processes sharing the database take turns
  // (a transaction-level advisory lock), so there is at most one per interval among them all.
  Result<bool> EnqueuePeriodic(const std::string& kind, std::chrono::seconds interval);

  // The oldest job ready to run (queued and due, or running with an expired lease and
  // attempts left), now leased to `owner` for `lease`; nullopt when there is none.
  Result<std::optional<ClaimedJob>> Claim(const std::string& owner, std::chrono::seconds lease);
  // Extends the lease; false when `owner` no longer holds the job.
  Result<bool> Renew(int64_t job_id, const std::string& owner, std::chrono::seconds lease);
  // The job is done; false (a no-op) when `owner` no longer holds it.
  Result<bool> Complete(int64_t job_id, const std::string& owner);
  // The attempt failed with `error`: queued again `retry_in` from now while attempts are
  // left, dead when none are or when `retry_in` is nullopt (no retry can fix it). A
  // reconcile job's run goes back to 'queued', or to 'failed' with the error when dead.
  Result<JobFate> Fail(int64_t job_id, const std::string& owner, const std::string& error,
                       std::optional<std::chrono::milliseconds> retry_in);
  // Jobs whose lease ran out with no attempts left: dead, with their runs failed, saying why.
  Result<int64_t> FailAbandoned();

  // Jobs of `company` (and those of the whole database), oldest first after `after_id`;
  // only those in `status` when given.
  Result<std::vector<JobRecord>> List(const std::string& company, const std::optional<std::string>& status,
                                      int64_t after_id, int limit);
  Result<std::optional<JobRecord>> Get(const std::string& company, int64_t id);
  // A dead job queued again, with a full set of attempts (its reconcile run too). kNotFound,
  // or kConflict when the job is not dead.
  Result<JobRecord> Replay(const std::string& company, int64_t id);

  Result<JobCounts> Counts();

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace recon::jobs

// Worker threads that take jobs from the job table and run them, renewing each job's
// lease while it runs. One runner per `recond serve`; several processes may share a
// database, and the table (not this class) keeps them from running a job twice.
//
// A handler that fails has its job retried with exponential backoff and full jitter: the
// n-th retry waits a random time up to min(retry_cap, retry_base * 2^(n-1)), up to the
// job's max_attempts; a failure no retry can fix (see Retryable) makes the job dead at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "jobs/job_store.hpp"

namespace recon::jobs {

struct RunnerSettings {
  int workers = 1;                                  // job_workers: jobs running at once in this process
  std::chrono::seconds lease{60};                   // job_lease_seconds: renewed every third of it
  std::chrono::milliseconds poll{1000};             // job_poll_ms: idle workers look this often
  std::chrono::milliseconds retry_base{2000};       // job_retry_base_ms: the first retry waits up to this
  std::chrono::milliseconds retry_cap{300'000};     // job_retry_cap_ms: no retry waits longer
  // A number in [0, 1] for the jitter; empty: a random one. Tests fix it to see the delays.
  std::function<double()> random_unit;
};

// Runs one job; an error fails the attempt (retried when Retryable, else dead at once).
using JobHandler = std::function<Status(const ClaimedJob&)>;

// How a job's run ended here.
enum class JobEnd {
  kDone,        // completed
  kRetrying,    // failed; queued again after its backoff
  kDead,        // failed for good: listed as a dead letter
  kLost,        // finished here, but another process holds it now (the lease ran out)
  kUnrecorded,  // the outcome could not be written; the lease runs out and the job is taken again
};

struct JobOutcome {
  JobEnd end = JobEnd::kDone;
  Status status;  // what the handler answered
};

// True when a retry may fix `error`: the database unavailable or busy, a serialization
// failure or deadlock, an amount taken by a concurrent change (kUnavailable, kConflict), or
// a failure recond cannot classify (kInternal). An invalid payload, a missing row or any
// other input error fails the same way every time.
bool Retryable(const Error& error);

// The wait before the retry after attempt `attempt` (1, 2, …): `unit` (in [0, 1]) times
// min(cap, base * 2^(attempt-1)), in whole milliseconds.
std::chrono::milliseconds RetryDelay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                     double unit);

class JobRunner {
 public:
  // `owner` names this process in the table ("host:pid:nonce").
  JobRunner(JobStore& store, RunnerSettings settings, std::string owner);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Before Start: what runs jobs of `kind`.
  void Handle(const std::string& kind, JobHandler handler);
  // Before Start: a job of `kind` for the whole database is queued every `interval`, by
  // whichever process sharing the database gets there first (JobStore::EnqueuePeriodic).
  void Every(const std::string& kind, std::chrono::seconds interval);
  void Start();
  // A job was queued by this process: an idle worker looks now rather than at its next poll.
  void Wake();
  // Runs `job`, which this process claimed itself (RunStore::EnqueueClaimedReconcile), on a
  // thread of its own with `handler`, exactly as a worker runs a job it claimed: the lease
  // renewed, the outcome recorded. The future answers the outcome; Stop waits for the thread.
  // kUnavailable once stopping (the lease then runs out and another process takes the job).
  Result<std::shared_future<JobOutcome>> RunDetached(ClaimedJob job, JobHandler handler);
  // Takes no new job and waits for the running ones to finish.
  void Stop();

  const std::string& owner() const { return owner_; }
  std::chrono::seconds lease() const { return settings_.lease; }

 private:
  struct Detached {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };

  void WorkerLoop();
  JobOutcome RunOne(const ClaimedJob& job, const JobHandler* handler);
  JobOutcome Record(const ClaimedJob& job, Status outcome);
  // Queues the periodic jobs whose local check is due; true when one was queued.
  bool EnqueueDuePeriodic();
  double RandomUnit();
  // Waits for a wake-up, the poll interval or Stop; false once stopping.
  bool Idle();

  JobStore& store_;
  RunnerSettings settings_;
  std::string owner_;
  std::map<std::string, JobHandler> handlers_;
  std::map<std::string, std::chrono::seconds> periodic_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t wakeups_ = 0;
  std::map<std::string, std::chrono::steady_clock::time_point> periodic_due_;  // under mu_
  std::mt19937_64 rng_{std::random_device{}()};                                 // under mu_
  std::vector<Detached> detached_;                                              // under mu_
  std::vector<std::thread> threads_;
};

// "host:pid:random" — unique per process start, readable in the jobs table.
std::string ProcessOwnerName();

}  // namespace recon::jobs

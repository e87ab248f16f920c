// Worker threads that take jobs from the job table and run them, renewing each job's
// lease while it runs. One runner per `recond serve`; several processes may share a
// database, and the table (not this class) keeps them from running a job twice.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jobs/job_store.hpp"

namespace recon::jobs {

struct RunnerSettings {
  int workers = 1;                              // job_workers: jobs running at once in this process
  std::chrono::seconds lease{60};               // job_lease_seconds: renewed every third of it
  std::chrono::milliseconds poll{1000};         // job_poll_ms: idle workers look this often
};

// Runs one job; an error fails the job with its message (jobs are not retried on a
// clean error: only a process that died gives its job a new attempt).
using JobHandler = std::function<Status(const ClaimedJob&)>;

class JobRunner {
 public:
  // `owner` names this process in the table ("host:pid:nonce").
  JobRunner(JobStore& store, RunnerSettings settings, std::string owner);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Before Start: what runs jobs of `kind`.
  void Handle(const std::string& kind, JobHandler handler);
  void Start();
  // A job was queued by this process: an idle worker looks now rather than at its next poll.
  void Wake();
  // Takes no new job and waits for the running ones to finish.
  void Stop();

  const std::string& owner() const { return owner_; }

 private:
  void WorkerLoop();
  void RunOne(const ClaimedJob& job);
  // Waits for a wake-up, the poll interval or Stop; false once stopping.
  bool Idle();

  JobStore& store_;
  RunnerSettings settings_;
  std::string owner_;
  std::map<std::string, JobHandler> handlers_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t wakeups_ = 0;
  std::vector<std::thread> threads_;
};

// "host:pid:random" — unique per process start, readable in the jobs table.
std::string ProcessOwnerName();

}  // namespace recon::jobs

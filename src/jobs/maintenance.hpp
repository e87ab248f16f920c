// Periodic housekeeping as a job: the runner queues one `maintenance` job per interval across
// every process sharing the database (JobRunner::Every), and whichever worker takes it runs
// each named task in turn. Registering a task is one line in `recond serve` (src/daemon/daemon.cpp):
//
//   maintenance.Add("purge_idempotency_keys", [&s] { return s.idempotency.PurgeExpired(); });
//
// A task answers how many rows (or files) it removed, or why it could not.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "jobs/job_store.hpp"

namespace recon::jobs {

inline constexpr const char* kMaintenanceJob = "maintenance";

class Maintenance {
 public:
  using Task = std::function<Result<int64_t>()>;

  // Before the runner starts. Tasks run in the order added.
  void Add(std::string name, Task task) { tasks_.emplace_back(std::move(name), std::move(task)); }

  // The job handler: every task runs, even after one failed; the job then fails naming the
  // ones that did (and is retried, so each task must be safe to run again).
  Status Run(const ClaimedJob& job) const;

 private:
  std::vector<std::pair<std::string, Task>> tasks_;
};

}  // namespace recon::jobs

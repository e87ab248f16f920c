// The states of a background job (migration 0018's CHECK constraint), with their one name
// table: what the jobs table stores, GET /v1/jobs answers and its status parameter takes.
#pragma once

#include <optional>
#include <string_view>

namespace recon::jobs {

// queued -> running -> done | queued (a retry) | dead; dead -> queued (a replay).
enum class JobStatus {
  kQueued,   // waits for a worker (and for its run_after)
  kRunning,  // a worker holds its lease
  kDone,
  kDead,     // out of attempts, or failed for a reason no retry fixes: a dead letter
};
inline constexpr JobStatus kAllJobStatuses[] = {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kDone,
                                                JobStatus::kDead};
// "queued", "running", "done", "dead".
std::string_view JobStatusName(JobStatus status);
// The status of that name; nullopt for any other text.
std::optional<JobStatus> ParseJobStatus(std::string_view name);

}  // namespace recon::jobs

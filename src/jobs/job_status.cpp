#include "jobs/job_status.hpp"

#include "recon/name_table.hpp"

namespace recon::jobs {

std::string_view JobStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::kQueued: return "queued";
    case JobStatus::kRunning: return "running";
    case JobStatus::kDone: return "done";
    case JobStatus::kDead: return "dead";
  }
  return "queued";
}

std::optional<JobStatus> ParseJobStatus(std::string_view name) {
  return FromName(kAllJobStatuses, JobStatusName, name);
}

}  // namespace recon::jobs

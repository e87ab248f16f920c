#include "jobs/maintenance.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace recon::jobs {

Status Maintenance::Run(const ClaimedJob& job) const {
  std::string failed;
  ErrorCode code = ErrorCode::kInternal;
  for (const auto& [name, task] : tasks_) {
    Result<int64_t> done = MakeError(ErrorCode::kInternal, "did not run");
    try {
      done = task();
    } catch (const std::exception& e) {
      done = MakeError(ErrorCode::kInternal, std::string("threw: ") + e.what());
    }
    if (done) {
      if (*done > 0) spdlog::info("maintenance job {}: {} removed {}", job.id, name, *done);
      continue;
    }
    spdlog::warn("maintenance job {}: {} failed: {}", job.id, name, done.error().message);
    failed += (failed.empty() ? "" : "; ") + name + ": " + done.error().message;
    code = done.error().code;
  }
  if (failed.empty()) return Status::Ok();
  return MakeError(code, failed);
}

}  // namespace recon::jobs

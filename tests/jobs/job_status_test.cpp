// The job statuses' name table: every status round-trips, names are unique, others refused.
#include "jobs/job_status.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace recon::jobs {
namespace {

TEST(JobStatus, EveryStatusHasAUniqueNameThatParsesBack) {
  std::set<std::string_view> names;
  std::string all;
  for (JobStatus status : kAllJobStatuses) {
    const std::string_view name = JobStatusName(status);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseJobStatus(name), status) << name;
    all += std::string(name) + " ";
  }
  // As migration 0018's CHECK constraint lists them.
  EXPECT_EQ(all, "queued running done dead ");
  for (std::string_view unknown : {"", "failed", "Dead", "queued ", "bogus"}) {
    EXPECT_EQ(ParseJobStatus(unknown), std::nullopt) << unknown;
  }
}

}  // namespace
}  // namespace recon::jobs

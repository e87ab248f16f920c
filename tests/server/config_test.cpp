#include "config/config.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace recon::config {
namespace {

TEST(Config, DefaultsWork) {
  auto c = Load("", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->match_batch_lines, 1000u);
  EXPECT_EQ(c->idempotency_lease_seconds, 60);
  EXPECT_EQ(c->idempotency_ttl_seconds, 86'400);
  EXPECT_EQ(c->reconcile_wait_ms, 300'000);
}

TEST(Config, FileThenEnvironment) {
  const testing::ScratchFile file("config.json",
                                 R"({"listen": "0.0.0.0:9000", "db_pool_size_max": 4, "default_company": "acme"})");
  auto c = Load(file.path(), {{"RECOND_DB_POOL_SIZE_MAX", "12"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->listen, "0.0.0.0:9000");
  EXPECT_EQ(c->db_pool_size_max, 12u);
  EXPECT_EQ(c->default_company, "acme");
}

TEST(Config, BadValuesAreNamed) {
  struct Case {
    std::map<std::string, std::string> env;
    const char* says;
  };
  const Case cases[] = {
      {{{"RECOND_DB_POOL_SIZE_MAX", "0"}}, "db_pool_size_max"},
      {{{"RECOND_DB_POOL_SIZE_MAX", "lots"}}, "not a whole number"},
      {{{"RECOND_LISTEN", "8080"}}, "host:port"},
      {{{"RECOND_BODY_BYTES_MAX", "10"}}, "body_bytes_max"},
      {{{"RECOND_LOG_FORMAT", "xml"}}, "log_format"},
      {{{"RECOND_COMMIT_CONNECTIONS", "0"}}, "commit_connections"},
      {{{"RECOND_COMMIT_CONNECTIONS", "17"}}, "between 1 and 16"},
      // A run holds its company's lock on one connection and commits on the others.
      {{{"RECOND_COMMIT_CONNECTIONS", "8"}, {"RECOND_DB_POOL_SIZE_MAX", "8"}}, "db_pool_size_max of at least"},
      {{{"RECOND_JOB_WORKERS", "65"}}, "job_workers"},
      {{{"RECOND_JOB_LEASE_SECONDS", "1"}}, "job_lease_seconds"},
      {{{"RECOND_AUTO_RECONCILE", "sometimes"}}, "RECOND_AUTO_RECONCILE: 'sometimes' is not true or false"},
      {{{"RECOND_JOB_RETRY_BASE_MS", "0"}}, "job_retry_base_ms"},
      {{{"RECOND_JOB_RETRY_BASE_MS", "5000"}, {"RECOND_JOB_RETRY_CAP_MS", "4000"}}, "job_retry_cap_ms"},
      {{{"RECOND_RECONCILE_WAIT_MS", "10"}}, "reconcile_wait_ms"},
      {{{"RECOND_IDEMPOTENCY_LEASE_SECONDS", "1"}}, "idempotency_lease_seconds"},
      {{{"RECOND_IDEMPOTENCY_TTL_SECONDS", "0"}}, "idempotency_ttl_seconds"},
      {{{"RECOND_MAINTENANCE_INTERVAL_SECONDS", "86401"}}, "maintenance_interval_seconds"},
  };
  for (const Case& c : cases) {
    auto r = Load("", c.env);
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
  const testing::ScratchFile file("config.json", R"({"listne": "x"})");
  auto r = Load(file.path(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown setting"), std::string::npos);
  EXPECT_FALSE(Load("/nonexistent/recond.json", {}).ok());
}

}  // namespace
}  // namespace recon::config

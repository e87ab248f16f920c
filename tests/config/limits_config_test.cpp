// The settings of issue 11's limits: defaults, ranges, names in every refusal.
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "test_util.hpp"

namespace recon::config {
namespace {

TEST(LimitsConfig, Defaults) {
  auto c = Load("", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->json_depth_max, 32u);
  EXPECT_EQ(c->json_bytes_max, size_t{4} << 20);
  EXPECT_EQ(c->connections_max, 512u);
  EXPECT_EQ(c->request_queue_max, 256u);
  EXPECT_EQ(c->rate_limit_per_second, 1000);
  EXPECT_EQ(c->rate_limit_burst, 2000);
  EXPECT_EQ(c->db_statement_timeout_ms, 30'000);
  EXPECT_EQ(c->db_lock_timeout_ms, 10'000);
  EXPECT_EQ(c->db_idle_in_transaction_timeout_ms, 60'000);
  EXPECT_EQ(c->db_bulk_statement_timeout_ms, 600'000);
}

TEST(LimitsConfig, FromFileAndEnvironment) {
  const testing::ScratchFile file("limits.json", R"({"json_depth_max": 64, "connections_max": 100,
                                                     "rate_limit_per_second": 0, "db_statement_timeout_ms": 0})");
  auto c = Load(file.path(), {{"RECOND_REQUEST_QUEUE_MAX", "7"}, {"RECOND_DB_BULK_STATEMENT_TIMEOUT_MS", "0"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->json_depth_max, 64u);
  EXPECT_EQ(c->connections_max, 100u);
  EXPECT_EQ(c->request_queue_max, 7u);
  EXPECT_EQ(c->rate_limit_per_second, 0);
  EXPECT_EQ(c->db_statement_timeout_ms, 0);
  EXPECT_EQ(c->db_bulk_statement_timeout_ms, 0);
}

TEST(LimitsConfig, BadValuesAreNamed) {
  struct Case {
    std::map<std::string, std::string> env;
    const char* says;
  };
  const Case cases[] = {
      {{{"RECOND_JSON_DEPTH_MAX", "1"}}, "json_depth_max"},
      {{{"RECOND_JSON_DEPTH_MAX", "513"}}, "json_depth_max"},
      {{{"RECOND_JSON_BYTES_MAX", "100"}}, "json_bytes_max"},
      {{{"RECOND_JSON_BYTES_MAX", "4096"}, {"RECOND_BODY_BYTES_MAX", "2048"}}, "json_bytes_max"},
      {{{"RECOND_CONNECTIONS_MAX", "0"}}, "connections_max"},
      {{{"RECOND_REQUEST_QUEUE_MAX", "0"}}, "request_queue_max"},
      {{{"RECOND_RATE_LIMIT_PER_SECOND", "-1"}}, "rate_limit_per_second"},
      {{{"RECOND_RATE_LIMIT_BURST", "0"}}, "rate_limit_burst"},
      {{{"RECOND_DB_STATEMENT_TIMEOUT_MS", "-5"}}, "db_statement_timeout_ms"},
      {{{"RECOND_DB_LOCK_TIMEOUT_MS", "soon"}}, "not a whole number"},
      {{{"RECOND_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "-1"}}, "db_idle_in_transaction_timeout_ms"},
      // Bulk work may take longer than a request, never less.
      {{{"RECOND_DB_BULK_STATEMENT_TIMEOUT_MS", "1000"}}, "db_bulk_statement_timeout_ms"},
      {{{"RECOND_DB_STATEMENT_TIMEOUT_MS", "0"}, {"RECOND_DB_BULK_STATEMENT_TIMEOUT_MS", "1000"}},
       "db_bulk_statement_timeout_ms"},
  };
  for (const Case& c : cases) {
    auto loaded = Load("", c.env);
    ASSERT_FALSE(loaded.ok()) << c.says;
    EXPECT_NE(loaded.error().message.find(c.says), std::string::npos) << loaded.error().message;
  }
}

}  // namespace
}  // namespace recon::config

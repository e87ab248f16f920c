#include "config/config.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <utility>

#include "recon/parser.hpp"

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

// The ZIP limits (issue 11, point 8): their defaults are the parser's, and each bad value
// names its setting.
TEST(Config, ArchiveLimitsAreCheckedAndMatchTheParserDefaults) {
  auto c = Load("", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  const ParseOptions parser;
  EXPECT_EQ(c->archive_inflated_bytes_max, parser.archive_inflated_bytes_max);
  EXPECT_EQ(c->archive_ratio_max, parser.archive_ratio_max);
  EXPECT_EQ(c->archive_entries_max, parser.archive_entries_max);
  EXPECT_EQ(c->archive_nesting_max, parser.archive_nesting_max);
  c = Load("", {{"RECOND_ARCHIVE_NESTING_MAX", "1"}, {"RECOND_ARCHIVE_RATIO_MAX", "200"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->archive_nesting_max, 1u);
  EXPECT_EQ(c->archive_ratio_max, 200u);
  const std::pair<const char*, const char*> bad[] = {
      {"RECOND_ARCHIVE_INFLATED_BYTES_MAX", "1000"},
      {"RECOND_ARCHIVE_RATIO_MAX", "1"},
      {"RECOND_ARCHIVE_RATIO_MAX", "5000"},
      {"RECOND_ARCHIVE_ENTRIES_MAX", "0"},
      {"RECOND_ARCHIVE_NESTING_MAX", "4"},
  };
  for (const auto& [key, value] : bad) {
    auto r = Load("", {{key, value}});
    ASSERT_FALSE(r.ok()) << key << "=" << value;
    std::string setting = std::string(key).substr(7);  // after "RECOND_"
    for (char& ch : setting) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(r.error().message.find(setting), std::string::npos) << r.error().message;
  }
}

// Issue 11, points 9 and 10: where connections may send requests and which host files they may
// read come from the configuration only, in a compact text form (environment) or as JSON objects.
TEST(Config, ConnectionSettingsInTextAndJsonForm) {
  auto c = Load("", {{"RECOND_CONNECTOR_HOSTS_ALLOWED", " berlin-group = API.nordbank.example, *.bank.example ;file-download=files.example"},
                     {"RECOND_DIRECTORY_ROOTS", "inbox=/var/spool/bank;archive=/srv/archive"},
                     {"RECOND_CERTIFICATE_FILES", "bank-ca=/etc/recond/ca.pem"},
                     {"RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED", "true"},
                     {"RECOND_OAUTH_STATE_TTL_SECONDS", "120"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->connector_hosts_allowed.at("berlin-group"),
            (std::vector<std::string>{"api.nordbank.example", "*.bank.example"}));
  EXPECT_EQ(c->connector_hosts_allowed.at("file-download"), std::vector<std::string>{"files.example"});
  EXPECT_EQ(c->directory_roots.at("archive"), "/srv/archive");
  EXPECT_EQ(c->certificate_files.at("bank-ca"), "/etc/recond/ca.pem");
  EXPECT_TRUE(c->outbound_private_addresses_allowed);
  EXPECT_FALSE(c->connections_allow_plain_http_loopback);
  EXPECT_EQ(c->oauth_state_ttl_seconds, 120);

  const testing::ScratchFile file("config.json", R"({"directory_roots": {"inbox": "/var/spool/bank"},
      "connector_hosts_allowed": {"berlin-group": ["api.bank.example"], "file-download": "files.example"}})");
  auto j = Load(file.path(), {});
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ(j->directory_roots.at("inbox"), "/var/spool/bank");
  EXPECT_EQ(j->connector_hosts_allowed.at("file-download"), std::vector<std::string>{"files.example"});

  auto defaults = Load("", {});
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->connector_hosts_allowed.empty());
  EXPECT_TRUE(defaults->directory_roots.empty());
  EXPECT_FALSE(defaults->outbound_private_addresses_allowed);
  EXPECT_EQ(defaults->oauth_state_ttl_seconds, 600);
}

TEST(Config, BadConnectionSettingsAreNamed) {
  struct Case {
    std::map<std::string, std::string> env;
    const char* says;
  };
  const Case cases[] = {
      {{{"RECOND_DIRECTORY_ROOTS", "inbox=relative/path"}}, "RECOND_DIRECTORY_ROOTS: the path of 'inbox' must be absolute"},
      {{{"RECOND_DIRECTORY_ROOTS", "inbox"}}, "RECOND_DIRECTORY_ROOTS: 'inbox' is not name=value"},
      {{{"RECOND_DIRECTORY_ROOTS", "a=/x;a=/y"}}, "'a' is given twice"},
      {{{"RECOND_DIRECTORY_ROOTS", "Inbox=/x"}}, "is not name=value"},
      {{{"RECOND_CERTIFICATE_FILES", "ca=/a,/b"}}, "RECOND_CERTIFICATE_FILES: 'ca' must name one path"},
      {{{"RECOND_CONNECTOR_HOSTS_ALLOWED", "berlin-group="}}, "'berlin-group' has no value"},
      {{{"RECOND_CONNECTOR_HOSTS_ALLOWED", "berlin-group=bank.example/x"}}, "is not a host name"},
      {{{"RECOND_CONNECTOR_HOSTS_ALLOWED", "berlin-group=*."}}, "is not a host name"},
      {{{"RECOND_OAUTH_STATE_TTL_SECONDS", "5"}}, "oauth_state_ttl_seconds"},
      {{{"RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED", "maybe"}}, "not true or false"},
  };
  for (const Case& c : cases) {
    auto r = Load("", c.env);
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
  const testing::ScratchFile file("config.json", R"({"directory_roots": {"inbox": 7}})");
  auto r = Load(file.path(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("directory_roots.inbox"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace recon::config

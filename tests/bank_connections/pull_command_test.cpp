// `recond pull` as cron runs it: the real binary, its output and exit status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <memory>

#include "bank_connections/connection_body.hpp"
#include "integration/test_env.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

struct CommandResult {
  int exit_status = -1;
  std::string out;
};

// Runs `recond pull ARGS` with the test database and key; stdout and the exit status.
CommandResult RunPull(const std::string& args) {
  const std::string command = std::string("RECOND_DATABASE_URL='") + TestDatabaseUrl() + "' RECOND_SECRET_KEY=" + kKey +
                              " RECOND_LOG_LEVEL=error RECOND_CONNECTIONS_ALLOW_PLAIN_HTTP_LOOPBACK=true"
                              " RECOND_OUTBOUND_PRIVATE_ADDRESSES_ALLOWED=true " RECOND_BINARY " pull " + args + " 2>/dev/null";
  CommandResult r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<Json> Lines(const std::string& out) {
  std::vector<Json> lines;
  size_t start = 0;
  for (size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(Json::parse(out.substr(start, end - start)));
  return lines;
}

class PullCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << "RECOND_TEST_DATABASE_URL is not set; scripts/test sets it";
    // Its own database and server: --all pulls every connection there is.
    ResetDatabase(TestDatabaseUrl());
    server_ = std::make_unique<RecondProcess>(TestDatabaseUrl(), std::map<std::string, std::string>{{"RECOND_SECRET_KEY", kKey}});
    ASSERT_TRUE(server_->started());
  }
  void TearDown() override { server_.reset(); }

  std::string Create(const MockBank& bank, const std::string& name) {
    Json body = BerlinGroupConnection(bank, name, 2, "s3cr3t-cli");
    body["pulls_per_day_max"] = 10;
    auto res = server_->Call("POST", "/v1/connections", body.dump(), {{"Content-Type", "application/json"}});
    EXPECT_EQ(res.status, 201) << res.body;
    return Json::parse(res.body).value("id", "");
  }

  std::unique_ptr<RecondProcess> server_;
};

TEST_F(PullCommand, AllSucceedsThenFailsWhenOneConnectionFails) {
  MockBank good, bad;
  Json tx = {{"transactionId", "T1"}, {"bookingDate", "2026-03-01"},
             {"transactionAmount", {{"amount", "10.00"}, {"currency", "EUR"}}}};
  good.SetTransactions("acc-1", {tx}, 10);
  bad.SetTransactions("acc-1", {tx}, 10);
  const std::string good_id = Create(good, "good");
  auto first = RunPull("--all");
  EXPECT_EQ(first.exit_status, 0) << first.out;
  auto lines = Lines(first.out);
  ASSERT_EQ(lines.size(), 1u) << first.out;
  EXPECT_EQ(lines[0]["connection_id"], good_id);
  EXPECT_EQ(lines[0]["status"], "succeeded");
  EXPECT_EQ(lines[0]["trigger"], "cli");
  EXPECT_EQ(lines[0]["lines"], 1);
  EXPECT_EQ(first.out.find("s3cr3t-cli"), std::string::npos);

  const std::string bad_id = Create(bad, "bad");
  bad.FailNext500(1000);
  auto second = RunPull("--all");
  EXPECT_EQ(second.exit_status, 1) << second.out;
  lines = Lines(second.out);
  ASSERT_EQ(lines.size(), 2u) << second.out;
  EXPECT_EQ(lines[0]["status"], "succeeded");
  EXPECT_EQ(lines[0]["lines"], 0);  // nothing new, nothing stored twice
  EXPECT_EQ(lines[1]["connection_id"], bad_id);
  EXPECT_EQ(lines[1]["status"], "failed");
  EXPECT_TRUE(lines[1]["dead_letter_id"].is_string());

  auto one = RunPull("--connection " + good_id);
  EXPECT_EQ(one.exit_status, 0) << one.out;
}

TEST_F(PullCommand, BadArgumentsExit2) {
  EXPECT_EQ(RunPull("").exit_status, 2);
  EXPECT_EQ(RunPull("--connection nope").exit_status, 2);
  EXPECT_EQ(RunPull("--all --connection cn_1").exit_status, 2);
  auto missing = RunPull("--connection cn_424242");
  EXPECT_EQ(missing.exit_status, 1);
  ASSERT_EQ(Lines(missing.out).size(), 1u);
  EXPECT_EQ(Lines(missing.out)[0]["error"], "not-found");
}

}  // namespace
}  // namespace recon::testing

// Secrets in logs (issue 11, point 12): no token, OAuth code or state reaches the log, however
// verbose; a secret-key configuration that cannot be read stops `recond serve` at start.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "integration/test_env.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class SecretsInLogs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << kNoDatabase;
    ResetDatabase(TestDatabaseUrl());
  }
};

// Before: at debug level each request's full target was logged, an OAuth callback's code and
// state with it; and a generated development token was written to the log.
TEST_F(SecretsInLogs, NoCodeStateOrTokenReachesTheDebugLog) {
  ScratchFile log("recond.log", "");
  {
    RecondProcess recond(TestDatabaseUrl(), {{"RECOND_LOG_LEVEL", "debug"}, {"RECOND_DEV_TOKEN", ""}}, log.path());
    ASSERT_TRUE(recond.started()) << ReadAll(log.path());
    HttpCall(recond.port(), "GET", "/oauth/callback?code=SECRET-CODE-4711&state=STATE-S2-0815");
    HttpCall(recond.port(), "GET", "//oauth/callback?state=STATE-S3-0816&code=SECRET-CODE-4712");
    HttpCall(recond.port(), "GET", "/v1/statements?access_token=ACCESS-9911&limit=5");
    HttpCall(recond.port(), "GET", "/v1/statements", "", {{"Authorization", "Bearer GUESSED-TOKEN-5577"}});
    EXPECT_EQ(recond.Stop(), 0);
  }
  const std::string text = ReadAll(log.path());
  ASSERT_NE(text.find("REDACTED"), std::string::npos) << "the debug log shows no request at all:\n" << text;
  EXPECT_NE(text.find("limit=5"), std::string::npos) << "harmless parameters stay readable:\n" << text;
  for (const char* secret :
       {"SECRET-CODE-4711", "STATE-S2-0815", "SECRET-CODE-4712", "STATE-S3-0816", "ACCESS-9911", "GUESSED-TOKEN-5577"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " is in the log:\n" << text;
  }
  // The generated development token ("dev_" and 48 hex digits) is shown on a terminal only.
  EXPECT_FALSE(std::regex_search(text, std::regex("dev_[0-9a-f]{48}"))) << text;
  EXPECT_NE(text.find("RECOND_DEV_TOKEN"), std::string::npos) << "the log should say a token was generated";
}

struct Start {
  int exit_status = -1;
  std::string output;
};

// Runs `recond serve` with `env` (shell assignments) and a bound on its life: a serve that does
// not stop by itself is killed after 15 s (exit status 124).
Start Serve(const std::string& env) {
  const std::string command = "RECOND_DATABASE_URL='" + TestDatabaseUrl() +
                              "' RECOND_LISTEN=127.0.0.1:0 RECOND_LOG_FORMAT=text " + env +
                              " timeout 15 " RECOND_BINARY " serve 2>&1";
  Start s;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return s;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) s.output.append(buf, n);
  const int status = pclose(p);
  s.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return s;
}

// Before: a key that could not be read was logged and recond served on without keys.
TEST_F(SecretsInLogs, ABadSecretKeyStopsServeAtStart) {
  ScratchFile empty_file("keys-empty", "# no key here\n");
  ScratchFile bad_line("keys-bad", "k1 0123\n");
  struct Case {
    std::string env;
    std::string named;  // what the message must name
  };
  const Case cases[] = {
      {"RECOND_SECRET_KEY=not-base64-and-not-hex", "RECOND_SECRET_KEY"},
      {"RECOND_SECRET_KEY=" + std::string(62, 'a'), "RECOND_SECRET_KEY"},           // 31 bytes
      {"RECOND_SECRET_KEY=" + std::string(64, 'a') + " RECOND_SECRET_KEY_ID=a:b", "RECOND_SECRET_KEY_ID"},
      {"RECOND_SECRET_KEY_FILE=/nonexistent/recond/keys", "RECOND_SECRET_KEY_FILE"},
      {"RECOND_SECRET_KEY_FILE=" + empty_file.path(), "RECOND_SECRET_KEY_FILE"},
      {"RECOND_SECRET_KEY_FILE=" + bad_line.path(), "RECOND_SECRET_KEY_FILE"},
  };
  for (const Case& c : cases) {
    const Start s = Serve(c.env);
    EXPECT_NE(s.exit_status, 0) << c.env;
    EXPECT_NE(s.exit_status, 124) << c.env << ": serve ran on\n" << s.output;
    EXPECT_NE(s.output.find(c.named), std::string::npos) << c.env << ":\n" << s.output;
    EXPECT_EQ(s.output.find("listening"), std::string::npos) << c.env << ":\n" << s.output;
  }
}

}  // namespace
}  // namespace recon::testing

// Every command of the recond binary answers --help with its usage on standard output and
// exit status 0. Regression: `recond pull --help` exited 2 ("give either --connection ID or
// --all") and `recond serve --help` tried to start a server.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Outcome {
  int exit_status = -1;
  std::string out;
};

// Runs the real binary with `args`, standard error discarded, and reads its standard output.
Outcome RunRecond(const std::string& args) {
  // No database and an unusable listen address: a command that ignored --help and started its
  // work would fail instead of answering.
  const std::string command = "env -i RECOND_DATABASE_URL=host=/nonexistent RECOND_LISTEN=bad " RECOND_BINARY " " +
                              args + " 2>/dev/null";
  Outcome o;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return o;
  std::array<char, 4096> chunk{};
  size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0) o.out.append(chunk.data(), n);
  const int status = pclose(pipe);
  o.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

class CommandHelp : public ::testing::TestWithParam<const char*> {};

TEST_P(CommandHelp, PrintsItsUsageOnStandardOutputAndExitsZero) {
  for (const char* flag : {"--help", "-h"}) {
    const Outcome o = RunRecond(std::string(GetParam()) + " " + flag);
    EXPECT_EQ(o.exit_status, 0) << GetParam() << " " << flag;
    EXPECT_NE(o.out.find(std::string("recond ") + GetParam()), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("Usage:"), std::string::npos) << o.out;
  }
}

// --help wins wherever it stands, also after other arguments.
TEST_P(CommandHelp, HelpAfterOtherArgumentsStillAnswersUsage) {
  const Outcome o = RunRecond(std::string(GetParam()) + " --config /nonexistent.json --help");
  EXPECT_EQ(o.exit_status, 0);
  EXPECT_NE(o.out.find("Usage:"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(EveryCommand, CommandHelp, ::testing::Values("serve", "migrate", "parse", "match", "pull", "openapi"));

TEST(TopLevelHelp, ListsEveryCommand) {
  const Outcome o = RunRecond("--help");
  EXPECT_EQ(o.exit_status, 0);
  for (const char* command : {"serve", "migrate", "parse", "match", "pull", "openapi"}) {
    EXPECT_NE(o.out.find(std::string("recond ") + command), std::string::npos) << command;
  }
}

TEST(TopLevelHelp, UnknownCommandIsBadInput) {
  EXPECT_EQ(RunRecond("frobnicate").exit_status, 2);
  EXPECT_EQ(RunRecond("").exit_status, 2);
}

}  // namespace

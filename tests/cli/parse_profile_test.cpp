// `recond parse --profile`: the real binary, no database. Issue 11 point 1: `recond parse
// --profile NAME` refused every shipped profile ("named but its text was not supplied").
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ingest/shipped_profile_cases.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

struct CommandResult {
  int exit_status = -1;
  std::string out;  // stdout, then stderr
};

// Runs `ENV recond parse ARGS` from a directory outside the source tree, so that nothing is
// found by a relative path.
CommandResult RunParse(const std::string& args, const std::string& env = "") {
  const std::string command = "cd / && env -u RECOND_CSV_PROFILES_DIR " + env + " " RECOND_BINARY " parse " + args +
                              " 2>&1";
  CommandResult r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Fixture(const std::string& relative) { return std::string(RECOND_FIXTURES) + "/" + relative; }

TEST(ParseProfileCommand, EveryShippedProfileReadsItsFileByName) {
  for (const ShippedProfileCase& c : ShippedProfileCases()) {
    SCOPED_TRACE(c.profile);
    auto r = RunParse(Fixture(c.fixture) + " --profile " + c.profile);
    ASSERT_EQ(r.exit_status, 0) << r.out;
    const Json parsed = Json::parse(r.out);
    ASSERT_EQ(parsed["statements"].size(), c.statements);
    int lines = 0;
    for (const Json& s : parsed["statements"]) lines += static_cast<int>(s["lines"].size());
    EXPECT_EQ(lines, c.lines);
    EXPECT_EQ(parsed["statements"][0]["currency"], c.currency);
    EXPECT_EQ(parsed["statements"][0]["lines"][0]["amount"], c.first_amount);
  }
}

TEST(ParseProfileCommand, AnUnknownNameSaysWhereItLookedAndExits2) {
  auto r = RunParse(Fixture("csv/shipped/ing-nl.csv") + " --profile no-such-bank");
  EXPECT_EQ(r.exit_status, 2) << r.out;
  EXPECT_NE(r.out.find("'no-such-bank'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("csv_profiles_dir is not set"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ing-nl"), std::string::npos) << r.out;
  auto hostile = RunParse(Fixture("csv/shipped/ing-nl.csv") + " --profile ING");
  EXPECT_EQ(hostile.exit_status, 2) << hostile.out;
}

TEST(ParseProfileCommand, AProfileFileByPathAndTheConfiguredDirectory) {
  const std::string profile = ReadFixture("../../config/csv-profiles/knab-nl.json");
  ScratchFile by_path("my-knab.json", profile);
  auto r = RunParse(Fixture("csv/shipped/knab-nl.csv") + " --profile " + by_path.path());
  ASSERT_EQ(r.exit_status, 0) << r.out;
  EXPECT_EQ(Json::parse(r.out)["statements"][0]["lines"].size(), 3u);

  const std::string dir = ::testing::TempDir() + "/recond-cli-profiles-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/house-bank.json") << profile;
  auto named = RunParse(Fixture("csv/shipped/knab-nl.csv") + " --profile house-bank", "RECOND_CSV_PROFILES_DIR=" + dir);
  EXPECT_EQ(named.exit_status, 0) << named.out;
  auto missing = RunParse(Fixture("csv/shipped/knab-nl.csv") + " --profile other-bank", "RECOND_CSV_PROFILES_DIR=" + dir);
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.out.find(dir), std::string::npos) << missing.out;  // the command line shows the path
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace recon::testing

// Helpers shared by tests: reading fixtures, writing scratch files.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace recon::testing {

inline std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(RECOND_FIXTURES) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A file of the test's own under the test temporary directory, removed when it goes out of scope.
// ctest runs the tests of one executable as separate processes side by side, so a fixed name would
// be written and removed by one test while another reads it: the path carries the process id and
// the test's name.
class ScratchFile {
 public:
  ScratchFile(const std::string& suffix, const std::string& content) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "/recond-" + std::to_string(::getpid()) + "-" +
            (test ? std::string(test->test_suite_name()) + "." + test->name() : std::string("global")) + "-" +
            suffix;
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A folder of the test's own under the test temporary directory, named like a ScratchFile and
// removed with all it holds (links are removed, never followed) when it goes out of scope.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& suffix) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "/recond-" + std::to_string(::getpid()) + "-" +
            (test ? std::string(test->test_suite_name()) + "." + test->name() : std::string("global")) + "-" +
            suffix;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to `relative` (its folders made as needed); its full path.
  std::string Write(const std::string& relative, const std::string& content) const {
    const std::filesystem::path p = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::string path_;
};

}  // namespace recon::testing

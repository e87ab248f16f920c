// A test suite that shares one recond on a freshly reset database: the set-up every
// black-box suite repeated (reset, start, skip without a database, fail when recond did
// not start, seed once).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "integration/test_env.hpp"

namespace recon::testing {

// Derived may hide Env() (extra environment of the recond) and Seed() (what the suite stores
// once; "" when it went well, else what went wrong, which then fails every test), both
// public static.
template <class Derived>
class SharedRecondSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string url = TestDatabaseUrl();
    if (url.empty()) return;
    ResetDatabase(url);
    server_ = std::make_unique<RecondProcess>(url, Derived::Env());
    if (server_->started()) seed_error_ = Derived::Seed();
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    if (TestDatabaseUrl().empty()) GTEST_SKIP() << kNoDatabase;
    ASSERT_TRUE(server_ && server_->started()) << "recond did not start";
    ASSERT_TRUE(seed_error_.empty()) << seed_error_;
  }

  static std::map<std::string, std::string> Env() { return {}; }
  static std::string Seed() { return ""; }

  static inline std::unique_ptr<RecondProcess> server_;
  static inline std::string seed_error_;
};

}  // namespace recon::testing

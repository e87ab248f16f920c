// A test suite that shares one recond on a freshly reset database: the set-up every
// black-box suite repeated (reset, start, skip without a database, fail when recond did
// not start, seed once).
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "integration/test_env.hpp"
#include "test_util.hpp"

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

  // A request to the suite's recond.
  static HttpAnswer Call(const std::string& method, const std::string& target, const std::string& body = "",
                         std::map<std::string, std::string> headers = {}) {
    return server_->Call(method, target, body, std::move(headers));
  }
  static nlohmann::json JsonOf(const HttpAnswer& a) { return nlohmann::json::parse(a.body); }

  static inline std::unique_ptr<RecondProcess> server_;
  static inline std::string seed_error_;
};

// A Seed() for suites that need one payment to work with: the open item INV-1 of 1250.00 EUR
// as an ERP pushes it and camt/camt053_v08_basic.xml (whose 1250.00 EUR line pays it) as a
// bank sends it. "" when both were stored, else what went wrong.
inline std::string SeedInvoiceAndStatement(RecondProcess& server, const std::string& company) {
  auto push = server.Call("POST", "/v1/open-items?company=" + company,
                          R"([{"external_id":"INV-1","kind":"receivable","amount":"1250.00",
                               "open_amount":"1250.00","currency":"EUR"}])");
  if (push.status != 200) return "the item was not stored: " + push.body;
  auto upload = server.Call("POST", "/v1/statements?company=" + company, ReadFixture("camt/camt053_v08_basic.xml"));
  return upload.status == 201 ? "" : "the upload answered " + std::to_string(upload.status);
}

}  // namespace recon::testing

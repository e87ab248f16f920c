// A pull's files go through the same ingest as an upload (issue 12 point 1) and each gets a
// receipt that names the connection and the pull (issue 11 point 6): the real recond pulling
// from the mock bank.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bank_connections/connection_body.hpp"
#include "integration/shared_recond_suite.hpp"
#include "mock_bank/bank_transaction.hpp"
#include "mock_bank/mock_bank.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kKey = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

class PullReceipts : public SharedRecondSuite<PullReceipts> {
 public:  // SharedRecondSuite's hook
  static std::map<std::string, std::string> Env() { return {{"RECOND_SECRET_KEY", kKey}}; }

 protected:
  static Json Post(const std::string& company, const std::string& path, const Json& body = nullptr) {
    auto res = Call("POST", path + "?company=" + company, body.is_null() ? "" : body.dump(),
                    {{"Content-Type", "application/json"}});
    EXPECT_TRUE(res.status == 200 || res.status == 201) << res.status << " " << res.body;
    return JsonOf(res);
  }
};

TEST_F(PullReceipts, EachFileOfAPullHasAReceiptNamingTheConnectionAndPull) {
  MockBank bank;
  const std::string statement = ReadFixture("mt940/year_end.sta");
  bank.AddFile({"2026-03-02.sta", statement});
  bank.AddFile({"2026-03-03.sta", "this is not a statement"});
  const Json connection = Post("pulled", "/v1/connections",
                               Json{{"name", "files"},
                                    {"type", "file-download"},
                                    {"settings",
                                     {{"list_url", bank.base_url() + "/files"},
                                      {"token_url", bank.base_url() + "/token"},
                                      {"client_id", "recond"},
                                      {"backoff_base_ms", 1}}},
                                    {"secrets", {{"client_secret", "s3cr3t"}}},
                                    {"pulls_per_day_max", 10}});
  const std::string id = connection["id"];
  const Json pull = Post("pulled", "/v1/connections/" + id + "/pull");
  ASSERT_EQ(pull["status"], "partial") << pull.dump();
  ASSERT_EQ(pull["errors"].size(), 1u);

  auto list = Call("GET", "/v1/uploads?company=pulled&source=pull&connection_id=" + id);
  ASSERT_EQ(list.status, 200) << list.body;
  const Json items = JsonOf(list)["items"];
  ASSERT_EQ(items.size(), 2u) << items.dump(1);
  for (const Json& r : items) {
    EXPECT_EQ(r["source"], "pull");
    EXPECT_EQ(r["connection_id"], id);
    EXPECT_EQ(r["pull_id"], pull["id"]);
  }
  EXPECT_EQ(items[0]["file_name"], "2026-03-02.sta");
  EXPECT_EQ(items[0]["outcome"], "stored");
  EXPECT_FALSE(items[0]["statements"].empty());
  EXPECT_EQ(items[1]["file_name"], "2026-03-03.sta");
  EXPECT_EQ(items[1]["outcome"], "refused");
  EXPECT_EQ(items[1]["problem"]["type"], "urn:recond:problem:unsupported-format");
  EXPECT_EQ(pull["errors"][0]["upload_id"], items[1]["id"]);  // the pull names the receipt

  auto bytes = Call("GET", "/v1/uploads/" + items[1]["id"].get<std::string>() + "/content?company=pulled");
  ASSERT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, "this is not a statement");
  EXPECT_NE(bytes.headers["content-disposition"].find("2026-03-03.sta"), std::string::npos);
}

TEST_F(PullReceipts, RecordsOfABankApiAreOneReceiptOfFormatBerlinGroup) {
  MockBank bank;
  bank.SetTransactions("acc-1", {BankTransaction("T1", "10.00", "2026-03-01"), BankTransaction("T2", "-5.50", "2026-03-02")},
                       2);
  Json body = BerlinGroupConnection(bank, "bank", 3, "s3cr3t");
  body["pulls_per_day_max"] = 10;
  const std::string id = Post("records", "/v1/connections", body)["id"];
  const Json pull = Post("records", "/v1/connections/" + id + "/pull");
  ASSERT_EQ(pull["status"], "succeeded") << pull.dump();
  const Json items = JsonOf(Call("GET", "/v1/uploads?company=records"))["items"];
  ASSERT_EQ(items.size(), 1u) << items.dump(1);
  EXPECT_EQ(items[0]["format"], "berlin-group");
  EXPECT_EQ(items[0]["outcome"], "stored");
  EXPECT_EQ(items[0]["connection_id"], id);
  auto bytes = Call("GET", "/v1/uploads/" + items[0]["id"].get<std::string>() + "/content?company=records");
  ASSERT_EQ(bytes.status, 200);
  EXPECT_TRUE(JsonOf(bytes).contains("statements"));  // the records in the common JSON form, as stored
}

}  // namespace
}  // namespace recon::testing

// Named CSV profiles through the API: the real recond over HTTP against the test PostgreSQL.
// Issue 11 point 1: `POST /v1/statements?profile=adyen-settlement` answered 400 "the CSV profile
// 'adyen-settlement' was named but its text was not supplied to the parser" for every profile:
// nothing loaded config/csv-profiles.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "ingest/shipped_profile_cases.hpp"
#include "integration/shared_recond_suite.hpp"
#include "test_util.hpp"

namespace recon::testing {
namespace {

using Json = nlohmann::json;

// A profile of the suite's profiles directory (csv_profiles_dir).
constexpr const char* kDirectoryProfile = R"({
  "description": "A bank only this server knows",
  "encoding": "utf-8", "delimiter": ";", "decimal_separator": ",", "date_formats": ["DD.MM.YYYY"],
  "columns": {"booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"}, "remittance": "Text"}})";
constexpr const char* kDirectoryProfileFile = "Datum;Betrag;Text\n01.11.2026;12,50;eins\n02.11.2026;-3,00;zwei\n";

class CsvProfilesApi : public SharedRecondSuite<CsvProfilesApi> {
 public:  // SharedRecondSuite's hooks
  static std::map<std::string, std::string> Env() {
    directory_ = ::testing::TempDir() + "/recond-csv-profiles-" + std::to_string(::getpid());
    std::filesystem::create_directories(directory_);
    std::ofstream(directory_ + "/my-bank.json") << kDirectoryProfile;
    return {{"RECOND_CSV_PROFILES_DIR", directory_}};
  }
  static void TearDownTestSuite() {
    SharedRecondSuite::TearDownTestSuite();
    std::error_code ec;
    std::filesystem::remove_all(directory_, ec);
  }

 protected:
  static HttpAnswer Upload(const std::string& company, const std::string& profile, const std::string& bytes) {
    return Call("POST", "/v1/statements?company=" + company + "&profile=" + profile, bytes);
  }
  static HttpAnswer Put(const std::string& company, const std::string& name, const std::string& body) {
    return Call("PUT", "/v1/csv-profiles/" + name + "?company=" + company, body,
                {{"Content-Type", "application/json"}});
  }
  // name -> the list entry, for `company`.
  static std::map<std::string, Json> Listed(const std::string& company) {
    auto list = Call("GET", "/v1/csv-profiles?company=" + company);
    EXPECT_EQ(list.status, 200) << list.body;
    std::map<std::string, Json> out;
    const Json body = JsonOf(list);
    for (const Json& e : body["items"]) out[e["name"].get<std::string>()] = e;
    return out;
  }

  static inline std::string directory_;
};

TEST_F(CsvProfilesApi, EveryShippedProfileReadsItsFileOnUpload) {
  std::set<std::string> tested;
  for (const ShippedProfileCase& c : ShippedProfileCases()) {
    SCOPED_TRACE(c.profile);
    tested.insert(c.profile);
    auto res = Upload("shipped-" + std::string(c.profile), c.profile, ReadFixture(c.fixture));
    ASSERT_EQ(res.status, 201) << res.body;
    const Json answer = JsonOf(res);
    ASSERT_EQ(answer["statements"].size(), c.statements);
    int lines = 0;
    for (const Json& s : answer["statements"]) lines += s["lines"].get<int>();
    EXPECT_EQ(lines, c.lines);
    EXPECT_EQ(answer["statements"][0]["currency"], c.currency);
    auto first = JsonOf(Call("GET", "/v1/lines?limit=1&company=shipped-" + std::string(c.profile)));
    ASSERT_EQ(first["items"].size(), 1u);
    EXPECT_EQ(first["items"][0]["amount"], c.first_amount);
  }
  // Every shipped profile is in the table: a new one needs a fixture and a row.
  for (const auto& [name, entry] : Listed("shipped-check")) {
    if (entry["source"] == "shipped") {
      EXPECT_TRUE(tested.count(name)) << name << " has no upload test";
    }
  }
}

TEST_F(CsvProfilesApi, AProfileOfTheConfiguredDirectoryIsFoundByName) {
  auto res = Upload("directory", "my-bank", kDirectoryProfileFile);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(JsonOf(res)["statements"][0]["lines"], 2);
  auto one = Call("GET", "/v1/csv-profiles/my-bank?company=directory");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(JsonOf(one)["source"], "directory");
  EXPECT_EQ(JsonOf(one)["profile"]["description"], "A bank only this server knows");
  auto listed = Listed("directory");
  ASSERT_TRUE(listed.count("my-bank"));
  EXPECT_EQ(listed["my-bank"]["source"], "directory");
  EXPECT_EQ(listed["my-bank"]["valid"], true);
  EXPECT_EQ(listed["ing-nl"]["source"], "shipped");
}

TEST_F(CsvProfilesApi, AnUnknownProfileIsRefusedNamingItAndWhereRecondLooked) {
  auto res = Upload("unknown", "no-such-bank", ReadFixture("csv/shipped/ing-nl.csv"));
  ASSERT_EQ(res.status, 400) << res.body;
  const Json problem = JsonOf(res);
  EXPECT_EQ(problem["type"], "urn:recond:problem:invalid-request");
  EXPECT_EQ(problem["location"], "profile");
  const std::string detail = problem["detail"];
  EXPECT_NE(detail.find("'no-such-bank'"), std::string::npos) << detail;
  EXPECT_NE(detail.find("stored profiles"), std::string::npos) << detail;
  EXPECT_NE(detail.find("csv_profiles_dir"), std::string::npos) << detail;
  EXPECT_NE(detail.find("adyen-settlement"), std::string::npos) << detail;
  EXPECT_EQ(detail.find(directory_), std::string::npos) << "the server's paths stay on the server: " << detail;
  EXPECT_EQ(Call("GET", "/v1/csv-profiles/no-such-bank?company=unknown").status, 404);
}

TEST_F(CsvProfilesApi, NamesThatAreNoProfileNamesNeverReachAPathOrTheDatabase) {
  for (const std::string& name :
       {std::string("..%2F..%2Fetc%2Fpasswd"), std::string("ING-NL"), std::string("a%00b"), std::string("%C3%A4"),
        std::string(65, 'a')}) {
    SCOPED_TRACE(name);
    auto upload = Upload("hostile", name, ReadFixture("csv/shipped/ing-nl.csv"));
    EXPECT_EQ(upload.status, 400) << upload.body;
    EXPECT_EQ(JsonOf(upload)["location"], "profile");
    auto put = Put("hostile", name, kDirectoryProfile);
    EXPECT_TRUE(put.status == 400 || put.status == 404) << put.status << " " << put.body;
  }
  auto put = Put("hostile", "ING-NL", kDirectoryProfile);
  ASSERT_EQ(put.status, 400);
  EXPECT_EQ(JsonOf(put)["location"], "name");
  EXPECT_EQ(Put("hostile", "auto", kDirectoryProfile).status, 400);
}

TEST_F(CsvProfilesApi, APutIsValidatedAndARefusalNamesTheField) {
  const std::string no_amount = R"({"encoding":"utf-8","delimiter":",","decimal_separator":".",
      "date_formats":["YYYY-MM-DD"],"columns":{"booking_date":"d","currency":"c"}})";
  auto bad = Put("validate", "my-export", no_amount);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(JsonOf(bad)["type"], "urn:recond:problem:invalid-request");
  EXPECT_EQ(JsonOf(bad)["location"], "columns.amount");
  auto typo = Put("validate", "my-export", R"({"encoding":"utf-8","delimitr":","})");
  ASSERT_EQ(typo.status, 400);
  EXPECT_EQ(JsonOf(typo)["location"], "delimitr");
  EXPECT_EQ(Put("validate", "my-export", "{not json").status, 400);
  EXPECT_EQ(Put("validate", "my-export", "").status, 400);
  EXPECT_EQ(Put("validate", "my-export", std::string(100'000, '[') + std::string(100'000, ']')).status, 400);
  EXPECT_EQ(Put("validate", "my-export", std::string((1u << 20) + 10, ' ')).status, 413);
  EXPECT_EQ(Call("GET", "/v1/csv-profiles/my-export?company=validate").status, 404);  // nothing was stored

  auto good = Put("validate", "my-export", kDirectoryProfile);
  ASSERT_EQ(good.status, 201) << good.body;
  EXPECT_EQ(JsonOf(good)["source"], "company");
  EXPECT_EQ(JsonOf(good)["profile"], Json::parse(kDirectoryProfile));
  EXPECT_EQ(Put("validate", "my-export", kDirectoryProfile).status, 200);  // replaced
  auto upload = Upload("validate", "my-export", kDirectoryProfileFile);
  EXPECT_EQ(upload.status, 201) << upload.body;
}

TEST_F(CsvProfilesApi, ACompanysProfileShadowsTheShippedOneForThatCompanyOnly) {
  // The shipped ing-nl with the sign turned: which one read the file shows in the amounts.
  Json turned = Json::parse(ReadFixture("../../config/csv-profiles/ing-nl.json"));
  turned["amount_sign"] = "inverted";
  ASSERT_EQ(Put("shadow-a", "ing-nl", turned.dump()).status, 201);
  const std::string file = ReadFixture("csv/shipped/ing-nl.csv");
  ASSERT_EQ(Upload("shadow-a", "ing-nl", file).status, 201);
  ASSERT_EQ(Upload("shadow-b", "ing-nl", file).status, 201);
  auto first_amount = [](const std::string& company) {
    return JsonOf(Call("GET", "/v1/lines?limit=1&company=" + company))["items"][0]["amount"].get<std::string>();
  };
  EXPECT_EQ(first_amount("shadow-b"), "1250.00");
  EXPECT_EQ(first_amount("shadow-a"), "-1250.00");

  auto a = Listed("shadow-a");
  EXPECT_EQ(a["ing-nl"]["source"], "company");
  EXPECT_EQ(a["ing-nl"]["shadows"], Json::array({"shipped"}));
  EXPECT_EQ(Listed("shadow-b")["ing-nl"]["source"], "shipped");
  EXPECT_EQ(JsonOf(Call("GET", "/v1/csv-profiles/ing-nl?company=shadow-b"))["source"], "shipped");

  EXPECT_EQ(Call("DELETE", "/v1/csv-profiles/ing-nl?company=shadow-b").status, 404);  // B stored none
  EXPECT_EQ(Call("DELETE", "/v1/csv-profiles/ing-nl?company=shadow-a").status, 204);
  EXPECT_EQ(Call("DELETE", "/v1/csv-profiles/ing-nl?company=shadow-a").status, 404);
  EXPECT_EQ(JsonOf(Call("GET", "/v1/csv-profiles/ing-nl?company=shadow-a"))["source"], "shipped");
}

}  // namespace
}  // namespace recon::testing

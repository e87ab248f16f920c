// The CSV profile catalogue without a database: names, the shipped profiles compiled into the
// binary, and the configured directory. (Issue 11 point 1: nothing loaded config/csv-profiles,
// so every named profile was refused as "named but its text was not supplied".)
#include "ingest/csv_profiles.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ingest/shipped_csv_profiles.hpp"
#include "test_util.hpp"

namespace recon::ingest {
namespace {

std::string ShippedFileText(const std::string& name) {
  std::ifstream in(std::string(RECOND_CSV_PROFILES) + "/" + name + ".json", std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A directory of the test's own, removed at the end.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "/recond-profiles-" + std::to_string(::getpid()) + "-" + test->name();
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  void Write(const std::string& file, const std::string& text) const {
    std::ofstream(path_ + "/" + file, std::ios::binary) << text;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(CsvProfileNames, OnlyTheSafeCharsetIsAName) {
  for (const char* good : {"ing-nl", "a", "0", "adyen-settlement", "x1-2-3"}) {
    EXPECT_TRUE(IsProfileName(good)) << good;
  }
  const std::string too_long(kProfileNameBytesMax + 1, 'a');
  for (const std::string& bad : {std::string(), std::string("ING-NL"), std::string("../etc/passwd"),
                                 std::string("a/b"), std::string("-x"), std::string("a.json"), std::string("a b"),
                                 std::string("a\0b", 3), std::string("\xC3\xA4"), too_long}) {
    EXPECT_FALSE(IsProfileName(bad)) << bad;
  }
  EXPECT_TRUE(IsProfileName(std::string(kProfileNameBytesMax, 'a')));
  auto refused = CheckProfileName("../../etc/passwd", "profile");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().location, "profile");
  EXPECT_FALSE(CheckProfileName("auto", "name").ok());
}

// Every file of config/csv-profiles is compiled in (config/CMakeLists.txt lists them), byte
// for byte, and every one passes the parser's profile reader.
TEST(ShippedCsvProfiles, AreEveryFileOfTheFolderAndValid) {
  std::set<std::string> on_disk, embedded;
  for (const auto& entry : std::filesystem::directory_iterator(RECOND_CSV_PROFILES)) {
    if (entry.path().extension() == ".json") on_disk.insert(entry.path().stem().string());
  }
  for (const ShippedCsvProfile& p : ShippedCsvProfiles()) {
    embedded.insert(std::string(p.name));
    EXPECT_EQ(p.json, ShippedFileText(std::string(p.name))) << p.name;
    auto valid = ValidatedProfileJson(p.json, p.name);
    EXPECT_TRUE(valid.ok()) << p.name << ": " << (valid.ok() ? "" : valid.error().ToString());
  }
  EXPECT_EQ(embedded, on_disk);
  EXPECT_EQ(on_disk.size(), 14u);
}

TEST(CsvProfileCatalogue, FindsShippedProfilesWithoutADirectory) {
  const CsvProfileCatalogue catalogue("", nullptr);
  auto found = catalogue.Resolve("", "adyen-settlement");
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_EQ(found->source, ProfileSource::kShipped);
  EXPECT_EQ(found->json, ShippedFileText("adyen-settlement"));
}

TEST(CsvProfileCatalogue, AnUnknownNameSaysWhereItLooked) {
  ScratchDirectory dir;
  const CsvProfileCatalogue catalogue(dir.path(), nullptr);
  auto missing = catalogue.Resolve("", "no-such-bank");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(missing.error().location, "profile");
  const std::string& message = missing.error().message;
  EXPECT_NE(message.find("'no-such-bank'"), std::string::npos) << message;
  EXPECT_NE(message.find(dir.path()), std::string::npos) << message;  // the command line shows the path
  EXPECT_NE(message.find("ing-nl"), std::string::npos) << message;     // and the shipped names
  auto hostile = catalogue.Resolve("", "../" + dir.path());
  ASSERT_FALSE(hostile.ok());
  EXPECT_EQ(hostile.error().location, "profile");
}

TEST(CsvProfileCatalogue, TheDirectoryShadowsShippedProfilesAndAddsItsOwn) {
  ScratchDirectory dir;
  const std::string mine = R"({"encoding":"utf-8","delimiter":";","decimal_separator":",","date_formats":["DD.MM.YYYY"],
    "columns":{"booking_date":"Datum","amount":"Betrag","currency":{"value":"EUR"}}})";
  dir.Write("my-bank.json", mine);
  dir.Write("ing-nl.json", mine);
  dir.Write("broken.json", R"({"encoding":"utf-8"})");
  dir.Write("Not-A-Name.json", mine);   // not a profile name: never read
  dir.Write("notes.txt", "not a profile");
  const CsvProfileCatalogue catalogue(dir.path(), nullptr);
  auto own = catalogue.Resolve("", "my-bank");
  ASSERT_TRUE(own.ok()) << own.error().ToString();
  EXPECT_EQ(own->source, ProfileSource::kDirectory);
  EXPECT_EQ(own->json, mine);
  auto shadowing = catalogue.Resolve("", "ing-nl");
  ASSERT_TRUE(shadowing.ok());
  EXPECT_EQ(shadowing->source, ProfileSource::kDirectory);
  EXPECT_EQ(shadowing->json, mine);
  EXPECT_FALSE(catalogue.Resolve("", "Not-A-Name").ok());

  auto listed = catalogue.List("");
  ASSERT_TRUE(listed.ok());
  std::map<std::string, const CsvProfileEntry*> by_name;
  for (const auto& e : *listed) by_name[e.name] = &e;
  ASSERT_TRUE(by_name.count("my-bank"));
  EXPECT_EQ(by_name["my-bank"]->source, ProfileSource::kDirectory);
  EXPECT_TRUE(by_name["my-bank"]->shadowed.empty());
  ASSERT_TRUE(by_name.count("ing-nl"));
  EXPECT_EQ(by_name["ing-nl"]->source, ProfileSource::kDirectory);
  EXPECT_EQ(by_name["ing-nl"]->shadowed, std::vector<ProfileSource>{ProfileSource::kShipped});
  ASSERT_TRUE(by_name.count("broken"));
  ASSERT_TRUE(by_name["broken"]->problem.has_value());  // listed, with why it cannot be used
  EXPECT_EQ(by_name["broken"]->problem->location, "delimiter");
  EXPECT_FALSE(by_name.count("Not-A-Name"));
  ASSERT_TRUE(by_name.count("adyen-settlement"));
  EXPECT_EQ(by_name["adyen-settlement"]->source, ProfileSource::kShipped);
  EXPECT_TRUE(by_name["adyen-settlement"]->description.has_value());
}

TEST(CsvProfileCatalogue, ADirectoryProfileBeyondTheSizeLimitIsRefused) {
  ScratchDirectory dir;
  dir.Write("huge.json", std::string((1u << 20) + 1, ' '));
  const CsvProfileCatalogue catalogue(dir.path(), nullptr);
  auto huge = catalogue.Resolve("", "huge");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kLimitExceeded);
}

TEST(CsvProfileValidation, TheStoredTextIsTheValidatedJsonAndRefusalsNameTheField) {
  auto ok = ValidatedProfileJson(R"({ "encoding" : "utf-8", "delimiter": ",", "decimal_separator": ".",
      "date_formats": ["YYYY-MM-DD"], "columns": {"booking_date": "d", "amount": "a", "currency": "c"} })", "x");
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(*ok, R"({"encoding":"utf-8","delimiter":",","decimal_separator":".","date_formats":["YYYY-MM-DD"],)"
                 R"("columns":{"booking_date":"d","amount":"a","currency":"c"}})");
  auto no_amount = ValidatedProfileJson(R"({"encoding":"utf-8","delimiter":",","decimal_separator":".",
      "date_formats":["YYYY-MM-DD"],"columns":{"booking_date":"d","currency":"c"}})", "x");
  ASSERT_FALSE(no_amount.ok());
  EXPECT_EQ(no_amount.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(no_amount.error().location, "columns.amount") << no_amount.error().ToString();
  EXPECT_FALSE(ValidatedProfileJson("{not json", "x").ok());
  EXPECT_FALSE(ValidatedProfileJson("[]", "x").ok());
  // Nested a hundred thousand levels deep: refused, not a crash.
  const std::string deep = R"({"encoding":"utf-8","delimiter":)" + std::string(100'000, '[') +
                           std::string(100'000, ']') + "}";
  EXPECT_FALSE(ValidatedProfileJson(deep, "x").ok());
}

}  // namespace
}  // namespace recon::ingest

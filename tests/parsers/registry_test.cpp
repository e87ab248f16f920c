#include "parsers/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.hpp"

namespace recon {
namespace {

TEST(Registry, DetectsFromBytesNotNames) {
  EXPECT_EQ(parsers::DetectFormat(recon::testing::ReadFixture("camt/camt053_v08_basic.xml")), "camt");
  EXPECT_EQ(parsers::DetectFormat("\xEF\xBB\xBF  " + recon::testing::ReadFixture("camt/camt053_v02_prefixed.xml")),
            "camt");
  EXPECT_EQ(parsers::DetectFormat("hello, world"), "");
}

TEST(Registry, UnknownFormatIsAClearError) {
  auto r = parsers::ParseStatementFile("hello, world", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedFormat);
  ParseOptions options;
  options.format = "pdf";
  r = parsers::ParseStatementFile("hello", options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'pdf'"), std::string::npos);
  r = parsers::ParseStatementFile("", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("empty"), std::string::npos);
}

TEST(Registry, FormatOverrideIsHonoured) {
  ParseOptions options;
  options.format = "camt";
  auto r = parsers::ParseStatementFile(recon::testing::ReadFixture("camt/camt053_v08_basic.xml"), options);
  ASSERT_TRUE(r.ok());
  options.format = "camt.053.001.08";
  r = parsers::ParseStatementFile(recon::testing::ReadFixture("camt/camt053_v08_basic.xml"), options);
  ASSERT_TRUE(r.ok());
}

TEST(Registry, KnowsTheAliasesAndArchives) {
  const auto names = parsers::KnownFormats();
  for (const char* name : {"camt", "camt.052", "camt.053", "camt.054", "mt940", "mt942", "ofx", "qfx", "csv", "zip"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_EQ(parsers::DetectFormat(std::string("PK\x03\x04rest", 8)), "zip");
  EXPECT_EQ(parsers::DetectFormat(std::string("PK\x05\x06", 4) + std::string(18, '\0')), "zip");
}

TEST(Registry, AnAliasReachesItsFormatsParser) {
  // Each alias must reach a parser: whatever that parser answers, it is not "not a format".
  for (const char* alias : {"camt.052", "camt.054", "camt.053.001.02", "mt942", "qfx"}) {
    ParseOptions options;
    options.format = alias;
    auto r = parsers::ParseStatementFile("hello", options);
    if (!r.ok()) {
      EXPECT_EQ(r.error().message.find("is not a format recond reads"), std::string::npos) << alias;
    }
  }
  ParseOptions options;
  options.format = "camt.054";
  EXPECT_TRUE(parsers::ParseStatementFile(recon::testing::ReadFixture("camt/camt053_v08_basic.xml"), options).ok());
  options.format = "camtx";
  auto r = parsers::ParseStatementFile("hello", options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'camtx'"), std::string::npos);
}

}  // namespace
}  // namespace recon

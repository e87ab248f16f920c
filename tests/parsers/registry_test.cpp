#include "parsers/registry.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace recon

// NormalizeExchangeRate: exact decimal text in, the same text with a point out, one row per case.
#include <gtest/gtest.h>

#include "parsers/common/exchange_rate.hpp"

namespace recon::parsers {
namespace {

struct Case {
  const char* text;
  const char* expected;  // nullptr: refused
};

TEST(ExchangeRate, NormalisesOrRefuses) {
  const Case cases[] = {
      {"1.0856", "1.0856"},   {"1,0856", "1.0856"},     {" 0.92 \n", "0.92"},  {"7", "7"},
      {"1.", "1"},            {"163.934400", "163.934400"}, {"0.000001", "0.000001"},
      {"", nullptr},          {"0", nullptr},           {"0.000", nullptr},    {"-1.2", nullptr},
      {"+1.2", nullptr},      {"1.2.3", nullptr},       {"1,234.5", nullptr},  {"1e3", nullptr},
      {".5", nullptr},        {"1 000", nullptr},       {"NaN", nullptr},
      {"123456789012345678901234567890123", nullptr},  // longer than kExchangeRateCharsMax
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto got = NormalizeExchangeRate(c.text);
    if (c.expected == nullptr) {
      EXPECT_FALSE(got) << *got;
    } else {
      ASSERT_TRUE(got);
      EXPECT_EQ(*got, c.expected);
    }
  }
}

}  // namespace
}  // namespace recon::parsers

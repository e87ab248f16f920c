// ParseJson: outside JSON with its depth and size limits checked before a value is built.
#include "recon/json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace recon {
namespace {

std::string Nested(size_t levels, char open = '[', char close = ']') {
  return std::string(levels, open) + std::string(levels, close);
}

TEST(JsonDepth, CountsLevelsOutsideStrings) {
  struct Case {
    std::string text;
    size_t depth_max;
    std::optional<size_t> at;
  };
  const Case cases[] = {
      {"{}", 1, std::nullopt},
      {"[[]]", 1, 2},
      {"[[]]", 2, std::nullopt},
      {R"({"a":[{"b":1}]})", 3, std::nullopt},
      {R"({"a":[{"b":1}]})", 2, 7},
      {R"(["[[[[[[", "{{{{"])", 1, std::nullopt},       // brackets inside strings do not count
      {R"(["\"[[[[", 1])", 1, std::nullopt},            // nor after an escaped quote
      {R"(["\\", [[1]]])", 2, 9},                       // an escaped backslash ends its escape
      {"[][][][]", 1, std::nullopt},                    // siblings, not levels
      {"]]]]]][[", 1, 8},                               // stray closers never go below zero
      {"\"[[[[", 0, std::nullopt},                      // an unclosed string hides the rest
      {"", 0, std::nullopt},
      {"1", 0, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(JsonTooDeepAt(c.text, c.depth_max), c.at) << c.text << " max " << c.depth_max;
  }
}

// Regression: a body of a million '[' then a million ']' (2 MB) was parsed into a value a
// million levels deep, and copying that value overflowed the stack (SIGSEGV, the daemon died).
TEST(ParseJson, RefusesAMillionLevelsBeforeBuildingAnything) {
  const std::string deep = Nested(1'000'000);
  auto parsed = ParseJson(deep, JsonLimits{32, kJsonBytesMaxDefault}, "the body");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(parsed.error().location, "byte 33");
  EXPECT_NE(parsed.error().message.find("json_depth_max"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("32 levels"), std::string::npos) << parsed.error().message;
  EXPECT_TRUE(parsed.error().message.starts_with("the body ")) << parsed.error().message;
}

TEST(ParseJson, AcceptsExactlyTheLimitAndTheValueCopiesSafely) {
  auto parsed = ParseJson(Nested(32, '[', ']'), JsonLimits{32, 1024}, "x");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const nlohmann::json copy = *parsed;
  EXPECT_EQ(copy, *parsed);
  std::string objects;
  for (int i = 0; i < 32; ++i) objects += "{\"k\":";
  objects += "1" + std::string(32, '}');
  EXPECT_TRUE(ParseJson(objects, JsonLimits{32, 1024}, "x").ok());
  EXPECT_FALSE(ParseJson("{\"k\":" + objects + "}", JsonLimits{32, 1024}, "x").ok());
}

TEST(ParseJson, RefusesMoreBytesThanTheLimitNamingTheSetting) {
  const std::string text = "[\"" + std::string(2000, 'a') + "\"]";
  auto parsed = ParseJson(text, JsonLimits{32, 1000}, "line 7");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_NE(parsed.error().message.find("json_bytes_max"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("line 7"), std::string::npos) << parsed.error().message;
  EXPECT_TRUE(ParseJson(text, JsonLimits{32, text.size()}, "x").ok());
  EXPECT_TRUE(ParseJson(text, JsonLimits{32, kJsonBytesUnlimited}, "x").ok());
}

TEST(ParseJson, NamesWhereTheSyntaxBreaks) {
  struct Case {
    std::string text;
    std::string location;
  };
  const Case cases[] = {
      {"{\"a\": }", "byte 7"},
      {"[1, 2", "byte 6"},
      {"nul", "byte 4"},
      {"[\"\xff\"]", "byte 3"},            // not UTF-8
      {"{} {}", "byte 4"},                 // two documents
      {"", "byte 1"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseJson(c.text, JsonLimits{}, "the body");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidRequest) << c.text;
    EXPECT_EQ(parsed.error().location, c.location) << c.text;
    EXPECT_TRUE(parsed.error().message.starts_with("the body is not valid JSON: ")) << parsed.error().message;
    for (char ch : parsed.error().message) EXPECT_TRUE(ch >= 0x20 && ch < 0x7F) << c.text;
  }
}

// The message may be logged (a bank's token response that breaks off, say): it never quotes
// the input.
TEST(ParseJson, TheMessageDoesNotQuoteTheInput) {
  for (const char* text : {R"({"access_token":"SECRET-TOKEN-1234)", R"({"access_token" "SECRET-TOKEN-1234"})",
                           R"([SECRET-TOKEN-1234])", R"({"a":1,"b":SECRET-TOKEN-1234})"}) {
    auto parsed = ParseJson(text, JsonLimits{}, "the token response");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().message.find("SECRET"), std::string::npos) << parsed.error().message;
    EXPECT_EQ(parsed.error().message.find("TOKEN"), std::string::npos) << parsed.error().message;
    EXPECT_TRUE(parsed.error().location.starts_with("byte ")) << text;
  }
}

TEST(ParseJson, NumbersBeyondEveryTypeAreBadInputNotAThrow) {
  auto parsed = ParseJson("[1e999]", JsonLimits{}, "x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidRequest);
  auto big = ParseJson("[123456789012345678901234567890]", JsonLimits{}, "x");
  EXPECT_TRUE(big.ok());  // kept as a floating-point number; the decoders refuse it where they want a whole one
}

}  // namespace
}  // namespace recon

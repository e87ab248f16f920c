// The tokenizer: envelope, tags, continuation lines, what ends a message.
#include "parsers/mt940/tokenizer.hpp"

#include <gtest/gtest.h>

namespace recon::mt940 {
namespace {

std::vector<Field> Fields(std::string_view text) {
  auto r = Tokenize(text, TokenizeLimits{1000, 1000});
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : std::vector<Field>{};
}

std::string Describe(const std::vector<Field>& fields) {
  std::string out;
  for (const Field& f : fields) {
    out += std::string(TagName(f.tag)) + "@" + std::to_string(f.line);
    if (f.tag != Tag::kEndOfMessage) out += "[" + std::string(f.text) + "]";
    out += " ";
  }
  return out;
}

TEST(Mt940Tokenizer, SplitsFieldsAndKeepsContinuationLines) {
  const struct {
    const char* name;
    const char* text;
    const char* fields;
  } cases[] = {
      {"plain", ":20:A\n:25:B\n", ":20:@1[A] :25:@2[B] "},
      {"continuation and CRLF", ":86:one\r\ntwo\r\n:62F:x\r\n", ":86:@1[one\r\ntwo] :62F:@3[x] "},
      {"blank lines inside and after a field", ":86:a\n\nb\n\n\n:20:c", ":86:@1[a\n\nb] :20:@6[c] "},
      {"unknown tag-shaped text is text", ":86:a\n:12:11\n:26:37 x\n:08 y\n", ":86:@1[a\n:12:11\n:26:37 x\n:08 y] "},
      {"header lines before the first tag", "ABNANL2A\n940\n:940:\n:20:X\n", ":20:@4[X] "},
      {"message end and trailer text", ":20:X\n-\nXXX\n:20:Y\n", ":20:@1[X] -@2 :20:@4[Y] "},
      {"a dash inside text is text", ":86:a\n-Nr. 5\n-\n", ":86:@1[a\n-Nr. 5] -@3 "},
      {"blocks on one line", "{1:F01X}{2:I940X}{3:{108:A}}{4:\n:20:X\n-}{5:{MAC:1}}{1:F01X}{4:\n:20:Y\n-}\n",
       ":20:@2[X] -@3 :20:@4[Y] -@5 "},
      {"a tag on the line of {4:", "{1:F01X}{4::20:X\n:25:Y\n-}", ":20:@1[X] :25:@2[Y] -@3 "},
      {"Swedish national variant of the braces", "\xC3\xA4" "4:\n:20:X\n-\xC3\xA5\n", ":20:@2[X] -@3 "},
      {"every tag", ":20:a\n:21:b\n:25:c\n:25P:c\n:28:d\n:28C:d\n:60F:e\n:60M:e\n:61:f\n:86:g\n:62F:h\n:62M:h\n"
       ":64:i\n:65:j\n:34F:k\n:13:l\n:13D:l\n:90D:m\n:90C:n\n:NS:o\n",
       ":20:@1[a] :21:@2[b] :25:@3[c] :25:@4[c] :28C:@5[d] :28C:@6[d] :60F:@7[e] :60M:@8[e] :61:@9[f] :86:@10[g] "
       ":62F:@11[h] :62M:@12[h] :64:@13[i] :65:@14[j] :34F:@15[k] :13D:@16[l] :13D:@17[l] :90D:@18[m] :90C:@19[n] "
       ":NS:@20[o] "},
      {"text before a tag inside block 4 is read over", "{4:\nnoise\n:20:X", ":20:@3[X] "},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Describe(Fields(c.text)), c.fields) << c.name;
  }
}

TEST(Mt940Tokenizer, ManyBlocksOnOneLineNeedNoDeepStack) {
  std::string line;
  for (int i = 0; i < 100000; ++i) line += "-}{4:";
  const std::vector<Field> fields = Fields(":20:X\n" + line + "\n");
  EXPECT_EQ(fields.size(), 100001u);
}

TEST(Mt940Tokenizer, CountsStatementLinesAndStatementsAgainstTheirLimits) {
  auto lines = Tokenize(":20:A\n:61:x\n:61:y\n:61:z\n", TokenizeLimits{2, 10});
  ASSERT_FALSE(lines.ok());
  EXPECT_EQ(lines.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(lines.error().location, "line 4");
  auto statements = Tokenize(":20:A\n:20:B\n", TokenizeLimits{2, 1});
  ASSERT_FALSE(statements.ok());
  EXPECT_EQ(statements.error().location, "line 2");
}

}  // namespace
}  // namespace recon::mt940

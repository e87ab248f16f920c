// The tokenizer: RFC 4180 quoting, line ends, line numbers, and every quote error.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/csv/reader.hpp"

namespace recon::csv {
namespace {

struct Record {
  size_t line;
  std::vector<std::string> fields;
  friend bool operator==(const Record&, const Record&) = default;
};

Result<std::vector<Record>> ReadAll(std::string_view text, Dialect dialect = {}) {
  Reader reader(text, dialect);
  std::vector<Record> out;
  Row row;
  for (;;) {
    auto more = reader.Next(row);
    if (!more) return more.take_error();
    if (!*more) return out;
    out.push_back({row.line, std::vector<std::string>(row.fields.begin(), row.fields.end())});
  }
}

struct GoodCase {
  const char* name;
  std::string text;
  Dialect dialect;
  std::vector<Record> records;
};

TEST(CsvReader, ReadsRecordsAndFields) {
  const GoodCase cases[] = {
      {"plain", "a,b,c\n1,2,3\n", {}, {{1, {"a", "b", "c"}}, {2, {"1", "2", "3"}}}},
      {"no final newline", "a,b\n1,2", {}, {{1, {"a", "b"}}, {2, {"1", "2"}}}},
      {"crlf", "a;b\r\n1;2\r\n", {';', '"'}, {{1, {"a", "b"}}, {2, {"1", "2"}}}},
      {"lone cr", "a|b\r1|2\r", {'|', '"'}, {{1, {"a", "b"}}, {2, {"1", "2"}}}},
      {"tab", "a\tb\n", {'\t', '"'}, {{1, {"a", "b"}}}},
      {"trailing delimiter", "a;b;\n", {';', '"'}, {{1, {"a", "b", ""}}}},
      {"trailing delimiter at end", "a;b;", {';', '"'}, {{1, {"a", "b", ""}}}},
      {"empty fields", ",,\n", {}, {{1, {"", "", ""}}}},
      {"blank line is one empty field", "a\n\nb\n", {}, {{1, {"a"}}, {2, {""}}, {3, {"b"}}}},
      {"quoted delimiter", "\"a,b\",c\n", {}, {{1, {"a,b", "c"}}}},
      {"doubled quotes", "\"say \"\"hi\"\"\",x\n", {}, {{1, {"say \"hi\"", "x"}}}},
      {"only a doubled quote", "\"\"\"\"\n", {}, {{1, {"\""}}}},
      {"empty quoted", "\"\",x\n", {}, {{1, {"", "x"}}}},
      {"newline inside quotes",
       "\"line one\nline two\",x\ny,z\n",
       {},
       {{1, {"line one\nline two", "x"}}, {3, {"y", "z"}}}},
      {"crlf inside quotes", "\"a\r\nb\";c\r\nd;e\r\n", {';', '"'}, {{1, {"a\r\nb", "c"}}, {3, {"d", "e"}}}},
      {"several doubled quotes in a field", "\"a\"\"b\"\"c\",\"d\"\"\"\n", {}, {{1, {"a\"b\"c", "d\""}}}},
      {"single quote as quote", "'it''s',1\n", {',', '\''}, {{1, {"it's", "1"}}}},
      {"no quoting", "\"a\",b\n", {',', '\0'}, {{1, {"\"a\"", "b"}}}},
      {"utf-8 text", "Empf\xC3\xA4nger;W\xC3\xA4hrung\n", {';', '"'}, {{1, {"Empf\xC3\xA4nger", "W\xC3\xA4hrung"}}}},
  };
  for (const GoodCase& c : cases) {
    auto records = ReadAll(c.text, c.dialect);
    ASSERT_TRUE(records.ok()) << c.name << ": " << records.error().ToString();
    EXPECT_EQ(*records, c.records) << c.name;
  }
}

struct BadCase {
  const char* name;
  std::string text;
  ErrorCode code;
  const char* location;
  const char* says;
};

TEST(CsvReader, RefusesBrokenQuotesWithTheirPlace) {
  const BadCase cases[] = {
      {"never closed", "a,b\nc,\"open\nmore\n", ErrorCode::kMalformedFile, "line 2, column 2", "never closed"},
      {"text after closing quote", "a,\"b\"x,c\n", ErrorCode::kMalformedFile, "line 1, column 2",
       "follows the closing"},
      {"quote inside unquoted field", "a,b\nc,d \"e\"\n", ErrorCode::kMalformedFile, "line 2, column 2",
       "does not start with one"},
      {"space before opening quote", "x,y\n1, \"two\"\n", ErrorCode::kMalformedFile, "line 2, column 2",
       "space before the opening quote"},
      {"error after a multi-line field", "\"a\nb\",c\nd\"e\n", ErrorCode::kMalformedFile, "line 3, column 1",
       "does not start with one"},
  };
  for (const BadCase& c : cases) {
    auto records = ReadAll(c.text);
    ASSERT_FALSE(records.ok()) << c.name;
    EXPECT_EQ(records.error().code, c.code) << c.name;
    EXPECT_EQ(records.error().location, c.location) << c.name;
    EXPECT_NE(records.error().message.find(c.says), std::string::npos) << c.name << ": " << records.error().message;
  }
}

TEST(CsvReader, NamesTheHeaderInErrorsWhenItKnowsIt) {
  const std::vector<std::string> header = {"Datum", "Betrag"};
  Reader reader("1,\"2\"x\n", Dialect{});
  reader.set_header(&header);
  Row row;
  auto more = reader.Next(row);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().location, "line 1, column 2 'Betrag'");
}

TEST(CsvReader, RefusesMoreFieldsThanTheLimit) {
  const std::string wide(kFieldsPerRowMax + 5, ',');
  auto records = ReadAll(wide);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().code, ErrorCode::kLimitExceeded);
  auto fits = ReadAll(std::string(kFieldsPerRowMax - 1, ','));
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ((*fits)[0].fields.size(), kFieldsPerRowMax);
}

TEST(CsvReader, ViewsOfUnescapedFieldsStayValidForTheRow) {
  // Two fields with doubled quotes share the reader's buffer; both must read right.
  Reader reader("\"a\"\"1\",\"b\"\"2\",\"c\"\"3\"\n", Dialect{});
  Row row;
  auto more = reader.Next(row);
  ASSERT_TRUE(more.ok() && *more);
  ASSERT_EQ(row.fields.size(), 3u);
  EXPECT_EQ(row.fields[0], "a\"1");
  EXPECT_EQ(row.fields[1], "b\"2");
  EXPECT_EQ(row.fields[2], "c\"3");
}

}  // namespace
}  // namespace recon::csv

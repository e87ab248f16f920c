// Profile JSON: every shipped profile loads, and every validation rule refuses with the
// field it is about.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "parsers/csv/profile.hpp"

namespace recon::csv {
namespace {

const std::string kTop =
    R"("encoding": "utf-8", "delimiter": ";", "decimal_separator": ",", "date_formats": ["DD.MM.YYYY"])";
const std::string kColumns = R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EUR"})";

// Later fields of `top` replace earlier ones (kTop and then an override): a profile that
// names a field twice is refused, so the override is made here. A `top` that is not JSON
// on its own, or is very long (the depth test), is used as written.
std::string Json(const std::string& top, const std::string& columns) {
  std::string merged = top;
  if (top.size() < 4096) {
    try {
      const nlohmann::json fields = nlohmann::json::parse("{" + top + "}");
      merged = fields.dump();
      merged = merged.substr(1, merged.size() - 2);
    } catch (const nlohmann::json::exception&) {
    }
  }
  return "{" + merged + (merged.empty() ? "" : ", ") + "\"columns\": {" + columns + "}}";
}

std::string ReadProfileFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(CsvProfile, EveryShippedProfileLoads) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RECOND_CSV_PROFILES)) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    auto profile = ParseProfile(ReadProfileFile(entry.path()), entry.path().stem().string());
    EXPECT_TRUE(profile.ok()) << entry.path() << ": " << profile.error().ToString();
  }
  EXPECT_GE(count, 5u);
}

TEST(CsvProfile, ReadsEveryFormOfAColumn) {
  const std::string columns = R"("booking_date": 0,
      "value_date": {"header": ["Valuta", "Wertstellung"], "optional": true},
      "amount": "Betrag",
      "currency": {"header": "Währung", "occurrence": "last"},
      "account": {"preamble": "IBAN"},
      "statement_id": {"value": "S1"},
      "counterparty_name": {"credit": "Auftraggeber", "debit": {"index": 7}},
      "remittance": ["Text", {"index": 9, "to_end": true}])";
  auto p = ParseProfile(Json(kTop + R"(, "delimiter": [";", ","], "thousands_separator": "'")", columns), "t");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  const Columns& c = p->columns;
  EXPECT_EQ(c.booking_date.kind, ColumnRef::Kind::kIndex);
  EXPECT_EQ(c.booking_date.index, 0u);
  EXPECT_EQ(c.value_date.names, (std::vector<std::string>{"Valuta", "Wertstellung"}));
  EXPECT_TRUE(c.value_date.optional);
  EXPECT_EQ(c.currency.occurrence, ColumnRef::Occurrence::kLast);
  EXPECT_EQ(c.account.kind, ColumnRef::Kind::kPreamble);
  EXPECT_EQ(c.statement_id.kind, ColumnRef::Kind::kValue);
  EXPECT_EQ(c.counterparty_name.credit.names[0], "Auftraggeber");
  EXPECT_EQ(c.counterparty_name.debit.index, 7u);
  ASSERT_EQ(c.remittance.size(), 2u);
  EXPECT_TRUE(c.remittance[1].to_end);
  EXPECT_EQ(p->delimiters, (std::vector<char>{';', ','}));
  EXPECT_EQ(p->number.thousands, '\'');
  EXPECT_EQ(p->quote, '"');
  EXPECT_EQ(p->header, HeaderMode::kFirst);
}

struct BadProfile {
  const char* name;
  std::string json;
  const char* field;  // the error's location
  const char* says;
};

TEST(CsvProfile, RefusesEveryInvalidProfileNamingTheField) {
  const std::string cols = kColumns;
  const BadProfile cases[] = {
      {"not json", "{", "", "not valid JSON"},
      {"not an object", "[]", "(top level)", "JSON object"},
      {"typo in a field", Json(kTop + R"(, "delimeter": ";")", cols), "delimeter", "not a field"},
      {"description not text", Json(kTop + R"(, "description": 5)", cols), "description", "string"},
      {"no encoding", Json(R"("delimiter": ";", "decimal_separator": ",", "date_formats": ["DD.MM.YYYY"])", cols),
       "encoding", "required"},
      {"unknown encoding", Json(kTop + R"(, "encoding": "utf-16")", cols), "encoding", "one of"},
      {"no delimiter", Json(R"("encoding": "utf-8", "decimal_separator": ",", "date_formats": ["DD.MM.YYYY"])", cols),
       "delimiter", "required"},
      {"odd delimiter", Json(kTop + R"(, "delimiter": ":")", cols), "delimiter", "must be"},
      {"empty delimiter list", Json(kTop + R"(, "delimiter": [])", cols), "delimiter", "one to four"},
      {"odd quote", Json(kTop + R"(, "quote": "`")", cols), "quote", "one of"},
      {"no decimal separator", Json(R"("encoding": "utf-8", "delimiter": ";", "date_formats": ["DD.MM.YYYY"])", cols),
       "decimal_separator", "required"},
      {"decimal is thousands", Json(kTop + R"(, "thousands_separator": ",")", cols), "thousands_separator", "differ"},
      {"odd thousands", Json(kTop + R"(, "thousands_separator": "_")", cols), "thousands_separator", "one of"},
      {"no date formats", Json(R"("encoding": "utf-8", "delimiter": ";", "decimal_separator": ",")", cols),
       "date_formats", "required"},
      {"empty date formats", Json(kTop + R"(, "date_formats": [])", cols), "date_formats", "list of 1 to"},
      {"date format not text", Json(kTop + R"(, "date_formats": [5])", cols), "date_formats", "strings"},
      {"bad date format", Json(kTop + R"(, "date_formats": ["DD.QQ.YYYY"])", cols), "date_formats", "no token"},
      {"contradicting date formats", Json(kTop + R"(, "date_formats": ["DD/MM/YYYY", "MM/DD/YYYY"])", cols),
       "date_formats", "different dates"},
      {"too many date formats",
       Json(kTop + R"(, "date_formats": ["YYYY-MM-DD","YYYYMMDD","DD.MM.YYYY","D.M.YY","YYYY/MM/DD",
                                         "DD-MM-YYYY","D/M/YY","YYYY.MM.DD","DD MM YYYY"])",
            cols),
       "date_formats", "list of 1 to 8"},
      {"odd header mode", Json(kTop + R"(, "header": "second")", cols), "header", "one of"},
      {"negative skip", Json(kTop + R"(, "skip_rows": -1)", cols), "skip_rows", "whole number"},
      {"skip as text", Json(kTop + R"(, "skip_rows": "3")", cols), "skip_rows", "whole number"},
      {"skip too many", Json(kTop + R"(, "skip_rows": 99999)", cols), "skip_rows", "10000"},
      {"footer as text", Json(kTop + R"(, "skip_footer_rows": "x")", cols), "skip_footer_rows", "whole number"},
      {"flag as text", Json(kTop + R"(, "skip_trailing_non_data_rows": "yes")", cols), "skip_trailing_non_data_rows",
       "true or false"},
      {"flag as number", Json(kTop + R"(, "allow_extra_fields": 1)", cols), "allow_extra_fields", "true or false"},
      {"odd rows_without_amount", Json(kTop + R"(, "rows_without_amount": "ignore")", cols), "rows_without_amount",
       "one of"},
      {"odd amount_sign", Json(kTop + R"(, "amount_sign": "negative")", cols), "amount_sign", "one of"},
      {"odd balance_kind", Json(kTop + R"(, "balance_kind": "middle")", cols), "balance_kind", "one of"},
      {"odd row_order", Json(kTop + R"(, "row_order": "random")", cols), "row_order", "one of"},
      {"no columns", "{" + kTop + "}", "columns", "required"},
      {"columns not an object", "{" + kTop + R"(, "columns": [])" + "}", "columns", "object"},
      {"typo in a column", Json(kTop, cols + R"(, "amout": "X")"), "columns.amout", "not a field"},
      {"no booking date", Json(kTop, R"("amount": "Betrag", "currency": {"value": "EUR"})"), "columns.booking_date",
       "required"},
      {"no amount", Json(kTop, R"("booking_date": "Datum", "currency": {"value": "EUR"})"), "columns.amount",
       "required"},
      {"debit without credit", Json(kTop, R"("booking_date": "Datum", "debit": "Soll", "currency": {"value": "EUR"})"),
       "columns.credit", "together"},
      {"amount and debit/credit", Json(kTop, cols + R"(, "debit": "Soll", "credit": "Haben")"), "columns.amount",
       "cannot be combined"},
      {"indicator with debit/credit",
       Json(kTop, R"("booking_date": "D", "amount": "A", "debit": "S", "credit": "H", "currency": {"value": "EUR"},
                     "indicator": {"column": "X", "debit": "D", "credit": "C"})"),
       "columns.indicator", "cannot be combined"},
      {"indicator without amount", Json(kTop, R"("booking_date": "D", "currency": {"value": "EUR"},
                     "indicator": {"column": "X", "debit": "D", "credit": "C"})"),
       "columns.indicator", "needs columns.amount"},
      {"indicator not an object", Json(kTop, cols + R"(, "indicator": "X")"), "columns.indicator", "must be"},
      {"indicator without credit values", Json(kTop, cols + R"(, "indicator": {"column": "X", "debit": "D"})"),
       "columns.indicator", "needs column, debit and credit"},
      {"indicator empty value", Json(kTop, cols + R"(, "indicator": {"column": "X", "debit": "", "credit": "C"})"),
       "columns.indicator.debit", "empty value"},
      {"indicator value twice", Json(kTop, cols + R"(, "indicator": {"column": "X", "debit": ["D"], "credit": ["d"]})"),
       "columns.indicator", "both debit and credit"},
      {"indicator odd amount_sign",
       Json(kTop, cols + R"(, "indicator": {"column": "X", "debit": "D", "credit": "C", "amount_sign": "flip"})"),
       "columns.indicator.amount_sign", "reject"},
      {"indicator unknown key",
       Json(kTop, cols + R"(, "indicator": {"column": "X", "debit": "D", "credit": "C", "sign": 1})"),
       "columns.indicator.sign", "not a field"},
      {"no currency", Json(kTop, R"("booking_date": "Datum", "amount": "Betrag")"), "columns.currency", "required"},
      {"unknown fixed currency",
       Json(kTop, R"("booking_date": "Datum", "amount": "Betrag", "currency": {"value": "EURO"})"), "columns.currency",
       "ISO 4217"},
      {"balance without kind", Json(kTop + R"(, "row_order": "oldest_first")", cols + R"(, "balance": "Saldo")"),
       "balance_kind", "required"},
      {"balance without order", Json(kTop + R"(, "balance_kind": "after")", cols + R"(, "balance": "Saldo")"),
       "row_order", "required"},
      {"header name without header", Json(kTop + R"(, "header": "none")", cols), "columns.booking_date", "header"},
      {"several delimiters without header",
       Json(kTop + R"(, "header": "none", "delimiter": [";", ","])",
            R"("booking_date": 0, "amount": 1, "currency": 2)"),
       "delimiter", "several"},
      {"column as boolean", Json(kTop, cols + R"(, "value_date": true)"), "columns.value_date", "must be"},
      {"two forms at once", Json(kTop, cols + R"(, "value_date": {"header": "V", "index": 3})"), "columns.value_date",
       "exactly one"},
      {"index too large", Json(kTop, cols + R"(, "value_date": 5000)"), "columns.value_date", "beyond"},
      {"index as text", Json(kTop, cols + R"(, "value_date": {"index": "3"})"), "columns.value_date", "0-based"},
      {"empty header name", Json(kTop, cols + R"(, "value_date": "")"), "columns.value_date", "empty header"},
      {"empty alias list", Json(kTop, cols + R"(, "value_date": {"header": []})"), "columns.value_date", "list of 1"},
      {"alias not text", Json(kTop, cols + R"(, "value_date": {"header": ["V", 3]})"), "columns.value_date",
       "non-empty strings"},
      {"fixed amount", Json(kTop, R"("booking_date": "D", "amount": {"value": "5"}, "currency": {"value": "EUR"})"),
       "columns.amount", "must be"},
      {"booking date from preamble",
       Json(kTop, R"("booking_date": {"preamble": "Datum"}, "amount": "A", "currency": {"value": "EUR"})"),
       "columns.booking_date", "must be"},
      {"optional booking date",
       Json(kTop, R"("booking_date": {"header": "D", "optional": true}, "amount": "A", "currency": {"value": "EUR"})"),
       "columns.booking_date.optional", "only on"},
      {"to_end outside remittance", Json(kTop, cols + R"(, "bank_reference": {"index": 3, "to_end": true})"),
       "columns.bank_reference.to_end", "remittance only"},
      {"odd occurrence", Json(kTop, cols + R"(, "value_date": {"header": "V", "occurrence": "second"})"),
       "columns.value_date.occurrence", "first"},
      {"occurrence on an index", Json(kTop, cols + R"(, "value_date": {"index": 2, "occurrence": "last"})"),
       "columns.value_date.occurrence", "header names only"},
      {"unknown key in a column", Json(kTop, cols + R"(, "value_date": {"header": "V", "column": 3})"),
       "columns.value_date.column", "not a field"},
      {"sided without debit", Json(kTop, cols + R"(, "counterparty_name": {"credit": "Auftraggeber"})"),
       "columns.counterparty_name", "both credit and debit"},
      {"sided with fixed value",
       Json(kTop, cols + R"(, "counterparty_name": {"credit": {"value": "x"}, "debit": "Empf"})"),
       "columns.counterparty_name.credit", "must be"},
      {"empty remittance list", Json(kTop, cols + R"(, "remittance": [])"), "columns.remittance", "list of 1"},
      {"bad remittance entry", Json(kTop, cols + R"(, "remittance": ["Text", false])"), "columns.remittance[1]",
       "must be"},
      {"empty preamble key", Json(kTop, cols + R"(, "account": {"preamble": ""})"), "columns.account", "non-empty"},
      {"empty fixed value", Json(kTop, cols + R"(, "account": {"value": ""})"), "columns.account", "non-empty"},
  };
  for (const BadProfile& c : cases) {
    auto p = ParseProfile(c.json, "test");
    ASSERT_FALSE(p.ok()) << c.name;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidRequest) << c.name;
    EXPECT_EQ(p.error().location, c.field) << c.name << ": " << p.error().ToString();
    EXPECT_NE(p.error().message.find(c.says), std::string::npos) << c.name << ": " << p.error().message;
    EXPECT_NE(p.error().message.find("'test'"), std::string::npos) << c.name << ": names the profile";
  }
}

TEST(CsvProfile, JsonErrorsQuoteTheProfileAsValidUtf8) {
  // Regression (fuzzer): the JSON library's message quotes the bytes it stopped at, and a
  // profile with a stray byte made the error message itself invalid UTF-8.
  auto p = ParseProfile("{\"encoding\": \"utf-8\", \xE5\x97x: 1}", "bad\xFFname");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(p.error().message.find('\xE5'), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("'bad?name'"), std::string::npos) << p.error().message;
}

TEST(CsvProfile, RefusesDeeplyNestedValuesBeforeBuildingThem) {
  // A list nested a hundred thousand deep is refused by a scan of the bytes, before a value
  // that deep exists (copying or printing it would recurse as deep as it nests).
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto p = ParseProfile(Json(kTop + R"(, "delimiter": )" + deep, kColumns), "deep");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidRequest);
  EXPECT_TRUE(p.error().location.starts_with("byte ")) << p.error().location;
  EXPECT_NE(p.error().message.find("nests deeper than"), std::string::npos) << p.error().message;
}

TEST(CsvProfile, RefusesAProfileBeyondItsSizeLimit) {
  const std::string huge = "{\"description\": \"" + std::string(kProfileBytesMax, 'x') + "\"}";
  auto p = ParseProfile(huge, "big");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace recon::csv

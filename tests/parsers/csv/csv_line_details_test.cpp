// CSV profiles that map the line details (recon::LineDetails): original amount and
// currency, exchange rate, charges and the five texts, by header and by position, in the
// shipped PayPal and Adyen profiles, and every way such a cell or profile entry is refused.
#include <gtest/gtest.h>

#include <string>

#include "parsers/csv/csv_parser.hpp"
#include "parsers/csv/german_profile.hpp"
#include "parsers/csv/shipped_profile.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;
using recon::testing::GermanProfile;
using recon::testing::ShippedProfile;

// GermanProfile with the date, amount and currency columns of every file here; `columns`
// and `top` add fields.
std::string Profile(const std::string& columns, const std::string& top = "") {
  return GermanProfile(R"("booking_date": "Datum", "amount": "Betrag", "currency": "Whg")" +
                           (columns.empty() ? "" : ", " + columns),
                       top);
}

// Every detail by header name.
const std::string kAllDetails = R"("original_amount": "Orig", "original_currency": "OrigWhg",
    "exchange_rate": "Kurs", "charges": "Gebühr", "charges_currency": "GebWhg", "check_number": "Scheck",
    "customer_reference": "KRef", "mandate_id": "Mandat", "ultimate_debtor": "UltDbtr",
    "ultimate_creditor": "UltCdtr")";
const std::string kAllHeader = "Datum;Betrag;Whg;Orig;OrigWhg;Kurs;Gebühr;GebWhg;Scheck;KRef;Mandat;UltDbtr;UltCdtr\n";

Result<ParsedFile> Parse(std::string_view csv, const std::string& profile, const std::string& name = "test") {
  ParseOptions options;
  options.csv_profile = name;
  options.csv_profile_json = profile;
  return csv::CsvParser().Parse(csv, options);
}

std::vector<StatementLine> Lines(std::string_view csv, const std::string& profile) {
  auto file = Parse(csv, profile);
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  std::vector<StatementLine> lines;
  if (!file.ok()) return lines;
  for (const Statement& s : file->statements) lines.insert(lines.end(), s.lines.begin(), s.lines.end());
  return lines;
}

Money M(int64_t minor, const char* code) { return Money{minor, *Currency::FromCode(code)}; }

TEST(CsvLineDetails, MapsEveryDetailByHeaderNameExactly) {
  const std::string csv = kAllHeader +
                          "01.02.2026;-1.085,60;EUR;-1.000,00;usd;1,0856;2,50;EUR;000123;KR-1;MNDT-7;Ult D;Ult C\n"
                          "02.02.2026;10,00;EUR;;;;;;;;;;\n"
                          "03.02.2026;-20,00;EUR;-20;EUR;;0,00;;;;;;\n";
  const auto lines = Lines(csv, Profile(kAllDetails));
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_TRUE(lines[0].details.present());
  const LineDetails& d = lines[0].details.Get();
  EXPECT_EQ(d.original_amount, M(-100000, "USD"));
  EXPECT_EQ(d.original_currency, "USD");
  EXPECT_EQ(d.exchange_rate, "1.0856");  // exact text with a point, never a double
  EXPECT_EQ(d.charges, M(250, "EUR"));
  EXPECT_EQ(d.check_number, "000123");
  EXPECT_EQ(d.customer_reference, "KR-1");
  EXPECT_EQ(d.mandate_id, "MNDT-7");
  EXPECT_EQ(d.ultimate_debtor, "Ult D");
  EXPECT_EQ(d.ultimate_creditor, "Ult C");
  // Empty cells are absent, and a line with no detail has no details at all.
  EXPECT_FALSE(lines[1].details.present());
  // The booked amount again in its own currency, and zero charges, tell nothing more.
  EXPECT_FALSE(lines[2].details.present());
}

TEST(CsvLineDetails, MapsDetailsByPositionWithoutHeader) {
  const std::string profile = R"({"encoding": "utf-8", "delimiter": ",", "decimal_separator": ".",
      "thousands_separator": "'", "date_formats": ["YYYY-MM-DD"], "header": "none",
      "columns": {"booking_date": 0, "amount": 1, "currency": {"value": "CHF"}, "original_amount": 2,
                  "original_currency": {"value": "JPY"}, "exchange_rate": {"index": 3},
                  "charges": [4, 5], "charges_currency": {"value": "BHD"}, "mandate_id": 6}})";
  const auto lines = Lines("2026-03-01,-1'234.50,-150'000,0.0082,1.5,0.125,M-1\n", profile);
  ASSERT_EQ(lines.size(), 1u);
  const LineDetails& d = lines[0].details.Get();
  EXPECT_EQ(lines[0].amount, M(-123450, "CHF"));
  EXPECT_EQ(d.original_amount, M(-150000, "JPY"));  // JPY has no minor digits
  EXPECT_EQ(d.exchange_rate, "0.0082");
  EXPECT_EQ(d.charges, M(1625, "BHD"));  // 1.500 + 0.125 in three-digit dinars
  EXPECT_EQ(d.mandate_id, "M-1");
}

TEST(CsvLineDetails, OriginalAmountFollowsDebitCreditIndicatorAndInvertedSign) {
  // A debit/credit pair: the debit is money out with or without its minus.
  const std::string pair = Profile(R"("original_amount": {"debit": "OD", "credit": "OC"},
                                      "original_currency": {"value": "GBP"})");
  auto lines = Lines("Datum;Betrag;Whg;OD;OC\n01.02.2026;-11,60;EUR;10,00;\n02.02.2026;5,80;EUR;;5,00\n", pair);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].details.Get().original_amount, M(-1000, "GBP"));
  EXPECT_EQ(lines[1].details.Get().original_amount, M(500, "GBP"));

  // An indicator gives the direction of the original amount as of the line's.
  const std::string indicator = R"({"encoding": "utf-8", "delimiter": ";", "decimal_separator": ",",
      "date_formats": ["DD.MM.YYYY"], "columns": {"booking_date": "Datum", "amount": "Betrag",
      "indicator": {"column": "SH", "debit": "S", "credit": "H"}, "currency": {"value": "EUR"},
      "original_amount": "Orig", "original_currency": {"value": "USD"}}})";
  lines = Lines("Datum;Betrag;SH;Orig\n01.02.2026;9,00;S;10,00\n02.02.2026;9,00;H;10,00\n", indicator);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].details.Get().original_amount, M(-1000, "USD"));
  EXPECT_EQ(lines[1].details.Get().original_amount, M(1000, "USD"));

  // "amount_sign": "inverted" turns the original amount as it turns the line's.
  lines = Lines("Datum;Betrag;Whg;Orig;OW\n01.02.2026;9,00;EUR;10,00;USD\n",
                Profile(R"("original_amount": "Orig", "original_currency": "OW")", R"("amount_sign": "inverted")"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount.minor, -900);
  EXPECT_EQ(lines[0].details.Get().original_amount, M(-1000, "USD"));
}

TEST(CsvLineDetails, ChargesAddUpAndFollowTheChargesSign) {
  const std::string csv = "Datum;Betrag;Whg;Fee1;Fee2\n"
                          "01.02.2026;97,00;EUR;-2,50;-0,50\n"
                          "02.02.2026;-48,80;EUR;1,20;\n"
                          "03.02.2026;10,00;EUR;;\n";
  const auto lines = Lines(csv, Profile(R"("charges": ["Fee1", {"header": "Fee2"}])", R"("charges_sign": "negative")"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].details.Get().charges, M(300, "EUR"));   // a fee written with a minus is a charge
  EXPECT_EQ(lines[1].details.Get().charges, M(-120, "EUR"));  // a fee given back is a refund of charges
  EXPECT_FALSE(lines[2].details.present());
}

TEST(CsvLineDetails, OriginalCurrencyAloneIsKeptOnlyWhenItIsAnother) {
  const std::string csv = "Datum;Betrag;Whg;Orig;OW\n01.02.2026;1,00;EUR;;sek\n02.02.2026;1,00;EUR;;EUR\n";
  const auto lines = Lines(csv, Profile(R"("original_amount": "Orig", "original_currency": "OW")"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].details.Get().original_amount.has_value());
  EXPECT_EQ(lines[0].details.Get().original_currency, "SEK");
  EXPECT_FALSE(lines[1].details.present());
}

TEST(CsvLineDetails, ShippedPaypalProfileReadsGrossAsOriginalAndFeeAsCharges) {
  auto file = Parse(ReadFixture("csv/paypal_fees_en_gb.csv"), ShippedProfile("paypal-en-gb"), "paypal-en-gb");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements.size(), 2u);  // EUR and JPY
  const Statement& eur = file->statements[0];
  ASSERT_EQ(eur.lines.size(), 3u);
  EXPECT_EQ(eur.lines[0].amount, M(121340, "EUR"));
  EXPECT_EQ(eur.lines[0].details.Get().original_amount, M(125000, "EUR"));
  EXPECT_EQ(eur.lines[0].details.Get().charges, M(3660, "EUR"));
  EXPECT_FALSE(eur.lines[1].details.present());  // no fee: gross is the net
  EXPECT_EQ(eur.lines[2].details.Get().original_amount, M(-5000, "EUR"));
  EXPECT_EQ(eur.lines[2].details.Get().charges, M(-120, "EUR"));
  for (const std::string& w : eur.warnings) EXPECT_EQ(w.find("balance"), std::string::npos) << w;
  const Statement& jpy = file->statements[1];
  ASSERT_EQ(jpy.lines.size(), 1u);
  EXPECT_EQ(jpy.lines[0].details.Get().original_amount, M(5000, "JPY"));
  EXPECT_EQ(jpy.lines[0].details.Get().charges, M(180, "JPY"));
}

TEST(CsvLineDetails, ShippedAdyenProfileReadsGrossExchangeRateAndFees) {
  auto file =
      Parse(ReadFixture("csv/adyen_settlement_fx.csv"), ShippedProfile("adyen-settlement"), "adyen-settlement");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->statements.size(), 1u);
  const auto& lines = file->statements[0].lines;
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].amount, M(11520, "EUR"));
  EXPECT_EQ(lines[0].details.Get().original_amount, M(10000, "GBP"));
  EXPECT_EQ(lines[0].details.Get().exchange_rate, "1.1612345");
  EXPECT_EQ(lines[0].details.Get().charges, M(92, "EUR"));  // markup + scheme fees + interchange
  EXPECT_EQ(lines[1].amount, M(-2012, "EUR"));
  EXPECT_EQ(lines[1].details.Get().original_amount, M(-2000, "EUR"));  // a refund: gross debit
  EXPECT_EQ(lines[1].details.Get().charges, M(12, "EUR"));
  EXPECT_EQ(lines[2].details.Get().original_amount, M(9690, "EUR"));
  EXPECT_EQ(lines[2].details.Get().charges, M(97, "EUR"));  // commission
  EXPECT_EQ(lines[2].details.Get().exchange_rate, "1");
  EXPECT_FALSE(lines[3].details.present());  // a fee row has no gross, rate or fees
}

struct BadCell {
  const char* name;
  std::string row;  // after kAllHeader
  const char* location;
  const char* message_part;
};

TEST(CsvLineDetails, RefusesBadDetailCellsNamingLineAndColumn) {
  const BadCell cases[] = {
      {"unknown original currency", "01.02.2026;-1,00;EUR;-2,00;XYZ;;;;;;;;\n", "line 2, column 5 'OrigWhg'",
       "'XYZ' is not an ISO 4217 currency code"},
      {"original amount without currency", "01.02.2026;-1,00;EUR;-2,00;;;;;;;;;\n", "line 2, column 5 'OrigWhg'",
       "original currency is empty"},
      {"original amount not a number", "01.02.2026;-1,00;EUR;-2,0O;USD;;;;;;;;\n", "line 2, column 4 'Orig'",
       "'-2,0O'"},
      {"original amount beyond the currency's digits", "01.02.2026;-1,00;EUR;-2,5;JPY;;;;;;;;\n",
       "line 2, column 4 'Orig'", "-2,5"},
      {"original amount grouped wrongly", "01.02.2026;-1,00;EUR;-2.00,00;USD;;;;;;;;\n", "line 2, column 4 'Orig'",
       "-2.00,00"},
      {"original amount against the line's direction", "01.02.2026;-1,00;EUR;2,00;USD;;;;;;;;\n",
       "line 2, column 4 'Orig'", "has the direction of its line"},
      {"rate with the other separator", "01.02.2026;-1,00;EUR;;;1.0856;;;;;;;\n", "line 2, column 6 'Kurs'",
       "'1.0856' is not an exchange rate"},
      {"negative rate", "01.02.2026;-1,00;EUR;;;-1,2;;;;;;;\n", "line 2, column 6 'Kurs'", "positive decimal"},
      {"zero rate", "01.02.2026;-1,00;EUR;;;0,000;;;;;;;\n", "line 2, column 6 'Kurs'", "positive decimal"},
      {"rate as text", "01.02.2026;-1,00;EUR;;;par;;;;;;;\n", "line 2, column 6 'Kurs'", "'par'"},
      {"charges not a number", "01.02.2026;-1,00;EUR;;;;zwei;;;;;;\n", "line 2, column 7 'Gebühr'", "'zwei'"},
      {"unknown charges currency", "01.02.2026;-1,00;EUR;;;;2,00;EURO;;;;;\n", "line 2, column 8 'GebWhg'",
       "'EURO' is not an ISO 4217 currency code"},
      {"charges in a three-digit currency", "01.02.2026;-1,00;EUR;;;;2,001;KWD;;;;;\n", "",
       ""},  // three digits are fine in KWD: no error (checked below)
      {"charges beyond JPY digits", "01.02.2026;-1,00;EUR;;;;2,5;JPY;;;;;\n", "line 2, column 7 'Gebühr'", "2,5"},
  };
  for (const BadCell& c : cases) {
    auto file = Parse(kAllHeader + c.row, Profile(kAllDetails));
    if (std::string(c.location).empty()) {
      EXPECT_TRUE(file.ok()) << c.name << ": " << file.error().ToString();
      continue;
    }
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile) << c.name;
    EXPECT_EQ(file.error().location, c.location) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().message.find(c.message_part), std::string::npos) << c.name << ": " << file.error().message;
  }
}

TEST(CsvLineDetails, RefusesChargesThatOverflowWhenAddedUp) {
  const std::string csv = "Datum;Betrag;Whg;F1;F2\n01.02.2026;1,00;EUR;90.000.000.000.000.000,00;"
                          "90.000.000.000.000.000,00\n";
  auto file = Parse(csv, Profile(R"("charges": ["F1", "F2"])"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location, "line 2, column 5 'F2'");
  EXPECT_NE(file.error().message.find("add up to more"), std::string::npos) << file.error().message;
  // The cell that made the sum overflow is quoted, for the clerk to find it.
  EXPECT_NE(file.error().message.find("'90.000.000.000.000.000,00'"), std::string::npos) << file.error().message;
}

TEST(CsvLineDetails, AFailingDetailFailsTheWholeFile) {
  const std::string csv = kAllHeader + "01.02.2026;-1,00;EUR;-2,00;USD;;;;;;;;\n" +
                          "02.02.2026;-1,00;EUR;-2,00;USD;1,2,3;;;;;;;\n";
  auto file = Parse(csv, Profile(kAllDetails));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location, "line 3, column 6 'Kurs'");
}

struct BadProfile {
  const char* name;
  std::string profile;
  const char* field;
  const char* message_part;
};

TEST(CsvLineDetails, RefusesBadDetailEntriesOfAProfileNamingTheField) {
  const std::string top = R"("encoding": "utf-8", "delimiter": ";", "decimal_separator": ",",
                             "date_formats": ["DD.MM.YYYY"])";
  const BadProfile cases[] = {
      {"original amount without currency", Profile(R"("original_amount": "Orig")"), "columns.original_currency",
       "is required with columns.original_amount"},
      {"original pair without currency", Profile(R"("original_amount": {"debit": "A", "credit": "B"})"),
       "columns.original_currency", "is required"},
      {"original pair half", Profile(R"("original_amount": {"debit": "A"}, "original_currency": "W")"),
       "columns.original_amount", "needs both debit and credit"},
      {"original pair typo", Profile(R"("original_amount": {"debit": "A", "credit": "B", "debt": "C"},
                                        "original_currency": "W")"),
       "columns.original_amount.debt", "not a field"},
      {"original amount as a value", Profile(R"("original_amount": {"value": "12"}, "original_currency": "W")"),
       "columns.original_amount", "must be"},
      {"original currency not ISO", Profile(R"("original_currency": {"value": "EURO"})"),
       "columns.original_currency", "not an ISO 4217"},
      {"charges currency not ISO", Profile(R"("charges": "F", "charges_currency": {"value": "XXQ"})"),
       "columns.charges_currency", "not an ISO 4217"},
      {"charges currency without charges", Profile(R"("charges_currency": "W")"), "columns.charges_currency",
       "needs columns.charges"},
      {"charges sign without charges", Profile("", R"("charges_sign": "negative")"), "charges_sign",
       "needs columns.charges"},
      {"odd charges sign", Profile(R"("charges": "F")", R"("charges_sign": "minus")"), "charges_sign", "one of"},
      {"empty charges list", Profile(R"("charges": [])"), "columns.charges", "list of 1 to 8"},
      {"too many charges columns", Profile(R"("charges": [1, 2, 3, 4, 5, 6, 7, 8, 9])"), "columns.charges",
       "list of 1 to 8"},
      {"charges as a value", Profile(R"("charges": [{"value": "1,00"}])"), "columns.charges[0]", "must be"},
      {"exchange rate to_end", Profile(R"("exchange_rate": {"header": "K", "to_end": true})"),
       "columns.exchange_rate.to_end", "remittance only"},
      {"mandate id by name without header",
       "{" + top + R"(, "header": "none", "columns": {"booking_date": 0, "amount": 1,
           "currency": {"value": "EUR"}, "mandate_id": "Mandat"}})",
       "columns.mandate_id", "names a header"},
  };
  for (const BadProfile& c : cases) {
    auto file = Parse("Datum;Betrag;Whg\n01.02.2026;1,00;EUR\n", c.profile);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, ErrorCode::kInvalidRequest) << c.name;
    EXPECT_EQ(file.error().location, c.field) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().message.find(c.message_part), std::string::npos) << c.name << ": " << file.error().message;
  }
}

TEST(CsvLineDetails, AMissingRequiredDetailHeaderIsNamed) {
  auto file = Parse("Datum;Betrag;Whg\n01.02.2026;1,00;EUR\n", Profile(R"("check_number": "Scheck")"));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location, "line 1");
  EXPECT_NE(file.error().message.find("'Scheck' (columns.check_number)"), std::string::npos) << file.error().message;
  // Optional: the field is then absent.
  auto optional = Parse("Datum;Betrag;Whg\n01.02.2026;1,00;EUR\n",
                        Profile(R"("check_number": {"header": "Scheck", "optional": true})"));
  ASSERT_TRUE(optional.ok()) << optional.error().ToString();
  EXPECT_FALSE(optional->statements[0].lines[0].details.present());
}

}  // namespace
}  // namespace recon

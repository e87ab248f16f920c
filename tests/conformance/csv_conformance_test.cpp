// CSV conformance over $RECOND_CORPUS_DIR/csv: every file has a known outcome, with its
// profile and in automatic mode. A file the table does not know, or an outcome other than
// the one written here, fails the suite. The expected values below were read off the files
// themselves; the deliberate rejections are listed with their reasons in docs/parsers/csv.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/corpus.hpp"
#include "parsers/csv/csv_parser.hpp"

namespace recon {
namespace {

using conformance::CorpusDir;
using conformance::CorpusFiles;
using conformance::ReadCorpusFile;

// One line checked in full: which statement and line, its booking date and amount.
struct Spot {
  size_t statement;
  size_t line;
  const char* booking_date;
  int64_t amount;
};

// What one parse must give: statements with these line counts, or this error.
struct Outcome {
  std::vector<size_t> lines;    // per statement; empty with no error = no statements
  const char* error = nullptr;  // a part of the error's "location: message"; nullptr = parses
  ErrorCode code = ErrorCode::kMalformedFile;
};

Outcome Lines(std::vector<size_t> lines) {
  return Outcome{std::move(lines), nullptr, ErrorCode::kMalformedFile};
}
Outcome Refused(const char* error, ErrorCode code = ErrorCode::kMalformedFile) {
  return Outcome{{}, error, code};
}

struct CorpusCase {
  const char* profile;  // a shipped profile, "test/NAME" for a test-only profile, "" for none
  Outcome with_profile;
  Outcome automatic;
  std::vector<Spot> spots = {};
  std::optional<int64_t> opening = std::nullopt;  // of the first statement
  std::optional<int64_t> closing = std::nullopt;
  const char* account = nullptr;  // of the first statement
};

constexpr const char* kIngDe = "csv/fabolhak-ofxstatement-de-ing/";
constexpr const char* kDutch = "csv/gpaulissen-ofxstatement-dutch/";
constexpr const char* kAustrian = "csv/nblock-ofxstatement-austrian/";
constexpr const char* kAdyen = "csv/oca-bank-statement-import/account_bank_statement_import_adyen/test_files/";
constexpr const char* kPaypal = "csv/oca-bank-statement-import/account_statement_import_paypal/tests/fixtures/";
constexpr const char* kSheet = "csv/oca-bank-statement-import/account_statement_import_sheet_file/tests/fixtures/";

std::string Path(const char* dir, const char* name) {
  return std::string(dir) + name;
}

const char* const kNoHeader = "automatic mode found no header row";
const char* const kNoCurrency = "automatic mode found no currency";
const char* const kNoAmount = "automatic mode found no amount column";

std::vector<std::pair<std::string, CorpusCase>> Cases() {
  std::vector<std::pair<std::string, CorpusCase>> c;
  auto add = [&](std::string path, CorpusCase cc) { c.emplace_back(std::move(path), std::move(cc)); };
  // ING Germany: preamble with the IBAN, newest row first, a balance column in two of them.
  for (const char* name : {"test_with_saldo_1.csv", "test_with_saldo_2.csv"}) {
    add(Path(kIngDe, name), {"ing-de",
                             Lines({9}),
                             Lines({9}),
                             {{0, 0, "2018-12-28", -550}, {0, 1, "2018-12-28", 5000}, {0, 8, "2018-12-09", -290}},
                             32860,
                             15000,
                             "DE12345678901234567890"});
  }
  for (const char* name : {"test_without_saldo_1.csv", "test_without_saldo_2.csv"}) {
    add(Path(kIngDe, name), {"ing-de",
                             Lines({6}),
                             Lines({6}),
                             {{0, 0, "2018-12-28", -549}, {0, 3, "2018-12-21", -154}, {0, 5, "2018-12-10", -15200}},
                             std::nullopt,
                             std::nullopt,
                             "DE12345678901234567890"});
  }
  // DEGIRO cash account: three conversion rows without an amount are skipped; one USD row.
  add(Path(kDutch, "Account_20190101_20200317.csv"),
      {"degiro-nl",
       Lines({26, 1}),
       Refused(kNoAmount),
       {{0, 0, "2019-12-27", 19}, {0, 9, "2019-06-21", -33435}, {0, 12, "2019-06-21", -13}, {1, 0, "2019-03-04", -2}}});
  // Knab: a title row, then the table; "no_lines" is an export of an empty period.
  add(Path(kDutch, "Knab_transactieoverzicht_ok.csv"), {"knab-nl",
                                                        Lines({28}),
                                                        Lines({28}),
                                                        {{0, 0, "2019-06-21", -82775},
                                                         {0, 1, "2019-06-21", 82775},
                                                         {0, 2, "2019-06-19", -250000},
                                                         {0, 27, "2019-01-07", 702}},
                                                        std::nullopt,
                                                        std::nullopt,
                                                        "NL99KNAB9999999999"});
  add(Path(kDutch, "Knab_transactieoverzicht_no_lines.csv"), {"knab-nl", Lines({}), Lines({}), {}});
  add(Path(kDutch, "Knab_transactieoverzicht_no_header2.csv"), {"knab-nl",
                                                                Refused("line 1: the file ends before its header row"),
                                                                Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
                                                                {}});
  // ING Netherlands: one comma layout, semicolon layouts with an extra column, quoted or not.
  for (const char* name : {"ing_ok.csv", "ing_ok_Mutatiesoort.csv", "ing_ok_Mutatiesoort_Extra.csv",
                           "ing_ok_Mutatiesoort_Extra_Unquoted.csv"}) {
    add(Path(kDutch, name), {"ing-nl",
                             Lines({6}),
                             Lines({6}),
                             {{0, 0, "2020-02-13", -125},
                              {0, 1, "2020-02-13", 125},
                              {0, 2, "2020-02-13", 0},
                              {0, 3, "2019-12-13", 2000},
                              {0, 5, "2019-12-13", -31}},
                             std::nullopt,
                             std::nullopt,
                             "NL99INGB9999999999"});
  }
  add(Path(kDutch, "ing_fail.csv"),
      {"ing-nl",
       Refused("line 3, column 9 'Mededelingen': a \" appears inside a field that does not start"),
       Refused("line 3, column 9: a \" appears inside a field that does not start"),
       {}});
  add(Path(kDutch, "NL99INGB9999999999_25-11-2019_30-05-2020.csv"),
      {"ing-nl",
       Refused("line 1: the header has no column named 'Bedrag (EUR)'"),
       Refused("the file seems to hold balances only"),
       {}});
  add(Path(kDutch, "empty.csv"),
      {"ing-nl", Refused("byte 0: the file is empty"), Refused("byte 0: the file is empty"), {}});
  // ASN: no header, the balance before each row; the "fail" variant changes account on its last row.
  add(Path(kDutch, "transactie-historie_NL00ASNB9999999999_20220717204133.csv"),
      {"asn-nl",
       Lines({11}),
       Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
       {{0, 0, "2022-06-17", 22377}, {0, 1, "2022-06-17", -20000}, {0, 7, "2022-07-07", 256000}},
       13044,
       8424,
       "NL00ASNB9999999999"});
  add(Path(kDutch, "transactie-historie_fail.csv"), {"asn-nl",
                                                     Lines({11, 1}),
                                                     Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
                                                     {{0, 2, "2022-06-25", 0}, {1, 0, "2022-07-11", -56000}},
                                                     13044,
                                                     64424,
                                                     "NL00ASNB9999999999"});
  // ICS Cards: fixed-width text statements (PDF to text), not CSV.
  for (const char* name : {"icscards-2025-03.txt", "icscards-2025-04.txt", "icscards.txt", "icscards_big.txt",
                           "icscards_equal_transactions.txt", "icscards_error.txt", "icscards_no_balance.txt"}) {
    add(Path(kDutch, name), {"", Outcome{}, Refused(kNoHeader, ErrorCode::kUnsupportedFormat), {}});
  }
  // Austrian banks.
  add(Path(kAustrian, "easybank-creditcard.csv"),
      {"easybank-at",
       Lines({3}),
       Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
       {{0, 0, "2013-07-02", -599}, {0, 1, "2013-06-21", 3099}, {0, 2, "2013-02-19", -2269}},
       std::nullopt,
       std::nullopt,
       "12345678901"});
  add(Path(kAustrian, "easybank-giro.csv"),
      {"easybank-at",
       Lines({10}),
       Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
       {{0, 0, "2014-01-01", -42}, {0, 4, "2014-01-19", -100100}, {0, 9, "2015-10-07", 998}},
       std::nullopt,
       std::nullopt,
       "AT123456789012345678"});
  add(Path(kAustrian, "ing-diba.csv"),
      {"ing-diba-at",
       Lines({6}),
       Lines({6}),
       {{0, 0, "2013-12-31", 1223}, {0, 1, "2013-12-31", -3456}, {0, 4, "2013-08-27", -150000}},
       std::nullopt,
       std::nullopt,
       "12345678001"});
  add(Path(kAustrian, "livebank.csv"),
      {"livebank-at",
       Lines({6}),
       Refused("the header names 10 columns"),
       {{0, 0, "2013-07-03", 15000}, {0, 2, "2013-06-10", -10000}, {0, 3, "2013-06-05", 500000}},
       std::nullopt,
       std::nullopt,
       "12345678"});
  add(Path(kAustrian, "oberbank.csv"),
      {"oberbank-at", Lines({5}), Lines({5}), {{0, 0, "2017-03-15", -1100}, {0, 3, "2017-03-15", 1100}}});
  add(Path(kAustrian, "raiffeisen.csv"),
      {"raiffeisen-at",
       Lines({7}),
       Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
       {{0, 0, "2013-06-28", 58}, {0, 4, "2013-07-01", -17516}, {0, 6, "2013-07-04", 12360}}});
  // Adyen settlement details: two generations of the report's columns.
  add(Path(kAdyen, "settlement_detail_report_batch_238.csv"),
      {"adyen-settlement",
       Lines({3}),
       Refused("automatic mode found no booking date column"),
       {{0, 0, "2022-02-22", 45433199}, {0, 1, "2022-03-02", -9}, {0, 2, "2022-03-02", -45433190}},
       std::nullopt,
       std::nullopt,
       "YOURCOMPANY_ACCOUNT"});
  add(Path(kAdyen, "settlement_detail_report_batch_380.csv"),
      {"adyen-settlement",
       Lines({228}),
       Refused(kNoAmount),
       {{0, 0, "2021-01-06", 3115}, {0, 1, "2021-01-06", 2174}, {0, 227, "2021-01-07", -5530807}}});
  // PayPal: one statement per currency, balances from the running balance.
  add(Path(kPaypal, "activity_en.csv"),
      {"paypal-en-gb",
       Lines({45, 29, 2}),
       Lines({45, 29, 2}),
       {{0, 0, "2015-12-29", 7975}, {1, 1, "2016-07-25", -1243137}, {2, 1, "2016-06-22", -10000}},
       0,
       190});
  add(Path(kPaypal, "empty_activity.csv"), {"paypal-en-gb", Lines({}), Lines({}), {}});
  add(Path(kPaypal, "statement_en.csv"),
      {"paypal-en-us",
       Lines({8, 11}),
       Lines({8, 11}),
       {{0, 0, "2018-09-04", -105809}, {1, 0, "2018-09-04", 126104}, {1, 10, "2018-09-30", 28118}},
       75,
       75});
  add(Path(kPaypal, "statement_es.csv"), {"paypal-es",
                                          Lines({4}),
                                          Refused("day/month or month/day"),
                                          {{0, 0, "2020-01-02", 4759}, {0, 3, "2020-01-03", 2147}},
                                          457922,
                                          471030});
  // Odoo's generic sheet fixtures: synthetic layouts, read with test-only profiles.
  add(Path(kSheet, "balance.csv"),
      {"test/odoo-sheet-balance", Lines({2}), Refused(kNoCurrency), {{0, 1, "2018-12-15", 153350}}, 1000, 151000});
  add(Path(kSheet, "debit_credit.csv"), {"test/odoo-sheet-indicator",
                                         Lines({2}),
                                         Refused(kNoCurrency),
                                         {{0, 0, "2018-12-15", -3350}, {0, 1, "2018-12-15", 153350}},
                                         1000,
                                         151000});
  add(Path(kSheet, "debit_credit_amount.csv"), {"test/odoo-sheet-debit-credit",
                                                Refused("line 3, column 4 'Credit': '-13.50' is negative"),
                                                Refused(kNoCurrency),
                                                {}});
  add(Path(kSheet, "empty_statement_en.csv"), {"test/odoo-sheet", Lines({}), Lines({}), {}});
  add(Path(kSheet, "meta_data_separated_credit_debit.csv"),
      {"test/odoo-sheet-metadata",
       Lines({4}),
       Refused(kNoCurrency),
       {{0, 0, "2020-04-01", -5000}, {0, 2, "2020-04-02", -8068}, {0, 3, "2020-04-02", 130000}}});
  add(Path(kSheet, "multi_currency.csv"),
      {"test/odoo-sheet", Lines({1, 1}), Lines({1, 1}), {{0, 0, "2018-12-15", -3350}, {1, 0, "2018-12-15", 152500}}});
  add(Path(kSheet, "original_currency.csv"),
      {"test/odoo-sheet", Lines({1}), Lines({1}), {{0, 0, "2018-12-15", 152500}}});
  add(Path(kSheet, "original_currency_empty.csv"),
      {"test/odoo-sheet", Refused("line 2, column 3 'Currency': the currency is empty"), Refused(kNoCurrency), {}});
  add(Path(kSheet, "original_currency_no_header.csv"), {"test/odoo-sheet-no-header",
                                                        Lines({1}),
                                                        Refused(kNoHeader, ErrorCode::kUnsupportedFormat),
                                                        {{0, 0, "2018-12-15", 152500}}});
  add(Path(kSheet, "sample_statement_credit_card_inverse_sign_en.csv"),
      {"test/odoo-sheet-inverted",
       Lines({1, 1}),
       Lines({1, 1}),
       {{0, 0, "2018-12-15", -3350}, {1, 0, "2018-12-15", 152500}}});
  add(Path(kSheet, "sample_statement_en.csv"),
      {"test/odoo-sheet", Lines({1, 1}), Lines({1, 1}), {{0, 0, "2018-12-15", -3350}, {1, 0, "2018-12-15", 152500}}});
  add("csv/oca-bank-statement-import/account_statement_import_txt_xlsx/tests/fixtures/empty_lines_statement.csv",
      {"test/odoo-sheet", Lines({3}), Lines({3}), {{0, 0, "2018-02-25", -3350}, {0, 2, "2018-02-27", 80000}}});
  return c;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ProfileText(const std::string& name) {
  if (name.starts_with("test/"))
    return ReadText(std::string(RECOND_CSV_TEST_PROFILES) + "/" + name.substr(5) + ".json");
  return ReadText(std::string(RECOND_CSV_PROFILES) + "/" + name + ".json");
}

// Compares one parse with its expected outcome; returns a description of the difference.
std::string Compare(const Result<ParsedFile>& got, const Outcome& want) {
  if (want.error != nullptr) {
    if (got.ok()) return "parsed, but should fail with \"" + std::string(want.error) + "\"";
    const std::string text = got.error().ToString();
    if (text.find(want.error) == std::string::npos)
      return "failed with \"" + text + "\", expected \"" + want.error + "\"";
    if (got.error().code != want.code) return "failed with the wrong code: " + text;
    return "";
  }
  if (!got.ok()) return "failed: " + got.error().ToString();
  std::vector<size_t> lines;
  for (const Statement& s : got->statements) lines.push_back(s.lines.size());
  if (lines != want.lines) {
    std::string text = "line counts per statement:";
    for (size_t n : lines) text += " " + std::to_string(n);
    return text;
  }
  return "";
}

TEST(CsvConformance, EveryCorpusFileHasTheOutcomeWrittenDown) {
  if (CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  const auto cases = Cases();
  std::set<std::string> known;
  for (const auto& [path, cc] : cases) known.insert(path);
  const std::vector<std::string> files = CorpusFiles("csv");
  ASSERT_FALSE(files.empty()) << "no files under " << CorpusDir() << "/csv";
  for (const std::string& f : files) EXPECT_TRUE(known.count(f)) << f << ": a corpus file this suite does not know";
  const std::set<std::string> present(files.begin(), files.end());

  size_t parsed = 0, rejected = 0;
  for (const auto& [path, cc] : cases) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(present.count(path)) << "listed here but not in the corpus";
    const std::string bytes = ReadCorpusFile(path);

    // Automatic mode, as an upload with ?format=csv and no profile would run it.
    const csv::CsvParser parser;
    const std::string automatic = Compare(parser.Parse(bytes, ParseOptions{}), cc.automatic);
    EXPECT_EQ(automatic, "") << "automatic mode";

    if (std::string(cc.profile).empty()) {
      ++rejected;
      continue;
    }
    ParseOptions options;
    options.csv_profile = cc.profile;
    options.csv_profile_json = ProfileText(cc.profile);
    ASSERT_FALSE(options.csv_profile_json.empty()) << "profile " << cc.profile << " not found";
    const auto got = parser.Parse(bytes, options);
    EXPECT_EQ(Compare(got, cc.with_profile), "") << "profile " << cc.profile;
    if (cc.with_profile.error != nullptr) {
      ++rejected;
      continue;
    }
    ++parsed;
    if (!got.ok()) continue;
    for (const Spot& spot : cc.spots) {
      ASSERT_LT(spot.statement, got->statements.size());
      ASSERT_LT(spot.line, got->statements[spot.statement].lines.size());
      const StatementLine& line = got->statements[spot.statement].lines[spot.line];
      EXPECT_EQ(line.booking_date.ToIso(), spot.booking_date)
          << "statement " << spot.statement << " line " << spot.line;
      EXPECT_EQ(line.amount.minor, spot.amount) << "statement " << spot.statement << " line " << spot.line;
    }
    if (got->statements.empty()) continue;
    const Statement& first = got->statements[0];
    EXPECT_EQ(first.opening_balance, cc.opening);
    EXPECT_EQ(first.closing_balance, cc.closing);
    if (cc.account) {
      EXPECT_EQ(first.account, cc.account);
    }
    // Where the bank gave balances, they add up: no file of the corpus has a mismatch.
    for (const Statement& s : got->statements) {
      for (const std::string& w : s.warnings) {
        EXPECT_EQ(w.find("balance"), std::string::npos) << w;
      }
    }
  }
  std::printf("csv conformance: %zu files parsed with their profile, %zu rejected deliberately\n", parsed, rejected);
}

TEST(CsvConformance, AdyenSettlementBatchesNetToZero) {
  if (CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  // Each settlement batch ends with its payout (or a transfer to the next batch): the lines sum to zero.
  for (const char* name : {"settlement_detail_report_batch_238.csv", "settlement_detail_report_batch_380.csv"}) {
    ParseOptions options;
    options.csv_profile = "adyen-settlement";
    options.csv_profile_json = ProfileText("adyen-settlement");
    auto got = csv::CsvParser().Parse(ReadCorpusFile(Path(kAdyen, name)), options);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    int64_t sum = 0;
    for (const StatementLine& l : got->statements[0].lines) sum += l.amount.minor;
    EXPECT_EQ(sum, 0) << name;
  }
}

// The line details of the shipped PayPal and Adyen profiles on the real exports: one line
// read off each file, and for every line of the file the identity the exports keep, net =
// gross - charges (PayPal: Net = Gross + Fee, the fee written with a minus; Adyen: net =
// gross less commission, markup, scheme fees and interchange), wherever the gross is in the
// net's currency. A line with no original amount had none other than the net.
TEST(CsvConformance, ShippedProfilesReadGrossAndFeesOfRealExports) {
  if (CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  struct DetailSpot {
    std::string path;
    const char* profile;
    size_t statement, line;
    int64_t original;  // minor units, in the line's currency
    int64_t charges;
    const char* exchange_rate;  // nullptr: none
  };
  const DetailSpot spots[] = {
      {Path(kPaypal, "activity_en.csv"), "paypal-en-gb", 0, 0, 8400, 425, nullptr},  // 84.00 - 4.25 = 79.75
      {Path(kPaypal, "statement_en.csv"), "paypal-en-us", 1, 0, 130980, 4876, nullptr},  // USD 1,309.80 - 48.76
      {Path(kPaypal, "statement_es.csv"), "paypal-es", 0, 0, 4937, 178, nullptr},  // 49,37 - 1,78 = 47,59
      {Path(kAdyen, "settlement_detail_report_batch_380.csv"), "adyen-settlement", 0, 0, 3145, 30, "1"},
  };
  for (const DetailSpot& spot : spots) {
    SCOPED_TRACE(spot.path);
    ParseOptions options;
    options.csv_profile = spot.profile;
    options.csv_profile_json = ProfileText(spot.profile);
    auto got = csv::CsvParser().Parse(ReadCorpusFile(spot.path), options);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    size_t with_details = 0;
    for (const Statement& s : got->statements) {
      for (size_t i = 0; i < s.lines.size(); ++i) {
        const StatementLine& l = s.lines[i];
        const LineDetails& d = l.details.Get();
        with_details += l.details.present() ? 1 : 0;
        if (d.original_amount && !(d.original_amount->currency == l.amount.currency)) continue;
        const int64_t gross = d.original_amount ? d.original_amount->minor : l.amount.minor;
        ASSERT_TRUE(!d.charges || d.charges->currency == l.amount.currency) << "line " << i;
        const int64_t charges = d.charges ? d.charges->minor : 0;
        // A charge lowers money in and deepens money out: signed, both are net = gross - charges.
        EXPECT_EQ(l.amount.minor, gross - charges)
            << s.currency << " line " << i << ": gross " << gross << ", charges " << charges;
      }
    }
    EXPECT_GT(with_details, 0u) << "no line of the file carries details";
    ASSERT_LT(spot.statement, got->statements.size());
    ASSERT_LT(spot.line, got->statements[spot.statement].lines.size());
    const StatementLine& line = got->statements[spot.statement].lines[spot.line];
    const LineDetails& d = line.details.Get();
    EXPECT_EQ(d.original_amount ? d.original_amount->minor : 0, spot.original);
    EXPECT_EQ(d.charges ? d.charges->minor : 0, spot.charges);
    EXPECT_EQ(d.exchange_rate.value_or("-"), spot.exchange_rate ? spot.exchange_rate : "-");
  }
}

TEST(CsvConformance, FilesThatAreTablesAreDetectedAsCsv) {
  if (CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  // The ICS Cards text statements are never claimed; real exports with a header are.
  for (const std::string& f : CorpusFiles("csv")) {
    const bool ics = f.find("icscards") != std::string::npos;
    if (ics) {
      EXPECT_FALSE(csv::LooksLikeCsv(ReadCorpusFile(f))) << f;
    }
  }
  EXPECT_TRUE(csv::LooksLikeCsv(ReadCorpusFile(Path(kIngDe, "test_with_saldo_1.csv"))));
  EXPECT_TRUE(csv::LooksLikeCsv(ReadCorpusFile(Path(kDutch, "ing_ok.csv"))));
  EXPECT_TRUE(csv::LooksLikeCsv(ReadCorpusFile(Path(kAdyen, "settlement_detail_report_batch_380.csv"))));
}

}  // namespace
}  // namespace recon

// Every file under $RECOND_CORPUS_DIR/ofx either parses to the numbers written below
// (counted by hand from the files: transactions, their sum, the LEDGERBAL, dates) or is
// refused for the reason written below. A file in neither table, a table row without a
// file, or any other outcome fails the suite. docs/parsers/ofx.md lists the same refusals.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "conformance/corpus.hpp"
#include "parsers/ofx/ofx_parser.hpp"
#include "parsers/registry.hpp"

namespace recon {
namespace {

struct StatementFacts {
  const char* account;
  const char* currency;
  size_t lines;
  int64_t sum_minor;                 // Σ TRNAMT in minor units
  std::optional<int64_t> closing;    // LEDGERBAL/BALAMT; nullopt when empty or absent
  const char* closing_date;          // LEDGERBAL/DTASOF, "" when none
  const char* first_booking;         // DTPOSTED of the first line, "" when no line
};

struct Parsed {
  const char* path;
  std::vector<StatementFacts> statements;
  const char* warning;  // part of a warning the first statement must carry, or nullptr for none
};

// clang-format off
const Parsed kParsed[] = {
    {"ofx/asgrim-ofxparser/ofx-multiple-accounts-xml.ofx", {
        {"54658222458596", "GBP", 0, 0, 4301, "2014-07-17", ""},
        {"546582659855", "GBP", 2, 49602, 300025, "2014-05-11", "2014-07-17"},
        {"21252344525548", "GBP", 1, 1870, 1172856, "2014-07-17", "2014-07-01"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-bb-two-stmtrs.ofx", {  // two STMTRS in one STMTTRNRS, Latin-1 bytes
        {"455000-5", "BRL", 0, 0, 0, "2017-03-29", ""},
        {"655000-2", "BRL", 36, -364866, 455528, "2017-03-29", "2017-03-01"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-bb.ofx", {  // declares CHARSET:1252 but is UTF-8
        {"455000-5", "BRL", 1, 23955, 23935, "2015-12-09", "2015-11-03"}}, "bytes are UTF-8"},
    {"ofx/asgrim-ofxparser/ofxdata-bpbfc.ofx", {
        {"XXXXXXXXXXX", "EUR", 6, -5349, 1000000, "2016-07-20", "2016-04-29"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-cmfr.ofx", {  // tab-indented SGML
        {"XXXXXXXXXX", "EUR", 42, -1349159, 1000000, "2016-06-27", "2016-06-01"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-credit-card.ofx", {
        {"1234567891234567", "GBP", 1, -10000, -50000, "2016-08-23", "2016-08-23"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-memoWithAmpersand.ofx", {  // bare '&' in MEMO
        {"99999999-9999-9999-9999-999999999999", "BRL", 16, 39382, -73405, "2018-10-13", "2018-09-13"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-memoWithQuotes.ofx", {
        {"99999999-9999-9999-9999-999999999999", "BRL", 16, 39382, -73405, "2018-10-13", "2018-09-13"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-oneline.ofx", {  // the whole body on one line
        {"XXXXXXXXXXX", "EUR", 8, -197710, 10000, "2016-07-19", "2016-07-19"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata-selfclose.ofx", {  // <BALAMT> with no value
        {"3037198326", "BRL", 5, 58500, std::nullopt, "", "2019-09-18"}}, "BALAMT is empty"},
    {"ofx/asgrim-ofxparser/ofxdata-xml.ofx", {
        {"098-121", "USD", 3, 25000, 525000, "2007-10-15", "2007-03-15"}}, nullptr},
    {"ofx/asgrim-ofxparser/ofxdata.ofx", {  // blank lines inside the header
        {"098-121", "USD", 3, 25000, 525000, "2007-10-15", "2007-03-15"}}, nullptr},
    {"ofx/csingley-ofxtools/br_nubank_cc.ofx", {  // Nubank leaves </BANKTRANLIST> out
        {"11111111-UUID-UUID-UUID-111111111111", "BRL", 6, -128091, -128091, "2024-03-25", "2024-03-23"}}, nullptr},
    {"ofx/csingley-ofxtools/stmtrs.ofx", {  // DTASOF as YYYYMMDDHHMM
        {"999988", "USD", 2, -50000, 20029, "2005-10-29", "2005-10-04"}}, nullptr},
    {"ofx/csingley-ofxtools/stmtrs_euro.ofx", {  // decimal commas
        {"999988", "USD", 2, -50000, 20029, "2005-10-29", "2005-10-04"}}, nullptr},
    {"ofx/jseutter-ofxparse/anzcc.ofx", {  // XML header over an SGML body
        {"1234123412341234", "AUD", 1, -550, -12345, "2017-05-10", "2017-05-08"}}, nullptr},
    {"ofx/jseutter-ofxparse/bank_medium.ofx", {  // INTU.BID (QFX)
        {"12300 000012345678", "CAD", 3, -34527, 38234, "2009-05-23", "2009-04-01"}}, nullptr},
    {"ofx/jseutter-ofxparse/checking.ofx", {
        {"1452687~7", "USD", 3, -5950, 10099, "2013-05-25", "2011-03-31"}}, nullptr},
    {"ofx/jseutter-ofxparse/fail_nice/empty_balance.ofx", {  // no header; BALAMT is a space
        {"192639749", "CAD", 1, 12000, std::nullopt, "", "2011-03-08"}}, "BALAMT is empty"},
    {"ofx/jseutter-ofxparse/multiple_accounts.ofx", {
        {"9100", "USD", 0, 0, 11100, "2012-06-03", ""},
        {"9200", "USD", 0, 0, 22200, "2012-06-03", ""}}, nullptr},
    {"ofx/jseutter-ofxparse/multiple_accounts2.ofx", {
        {"9100", "USD", 0, 0, 11100, "2012-06-03", ""},
        {"9200", "USD", 0, 0, 22200, "2012-06-03", ""}}, nullptr},
    {"ofx/jseutter-ofxparse/ofx-v102-empty-tags.ofx", {  // empty CURDEF, FITID, BALAMT, DTASOF
        {"12345678", "AUD", 1, 1234, std::nullopt, "", "2018-05-07"}}, "CURDEF is empty"},
    {"ofx/jseutter-ofxparse/suncorp.ofx", {  // CDATA
        {"123456789", "AUD", 1, -1685, 123412, "2013-12-15", "2013-12-15"}}, nullptr},
    {"ofx/libofx/example-listing1.xml", {  // both transactions have FITID 000…0: read, with a warning
        {"000000", "CAD", 2, 20995, 25694, "2009-02-09", "2009-02-09"}}, "was given to the transaction at"},
    {"ofx/libofx/ofx-2.1.1-sect-16.5.3.2.ofx", {  // a bank and a card statement
        {"123456", "USD", 1, -8000, 215656, "2005-08-31", "2005-08-24"},
        {"123412341234", "USD", 2, 32700, -56200, "2005-08-31", "2005-08-11"}}, nullptr},
    {"ofx/libofx/ofx-2.1.1-sect-16.5.4.2.ofx", {
        {"123456", "USD", 1, -8032, 215656, "2005-08-31", "2005-08-24"},
        {"654321", "USD", 0, 0, 345200, "2005-08-31", ""}}, nullptr},
    {"ofx/libofx/ofx_spec160_stmtrs_example.sgml", {  // comments after every value
        {"999988", "USD", 2, -50000, 20029, "1996-10-29", "1996-10-04"}}, nullptr},
    {"ofx/libofx/ofx_spec201_stmtrs_example.xml", {
        {"999988", "USD", 2, -50000, 20029, "1999-10-29", "1999-10-04"}}, nullptr},
};
// clang-format on

struct Refused {
  const char* path;
  ErrorCode code;
  const char* says;  // part of the message the clerk sees
};

// The deliberate refusals; docs/parsers/ofx.md gives the reason for each.
const Refused kRefused[] = {
    // A test sample cut by its author: the only STMTTRN holds the text "*snipped*".
    {"ofx/asgrim-ofxparser/ofxdata-banking-xml200.ofx", ErrorCode::kMalformedFile, "'*snipped*' stands directly inside <STMTTRN>"},
    // STMTRS without BANKACCTFROM: lines without an account cannot be reconciled.
    {"ofx/asgrim-ofxparser/ofxdata-emptyDateTime.ofx", ErrorCode::kMalformedFile, "names no account"},
    // Broken on purpose by jseutter/ofxparse ("fail_nice"): a STMTTRN without DTPOSTED.
    {"ofx/jseutter-ofxparse/fail_nice/date_missing.ofx", ErrorCode::kMalformedFile, "no DTPOSTED"},
    // Broken on purpose: TRNAMT "$120" (and DTPOSTED in month 20).
    {"ofx/jseutter-ofxparse/fail_nice/decimal_error.ofx", ErrorCode::kMalformedFile, "TRNAMT is not an amount: '$120'"},
    // The bank's answers instead of statements.
    {"ofx/jseutter-ofxparse/error_message.ofx", ErrorCode::kMalformedFile, "CODE '2000' ('ERROR'): 'General Server Error'"},
    {"ofx/jseutter-ofxparse/signon_fail.ofx", ErrorCode::kMalformedFile, "the bank answered the sign-on (<SONRS>) with an error"},
    // No statement at all.
    {"ofx/jseutter-ofxparse/bank_small.ofx", ErrorCode::kUnsupportedFormat, "nothing inside <OFX>"},
    {"ofx/jseutter-ofxparse/signon_success.ofx", ErrorCode::kUnsupportedFormat, "only a sign-on response"},
    {"ofx/jseutter-ofxparse/signon_success_no_message.ofx", ErrorCode::kUnsupportedFormat, "only a sign-on response"},
    // Not bank or credit-card statements: investment statements, profiles, account lists.
    {"ofx/asgrim-ofxparser/ofxdata-google.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/asgrim-ofxparser/ofxdata-investments-multiple-accounts-xml.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/asgrim-ofxparser/ofxdata-investments-oneline-xml.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/asgrim-ofxparser/ofxdata-investments-xml.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/csingley-ofxtools/invstmtrs.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/csingley-ofxtools/profrs.ofx", ErrorCode::kUnsupportedFormat, "profile response"},
    {"ofx/jseutter-ofxparse/account_listing_aggregation.ofx", ErrorCode::kUnsupportedFormat, "account list"},
    {"ofx/jseutter-ofxparse/fidelity-savings.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/fidelity.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/investment_401k.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/investment_medium.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/td_ameritrade.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/tiaacref.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/vanguard.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/jseutter-ofxparse/vanguard401k.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/libofx/another-example.xml", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/libofx/ofx-2.1.1-sect-13.12.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/libofx/ofx-2.1.1-sect-13.13.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/libofx/ofx-2.1.1-sect-16.5.6.2.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/libofx/ofx-2.1.1-sect-16.5.6.5.ofx", ErrorCode::kUnsupportedFormat, "investment statement"},
    {"ofx/libofx/ofx-2.1.1-sect-8.5.5.ofx", ErrorCode::kUnsupportedFormat, "account list"},
    // libofx's documentation listing whose "header" is pseudo-XML with an editing note in it.
    {"ofx/libofx/example-listing2.xml", ErrorCode::kMalformedFile, "neither a 'KEY:VALUE' line"},
    // libofx's fuzzer crash inputs and deliberately failing files: refused cleanly.
    {"ofx/libofx/downcast.ofx", ErrorCode::kMalformedFile, "</CCACCTFROM> closes nothing"},
    {"ofx/libofx/failing-ofx-file1.xml", ErrorCode::kUnsupportedFormat, "no <OFX> element"},
    {"ofx/libofx/failing-ofx-file2.xml", ErrorCode::kMalformedFile, "</DSTATUS> closes nothing"},
    {"ofx/libofx/heap-buffer-overflow-1.ofx", ErrorCode::kMalformedFile, "no <CCACCTFROM>"},
    {"ofx/libofx/heap-buffer-overflow-2.ofx", ErrorCode::kUnsupportedFormat, "no <OFX> element"},
    {"ofx/libofx/null-ptr-deref-1.ofx", ErrorCode::kMalformedFile, "<OFX is not closed by '>'"},
    {"ofx/libofx/null-ptr-deref-2.ofx", ErrorCode::kMalformedFile, "neither a 'KEY:VALUE' line"},
    {"ofx/libofx/use-after-free.ofx", ErrorCode::kUnsupportedFormat, "no <OFX> element"},
};

Result<ParsedFile> ParseCorpusFile(const std::string& path) {
  return ofx::OfxParser().Parse(conformance::ReadCorpusFile(path), ParseOptions{});
}

class OfxCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    if (conformance::CorpusDir().empty()) GTEST_SKIP() << "RECOND_CORPUS_DIR is not set";
  }
};

TEST_F(OfxCorpus, EveryFileIsInExactlyOneTable) {
  std::set<std::string> expected;
  for (const Parsed& p : kParsed) EXPECT_TRUE(expected.insert(p.path).second) << "twice: " << p.path;
  for (const Refused& r : kRefused) EXPECT_TRUE(expected.insert(r.path).second) << "twice: " << r.path;
  const std::vector<std::string> files = conformance::CorpusFiles("ofx");
  ASSERT_FALSE(files.empty()) << "no files under " << conformance::CorpusDir() << "/ofx";
  for (const std::string& f : files) {
    EXPECT_TRUE(expected.erase(f) == 1) << f << " is in the corpus but in neither table of this test";
  }
  for (const std::string& missing : expected) ADD_FAILURE() << missing << " is in a table but not in the corpus";
}

TEST_F(OfxCorpus, FilesParseToTheNumbersCountedByHand) {
  for (const Parsed& p : kParsed) {
    SCOPED_TRACE(p.path);
    auto file = ParseCorpusFile(p.path);
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    ASSERT_EQ(file->statements.size(), p.statements.size());
    for (size_t i = 0; i < p.statements.size(); ++i) {
      SCOPED_TRACE("statement " + std::to_string(i + 1));
      const Statement& s = file->statements[i];
      const StatementFacts& want = p.statements[i];
      EXPECT_EQ(s.account, want.account);
      EXPECT_EQ(s.currency, want.currency);
      ASSERT_EQ(s.lines.size(), want.lines);
      int64_t sum = 0;
      for (const StatementLine& line : s.lines) {
        sum += line.amount.minor;
        EXPECT_EQ(line.account, s.account);
        EXPECT_EQ(line.amount.currency.code(), s.currency);
      }
      EXPECT_EQ(sum, want.sum_minor);
      EXPECT_EQ(s.closing_balance, want.closing);
      EXPECT_EQ(s.closing_date ? s.closing_date->ToIso() : "", want.closing_date);
      EXPECT_EQ(s.lines.empty() ? "" : s.lines[0].booking_date.ToIso(), want.first_booking);
      EXPECT_FALSE(s.opening_balance.has_value());
    }
    const std::vector<std::string>& warnings = file->statements[0].warnings;
    if (p.warning) {
      ASSERT_FALSE(warnings.empty());
      EXPECT_NE(warnings[0].find(p.warning), std::string::npos) << warnings[0];
    } else {
      EXPECT_TRUE(warnings.empty()) << warnings[0];
    }
  }
}

TEST_F(OfxCorpus, RefusedFilesGiveTheirReason) {
  for (const Refused& r : kRefused) {
    SCOPED_TRACE(r.path);
    auto file = ParseCorpusFile(r.path);
    ASSERT_FALSE(file.ok()) << "parsed into " << file->statements.size() << " statement(s)";
    EXPECT_EQ(file.error().code, r.code) << file.error().ToString();
    EXPECT_NE(file.error().message.find(r.says), std::string::npos) << file.error().message;
    if (r.code == ErrorCode::kMalformedFile) {
      EXPECT_FALSE(file.error().location.empty()) << file.error().message;
    }
  }
}

struct LineFacts {
  const char* path;
  size_t statement;
  size_t line;
  const char* booking;
  int64_t minor;
  const char* reference;
  const char* name;  // "" for none
  const char* remittance;
};

// Single lines read by eye, for the fields the sums above do not cover.
TEST_F(OfxCorpus, LinesCarryTheTextAndReferencesOfTheFile) {
  const LineFacts cases[] = {
      {"ofx/asgrim-ofxparser/ofxdata-memoWithAmpersand.ofx", 0, 0, "2018-09-13", -3330,
       "5b4f6eea-9999-9999-9999-794a31c8f61b", "", "Amazon.Com.Br Amazon & Cloud 3/3"},
      {"ofx/asgrim-ofxparser/ofxdata-memoWithQuotes.ofx", 0, 4, "2018-09-17", -527,
       "5ba09990-9999-9999-9999-ebd979a2a758", "", "IOF de \"Leupay.Eu\""},
      {"ofx/asgrim-ofxparser/ofxdata-bb-two-stmtrs.ofx", 1, 0, "2017-03-01", 1331836, "2017030101331836", "",
       "TED-CR\xC3\x89" "DITO EM CONTA"},  // Latin-1 0xC9 converted; trailing blanks trimmed
      {"ofx/asgrim-ofxparser/ofxdata-bb.ofx", 0, 0, "2015-11-03", 23955, "20151103023955", "",
       "DOC CR\xC3\x89" "DITO EM CONTA"},
      {"ofx/jseutter-ofxparse/suncorp.ofx", 0, 0, "2013-12-15", -1685, "1", "EFTPOS WDL HANDYWAY ALDI STORE",
       "EFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU"},
      {"ofx/jseutter-ofxparse/bank_medium.ofx", 0, 1, "2009-04-02", -31667, "0000123456782009040200004",
       "Joe's Bald Hairstyles", "MISCELLANEOUS PAYMENTS;Joe's Bald Hairstyles"},
      {"ofx/asgrim-ofxparser/ofxdata-oneline.ofx", 0, 3, "2016-04-11", 20000, "PU3Y5ALLCK", "VIREMENT DE MR XXXX",
       "VIREMENT DE MR XXXX"},
      {"ofx/libofx/example-listing1.xml", 0, 0, "2009-02-09", -9891, "00000000000000000000000000", "GROCER A & Z",
       "GROCER A & Z"},
      {"ofx/csingley-ofxtools/br_nubank_cc.ofx", 0, 5, "2024-03-22", -95900, "11111111-UUID-427c-8fc0-111111111111",
       "", "-memo-message-"},
      {"ofx/asgrim-ofxparser/ofxdata-cmfr.ofx", 0, 41, "2016-06-27", -2799, "LL4YOB5HCF", "OPERATION NAME DISCLOSED",
       "OPERATION NAME DISCLOSED"},
  };
  for (const LineFacts& c : cases) {
    SCOPED_TRACE(std::string(c.path) + " line " + std::to_string(c.line + 1));
    auto file = ParseCorpusFile(c.path);
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    const StatementLine& l = file->statements.at(c.statement).lines.at(c.line);
    EXPECT_EQ(l.booking_date.ToIso(), c.booking);
    EXPECT_EQ(l.amount.minor, c.minor);
    EXPECT_EQ(l.bank_reference.value_or(""), c.reference);
    EXPECT_EQ(l.counterparty_name.value_or(""), c.name);
    EXPECT_EQ(l.remittance_info.value_or(""), c.remittance);
  }
}

TEST_F(OfxCorpus, DetectionClaimsEveryParsedFile) {
  for (const Parsed& p : kParsed) {
    EXPECT_EQ(parsers::DetectFormat(conformance::ReadCorpusFile(p.path)), "ofx") << p.path;
  }
}

}  // namespace
}  // namespace recon

// The line details beyond the common core in MT940: the :61: customer reference, /OCMT/
// /CHGS/ /EXCH/ in the supplementary details and in slash-keyword :86:, /MARF/ and the
// ultimate parties, the GVC keywords KREF+ MREF+ ABWA+ ABWE+, and :64:/:65: as the
// available balance. One table row per case.
#include <gtest/gtest.h>

#include "parsers/mt940/details.hpp"
#include "parsers/mt940/mt940_parser.hpp"

namespace recon {
namespace {

std::string Text(const std::optional<Money>& m) {
  return m ? m->ToString() + " " + std::string(m->currency.code()) : "-";
}
std::string Text(const std::optional<std::string>& s) { return s.value_or("-"); }

// A statement with one :61: (with its continuation) and :86:, and `tail` before the end.
Result<ParsedFile> Parse(const std::string& line61, const std::string& text86, const std::string& tail = "") {
  const std::string file = ":20:REF\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C261119EUR100,00\n:61:" + line61 +
                           "\n" + (text86.empty() ? "" : ":86:" + text86 + "\n") + ":62F:C261120EUR101,50\n" + tail +
                           "-\n";
  return mt940::Mt940Parser().Parse(file, ParseOptions{});
}

StatementLine OneLine(const std::string& line61, const std::string& text86) {
  auto file = Parse(line61, text86);
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  if (!file.ok()) return {};
  return file->statements[0].lines.at(0);
}

struct Case {
  const char* title;
  std::string line61;
  std::string text86;
  std::string original;  // Text(original_amount)
  std::string rate;
  std::string charges;
  std::string customer_reference;
};

TEST(Mt940LineDetails, ForeignExchangeChargesAndCustomerReference) {
  const Case cases[] = {
      {"supplementary details of :61:", "2611201120C1,50NTRFKREF-9//B1\n/OCMT/USD1,70//CHGS/EUR0,10/", "hello",
       "1.70 USD", "-", "0.10 EUR", "KREF-9"},
      {"currency and amount split by a slash, money out", "2611201120D1,50NTRFNONREF//B1\n/OCMT/USD/1,70/", "",
       "-1.70 USD", "-", "-", "-"},
      {"slash keywords in :86:", "2611201120C1,50NTRFNONREF//B1",
       "/TRTP/SEPA OVERBOEKING/OCMT/GBP1,31/EXCH/1,1450/CHGS/EUR0,25/NAME/J DOE/REMI/Invoice 12", "1.31 GBP", "1.1450",
       "0.25 EUR", "-"},
      {"an unreadable code is left alone", "2611201120C1,50NTRFNONREF//B1\n/OCMT/XX1,70/", "/OCMT/EURabc/EXCH/x/", "-",
       "-", "-", "-"},
      // SWIFT amounts carry no sign and no grouping: such a value is not read, rather than
      // read with the wrong direction or size (a trailing minus was found by fuzz_mt940).
      {"a trailing minus is no SWIFT amount", "2611201120C1,50NTRFNONREF//B1\n/OCMT/USD1,7-//CHGS/EUR0,10-/", "",
       "-", "-", "-", "-"},
      {"a leading sign is no SWIFT amount", "2611201120C1,50NTRFNONREF//B1", "/OCMT/GBP-1,31/CHGS/EUR+0,25/", "-",
       "-", "-", "-"},
      {"a point is no decimal comma, nor grouping", "2611201120C1,50NTRFNONREF//B1\n/OCMT/USD1.850//CHGS/EUR1.000,00/",
       "", "-", "-", "-", "-"},
      {"NONREF is no customer reference", "2611201120C1,50NTRFNONREF//B1", "", "-", "-", "-", "-"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.title);
    const StatementLine line = OneLine(c.line61, c.text86);
    EXPECT_EQ(Text(line.details.Get().original_amount), c.original);
    EXPECT_EQ(Text(line.details.Get().original_currency), c.original == "-" ? "-" : c.original.substr(c.original.size() - 3));
    EXPECT_EQ(Text(line.details.Get().exchange_rate), c.rate);
    EXPECT_EQ(Text(line.details.Get().charges), c.charges);
    EXPECT_EQ(Text(line.details.Get().customer_reference), c.customer_reference);
  }
}

struct DetailsCase {
  const char* title;
  std::string text;
  std::string customer_reference, mandate, ultimate_debtor, ultimate_creditor, counterparty;
};

TEST(Mt940LineDetails, MandateAndUltimatePartiesInEachDialect) {
  const DetailsCase cases[] = {
      {"GVC with SEPA keywords",
       "105?00SEPA-BASISLASTSCHRIFT?20EREF+E2E-1?21KREF+CUST-77?22MREF+M-2026-01?23CRED+DE98ZZZ09999999999"
       "?24ABWA+Parent Holding GmbH?25SVWZ+Beitrag November?32Verein eV",
       "CUST-77", "M-2026-01", "Parent Holding GmbH", "-", "Verein eV"},
      {"GVC: ABWE+ is the ultimate creditor", "116?00SEPA-UEBERWEISUNG?20SVWZ+Rechnung 4?21ABWE+Endempfaenger AG?32Payee",
       "-", "-", "-", "Endempfaenger AG", "Payee"},
      {"slash keywords with nested names", "/EREF/E2E-1/MARF/MANDATE-9/ULTD//NAME/Ultimate Payer/ORDP//NAME/J DOE/REMI/x",
       "-", "MANDATE-9", "Ultimate Payer", "-", "J DOE"},
      {"slash keywords: ULTB and a direct name", "/ULTB/Final Receiver/BENM//NAME/Shop BV/REMI/y", "-", "-", "-",
       "Final Receiver", "Shop BV"},
      {"slash keywords: the ultimate party names the counterparty when nothing else does",
       "/ULTC//NAME/Only Ultimate/REMI/z", "-", "-", "-", "Only Ultimate", "Only Ultimate"},
      {"free text carries none", "PAYMENT ABWA+NOT A KEYWORD", "-", "-", "-", "-", "-"},
  };
  for (const DetailsCase& c : cases) {
    SCOPED_TRACE(c.title);
    StatementLine line;
    mt940::DetailsScratch scratch;
    const std::string_view texts[] = {c.text};
    mt940::MapDetails(texts, line, scratch);
    EXPECT_EQ(Text(line.details.Get().customer_reference), c.customer_reference);
    EXPECT_EQ(Text(line.details.Get().mandate_id), c.mandate);
    EXPECT_EQ(Text(line.details.Get().ultimate_debtor), c.ultimate_debtor);
    EXPECT_EQ(Text(line.details.Get().ultimate_creditor), c.ultimate_creditor);
    EXPECT_EQ(Text(line.counterparty_name), c.counterparty);
  }
}

struct AvailableCase {
  const char* title;
  std::string tail;
  std::string expected;
};

TEST(Mt940LineDetails, AvailableBalanceFromField64ElseTheFirst65) {
  const AvailableCase cases[] = {
      {":64:", ":64:C261120EUR90,00\n:65:C261121EUR95,00\n", "9000 2026-11-20"},
      {":64: after :65:", ":65:C261121EUR95,00\n:64:D261120EUR1,00\n", "-100 2026-11-20"},
      {"the first :65: alone", ":65:C261121EUR95,00\n:65:C261122EUR96,00\n", "9500 2026-11-21"},
      {"none", "", "-"},
      {"in another currency than the statement", ":64:C261120USD90,00\n", "-"},
  };
  for (const AvailableCase& c : cases) {
    SCOPED_TRACE(c.title);
    auto file = Parse("2611201120C1,50NTRFNONREF//B1", "", c.tail);
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    const Statement& s = file->statements[0];
    EXPECT_EQ(s.available_balance ? std::to_string(*s.available_balance) + " " + s.available_date->ToIso() : "-",
              c.expected);
  }
}

}  // namespace
}  // namespace recon

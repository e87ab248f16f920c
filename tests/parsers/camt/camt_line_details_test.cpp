// The line details beyond the common core: foreign exchange (AmtDtls), charges, cheque
// number, instruction and mandate ids, ultimate parties, and the available balance. One
// table row per case; bad values name their XML path.
#include <gtest/gtest.h>

#include "parsers/camt/camt_doc.hpp"

namespace recon {
namespace {

using testing::CamtBalance;
using testing::CamtDocument;
using testing::CamtEntry;
using testing::CamtReport;
using testing::ParseCamtText;

std::string Tx(const std::string& inner) { return "<TxDtls>" + inner + "</TxDtls>"; }

std::string AmountDetails(const std::string& element, const std::string& amount, const std::string& currency,
                          const std::string& rate = "") {
  return "<" + element + "><Amt Ccy=\"" + currency + "\">" + amount + "</Amt>" +
         (rate.empty() ? "" : "<CcyXchg><SrcCcy>" + currency + "</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>" + rate +
                                  "</XchgRate></CcyXchg>") +
         "</" + element + ">";
}

StatementLine OneLine(const std::string& entry) {
  auto file = ParseCamtText(CamtDocument(CamtReport(entry)));
  EXPECT_TRUE(file.ok()) << file.error().ToString();
  if (!file.ok() || file->statements[0].lines.size() != 1) {
    ADD_FAILURE() << "expected one line";
    return {};
  }
  return file->statements[0].lines[0];
}

std::string Text(const std::optional<Money>& m) {
  return m ? m->ToString() + " " + std::string(m->currency.code()) : "-";
}
std::string Text(const std::optional<std::string>& s) { return s.value_or("-"); }

struct ExchangeCase {
  const char* name;
  std::string entry;
  std::string original;  // "-" when none
  std::string original_currency;
  std::string rate;
};

TEST(CamtLineDetails, ForeignExchangeFromAmountDetails) {
  const ExchangeCase cases[] = {
      {"instructed in another currency, on the transaction",
       CamtEntry("92.10", "DBIT",
                 Tx("<Amt Ccy=\"EUR\">92.10</Amt><AmtDtls>" + AmountDetails("InstdAmt", "100.00", "USD", "0.9210") +
                    "</AmtDtls>")),
       "-100.00 USD", "USD", "0.9210"},
      {"instructed equal to the booked amount is not carried",
       CamtEntry("50.00", "CRDT", Tx("<AmtDtls>" + AmountDetails("InstdAmt", "50.00", "EUR") + "</AmtDtls>")), "-",
       "-", "-"},
      {"instructed larger than booked: charges taken out of it",
       CamtEntry("49.50", "CRDT", Tx("<AmtDtls>" + AmountDetails("InstdAmt", "50.00", "EUR") + "</AmtDtls>")),
       "50.00 EUR", "EUR", "-"},
      {"TxAmt in another currency when there is no InstdAmt, rate from CntrValAmt",
       CamtEntry("1000", "CRDT",
                 Tx("<AmtDtls>" + AmountDetails("TxAmt", "1000", "JPY") +
                    AmountDetails("CntrValAmt", "6.10", "EUR", "163.9344") + "</AmtDtls>"),
                 "", "<Sts><Cd>BOOK</Cd></Sts>", "JPY"),
       "-", "-", "163.9344"},
      {"the entry's own AmtDtls when there is no TxDtls",
       CamtEntry("10.00", "DBIT", "", "<AmtDtls>" + AmountDetails("InstdAmt", "11.05", "CHF", "0.905") + "</AmtDtls>"),
       "-11.05 CHF", "CHF", "0.905"},
      {"no AmtDtls at all", CamtEntry("10.00", "CRDT"), "-", "-", "-"},
  };
  for (const ExchangeCase& c : cases) {
    SCOPED_TRACE(c.name);
    const StatementLine line = OneLine(c.entry);
    EXPECT_EQ(Text(line.details.Get().original_amount), c.original);
    EXPECT_EQ(Text(line.details.Get().original_currency), c.original_currency);
    EXPECT_EQ(Text(line.details.Get().exchange_rate), c.rate);
  }
}

TEST(CamtLineDetails, EachBatchTransactionKeepsItsOwnExchange) {
  const std::string entry = CamtEntry(
      "30.00", "CRDT",
      Tx("<Amt Ccy=\"EUR\">10.00</Amt><AmtDtls>" + AmountDetails("InstdAmt", "11.00", "USD", "0.9091") + "</AmtDtls>") +
          Tx("<Amt Ccy=\"EUR\">20.00</Amt>"));
  auto file = ParseCamtText(CamtDocument(CamtReport(entry)));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  const auto& lines = file->statements[0].lines;
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Text(lines[0].details.Get().original_amount), "11.00 USD");
  EXPECT_EQ(Text(lines[0].details.Get().exchange_rate), "0.9091");
  EXPECT_FALSE(lines[1].details.Get().original_amount);
  EXPECT_FALSE(lines[1].details.Get().exchange_rate);
}

struct ChargesCase {
  const char* name;
  std::string charges;  // the Chrgs element
  std::string expected;
};

TEST(CamtLineDetails, Charges) {
  const ChargesCase cases[] = {
      {"total", "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"EUR\">2.50</TtlChrgsAndTaxAmt></Chrgs>", "2.50 EUR"},
      {"records: a debited charge costs, a credited one refunds",
       "<Chrgs><Rcrd><Amt Ccy=\"EUR\">3.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Rcrd>"
       "<Rcrd><Amt Ccy=\"EUR\">0.50</Amt><CdtDbtInd>CRDT</CdtDbtInd></Rcrd></Chrgs>",
       "2.50 EUR"},
      {"version 2: one Chrgs block with its Amt", "<Chrgs><Amt Ccy=\"EUR\">1.20</Amt></Chrgs>", "1.20 EUR"},
      {"records in two currencies: no single figure",
       "<Chrgs><Rcrd><Amt Ccy=\"EUR\">3.00</Amt></Rcrd><Rcrd><Amt Ccy=\"USD\">1.00</Amt></Rcrd></Chrgs>", "-"},
      {"charges in another currency than the line", "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"USD\">5</TtlChrgsAndTaxAmt></Chrgs>",
       "5.00 USD"},
  };
  for (const ChargesCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Text(OneLine(CamtEntry("100.00", "DBIT", Tx("<Amt Ccy=\"EUR\">100.00</Amt>" + c.charges))).details.Get().charges),
              c.expected);
    // The same charges on an entry without TxDtls.
    EXPECT_EQ(Text(OneLine(CamtEntry("100.00", "DBIT", "", c.charges)).details.Get().charges), c.expected);
  }
}

TEST(CamtLineDetails, ReferencesAndUltimateParties) {
  const StatementLine line = OneLine(CamtEntry(
      "25.00", "DBIT",
      Tx("<Refs><InstrId>INSTR-7</InstrId><EndToEndId>E2E-7</EndToEndId><MndtId>MANDATE-42</MndtId>"
         "<ChqNb>000123</ChqNb></Refs><RltdPties><Cdtr><Nm>Payee AS</Nm></Cdtr>"
         "<UltmtDbtr><Pty><Nm>Group Parent Ltd</Nm></Pty></UltmtDbtr><UltmtCdtr><Nm>Final Receiver</Nm></UltmtCdtr>"
         "</RltdPties>")));
  EXPECT_EQ(Text(line.details.Get().customer_reference), "INSTR-7");
  EXPECT_EQ(Text(line.details.Get().mandate_id), "MANDATE-42");
  EXPECT_EQ(Text(line.details.Get().check_number), "000123");
  EXPECT_EQ(Text(line.details.Get().ultimate_debtor), "Group Parent Ltd");
  EXPECT_EQ(Text(line.details.Get().ultimate_creditor), "Final Receiver");
  EXPECT_EQ(Text(line.counterparty_name), "Payee AS");

  const StatementLine bare = OneLine(CamtEntry("25.00", "DBIT", Tx("<Refs><EndToEndId>E</EndToEndId></Refs>")));
  // A line with none of them carries no details at all (they cost it nothing).
  EXPECT_FALSE(bare.details.present());
}

struct BadCase {
  const char* name;
  std::string entry;
  std::string location_suffix;
};

TEST(CamtLineDetails, BadValuesNameTheirPath) {
  const BadCase cases[] = {
      {"rate with a comma and a letter",
       CamtEntry("1.00", "CRDT", Tx("<AmtDtls>" + AmountDetails("InstdAmt", "2.00", "USD", "1,2x") + "</AmtDtls>")),
       "/NtryDtls[1]/TxDtls[1]/AmtDtls/InstdAmt/CcyXchg/XchgRate"},
      {"negative rate",
       CamtEntry("1.00", "CRDT", Tx("<AmtDtls>" + AmountDetails("TxAmt", "2.00", "USD", "-0.5") + "</AmtDtls>")),
       "/NtryDtls[1]/TxDtls[1]/AmtDtls/TxAmt/CcyXchg/XchgRate"},
      {"instructed amount in no currency",
       CamtEntry("1.00", "CRDT", Tx("<AmtDtls>" + AmountDetails("InstdAmt", "2.00", "XYZ") + "</AmtDtls>")),
       "/NtryDtls[1]/TxDtls[1]/AmtDtls/InstdAmt/Amt"},
      {"charge with a sign", CamtEntry("1.00", "DBIT", "", "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"EUR\">-1.00</TtlChrgsAndTaxAmt></Chrgs>"),
       "/Ntry[1]/Chrgs/TtlChrgsAndTaxAmt"},
      {"charge record with a bad indicator",
       CamtEntry("1.00", "DBIT", Tx("<Chrgs><Rcrd><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>DR</CdtDbtInd></Rcrd></Chrgs>")),
       "/TxDtls[1]/Chrgs/Rcrd[1]/CdtDbtInd"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto file = ParseCamtText(CamtDocument(CamtReport(c.entry)));
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile);
    EXPECT_TRUE(file.error().location.ends_with(c.location_suffix)) << file.error().location;
  }
}

struct AvailableCase {
  const char* name;
  std::string balances;
  std::string expected;  // "amount date" or "-"
};

TEST(CamtLineDetails, AvailableBalance) {
  const AvailableCase cases[] = {
      {"CLAV", CamtBalance("CLBD", "10.00", "CRDT") + CamtBalance("CLAV", "8.00", "CRDT", "2026-11-21"), "800 2026-11-21"},
      {"CLAV before ITAV whatever the order",
       CamtBalance("ITAV", "5.00", "DBIT", "2026-11-20") + CamtBalance("CLAV", "8.00", "DBIT", "2026-11-21"),
       "-800 2026-11-21"},
      {"the last ITAV without CLAV",
       CamtBalance("ITAV", "5.00", "CRDT", "2026-11-20") + CamtBalance("ITAV", "6.00", "CRDT", "2026-11-21"),
       "600 2026-11-21"},
      {"forward available is not the available balance", CamtBalance("FWAV", "9.00", "CRDT"), "-"},
      {"available in another currency is not used", CamtBalance("CLAV", "9.00", "CRDT", "2026-11-20", "USD"), "-"},
  };
  for (const AvailableCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto file = ParseCamtText(CamtDocument(CamtReport(c.balances)));
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    const Statement& s = file->statements[0];
    const std::string got =
        s.available_balance ? std::to_string(*s.available_balance) + " " + s.available_date->ToIso() : "-";
    EXPECT_EQ(got, c.expected);
  }
}

}  // namespace
}  // namespace recon

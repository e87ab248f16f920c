// Which balances open and close a statement, report or notification: one row per case.
#include <gtest/gtest.h>

#include "parsers/camt/camt_doc.hpp"

namespace recon {
namespace {

using testing::CamtBalance;
using testing::CamtDocument;
using testing::CamtReport;
using testing::ParseCamtText;

struct BalanceCase {
  const char* name;
  std::string balances;
  std::optional<int64_t> opening, closing;
  std::optional<std::string> opening_date, closing_date;
};

TEST(CamtBalances, OpeningAndClosingByType) {
  const BalanceCase cases[] = {
      {"OPBD and CLBD", CamtBalance("OPBD", "10.00", "CRDT", "2026-11-19") + CamtBalance("CLBD", "12.00", "CRDT"),
       1000, 1200, "2026-11-19", "2026-11-20"},
      {"PRCD opens when there is no OPBD", CamtBalance("PRCD", "5.00", "DBIT") + CamtBalance("CLBD", "1.00", "CRDT"),
       -500, 100, "2026-11-20", "2026-11-20"},
      {"OPBD wins over PRCD", CamtBalance("PRCD", "5.00", "CRDT") + CamtBalance("OPBD", "6.00", "CRDT"), 600,
       std::nullopt, "2026-11-20", std::nullopt},
      {"intraday: PRCD and ITBD", CamtBalance("PRCD", "5.00", "CRDT") + CamtBalance("ITBD", "7.00", "CRDT"), 500,
       700, "2026-11-20", "2026-11-20"},
      {"intraday: one ITBD is the balance now", CamtBalance("ITBD", "7.00", "CRDT"), std::nullopt, 700, std::nullopt,
       "2026-11-20"},
      {"a page: ITBD then ITBD", CamtBalance("ITBD", "1.00", "CRDT", "2026-11-19") + CamtBalance("ITBD", "2.00", "CRDT"),
       100, 200, "2026-11-19", "2026-11-20"},
      {"a last page: ITBD then CLBD", CamtBalance("ITBD", "1.00", "CRDT") + CamtBalance("CLBD", "2.00", "CRDT"), 100,
       200, "2026-11-20", "2026-11-20"},
      {"available and other balances are not booked balances",
       CamtBalance("OPAV", "1.00", "CRDT") + CamtBalance("CLAV", "2.00", "CRDT") + CamtBalance("ITAV", "3.00", "CRDT") +
           CamtBalance("FWAV", "4.00", "CRDT") + CamtBalance("INFO", "5.00", "CRDT") + CamtBalance("XPCD", "x", ""),
       std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      {"a zero balance needs no direction", CamtBalance("OPBD", "0.00", "") + CamtBalance("CLBD", "0", "DBIT"), 0, 0,
       "2026-11-20", "2026-11-20"},
  };
  for (const BalanceCase& c : cases) {
    auto file = ParseCamtText(CamtDocument(CamtReport(c.balances)));
    ASSERT_TRUE(file.ok()) << c.name << ": " << file.error().ToString();
    const Statement& s = file->statements[0];
    EXPECT_EQ(s.opening_balance, c.opening) << c.name;
    EXPECT_EQ(s.closing_balance, c.closing) << c.name;
    EXPECT_EQ(s.opening_date ? std::optional<std::string>(s.opening_date->ToIso()) : std::nullopt, c.opening_date)
        << c.name;
    EXPECT_EQ(s.closing_date ? std::optional<std::string>(s.closing_date->ToIso()) : std::nullopt, c.closing_date)
        << c.name;
    // These statements have no entries, so differing balances do not add up: that
    // warning is the balance check's, tested below; no other warning is expected.
    for (const std::string& w : s.warnings) {
      EXPECT_NE(w.find("balance mismatch"), std::string::npos) << c.name << ": " << w;
    }
  }
}

TEST(CamtBalances, BalancesThatCannotBeUsedAreWarnedAbout) {
  auto file = ParseCamtText(CamtDocument(CamtReport(CamtBalance("OPBD", "1.00", "CRDT") +
                                                    CamtBalance("OPBD", "2.00", "CRDT") +
                                                    CamtBalance("CLBD", "3.00", "CRDT", "2026-11-20", "SEK"))));
  ASSERT_TRUE(file.ok());
  const Statement& s = file->statements[0];
  // Two different OPBD that the lines cannot decide between: neither is used
  // (camt_repeats_test.cpp has the cases where they can).
  EXPECT_FALSE(s.opening_balance.has_value());
  EXPECT_FALSE(s.closing_balance.has_value());
  ASSERT_EQ(s.warnings.size(), 2u);
  EXPECT_NE(s.warnings[0].find("Bal[2]: 2 different OPBD balances"), std::string::npos) << s.warnings[0];
  EXPECT_NE(s.warnings[0].find("neither is used"), std::string::npos) << s.warnings[0];
  EXPECT_NE(s.warnings[1].find("Bal[3]: the CLBD balance is in SEK, the account in EUR"), std::string::npos)
      << s.warnings[1];
}

TEST(CamtBalances, TheCurrencyComesFromTheAccountElseTheBalancesElseTheEntries) {
  const std::string no_ccy = "<Stmt><Id>S</Id><Acct><Id><IBAN>X1</IBAN></Id></Acct>";
  auto file = ParseCamtText(CamtDocument(no_ccy + CamtBalance("OPBD", "1", "CRDT", "2026-11-20", "JPY") + "</Stmt>"));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->statements[0].currency, "JPY");
  file = ParseCamtText(CamtDocument(no_ccy + testing::CamtEntry("1.00", "CRDT", "", "", "<Sts>PDNG</Sts>", "NOK") +
                                    "</Stmt>"));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->statements[0].currency, "NOK");  // even when the entry is not a line
}

TEST(CamtBalances, ABalanceMismatchIsAWarning) {
  auto file = ParseCamtText(CamtDocument(CamtReport(CamtBalance("OPBD", "10.00", "CRDT") +
                                                    CamtBalance("CLBD", "10.00", "CRDT") +
                                                    testing::CamtEntry("1.00", "DBIT"))));
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->statements[0].warnings.size(), 1u);
  EXPECT_NE(file->statements[0].warnings[0].find("balance mismatch"), std::string::npos);
}

struct BadBalance {
  const char* name;
  std::string balance;
  const char* location;
  const char* says;
};

TEST(CamtBalances, ErrorsNameTheBalance) {
  const BadBalance cases[] = {
      {"indicator", CamtBalance("OPBD", "1.00", ""), "/Bal[1]/CdtDbtInd", "missing"},
      {"amount", CamtBalance("CLBD", "1.00.0", "CRDT"), "/Bal[1]/Amt", "'1.00.0'"},
      {"currency", CamtBalance("CLBD", "1.00", "CRDT", "2026-11-20", "XXX"), "/Bal[1]/Amt", "'XXX'"},
      {"date", CamtBalance("ITBD", "1.00", "CRDT", "2026-13-01"), "/Bal[1]/Dt/Dt", "2026-13-01"},
      {"no amount", "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp></Bal>", "/Bal[1]/Amt", "no amount"},
  };
  for (const BadBalance& c : cases) {
    auto file = ParseCamtText(CamtDocument(CamtReport(c.balance)));
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().location, std::string("/Document/BkToCstmrStmt/Stmt[1]") + c.location) << c.name;
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << c.name << ": " << file.error().message;
  }
}

}  // namespace
}  // namespace recon

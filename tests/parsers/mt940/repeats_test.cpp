// Regression (issue 11, point 2, the MT940 side): a field a statement has once that came
// again was dropped or overwritten without a word: the text of a second :86: after a
// structured (GVC) :86: vanished, a second :64: was ignored, a second :90D:/:90C: or
// :28C: replaced the first, and two :34F: in different currencies let the first name the
// currency. A second :25:, :60F: or :62F: was already refused; the table keeps it so.
#include <gtest/gtest.h>

#include "parsers/mt940/mt940_parser.hpp"

namespace recon {
namespace {

Result<ParsedFile> Parse(const std::string& text) { return mt940::Mt940Parser().Parse(text, ParseOptions()); }

std::string AllWarnings(const Statement& s) {
  std::string out;
  for (const std::string& w : s.warnings) out += w + "\n";
  return out;
}

bool HasWarning(const Statement& s, const std::string& words) { return AllWarnings(s).find(words) != std::string::npos; }

const std::string kHead = ":20:REF\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C261119EUR100,00\n";

TEST(Mt940Repeats, ASecondColon86AfterAGvcOneIsReadNotDropped) {
  const std::string file = kHead +
                           ":61:2611201120C1,50NTRFNONREF//B1\n"
                           ":86:166?00GUTSCHRIFT?20SVWZ+RE 2026-0001?32Nordic Design AS\n"
                           ":86:RE 2026-0002 UND RE 2026-0003\n"
                           ":62F:C261120EUR101,50\n-\n";
  auto parsed = Parse(file);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Statement& s = parsed->statements[0];
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].counterparty_name, "Nordic Design AS");
  ASSERT_TRUE(s.lines[0].remittance_info.has_value());
  EXPECT_NE(s.lines[0].remittance_info->find("RE 2026-0001"), std::string::npos) << *s.lines[0].remittance_info;
  EXPECT_NE(s.lines[0].remittance_info->find("RE 2026-0002 UND RE 2026-0003"), std::string::npos)
      << *s.lines[0].remittance_info;
  EXPECT_TRUE(HasWarning(s, "line 5: 1 line(s) have more than one :86: after a structured (GVC) :86:"))
      << AllWarnings(s);
}

TEST(Mt940Repeats, FieldsThatDoNotDecideTheMoneyKeepTheFirstWithAWarning) {
  const std::string file = ":20:REF\n:25:NL91ABNA0417164300\n:28C:1/1\n:28C:2/1\n:60F:C261119EUR100,00\n"
                           ":61:2611201120C1,50NTRFNONREF//B1\n"
                           ":62F:C261120EUR101,50\n:64:C261120EUR90,00\n:64:C261120EUR80,00\n"
                           ":90C:1EUR1,50\n:90C:2EUR3,00\n-\n";
  auto parsed = Parse(file);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Statement& s = parsed->statements[0];
  EXPECT_EQ(s.statement_id, "REF/1/1");
  EXPECT_EQ(s.available_balance, 9000);
  EXPECT_TRUE(HasWarning(s, "line 4: a second :28C: (statement number) in the statement, after :28C: on line 3; it "
                            "says otherwise: the first is read"))
      << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "line 9: a second :64: (closing available balance)")) << AllWarnings(s);
  EXPECT_TRUE(HasWarning(s, "line 11: a second :90C:")) << AllWarnings(s);
  // The first :90C: agrees with the line; a check against the second would have warned.
  EXPECT_FALSE(HasWarning(s, "states 2 credit entries")) << AllWarnings(s);
}

TEST(Mt940Repeats, TwoFloorLimitsInDifferentCurrenciesWithoutBalancesAreRefused) {
  const std::string mt942 = ":20:REF\n:25:NL91ABNA0417164300\n:28C:1/1\n:34F:EURD0,\n:34F:USDC0,\n"
                            ":13D:2611201200+0100\n:61:2611201120C1,50NTRFNONREF//B1\n-\n";
  auto parsed = Parse(mt942);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().location, "line 5");
  EXPECT_NE(parsed.error().message.find("another currency than the floor limit"), std::string::npos)
      << parsed.error().ToString();
  // A debit and a credit floor limit in one currency are what MT942 allows.
  std::string same = mt942;
  same.replace(same.find("USDC0"), 5, "EURC0");
  EXPECT_TRUE(Parse(same).ok());
}

TEST(Mt940Repeats, ASecondAccountOrBalanceIsStillRefused) {
  for (const std::string& extra : {std::string(":25:NL91ABNA0417164300\n"), std::string(":60F:C261119EUR100,00\n")}) {
    auto parsed = Parse(kHead + extra + ":61:2611201120C1,50NTRFNONREF//B1\n:62F:C261120EUR101,50\n-\n");
    ASSERT_FALSE(parsed.ok()) << extra;
    EXPECT_EQ(parsed.error().location, "line 5") << extra;
  }
  auto parsed = Parse(kHead + ":61:2611201120C1,50NTRFNONREF//B1\n:62F:C261120EUR101,50\n:62F:C261120EUR101,50\n-\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().location, "line 7");
}

}  // namespace
}  // namespace recon

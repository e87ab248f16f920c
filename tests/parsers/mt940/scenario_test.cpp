// The scenario generator (../shared/scenario/gen.py --mt940) writes the same day as camt.053
// and as MT940; its :86: is the slash form cut into 65-character lines, mid-word and mid-IBAN.
// Read both ways, every line must carry the same facts. The fixtures are gen.py's day-1 files
// for --lines 60 --seed 7.
#include <gtest/gtest.h>

#include "parsers/camt/camt_parser.hpp"
#include "parsers/mt940/mt940_parser.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;

TEST(Mt940Scenario, SameLinesAsTheCamtOfTheSameDay) {
  auto mt = mt940::Mt940Parser().Parse(ReadFixture("mt940/scenario_seed7_day1.mt940"), {});
  ASSERT_TRUE(mt.ok()) << mt.error().ToString();
  auto camt = camt::CamtParser().Parse(ReadFixture("mt940/scenario_seed7_day1.camt053.xml"), {});
  ASSERT_TRUE(camt.ok()) << camt.error().ToString();
  ASSERT_EQ(mt->statements.size(), 1u);
  ASSERT_EQ(camt->statements.size(), 1u);
  const Statement& a = mt->statements[0];
  const Statement& b = camt->statements[0];
  EXPECT_EQ(a.account, b.account);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.opening_balance, b.opening_balance);
  EXPECT_EQ(a.closing_balance, b.closing_balance);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings[0];
  ASSERT_EQ(a.lines.size(), b.lines.size());
  ASSERT_EQ(a.lines.size(), 61u);
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const StatementLine& m = a.lines[i];
    const StatementLine& c = b.lines[i];
    SCOPED_TRACE("line " + std::to_string(i + 1) + ", bank reference " + c.bank_reference.value_or("?"));
    EXPECT_EQ(m.amount, c.amount);
    EXPECT_EQ(m.booking_date, c.booking_date);
    EXPECT_EQ(m.value_date, c.value_date);
    EXPECT_EQ(m.counterparty_name, c.counterparty_name);
    EXPECT_EQ(m.counterparty_account, c.counterparty_account);
    EXPECT_EQ(m.structured_reference, c.structured_reference);
    EXPECT_EQ(m.remittance_info, c.remittance_info);
    EXPECT_EQ(m.end_to_end_id, c.end_to_end_id);
    EXPECT_EQ(m.bank_reference, c.bank_reference);
  }
}

}  // namespace
}  // namespace recon

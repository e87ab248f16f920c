#include "recon/date.hpp"

#include <gtest/gtest.h>

#include "recon/statement.hpp"

namespace recon {
namespace {

TEST(Date, ParsesAndFormatsIso) {
  auto d = Date::ParseIso("2026-11-20");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->year(), 2026);
  EXPECT_EQ(d->month(), 11);
  EXPECT_EQ(d->day(), 20);
  EXPECT_EQ(d->ToIso(), "2026-11-20");
}

TEST(Date, RefusesWhatIsNotACalendarDate) {
  for (const char* bad : {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-31",
                          "26-11-20", "2026/11/20", "2026-11-2", "20261120", "", "abcd-ef-gh", "1899-12-31"}) {
    auto d = Date::ParseIso(bad);
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) {
      EXPECT_EQ(d.error().code, ErrorCode::kInvalidDate);
    }
  }
  EXPECT_TRUE(Date::ParseIso("2024-02-29").ok());  // leap year
  EXPECT_FALSE(Date::ParseIso("2100-02-29").ok());  // century, not a leap year
  EXPECT_TRUE(Date::ParseIso("2000-02-29").ok());
}

TEST(Date, ParsesSwiftYymmdd) {
  EXPECT_EQ(Date::ParseYymmdd("261120")->ToIso(), "2026-11-20");
  EXPECT_EQ(Date::ParseYymmdd("991231")->ToIso(), "1999-12-31");
  EXPECT_FALSE(Date::ParseYymmdd("260230").ok());
  EXPECT_FALSE(Date::ParseYymmdd("2611201").ok());
}

TEST(Date, ArithmeticAndOrder) {
  const Date a = *Date::ParseIso("2026-12-31");
  const Date b = a.AddDays(1);
  EXPECT_EQ(b.ToIso(), "2027-01-01");
  EXPECT_EQ(b.DaysSince(a), 1);
  EXPECT_LT(a, b);
  EXPECT_EQ(Date::FromDays(0).ToIso(), "1970-01-01");
}

TEST(Statement, BalanceCheckWarnsButNeverFails) {
  Statement s;
  s.currency = "EUR";
  s.opening_balance = 10000;
  s.closing_balance = 10500;
  StatementLine line;
  line.amount = Money{500, *Currency::FromCode("EUR")};
  s.lines.push_back(line);
  CheckBalances(s);
  EXPECT_TRUE(s.warnings.empty());
  s.closing_balance = 10400;
  CheckBalances(s);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("balance mismatch"), std::string::npos);
  EXPECT_NE(s.warnings[0].find("104.00"), std::string::npos);
}

}  // namespace
}  // namespace recon

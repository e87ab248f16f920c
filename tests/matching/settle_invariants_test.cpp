// Settle's assertions where money moves (issue 12, point 6): an applied decision that does not
// net, or would take an item past zero, stops a debug or sanitizer build before it is kept.
// Before the assertions, Settle kept such a decision silently.
#include <gtest/gtest.h>

#include "matching/engine.hpp"

namespace recon::matching {
namespace {

Money Eur(int64_t minor) {
  return Money{minor, *Currency::FromCode("EUR")};
}

OpenItem Receivable(int64_t id, int64_t open) {
  OpenItem item;
  item.id = id;
  item.external_id = "INV-" + std::to_string(id);
  item.amount = Eur(open);
  item.open_amount = Eur(open);
  return item;
}

LineToMatch Line(int64_t id, int64_t amount) {
  LineToMatch l;
  l.id = id;
  l.line.account = "NO9386011117947";
  l.line.booking_date = *Date::ParseIso("2026-11-20");
  l.line.amount = Eur(amount);
  return l;
}

MatchDecision Applied(int64_t line_id, int64_t line_amount, int64_t item_id, int64_t allocated) {
  MatchDecision d;
  d.line_ids = {line_id};
  d.line_amounts = {line_amount};
  d.allocations = {{item_id, "INV-" + std::to_string(item_id), allocated}};
  d.currency = "EUR";
  d.rule = "test";
  d.outcome = MatchOutcome::kApply;
  return d;
}

TEST(SettleInvariants, AppliedDecisionThatNetsIsKept) {
  const OpenItemIndex index({Receivable(1, 5000)});
  const auto out = Settle({Line(7, 4000)}, {{Applied(7, 4000, 1, 4000)}}, index);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].outcome, MatchOutcome::kApply);
}

#ifndef NDEBUG
TEST(SettleInvariantsDeathTest, AppliedDecisionThatDoesNotNetAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const OpenItemIndex index({Receivable(1, 5000)});
  // The line gives 40.00 but the item is allocated 50.00 with no write-off for the difference.
  EXPECT_DEATH(Settle({Line(7, 4000)}, {{Applied(7, 4000, 1, 5000)}}, index),
               "allocations less its write-off are its line");
}
#endif

}  // namespace
}  // namespace recon::matching

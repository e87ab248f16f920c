#include "matching/engine.hpp"

#include <gtest/gtest.h>

namespace recon::matching {
namespace {

Money Eur(int64_t minor) { return Money{minor, *Currency::FromCode("EUR")}; }

OpenItem Item(int64_t id, const std::string& external_id, int64_t amount, std::optional<std::string> reference) {
  OpenItem item;
  item.id = id;
  item.external_id = external_id;
  item.amount = Eur(amount);
  item.open_amount = Eur(amount);
  item.structured_reference = std::move(reference);
  return item;
}

LineToMatch Line(int64_t id, int64_t amount, std::optional<std::string> reference) {
  LineToMatch l;
  l.id = id;
  l.line.amount = Eur(amount);
  l.line.structured_reference = std::move(reference);
  return l;
}

TEST(Engine, AppliesAnEqualStructuredReferenceAndAmount) {
  const OpenItemIndex index({Item(1, "INV-1", 125000, "RF18539007547034"), Item(2, "INV-2", 5000, "RF71 1234 5")});
  const auto decisions = MatchAll({Line(10, 125000, "rf18 5390 0754 7034")}, index);
  ASSERT_EQ(decisions.size(), 1u);
  const MatchDecision& d = decisions[0];
  EXPECT_EQ(d.outcome, MatchOutcome::kApply);
  EXPECT_EQ(d.rule, "structured_reference");
  EXPECT_DOUBLE_EQ(d.confidence, 1.0);
  ASSERT_EQ(d.allocations.size(), 1u);
  EXPECT_EQ(d.allocations[0].external_id, "INV-1");
  EXPECT_EQ(d.allocations[0].amount, 125000);
  EXPECT_EQ(d.currency, "EUR");
  EXPECT_NE(d.explanation.find("INV-1"), std::string::npos);
}

TEST(Engine, DecisionTable) {
  struct Case {
    const char* name;
    std::vector<OpenItem> items;
    LineToMatch line;
    size_t decisions;
    MatchOutcome outcome;
  };
  const Case cases[] = {
      {"no reference", {Item(1, "A", 100, "RF1")}, Line(1, 100, std::nullopt), 0, MatchOutcome::kApply},
      {"other reference", {Item(1, "A", 100, "RF1")}, Line(1, 100, "RF2"), 0, MatchOutcome::kApply},
      {"amount differs", {Item(1, "A", 100, "RF1")}, Line(1, 99, "RF1"), 0, MatchOutcome::kApply},
      {"money out", {Item(1, "A", 100, "RF1")}, Line(1, -100, "RF1"), 0, MatchOutcome::kApply},
      {"two items fit", {Item(1, "A", 100, "RF1"), Item(2, "B", 100, "RF1")}, Line(1, 100, "RF1"), 2,
       MatchOutcome::kPropose},
      {"zero amount", {Item(1, "A", 0, "RF1")}, Line(1, 0, "RF1"), 0, MatchOutcome::kApply},
  };
  for (const Case& c : cases) {
    const OpenItemIndex index(c.items);
    const auto decisions = MatchAll({c.line}, index);
    ASSERT_EQ(decisions.size(), c.decisions) << c.name;
    for (const auto& d : decisions) EXPECT_EQ(d.outcome, c.outcome) << c.name;
  }
}

TEST(Engine, TwoPaymentsOfOneItemSettleItOnceInLineOrder) {
  const OpenItemIndex index({Item(1, "INV-1", 5000, "RF1")});
  // Given in reverse order: the lower line id must win, whatever the input order.
  const auto decisions = MatchAll({Line(8, 5000, "RF1"), Line(7, 5000, "RF1")}, index);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].line_ids[0], 7);
}

}  // namespace
}  // namespace recon::matching

// The checks of a manual match (issue 11, point 3): POST /v1/matches accepted allocations of
// the opposite sign to the item and sums that were not overflow-checked, so a +100 line
// allocated as +150 to one item and -50 to another closed the first beyond what was paid and
// reopened the second. One row per case; every outcome of CheckManualMatch is covered.
#include "matching/manual_match.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace recon::matching {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

ManualLine Line(int64_t id, int64_t amount, int64_t matched = 0, std::string account = "NO93") {
  return ManualLine{id, std::move(account), "EUR", amount, matched, false, "REF" + std::to_string(id)};
}

ManualItem Item(int64_t id, std::string external_id, int64_t amount, int64_t residual,
                OpenItemKind kind = OpenItemKind::kReceivable) {
  return ManualItem{id, std::move(external_id), kind, "EUR", amount, residual};
}

RuleSet Rules() { return DefaultRuleSet(); }  // document_number: 20.00 or 2 %, to "bank-fees"

struct Case {
  const char* name;
  std::vector<ManualLine> lines;
  std::vector<ManualItem> items;
  ManualMatchRequest request;
  std::optional<ErrorCode> error;  // nullopt: accepted
  std::string location;            // of the error
  std::string detail_has;          // part of the error's message
};

std::vector<Case> Cases() {
  const std::vector<ManualLine> line100 = {Line(1, 100'00)};
  const std::vector<ManualItem> two = {Item(10, "A", 150'00, 150'00), Item(11, "B", 200'00, 200'00)};
  return {
      {"the issue's case: +150 to one item, -50 to another of a +100 line", line100, two,
       {{1}, {{"A", "150.00"}, {"B", "-50.00"}}, std::nullopt},
       ErrorCode::kInvalidAmount, "allocations[1].amount", "opposite sign of open item B"},
      {"exact: accepted", line100, {Item(10, "A", 100'00, 100'00)}, {{1}, {{"A", "100.00"}}, std::nullopt},
       std::nullopt, "", ""},
      {"an invoice less a credit note: each with its item's sign", line100,
       {Item(10, "A", 150'00, 150'00), Item(12, "CN", -50'00, -50'00)},
       {{1}, {{"A", "150.00"}, {"CN", "-50.00"}}, std::nullopt}, std::nullopt, "", ""},
      {"a payable settled by money out", {Line(1, -80'00)}, {Item(10, "P", 80'00, 80'00, OpenItemKind::kPayable)},
       {{1}, {{"P", "80.00"}}, std::nullopt}, std::nullopt, "", ""},
      {"a payable with a negative allocation", {Line(1, -80'00)}, {Item(10, "P", 80'00, 80'00, OpenItemKind::kPayable)},
       {{1}, {{"P", "-80.00"}}, std::nullopt}, ErrorCode::kInvalidAmount, "allocations[0].amount", "opposite sign"},
      {"a zero allocation", line100, {Item(10, "A", 100'00, 100'00), Item(11, "B", 5'00, 5'00)},
       {{1}, {{"A", "100.00"}, {"B", "0.00"}}, std::nullopt}, ErrorCode::kInvalidAmount, "allocations[1].amount",
       "must not be zero"},
      {"beyond the item's residual", line100, {Item(10, "A", 100'00, 60'00)}, {{1}, {{"A", "100.00"}}, std::nullopt},
       ErrorCode::kConflict, "allocations[0].amount", "100.00 EUR is more than the 60.00 EUR open of open item A"},
      {"an item settled already", line100, {Item(10, "A", 100'00, 0)}, {{1}, {{"A", "100.00"}}, std::nullopt},
       ErrorCode::kConflict, "allocations[0].amount", "settled already"},
      {"an item that does not exist", line100, {}, {{1}, {{"NOPE", "100.00"}}, std::nullopt}, ErrorCode::kNotFound,
       "allocations[0].external_id", "no open item 'NOPE'"},
      {"an item in another currency", line100, {ManualItem{10, "USD-1", OpenItemKind::kReceivable, "USD", 100'00, 100'00}},
       {{1}, {{"USD-1", "100.00"}}, std::nullopt}, ErrorCode::kCurrencyMismatch, "allocations[0].external_id", "USD"},
      {"a line that does not exist", line100, {Item(10, "A", 100'00, 100'00)}, {{1, 2}, {{"A", "100.00"}}, std::nullopt},
       ErrorCode::kNotFound, "line_ids[1]", "no line ln_2"},
      {"a line fully matched", {Line(1, 100'00, 100'00)}, {Item(10, "A", 100'00, 100'00)},
       {{1}, {{"A", "100.00"}}, std::nullopt}, ErrorCode::kConflict, "line_ids[0]", "already fully matched"},
      {"the rest of a partly matched line", {Line(1, 100'00, 40'00)}, {Item(10, "A", 100'00, 100'00)},
       {{1}, {{"A", "60.00"}}, std::nullopt}, std::nullopt, "", ""},
      {"more decimals than the currency has", line100, {Item(10, "A", 100'00, 100'00)},
       {{1}, {{"A", "100.001"}}, std::nullopt}, ErrorCode::kInvalidAmount, "allocations[0].amount", ""},
      {"allocations that do not net, no write-off", line100, {Item(10, "A", 120'00, 120'00)},
       {{1}, {{"A", "110.00"}}, std::nullopt}, ErrorCode::kInvalidRequest, "allocations",
       "add up to 110.00 EUR but the lines' open amount is 100.00 EUR"},
      // The default tolerance is the smaller of 20.00 and 2 % of the items: 20.00 for 1000.00.
      {"a fee within the tolerance, written off", {Line(1, 990'00)}, {Item(10, "A", 1000'00, 1000'00)},
       {{1}, {{"A", "1000.00"}}, ManualWriteOff{"10.00", "bank-fees"}}, std::nullopt, "", ""},
      {"a fee beyond the tolerance", {Line(1, 970'00)}, {Item(10, "A", 1000'00, 1000'00)},
       {{1}, {{"A", "1000.00"}}, ManualWriteOff{"30.00", "bank-fees"}}, ErrorCode::kInvalidAmount, "write_off.amount",
       "beyond the tolerance of rule 'document_number' for account NO93: at most 20.00 EUR for items of 1000.00 EUR"},
      {"2 % of a small payment is less than 20.00", line100, {Item(10, "A", 110'00, 110'00)},
       {{1}, {{"A", "110.00"}}, ManualWriteOff{"10.00", "bank-fees"}}, ErrorCode::kInvalidAmount, "write_off.amount",
       "at most 2.20 EUR"},
      {"an overpayment written off within the tolerance", {Line(1, 1010'00)}, {Item(10, "A", 1000'00, 1000'00)},
       {{1}, {{"A", "1000.00"}}, ManualWriteOff{"-10.00", "bank-fees"}}, std::nullopt, "", ""},
      {"a write-off that is not the difference", line100, {Item(10, "A", 110'00, 110'00)},
       {{1}, {{"A", "110.00"}}, ManualWriteOff{"5.00", "bank-fees"}}, ErrorCode::kInvalidRequest, "write_off.amount",
       "are 10.00 EUR"},
      {"a write-off to an account no rule books to", line100, {Item(10, "A", 110'00, 110'00)},
       {{1}, {{"A", "110.00"}}, ManualWriteOff{"10.00", "petty-cash"}}, ErrorCode::kInvalidRequest,
       "write_off.account", "use bank-fees"},
      {"a zero write-off", line100, {Item(10, "A", 100'00, 100'00)},
       {{1}, {{"A", "100.00"}}, ManualWriteOff{"0.00", "bank-fees"}}, ErrorCode::kInvalidAmount, "write_off.amount",
       "must not be zero"},
      {"allocations near INT64_MAX overflow their sum", {Line(1, kMax)},
       {Item(10, "A", kMax, kMax), Item(11, "B", kMax, kMax)},
       {{1}, {{"A", "92233720368547758.07"}, {"B", "92233720368547758.07"}}, std::nullopt}, ErrorCode::kAmountOverflow,
       "allocations[1].amount", ""},
      {"lines near INT64_MAX overflow their sum", {Line(1, kMax), Line(2, kMax)}, {Item(10, "A", 100'00, 100'00)},
       {{1, 2}, {{"A", "100.00"}}, std::nullopt}, ErrorCode::kAmountOverflow, "line_ids[1]", ""},
      {"an amount beyond int64", line100, {Item(10, "A", 100'00, 100'00)},
       {{1}, {{"A", "99999999999999999999.00"}}, std::nullopt}, ErrorCode::kAmountOverflow, "allocations[0].amount", ""},
      {"a difference beyond int64", {Line(1, -kMax)}, {Item(10, "A", kMax, kMax)},
       {{1}, {{"A", "92233720368547758.07"}}, std::nullopt}, ErrorCode::kAmountOverflow, "allocations", ""},
  };
}

TEST(ManualMatch, EveryCase) {
  const RuleSet rules = Rules();
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    auto d = CheckManualMatch(c.request, c.lines, c.items, [&](const std::string&) -> const RuleSet& { return rules; });
    if (!c.error) {
      ASSERT_TRUE(d.ok()) << d.error().location << ": " << d.error().message;
      EXPECT_EQ(d->rule, "manual");
      EXPECT_EQ(d->outcome, MatchOutcome::kApply);
      continue;
    }
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, *c.error) << d.error().message;
    EXPECT_EQ(d.error().location, c.location) << d.error().message;
    EXPECT_NE(d.error().message.find(c.detail_has), std::string::npos) << d.error().message;
  }
}

TEST(ManualMatch, AWriteOffIsInLineTermsAndTheMatchNets) {
  const RuleSet rules = Rules();
  ManualMatchRequest r{{1}, {{"A", "1000.00"}}, ManualWriteOff{"10.00", "bank-fees"}};
  auto d = CheckManualMatch(r, {Line(1, 990'00)}, {Item(10, "A", 1000'00, 1000'00)},
                            [&](const std::string&) -> const RuleSet& { return rules; });
  ASSERT_TRUE(d.ok()) << d.error().message;
  ASSERT_TRUE(d->write_off.has_value());
  EXPECT_EQ(d->write_off->amount, 10'00);
  EXPECT_EQ(d->write_off->account, "bank-fees");
  EXPECT_EQ(d->line_amounts, (std::vector<int64_t>{990'00}));
  ASSERT_EQ(d->allocations.size(), 1u);
  EXPECT_EQ(d->allocations[0].open_item_id, 10);
  EXPECT_EQ(d->allocations[0].amount, 1000'00);
  EXPECT_NE(d->explanation.find("goes to bank-fees"), std::string::npos);
}

TEST(ManualMatch, TheToleranceIsTheOneOfTheLinesAccount) {
  // The account NO-STRICT has a rule set without any tolerance: no write-off is allowed there.
  const RuleSet lenient = Rules();
  RuleSet strict = Rules();
  for (Rule& rule : strict.rules) rule.tolerance = Tolerance{};
  ManualMatchRequest r{{1}, {{"A", "1000.00"}}, ManualWriteOff{"10.00", "bank-fees"}};
  auto rules_for = [&](const std::string& account) -> const RuleSet& {
    return account == "NO-STRICT" ? strict : lenient;
  };
  EXPECT_TRUE(CheckManualMatch(r, {Line(1, 990'00)}, {Item(10, "A", 1000'00, 1000'00)}, rules_for).ok());
  auto refused = CheckManualMatch(r, {Line(1, 990'00, 0, "NO-STRICT")}, {Item(10, "A", 1000'00, 1000'00)}, rules_for);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().location, "write_off.account");
  EXPECT_NE(refused.error().message.find("allows no write-off"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace recon::matching

// The matcher's decisions, one table row per case, for every rule kind and its near-misses.
#include "matching/engine.hpp"
#include "matching/evidence/counterparty.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace recon::matching {
namespace {

Money Eur(int64_t minor) { return Money{minor, *Currency::FromCode("EUR")}; }

struct ItemSpec {
  int64_t id;
  const char* external_id;
  int64_t amount;
  const char* reference = nullptr;
  const char* document = nullptr;
  const char* partner = nullptr;
  const char* partner_name = nullptr;
  const char* partner_account = nullptr;
  OpenItemKind kind = OpenItemKind::kReceivable;
};

OpenItem Item(const ItemSpec& s) {
  OpenItem item;
  item.id = s.id;
  item.external_id = s.external_id;
  item.kind = s.kind;
  item.amount = Eur(s.amount);
  item.open_amount = Eur(s.amount);
  if (s.reference) item.structured_reference = s.reference;
  if (s.document) item.document_number = s.document;
  if (s.partner) item.partner_id = s.partner;
  if (s.partner_name) item.partner_name = s.partner_name;
  if (s.partner_account) item.partner_accounts = {s.partner_account};
  item.due_date = *Date::ParseIso("2026-11-15");
  return item;
}

struct LineSpec {
  int64_t id;
  int64_t amount;
  const char* reference = nullptr;
  const char* text = nullptr;
  const char* name = nullptr;
  const char* account = nullptr;
  const char* e2e = nullptr;
};

LineToMatch Line(const LineSpec& s) {
  LineToMatch l;
  l.id = s.id;
  l.line.account = "NO9386011117947";
  l.line.booking_date = *Date::ParseIso("2026-11-20");
  l.line.amount = Eur(s.amount);
  if (s.reference) l.line.structured_reference = s.reference;
  if (s.text) l.line.remittance_info = s.text;
  if (s.name) l.line.counterparty_name = s.name;
  if (s.account) l.line.counterparty_account = s.account;
  if (s.e2e) l.line.end_to_end_id = s.e2e;
  l.payer_keys = PayerKeysOf(l.line);  // as the statement store computes them
  return l;
}

// What a case expects: the outcome of the first decision (or none), its rule, and the
// allocations "external_id=amount" of the best decision.
struct Expect {
  const char* outcome;  // "apply", "propose" or "none"
  const char* rule = "";
  std::vector<std::string> allocations = {};
  int64_t write_off = 0;
};

struct Case {
  const char* name;
  std::vector<ItemSpec> items;
  LineSpec line;
  Expect expect;
};

std::vector<MatchDecision> Decide(const std::vector<ItemSpec>& items, const LineSpec& line,
                                  const PayerHistory& history = {}, const RejectedSet& rejected = {}) {
  std::vector<OpenItem> open;
  for (const auto& s : items) open.push_back(Item(s));
  const OpenItemIndex index(std::move(open));
  static const RuleSet kRules = DefaultRuleSet();
  return MatchAll({Line(line)}, MatchContext{index, kRules, history, rejected});
}

void Check(const Case& c, const std::vector<MatchDecision>& decisions) {
  if (std::string(c.expect.outcome) == "none") {
    EXPECT_TRUE(decisions.empty()) << c.name << ": got " << decisions[0].rule << " " << decisions[0].explanation;
    return;
  }
  ASSERT_FALSE(decisions.empty()) << c.name;
  const MatchDecision& d = decisions[0];
  EXPECT_EQ(d.outcome == MatchOutcome::kApply ? "apply" : "propose", std::string(c.expect.outcome))
      << c.name << ": " << d.explanation;
  EXPECT_EQ(d.rule, c.expect.rule) << c.name;
  std::vector<std::string> got;
  for (const Allocation& a : d.allocations) got.push_back(a.external_id + "=" + std::to_string(a.amount));
  EXPECT_EQ(got, c.expect.allocations) << c.name;
  EXPECT_EQ(d.write_off ? d.write_off->amount : 0, c.expect.write_off) << c.name;
  EXPECT_FALSE(d.explanation.empty()) << c.name;
}

TEST(Engine, StructuredReferenceCases) {
  const Case cases[] = {
      {"exact amount", {{1, "INV-1", 125000, "RF18539007547034"}}, {10, 125000, "RF18 5390 0754 7034"},
       {"apply", "structured_reference", {"INV-1=125000"}}},
      {"lower case with spaces", {{1, "INV-1", 125000, "RF18539007547034"}}, {10, 125000, "rf18 5390 0754 7034"},
       {"apply", "structured_reference", {"INV-1=125000"}}},
      {"reference in the remittance text", {{1, "INV-1", 125000, "RF18539007547034"}},
       {10, 125000, nullptr, "Payment RF18 5390 0754 7034 thanks"}, {"apply", "structured_reference", {"INV-1=125000"}}},
      {"reference in the end-to-end id", {{1, "INV-1", 125000, "RF18539007547034"}},
       {10, 125000, nullptr, nullptr, nullptr, nullptr, "RF18539007547034"},
       {"apply", "structured_reference", {"INV-1=125000"}}},
      // A wrong check digit is no reference: only the amount remains, which is worth a proposal at most.
      {"bad check digit is no reference", {{1, "INV-1", 125000, "RF18539007547034"}}, {10, 125000, "RF19539007547034"},
       {"propose", "amount_date", {"INV-1=125000"}}},
      {"partial payment keeps the item open", {{1, "INV-1", 125000, "RF18539007547034"}},
       {10, 50000, "RF18539007547034"}, {"apply", "structured_reference", {"INV-1=50000"}}},
      {"overpayment is only proposed", {{1, "INV-1", 125000, "RF18539007547034"}}, {10, 130000, "RF18539007547034"},
       {"propose", "structured_reference", {"INV-1=125000"}}},
      {"money out never pays a receivable", {{1, "INV-1", 125000, "RF18539007547034"}},
       {10, -125000, "RF18539007547034"}, {"none"}},
      {"two items share the reference", {{1, "A", 5000, "RF18539007547034"}, {2, "B", 5000, "RF18539007547034"}},
       {10, 5000, "RF18539007547034"}, {"propose", "structured_reference", {"A=5000"}}},
  };
  for (const Case& c : cases) Check(c, Decide(c.items, c.line));
}

TEST(Engine, DocumentNumberCases) {
  const Case cases[] = {
      {"number with words", {{1, "INV-2026-000123", 9900, nullptr, "2026-000123"}},
       {10, 9900, nullptr, "Invoice 2026-000123 thank you"}, {"apply", "document_number", {"INV-2026-000123=9900"}}},
      {"compacted number", {{1, "INV-2026-000123", 9900, nullptr, "2026-000123"}},
       {10, 9900, nullptr, "Faktura nr. 2026000123"}, {"apply", "document_number", {"INV-2026-000123=9900"}}},
      {"similar number is not the number", {{1, "INV-2026-000123", 9900, nullptr, "2026-000123"}},
       {10, 9900, nullptr, "Invoice 2026-000132"}, {"propose", "amount_date", {"INV-2026-000123=9900"}}},
      {"fragment of a longer number", {{1, "INV-2026-000123", 9900, nullptr, "2026-000123"}},
       {10, 9900, nullptr, "Ref 12026000123"}, {"propose", "amount_date", {"INV-2026-000123=9900"}}},
      {"bank fee deducted: write-off", {{1, "INV-1", 100000, nullptr, "2026-000555"}},
       {10, 99750, nullptr, "Invoice 2026-000555"}, {"apply", "document_number", {"INV-1=100000"}, 250}},
      {"fee beyond tolerance is a partial proposal", {{1, "INV-1", 100000, nullptr, "2026-000555"}},
       {10, 50000, nullptr, "Invoice 2026-000555"}, {"propose", "document_number", {"INV-1=50000"}}},
      {"several numbers settle several items",
       {{1, "A", 1000, nullptr, "2026-000001"}, {2, "B", 2000, nullptr, "2026-000002"},
        {3, "C", 3000, nullptr, "2026-000003"}},
       {10, 6000, nullptr, "Invoices 2026-000001, 2026-000002, 2026-000003"},
       {"apply", "document_number", {"A=1000", "B=2000", "C=3000"}}},
      {"credit note netted with an invoice",
       {{1, "INV", 10000, nullptr, "2026-000010"}, {2, "CN", -2500, nullptr, "2026-000011"}},
       {10, 7500, nullptr, "Invoice 2026-000010 less credit note 2026-000011"},
       {"apply", "document_number", {"INV=10000", "CN=-2500"}}},
      {"only some listed items are paid",
       {{1, "A", 1000, nullptr, "2026-000001"}, {2, "B", 2000, nullptr, "2026-000002"},
        {3, "C", 3000, nullptr, "2026-000003"}},
       {10, 4000, nullptr, "Invoices 2026-000001, 2026-000002, 2026-000003"},
       {"propose", "document_number", {"A=1000", "C=3000"}}},
  };
  for (const Case& c : cases) Check(c, Decide(c.items, c.line));
}

TEST(Engine, PayerAndAmountCases) {
  const char* iban = "NO5015037144155";
  const Case cases[] = {
      {"known payer by ERP account, one item fits",
       {{1, "A", 4200, nullptr, nullptr, "C1", "Fjord Living AB", iban}, {2, "B", 9900, nullptr, nullptr, "C1"}},
       {10, 4200, nullptr, "Payment", "Fjord Living AB", iban}, {"propose", "known_payer", {"A=4200"}}},
      {"known payer, a group of its items fits",
       {{1, "A", 1000, nullptr, nullptr, "C1", "Fjord Living AB", iban}, {2, "B", 2000, nullptr, nullptr, "C1"},
        {3, "C", 4000, nullptr, nullptr, "C1"}},
       {10, 5000, nullptr, "Payment", nullptr, iban}, {"propose", "payer_subset", {"A=1000", "C=4000"}}},
      {"name variant names the partner",
       {{1, "A", 4200, nullptr, nullptr, "C1", "Nordic Design AS"}},
       {10, 4200, nullptr, "Betaling", "NORDIC DESIGN A/S"}, {"propose", "known_payer", {"A=4200"}}},
      {"amount and date only", {{1, "A", 31415, nullptr, nullptr, "C9"}},
       {10, 31415, nullptr, "Payment", "Private payer 123", "NO0000000000000"}, {"propose", "amount_date", {"A=31415"}}},
      {"same amount twice: proposed, never applied",
       {{1, "A", 31415, nullptr, nullptr, "C1"}, {2, "B", 31415, nullptr, nullptr, "C2"}},
       {10, 31415, nullptr, nullptr, "Unknown payer"}, {"propose", "amount_date", {"A=31415"}}},
      {"a payable is settled by money out",
       {{1, "BILL-1", 5000, nullptr, "2026-000900", nullptr, nullptr, nullptr, OpenItemKind::kPayable}},
       {10, -5000, nullptr, "Bill 2026-000900"}, {"apply", "document_number", {"BILL-1=5000"}}},
      {"nothing fits", {{1, "A", 1000}}, {10, 777, nullptr, "Salary payment", "Staff"}, {"none"}},
  };
  for (const Case& c : cases) Check(c, Decide(c.items, c.line));
}

TEST(Engine, LearnedPayerIsRecognised) {
  PayerHistory history;
  history.Add(IdentityKind::kAccount, "NO5015037144155", {"C7", 2, 0});
  const std::vector<ItemSpec> items = {{1, "A", 4200, nullptr, nullptr, "C7"}, {2, "B", 4200, nullptr, nullptr, "C8"}};
  auto decisions = Decide(items, {10, 4200, nullptr, "Thanks", "Somebody", "NO50 1503 7144 155"}, history);
  ASSERT_FALSE(decisions.empty());
  EXPECT_EQ(decisions[0].rule, "known_payer");
  EXPECT_EQ(decisions[0].allocations[0].external_id, "A");
  EXPECT_NE(decisions[0].explanation.find("paid for partner C7 before"), std::string::npos);

  // An identity that paid for two partners is evidence of neither.
  history.Add(IdentityKind::kAccount, "NO5015037144155", {"C8", 1, 0});
  decisions = Decide(items, {10, 4200, nullptr, "Thanks", "Somebody", "NO5015037144155"}, history);
  ASSERT_FALSE(decisions.empty());
  EXPECT_EQ(decisions[0].rule, "amount_date");  // both items fit equally
  EXPECT_EQ(decisions.size(), 2u);

  // Rejections outweigh confirmations.
  PayerHistory rejected;
  rejected.Add(IdentityKind::kAccount, "NO5015037144155", {"C7", 1, 2});
  EXPECT_FALSE(rejected.PartnerOf(IdentityKind::kAccount, "NO5015037144155").has_value());
}

TEST(Engine, RejectedProposalsAreNotProposedAgain) {
  const std::vector<ItemSpec> items = {{1, "A", 31415}, {2, "B", 99999}};
  RejectedSet rejected = {{10, {1}}};
  EXPECT_TRUE(Decide(items, {10, 31415, nullptr, "Payment"}, {}, rejected).empty());
  EXPECT_FALSE(Decide(items, {11, 31415, nullptr, "Payment"}, {}, rejected).empty());
}

TEST(Engine, TwoPaymentsOfOneItemSettleItOnceInLineOrder) {
  std::vector<OpenItem> open = {Item({1, "INV-1", 5000, "RF18539007547034"})};
  const OpenItemIndex index(std::move(open));
  // Given in reverse order: the lower line id must win, whatever the input order.
  const auto decisions =
      MatchAll({Line({8, 5000, "RF18539007547034"}), Line({7, 5000, "RF18539007547034"})}, index);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].line_ids[0], 7);
}

TEST(Engine, ResultDoesNotDependOnOrderOrBatching) {
  std::vector<OpenItem> open;
  std::vector<LineToMatch> lines;
  for (int i = 1; i <= 200; ++i) {
    char doc[32];
    std::snprintf(doc, sizeof doc, "2026-%06d", i);
    open.push_back(Item({i, "I", 1000 + i % 7, nullptr, nullptr, i % 3 ? "P1" : "P2"}));
    open.back().external_id = std::string("INV-") + doc;
    open.back().document_number = doc;
    // Every third line pays an item another line also pays.
    lines.push_back(Line({1000 + i, 1000 + i % 7, nullptr, nullptr}));
    lines.back().line.remittance_info = std::string("Invoice ") + (i % 3 ? doc : "2026-000001");
  }
  const OpenItemIndex index(open);
  const RuleSet rules = DefaultRuleSet();
  const PayerHistory history;
  const RejectedSet rejected;
  const MatchContext ctx{index, rules, history, rejected};
  const auto reference = MatchAll(lines, ctx);

  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    std::vector<LineToMatch> shuffled = lines;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    // Match in "batches" of uneven size, out of order, then settle.
    std::vector<std::vector<MatchDecision>> per_line(shuffled.size());
    std::vector<size_t> order(shuffled.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = order.size() - 1 - i;
    for (size_t i : order) per_line[i] = MatchLine(shuffled[i], ctx);
    const auto again = Settle(shuffled, std::move(per_line), index);
    ASSERT_EQ(again.size(), reference.size());
    for (size_t i = 0; i < again.size(); ++i) {
      EXPECT_EQ(again[i].line_ids, reference[i].line_ids);
      EXPECT_EQ(again[i].outcome, reference[i].outcome);
      ASSERT_EQ(again[i].allocations.size(), reference[i].allocations.size());
      for (size_t k = 0; k < again[i].allocations.size(); ++k) {
        EXPECT_EQ(again[i].allocations[k].open_item_id, reference[i].allocations[k].open_item_id);
      }
    }
  }
}

TEST(Engine, SubsetSearchIsBoundedAndSaysSo) {
  std::vector<ItemSpec> items;
  for (int i = 1; i <= 30; ++i) items.push_back({i, "X", 1000, nullptr, nullptr, "C1", nullptr, "NO5015037144155"});
  // Thirty equal amounts: countless groups of five sum to 5000; never applied.
  const auto decisions = Decide(items, {10, 5000, nullptr, "Payment", nullptr, "NO5015037144155"});
  ASSERT_FALSE(decisions.empty());
  for (const auto& d : decisions) EXPECT_EQ(d.outcome, MatchOutcome::kPropose);
}

}  // namespace
}  // namespace recon::matching

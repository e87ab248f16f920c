// many_to_many: bank lines against ledger entries, groups netting to zero within a
// window. One table row per case, with the near-misses that must never be applied.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "matching/engine.hpp"
#include "matching/group_search.hpp"

namespace recon::matching {
namespace {

Money Eur(int64_t minor) { return Money{minor, *Currency::FromCode("EUR")}; }
Date Day(int d) { return Date::ParseIso("2026-11-01")->AddDays(d - 1); }

constexpr const char* kAccount = "NO9386011117947";

struct Entry {  // an open item
  int64_t id;
  const char* external_id;
  int64_t amount;
  int day;
  OpenItemKind kind = OpenItemKind::kLedger;
  const char* reference = nullptr;
};

struct Bank {  // a statement line
  int64_t id;
  int64_t amount;
  int day;
  const char* account = kAccount;
  const char* reference = nullptr;
};

OpenItem Item(const Entry& e) {
  OpenItem item;
  item.id = e.id;
  item.external_id = e.external_id;
  item.kind = e.kind;
  item.amount = Eur(e.amount);
  item.open_amount = Eur(e.amount);
  if (e.reference) item.structured_reference = e.reference;
  if (e.kind == OpenItemKind::kLedger) item.issue_date = Day(e.day);
  else item.due_date = Day(e.day);
  return item;
}

LineToMatch Line(const Bank& b) {
  LineToMatch l;
  l.id = b.id;
  l.line.account = b.account;
  l.line.booking_date = Day(b.day);
  l.line.amount = Eur(b.amount);
  if (b.reference) l.line.structured_reference = b.reference;
  return l;
}

// Ledger reconciliation as a company would set it up: references first, then groups of
// ledger entries, then amount and date as a mere proposal.
RuleSet Rules(const std::string& group_rule_extra = "") {
  auto doc = nlohmann::json::parse(R"({"rules": [
    {"name": "reference", "kind": "structured_reference", "confidence": 0.99, "auto_apply_threshold": 0.95},
    {"name": "ledger_groups", "kind": "many_to_many", "confidence": 0.97, "auto_apply_threshold": 0.95,
     "date_window_days": [3, 5], "candidates_max": 20, "search_nodes_max": 20000, "group_size_max": 5,
     "conditions": {"item_kinds": ["ledger"]}},
    {"name": "amount_date", "kind": "amount_date", "confidence": 0.6, "auto_apply_threshold": 1.01}]})");
  doc["rules"][1].update(nlohmann::json::parse("{" + group_rule_extra + "}"));
  auto set = ParseRuleSet(doc);
  EXPECT_TRUE(set) << (set ? "" : set.error().message);
  return set ? *set : RuleSet{};
}

std::vector<MatchDecision> Reconcile(const std::vector<Entry>& entries, const std::vector<Bank>& banks,
                               const RuleSet& rules, const RejectedSet& rejected = {}) {
  std::vector<OpenItem> items;
  for (const Entry& e : entries) items.push_back(Item(e));
  const OpenItemIndex index(std::move(items));
  std::vector<LineToMatch> lines;
  for (const Bank& b : banks) lines.push_back(Line(b));
  const PayerHistory history;
  return MatchAll(lines, MatchContext{index, rules, history, rejected});
}

// "apply:ledger_groups:10,11=GL-1" per decision: outcome, rule, lines and items.
std::vector<std::string> Summary(const std::vector<MatchDecision>& decisions) {
  std::vector<std::string> out;
  for (const MatchDecision& d : decisions) {
    std::string s = d.outcome == MatchOutcome::kApply ? "apply:" : "propose:";
    s += d.rule + ":";
    for (size_t i = 0; i < d.line_ids.size(); ++i) s += (i ? "," : "") + std::to_string(d.line_ids[i]);
    s += "=";
    for (size_t i = 0; i < d.allocations.size(); ++i) s += (i ? "," : "") + d.allocations[i].external_id;
    if (d.write_off) s += "+wo" + std::to_string(d.write_off->amount);
    out.push_back(s);
  }
  return out;
}

struct Case {
  const char* name;
  std::vector<Entry> entries;
  std::vector<Bank> banks;
  std::vector<std::string> expect;
  std::string rule_extra = "";
};

TEST(ManyToMany, Cases) {
  const Case cases[] = {
      {"three deposits, one ledger entry", {{1, "GL-1", 60000, 2}}, {{10, 10000, 1}, {11, 20000, 2}, {12, 30000, 3}},
       {"apply:ledger_groups:10,11,12=GL-1"}},
      {"one bank line, three ledger entries", {{1, "GL-1", 10000, 1}, {2, "GL-2", 20000, 1}, {3, "GL-3", 30000, 2}},
       {{10, 60000, 3}}, {"apply:ledger_groups:10=GL-1,GL-2,GL-3"}},
      {"two lines against two entries", {{1, "GL-1", 10000, 1}, {2, "GL-2", 30000, 1}},
       {{10, 15000, 2}, {11, 25000, 2}}, {"apply:ledger_groups:10,11=GL-1,GL-2"}},
      {"a bank fee line nets with the receipt", {{1, "GL-1", 10000, 1}}, {{10, 10500, 1}, {11, -500, 1}},
       {"apply:ledger_groups:10,11=GL-1"}},
      {"money out against a negative ledger entry", {{1, "GL-1", -4200, 4}}, {{10, -4200, 5}},
       {"apply:ledger_groups:10=GL-1"}},
      {"disjoint pairs on the same day are two groups",
       {{1, "GL-1", 10000, 1}, {2, "GL-2", 25000, 1}}, {{10, 10000, 1}, {11, 25000, 1}},
       {"apply:ledger_groups:10=GL-1", "apply:ledger_groups:11=GL-2"}},
      // Near-misses: nothing is applied.
      {"one cent off, no tolerance", {{1, "GL-1", 60000, 2}}, {{10, 10000, 1}, {11, 20000, 2}, {12, 30001, 3}}, {}},
      {"one cent off within a tolerance goes to the write-off", {{1, "GL-1", 60000, 2}},
       {{10, 10000, 1}, {11, 20000, 2}, {12, 29999, 3}}, {"apply:ledger_groups:10,11,12=GL-1+wo1"},
       R"("tolerance": {"absolute": "0.05", "write_off_account": "rounding"})"},
      // Outside the group window the wider amount_date window still makes a proposal.
      {"outside the window (booked 6 days after)", {{1, "GL-1", 10000, 1}}, {{10, 10000, 7}},
       {"propose:amount_date:10=GL-1"}},
      {"outside the window (booked 4 days before)", {{1, "GL-1", 10000, 5}}, {{10, 10000, 1}},
       {"propose:amount_date:10=GL-1"}},
      {"one line of the group outside the window", {{1, "GL-1", 30000, 1}}, {{10, 10000, 1}, {11, 20000, 9}}, {}},
      {"two lines fit one entry: proposed", {{1, "GL-1", 10000, 1}}, {{10, 10000, 1}, {11, 10000, 2}},
       {"propose:ledger_groups:10=GL-1", "propose:ledger_groups:11=GL-1"}},
      {"two entries fit one line: proposed", {{1, "GL-1", 10000, 1}, {2, "GL-2", 10000, 1}}, {{10, 10000, 1}},
       {"propose:ledger_groups:10=GL-1", "propose:ledger_groups:10=GL-2"}},
      {"two groups fit: proposed",
       {{1, "GL-1", 10000, 1}, {2, "GL-2", 20000, 1}, {3, "GL-3", 30000, 1}}, {{10, 30000, 2}},
       {"propose:ledger_groups:10=GL-3", "propose:ledger_groups:10=GL-1,GL-2"}},
      {"receivables are not ledger entries", {{1, "INV-1", 10000, 1, OpenItemKind::kReceivable}}, {{10, 10000, 1}},
       {"propose:amount_date:10=INV-1"}},
      {"lines of two bank accounts never share a group", {{1, "GL-1", 30000, 1}},
       {{10, 10000, 1}, {11, 20000, 1, "DE89370400440532013000"}}, {}},
      {"the search budget runs out: nothing is applied",
       {{1, "GL-1", 10000, 1}, {2, "GL-2", 20000, 1}, {3, "GL-3", 40000, 1}, {4, "GL-4", 80000, 1}},
       {{10, 150000, 1}}, {}, R"("search_nodes_max": 3)"},
      {"a structured reference decides first",
       {{1, "INV-1", 10000, 1, OpenItemKind::kReceivable, "RF18539007547034"}, {2, "GL-1", 10000, 1}},
       {{10, 10000, 1, kAccount, "RF18539007547034"}}, {"apply:reference:10=INV-1"}},
  };
  for (const Case& c : cases) {
    std::vector<Entry> entries = c.entries;
    EXPECT_EQ(Summary(Reconcile(entries, c.banks, Rules(c.rule_extra))), c.expect) << c.name;
  }
}

TEST(ManyToMany, ExplainsTheGroup) {
  auto decisions = Reconcile({{1, "GL-1", 60000, 2}}, {{10, 10000, 1}, {11, 50000, 2}}, Rules());
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].line_amounts, (std::vector<int64_t>{10000, 50000}));
  EXPECT_EQ(decisions[0].allocations[0].amount, 60000);
  EXPECT_NE(decisions[0].explanation.find("GL-1"), std::string::npos) << decisions[0].explanation;
  EXPECT_NE(decisions[0].explanation.find("net to zero"), std::string::npos) << decisions[0].explanation;
}

TEST(ManyToMany, AGroupReplacesTheLaterRulesProposal) {
  // amount_date would propose GL-1 for line 10; the group rule comes first and settles it.
  auto decisions = Reconcile({{1, "GL-1", 10000, 1}}, {{10, 10000, 1}}, Rules());
  EXPECT_EQ(Summary(decisions), (std::vector<std::string>{"apply:ledger_groups:10=GL-1"}));
}

TEST(ManyToMany, ARejectedGroupIsNotProposedAgain) {
  RejectedSet rejected{{10, {1}}};
  auto decisions = Reconcile({{1, "GL-1", 10000, 1}}, {{10, 10000, 1}}, Rules(), rejected);
  for (const MatchDecision& d : decisions) EXPECT_NE(d.rule, "ledger_groups") << d.explanation;
}

TEST(ManyToMany, TheAnswerDoesNotDependOnTheLinesOrder) {
  std::vector<Entry> entries;
  std::vector<Bank> banks;
  std::mt19937 rng(7);
  for (int i = 0; i < 60; ++i) {
    const int day = 1 + i;  // one entry a day and one or two lines: every pool can be complete
    // Mostly distinct amounts, and a few that repeat on purpose (those are proposed).
    const int64_t amount = i % 10 <= 1 ? 50000 : 1000 + static_cast<int64_t>(rng() % 1'000'000);
    entries.push_back({i + 1, "GL", amount, day});
    if (i % 3 == 0) {
      banks.push_back({1000 + i, amount / 2, day});
      banks.push_back({2000 + i, amount - amount / 2, day + 1});
    } else {
      banks.push_back({1000 + i, amount, day + 1});
    }
  }
  const RuleSet rules = Rules(R"("candidates_max": 60, "search_nodes_max": 1000000)");
  const auto expected = Summary(Reconcile(entries, banks, rules));
  size_t applied = 0, proposed = 0;
  for (const std::string& s : expected) (s.rfind("apply:", 0) == 0 ? applied : proposed)++;
  EXPECT_GT(applied, 30u);
  EXPECT_GT(proposed, 0u);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(banks.begin(), banks.end(), rng);
    std::shuffle(entries.begin(), entries.end(), rng);
    EXPECT_EQ(Summary(Reconcile(entries, banks, rules)), expected) << "round " << round;
  }
}

TEST(ManyToMany, NoGroupRuleLeavesDecisionsAlone) {
  auto set = DefaultRuleSet();
  std::vector<OpenItem> items{Item({1, "GL-1", 10000, 1})};
  const OpenItemIndex index(std::move(items));
  std::vector<LineToMatch> lines{Line({10, 10000, 1})};
  const PayerHistory history;
  const RejectedSet rejected;
  auto decisions = MatchAll(lines, MatchContext{index, set, history, rejected});
  EXPECT_EQ(Summary(decisions), (std::vector<std::string>{"propose:amount_date:10=GL-1"}));
}

TEST(GroupSearch, FindsOnlyMinimalGroups) {
  GroupSearchLimits limits;
  // Anchor line 100; items 100 and 40; lines 40 and -40 (a reversal pair).
  const std::vector<GroupMember> pool = {
      {10000, 0, true, 0}, {-10000, 0, false, -1}, {-4000, 0, false, -1}, {4000, 0, true, 0}, {-4000, 0, true, 0}};
  auto r = FindGroups(pool, 0, limits, 5);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.groups[0], (std::vector<size_t>{0, 1}));
  EXPECT_FALSE(r.budget_exhausted);
}

TEST(GroupSearch, NeedsALineAndAnItemAndOneAccount) {
  GroupSearchLimits limits;
  const std::vector<GroupMember> lines_only = {{10000, 0, true, 0}, {-10000, 0, true, 0}};
  EXPECT_TRUE(FindGroups(lines_only, 0, limits, 5).groups.empty());
  const std::vector<GroupMember> two_accounts = {{10000, 0, true, 0}, {5000, 0, true, 1}, {-15000, 0, false, -1}};
  EXPECT_TRUE(FindGroups(two_accounts, 0, limits, 5).groups.empty());
  EXPECT_TRUE(FindGroups(two_accounts, 7, limits, 5).groups.empty());  // no such anchor
}

TEST(GroupSearch, StopsAtItsBudgetAndSaysSo) {
  GroupSearchLimits limits;
  limits.nodes_max = 20;
  limits.size_max = 8;
  std::vector<GroupMember> pool = {{1, 0, true, 0}};
  for (int i = 0; i < 30; ++i) pool.push_back({-7, 0, false, -1});
  auto r = FindGroups(pool, 0, limits, 3);
  EXPECT_TRUE(r.groups.empty());
  EXPECT_TRUE(r.budget_exhausted);
}

TEST(GroupSearch, NetOfSaysWhatFits) {
  Tolerance tol{5, 0, "rounding"};
  const std::vector<GroupMember> pool = {{10003, 0, true, 0}, {-10000, 0, false, -1}};
  const GroupNet net = NetOf(pool, {0, 1}, tol);
  EXPECT_EQ(net.net, 3);
  EXPECT_EQ(net.items_total, 10000);
  EXPECT_TRUE(net.fits);
  EXPECT_FALSE(NetOf(pool, {0, 1}, Tolerance{}).fits);
}

}  // namespace
}  // namespace recon::matching

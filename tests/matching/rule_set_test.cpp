#include "matching/rule_set.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace recon::matching {
namespace {

TEST(RuleSet, DefaultRoundTripsThroughJson) {
  const RuleSet defaults = DefaultRuleSet();
  auto again = ParseRuleSet(RuleSetToJson(defaults));
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  ASSERT_EQ(again->rules.size(), defaults.rules.size());
  for (size_t i = 0; i < defaults.rules.size(); ++i) {
    EXPECT_EQ(again->rules[i].name, defaults.rules[i].name);
    EXPECT_EQ(again->rules[i].kind, defaults.rules[i].kind);
    EXPECT_EQ(again->rules[i].tolerance.absolute_minor, defaults.rules[i].tolerance.absolute_minor);
    EXPECT_EQ(again->rules[i].tolerance.percent_bp, defaults.rules[i].tolerance.percent_bp);
  }
}

TEST(RuleSet, ReadsEveryField) {
  auto set = ParseRuleSetText(R"({"rules": [{"name": "fees", "kind": "document_number", "confidence": 0.9,
      "auto_apply_threshold": 0.85, "tolerance": {"absolute": "5.00", "percent": "1.5", "write_off_account": "7770"},
      "date_window_days": [5, 60], "conditions": {"accounts": ["NO93"], "direction": "in",
      "item_kinds": ["receivable"]}}]})");
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  const Rule& r = set->rules[0];
  EXPECT_EQ(r.tolerance.absolute_minor, 500);
  EXPECT_EQ(r.tolerance.percent_bp, 150);
  EXPECT_EQ(r.tolerance.write_off_account, "7770");
  EXPECT_EQ(r.date_window_before_days, 5);
  EXPECT_EQ(r.direction, Direction::kIn);
  EXPECT_EQ(r.accounts, std::vector<std::string>{"NO93"});
  // 1.5% of 100.00 is 1.50, below the absolute 5.00: the smaller limit wins.
  EXPECT_EQ(r.tolerance.AllowedFor(100'00), 150);
  EXPECT_EQ(r.tolerance.AllowedFor(-1'000'00), 500);
}

TEST(RuleSet, BadRuleSetsNameTheRuleAndField) {
  struct Case {
    const char* json;
    const char* says;
  };
  const Case cases[] = {
      {R"({})", "\"rules\" array"},
      {R"({"rules": []})", "no rules"},
      {R"({"rules": [{"kind": "document_number"}]})", "needs a name"},
      {R"({"rules": [{"name": "a", "kind": "magic"}]})", "kind 'magic' is unknown"},
      {R"({"rules": [{"name": "a", "kind": "amount_date"}, {"name": "a", "kind": "amount_date"}]})", "used twice"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "confidence": 1.5}]})", "confidence"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "confidence": "high"}]})", "confidence must be a number"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "tolerance": {"absolute": "5.00"}}]})", "write_off_account"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "tolerance": {"percent": "150"}}]})", "percent"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "tolerance": {"absolute": 5}}]})", "decimal string"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "colour": "red"}]})", "unknown field 'colour'"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "date_window_days": [1]}]})", "date_window_days"},
      {R"({"rules": [{"name": "a", "kind": "payer_subset", "search_nodes_max": 0}]})", "search_nodes_max"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "conditions": {"direction": "sideways"}}]})", "direction"},
      {R"({"rules": [{"name": "a", "kind": "amount_date", "conditions": {"item_kinds": ["asset"]}}]})", "item_kinds"},
      {R"(not json)", "not valid JSON"},
  };
  for (const Case& c : cases) {
    auto set = ParseRuleSetText(c.json);
    ASSERT_FALSE(set.ok()) << c.json;
    EXPECT_EQ(set.error().code, ErrorCode::kInvalidRuleSet);
    EXPECT_NE(set.error().message.find(c.says), std::string::npos) << c.json << " -> " << set.error().message;
  }
}

// One row per field of a rule object (the setter table in rule_set.cpp): a wrong value is
// refused with the whole message, naming the rule and the field.
TEST(RuleSet, EveryFieldRefusesAWrongValueByName) {
  struct Case {
    const char* field;  // the field and its wrong value, as JSON
    const char* message;
  };
  const Case cases[] = {
      {R"("enabled": 1)", "enabled must be true or false"},
      {R"("allow_partial": "yes")", "allow_partial must be true or false"},
      {R"("allow_overpayment": null)", "allow_overpayment must be true or false"},
      {R"("confidence": 1.5)", "confidence must be between 0 and 1.000000"},
      {R"("auto_apply_threshold": "1")", "auto_apply_threshold must be a number"},
      {R"("auto_apply_threshold": 2.5)", "auto_apply_threshold must be between 0 and 2.000000"},
      {R"("tolerance": 5)", "tolerance must be an object"},
      {R"("tolerance": {"absolute": "-1", "write_off_account": "w"})", "tolerance.absolute must be a non-negative amount"},
      {R"("tolerance": {"percent": "1.234"})", "tolerance.percent must be between \"0\" and \"100\" with at most two decimals"},
      {R"("tolerance": {"write_off_account": 7})", "tolerance.write_off_account must be a string"},
      {R"("tolerance": {"cap": "1"})", "tolerance has an unknown field 'cap'"},
      {R"("date_window_days": 5)", "date_window_days must be [days_before, days_after]"},
      {R"("date_window_days": [-1, 5])", "date_window_days[0] must be between 0 and 3660"},
      {R"("date_window_days": [1, 2.5])", "date_window_days[1] must be a whole number"},
      {R"("candidates_max": 201)", "candidates_max must be between 1 and 200"},
      {R"("search_nodes_max": 0)", "search_nodes_max must be between 1 and 50000000"},
      {R"("group_size_max": 1)", "group_size_max must be between 2 and 12"},
      {R"("conditions": [])", "conditions must be an object"},
      {R"("conditions": {"accounts": "NO93"})", "conditions.accounts must be an array of strings"},
      {R"("conditions": {"accounts": [7]})", "conditions.accounts must be an array of strings"},
      {R"("conditions": {"direction": 1})", "conditions.direction must be in, out or any"},
      {R"("conditions": {"item_kinds": "ledger"})", "conditions.item_kinds must be an array"},
      {R"("conditions": {"item_kinds": ["asset"]})",
       "conditions.item_kinds holds an unknown kind; use receivable, payable or ledger"},
      {R"("conditions": {"currency": "EUR"})", "conditions has an unknown field 'currency'"},
      {R"("colour": "red")", "unknown field 'colour'"},
  };
  for (const Case& c : cases) {
    const std::string json = std::string(R"({"rules": [{"name": "a", "kind": "amount_date", )") + c.field + "}]}";
    auto set = ParseRuleSetText(json);
    ASSERT_FALSE(set.ok()) << json;
    EXPECT_EQ(set.error().code, ErrorCode::kInvalidRuleSet);
    EXPECT_EQ(set.error().message, std::string("rule 0 ('a'): ") + c.message) << json;
    EXPECT_EQ(set.error().location, "/rules/0") << json;
  }
}

}  // namespace
}  // namespace recon::matching

namespace recon::matching {
namespace {

// config/rules.json documents the built-in default; the two must not drift apart.
TEST(RuleSet, ShippedFileEqualsTheBuiltInDefault) {
  std::ifstream in(std::string(RECOND_CONFIG_DIR) + "/rules.json");
  std::stringstream text;
  text << in.rdbuf();
  auto shipped = ParseRuleSetText(text.str());
  ASSERT_TRUE(shipped.ok()) << shipped.error().ToString();
  EXPECT_EQ(RuleSetToJson(*shipped), RuleSetToJson(DefaultRuleSet()));
}

}  // namespace
}  // namespace recon::matching

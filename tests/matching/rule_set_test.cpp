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

// Matching rules as data: an ordered list per company (optionally per bank account),
// read from configuration and the database, validated on load.
//
// A line is offered to the rules in order; the first rule that finds any candidate
// decides the line (applied, or proposed with ranked alternatives). See engine.hpp.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recon/error.hpp"
#include "recon/open_item.hpp"

namespace recon::matching {

enum class RuleKind {
  kStructuredReference,  // a valid RF/KID/OCR/FIK/QR reference equal to an item's
  kDocumentNumber,       // document number(s) found in the line's texts
  kPayerSubset,          // identified payer: the unique subset of its open items summing to the amount
  kKnownPayer,           // identified payer: exactly one open item of the payer with that amount
  kAmountDate,           // a unique open item with the same amount within a date window
  kManyToMany,           // ledger vs bank: groups netting to zero within a window
};

std::string_view RuleKindName(RuleKind kind);
std::optional<RuleKind> ParseRuleKind(std::string_view name);

// How far a payment may differ from the items and still be taken, and where the
// difference is booked. Both limits apply when both are set: the smaller wins.
struct Tolerance {
  int64_t absolute_minor = 0;   // in minor units of the line's currency (written as "20.00")
  int32_t percent_bp = 0;       // basis points of the items' open total (written as "2.5" = 250 bp)
  std::string write_off_account;

  bool enabled() const { return absolute_minor > 0 || percent_bp > 0; }
  // The largest difference allowed for items totalling `total` (minor units, any sign).
  int64_t AllowedFor(int64_t total) const;
};

enum class Direction { kAny, kIn, kOut };

struct Rule {
  std::string name;                       // unique in the set; shown on matches
  RuleKind kind = RuleKind::kStructuredReference;
  bool enabled = true;
  double confidence = 0.9;                // the rule's base confidence, 0..1
  double auto_apply_threshold = 0.95;     // decisions at or above it are applied; > 1 = never
  Tolerance tolerance;
  bool allow_partial = false;             // a payment below the item's open amount settles part of it
  bool allow_overpayment = false;         // reference rules: pay more than open, difference to write-off
  int date_window_before_days = 30;       // amount_date / many_to_many: booking date may be this much before
  int date_window_after_days = 120;       //   the item's due date (or issue date) ... or this much after
  size_t candidates_max = 30;             // payer_subset: the payer's items considered at most
  size_t search_nodes_max = 200'000;      // payer_subset: search budget; beyond it, propose nothing
  size_t group_size_max = 6;              // payer_subset / many_to_many: items in one group at most
  // Conditions: a rule applies to a line only when all hold.
  std::vector<std::string> accounts;      // our bank accounts; empty = all
  Direction direction = Direction::kAny;
  std::vector<OpenItemKind> item_kinds;   // empty = all
};

struct RuleSet {
  std::vector<Rule> rules;
};

// The rule set recond ships: does well out of the box, never applies what is ambiguous.
RuleSet DefaultRuleSet();

// Parses and validates {"rules": [...]}. kInvalidRuleSet names the rule (by position and
// name) and the field that is wrong.
Result<RuleSet> ParseRuleSet(const nlohmann::json& doc);
Result<RuleSet> ParseRuleSetText(std::string_view text);

nlohmann::json RuleSetToJson(const RuleSet& set);

}  // namespace recon::matching

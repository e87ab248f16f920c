// A person's match made by hand (POST /v1/matches), checked before anything is written.
//
// A manual match takes its lines whole (what is still open of each) and allocates them to
// open items named by the ERP's external id. It is applied at once, so everything that
// keeps the books straight is checked here, against the lines and items as the caller read
// them under lock:
//   - every allocation is non-zero and has its item's sign (a receivable or ledger entry
//     as the ERP gave it, a credit note negative; a payable is settled by money out but its
//     allocation is still written in the item's terms);
//   - no allocation is larger than what is open of its item;
//   - every sum is overflow-checked;
//   - the allocations, on the line side (payables negated), equal the lines' open total,
//     or differ by exactly the write-off the person sent, which must be within the
//     tolerance of a rule of the rule set in force for the lines' account that books to
//     that write-off account. A difference is never written off silently.
// Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "matching/rule_set.hpp"
#include "recon/match.hpp"
#include "recon/open_item.hpp"

namespace recon::matching {

// A statement line of a manual match, as stored.
struct ManualLine {
  int64_t id = 0;
  std::string account;
  std::string currency;
  int64_t amount = 0;          // signed: + money in
  int64_t matched_amount = 0;  // applied so far, same sign as amount
  bool ignored = false;
  std::optional<std::string> bank_reference;
};

// An open item a manual match names, as stored.
struct ManualItem {
  int64_t id = 0;
  std::string external_id;
  OpenItemKind kind = OpenItemKind::kReceivable;
  std::string currency;
  int64_t amount = 0;    // the item's full amount: its sign is the allocation's
  int64_t residual = 0;  // what is open of it now (erp_open_amount - allocated_amount)
};

// The request as the person sent it; amounts are decimal text in the lines' currency.
struct ManualAllocation {
  std::string external_id;
  std::string amount;
};
struct ManualWriteOff {
  std::string amount;   // line terms: + when the lines paid less than the items
  std::string account;
};
struct ManualMatchRequest {
  std::vector<int64_t> line_ids;              // each once (the caller checks the shape)
  std::vector<ManualAllocation> allocations;  // each external id once
  std::optional<ManualWriteOff> write_off;
};

// The rule set in force for a bank account of the lines (the account's, else the company's,
// else the default).
using RulesForAccount = std::function<const RuleSet&(const std::string& account)>;

// The decision to apply for `request`, or why not, with `location` naming the place in the
// request ("line_ids[1]", "allocations[0].amount", "write_off.amount"):
//   kNotFound          a line or an item that does not exist (`lines` and `items` hold the ones found)
//   kCurrencyMismatch  a line or item in another currency than the first line
//   kConflict          a line ignored or fully matched, an item settled, or an allocation
//                      beyond what is open of its item (state that may change)
//   kInvalidAmount     an amount that is not a decimal of the currency, a zero allocation,
//                      one of the wrong sign, a write-off beyond the tolerance
//   kAmountOverflow    an amount or a sum beyond int64 minor units
//   kInvalidRequest    allocations that do not net with the lines, a write-off that is not
//                      the difference or books to no write-off account of the rule set
// `lines` may come in any order; `items` holds the items found by external id.
Result<MatchDecision> CheckManualMatch(const ManualMatchRequest& request, const std::vector<ManualLine>& lines,
                                       const std::vector<ManualItem>& items, const RulesForAccount& rules_for);

}  // namespace recon::matching

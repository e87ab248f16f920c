// What every rule evaluator shares: its input, its output, and the arithmetic of
// signs between items and lines.
//
// Signs: a statement line is + for money in. An item's amounts keep the ERP's sign
// (receivables and ledger entries as given, credit notes negative); a payable is owed
// by us, so money out settles it: its amounts count negative on the line side.
// Allocations are written in the item's terms, so that the database can check them
// against the item's own open amount.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "matching/line_evidence.hpp"
#include "matching/open_item_index.hpp"
#include "matching/payer_history.hpp"
#include "matching/rule_set.hpp"
#include "recon/match.hpp"

namespace recon::matching {

struct LineToMatch;
struct MatchContext;

// One way a rule could settle a line.
struct Candidate {
  std::vector<Allocation> allocations;  // item terms
  std::optional<WriteOff> write_off;    // line terms: + when the line paid less than the items
  int64_t line_amount_used = 0;         // line terms: the part of the line this candidate uses
  double confidence = 0;
  std::string explanation;
};

struct RuleInput {
  const LineToMatch& line;
  const LineEvidence& evidence;
  const MatchContext& ctx;
  const Rule& rule;
};

// The item's open amount as the line would show it (payables negated).
int64_t OpenOnLineSide(const OpenItem& item);
// An amount on the line side converted to the item's terms.
int64_t ToItemTerms(const OpenItem& item, int64_t line_side);
// True when the rule's conditions (enabled, direction, our accounts) let it look at the line.
bool RuleApplies(const Rule& rule, const StatementLine& line);
// True when the item may settle this line under this rule at all: same currency, open
// amount not zero, the rule's item-kind condition.
bool Eligible(const OpenItem& item, const StatementLine& line, const Rule& rule);
// "1250.00 EUR"
std::string Amount(int64_t minor, const Money& like);

// Builds the candidate for settling `items` (positions) with the whole line: exact,
// within the rule's tolerance (write-off), or nullopt when the amounts do not fit.
// `evidence` opens the explanation ("RF18... in the structured reference matches").
std::optional<Candidate> SettleWhole(const RuleInput& in, const std::vector<uint32_t>& items, double confidence,
                                     const std::string& evidence);

// The partner the line's counterparty is, and how recond knows.
struct PayerIdentity {
  std::string partner_id;
  std::string how;        // "the account NO93… is the ERP's for partner C00012", ...
  double strength = 0;    // 1.0 ERP account, 0.95 learned account, 0.9 learned name, 0.8 name alone
};
std::optional<PayerIdentity> IdentifyPayer(const RuleInput& in);

std::vector<Candidate> EvaluateStructuredReference(const RuleInput& in);
std::vector<Candidate> EvaluateDocumentNumber(const RuleInput& in);
std::vector<Candidate> EvaluatePayerSubset(const RuleInput& in);
std::vector<Candidate> EvaluateKnownPayer(const RuleInput& in);
std::vector<Candidate> EvaluateAmountDate(const RuleInput& in);

}  // namespace recon::matching

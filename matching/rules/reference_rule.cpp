// structured_reference: a valid reference on the line equals an item's reference.
// Exact amount -> the rule's confidence; a part of it with allow_partial -> a partial
// payment (the item stays open); within tolerance -> write-off; anything else -> a
// proposal, so that a person sees the reference even when the amount is off.
#include <algorithm>

#include "matching/engine.hpp"
#include "matching/rules/rule_eval.hpp"

namespace recon::matching {
namespace {

constexpr double kFoundInTextPenalty = 0.02;   // a reference in free text is a little less certain
constexpr double kPartialPenalty = 0.01;
constexpr double kAmountMismatchConfidence = 0.5;

Candidate Partial(const RuleInput& in, const OpenItem& item, double confidence, const std::string& evidence) {
  const StatementLine& line = in.line.line;
  Candidate c;
  c.line_amount_used = line.amount.minor;
  c.allocations = {{item.id, item.external_id, ToItemTerms(item, line.amount.minor)}};
  c.confidence = confidence;
  c.explanation = evidence + " " + item.external_id + "; partial payment of " + Amount(line.amount.minor, line.amount) +
                  " towards " + Amount(OpenOnLineSide(item), line.amount) + " open";
  return c;
}

}  // namespace

std::vector<Candidate> EvaluateStructuredReference(const RuleInput& in) {
  std::vector<Candidate> out;
  const StatementLine& line = in.line.line;
  const auto& items = in.ctx.index.items();
  for (const FoundReference& ref : in.evidence.references) {
    const double confidence = in.rule.confidence - (ref.in_structured_field ? 0 : kFoundInTextPenalty);
    const std::string evidence = std::string(ReferenceKindName(ref.reference.kind)) + " " + ref.reference.canonical +
                                 " in the " + ref.field + " matches";
    for (uint32_t pos : in.ctx.index.ByReference(ref.key)) {
      const OpenItem& item = items[pos];
      if (!Eligible(item, line, in.rule)) continue;
      if (auto whole = SettleWhole(in, {pos}, confidence, evidence)) {
        out.push_back(std::move(*whole));
        continue;
      }
      const int64_t open = OpenOnLineSide(item);
      const bool same_sign = (open > 0) == (line.amount.minor > 0);
      const bool smaller = same_sign && (open > 0 ? line.amount.minor < open : line.amount.minor > open);
      if (smaller && in.rule.allow_partial) {
        out.push_back(Partial(in, item, confidence - kPartialPenalty, evidence));
        continue;
      }
      if (!same_sign) continue;  // a refund of the item is not a payment of it
      // Paid more than open, or less without partials allowed: worth showing, not applying.
      Candidate c = Partial(in, item, kAmountMismatchConfidence, evidence);
      if (!smaller) {
        c.allocations[0].amount = item.open_amount.minor;
        c.line_amount_used = open;
        c.explanation = evidence + " " + item.external_id + "; but the line pays " +
                        Amount(line.amount.minor, line.amount) + " and only " + Amount(open, line.amount) + " is open";
      } else {
        c.explanation += "; partial payments are not applied by this rule";
      }
      out.push_back(std::move(c));
    }
    if (!out.empty()) break;  // the first reference that names an item decides
  }
  return out;
}

}  // namespace recon::matching

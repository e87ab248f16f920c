// document_number: invoice/order numbers found in the line's texts name items.
// All named items together settle the line (exactly or within tolerance) -> the rule's
// confidence. Otherwise a single named item with the exact amount, then any subset of
// the named items with the exact amount, are proposals.
#include <algorithm>

#include "matching/engine.hpp"
#include "matching/rules/rule_eval.hpp"
#include "matching/subset_sum.hpp"

namespace recon::matching {
namespace {

constexpr size_t kNamedItemsMax = 50;           // more numbers than this in one text is not a remittance
constexpr double kSubsetConfidence = 0.75;
constexpr double kPartialConfidence = 0.6;

}  // namespace

std::vector<Candidate> EvaluateDocumentNumber(const RuleInput& in) {
  std::vector<Candidate> out;
  const StatementLine& line = in.line.line;
  const auto& items = in.ctx.index.items();
  std::vector<uint32_t> named;
  std::vector<std::string> numbers;
  for (const std::string& key : in.evidence.document_keys) {
    for (uint32_t pos : in.ctx.index.ByDocument(key)) {
      if (!Eligible(items[pos], line, in.rule)) continue;
      if (std::find(named.begin(), named.end(), pos) != named.end()) continue;
      named.push_back(pos);
      numbers.push_back(*items[pos].document_number);
    }
    if (named.size() > kNamedItemsMax) return out;
  }
  if (named.empty()) return out;
  std::sort(named.begin(), named.end());

  std::string listed;
  for (const std::string& n : numbers) listed += (listed.empty() ? "" : ", ") + n;
  const std::string evidence = (numbers.size() == 1 ? "document number " : "document numbers ") + listed +
                               " in the remittance " + (numbers.size() == 1 ? "matches" : "match");
  if (auto whole = SettleWhole(in, named, in.rule.confidence, evidence)) {
    out.push_back(std::move(*whole));
    return out;
  }
  if (named.size() > 1) {
    SubsetSearch search;
    search.nodes_max = in.rule.search_nodes_max;
    search.size_max = std::min(named.size(), in.rule.group_size_max);
    std::vector<int64_t> amounts;
    for (uint32_t pos : named) amounts.push_back(OpenOnLineSide(items[pos]));
    const SubsetResult found = FindSubsets(amounts, line.amount.minor, search, 3);
    for (const auto& subset : found.subsets) {
      std::vector<uint32_t> picked;
      for (size_t i : subset) picked.push_back(named[i]);
      if (auto c = SettleWhole(in, picked, kSubsetConfidence, "some of the " + evidence)) out.push_back(std::move(*c));
    }
    if (!out.empty()) return out;
  }
  // One named item that the line pays only in part: a person should say whether it is
  // a partial payment or a mistake.
  if (named.size() == 1) {
    const OpenItem& item = items[named[0]];
    const int64_t open = OpenOnLineSide(item);
    const bool same_sign = (open > 0) == (line.amount.minor > 0);
    if (same_sign && (open > 0 ? line.amount.minor < open : line.amount.minor > open)) {
      Candidate c;
      c.line_amount_used = line.amount.minor;
      c.allocations = {{item.id, item.external_id, ToItemTerms(item, line.amount.minor)}};
      c.confidence = kPartialConfidence;
      c.explanation = evidence + " " + item.external_id + "; pays " + Amount(line.amount.minor, line.amount) +
                      " of " + Amount(open, line.amount) + " open (partial payment?)";
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace recon::matching

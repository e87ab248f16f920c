// CORRECTFITID / CORRECTACTION: a bank corrects a transaction it sent before by sending
// a new STMTTRN that names the old one's FITID.
#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"

namespace recon::ofx {
namespace {

// The transaction a correction at `self` refers to: the nearest earlier one with that
// FITID, else the first later one; npos when the statement has none.
size_t FindTarget(const std::vector<MappedTransaction>& transactions, const std::vector<bool>& removed, size_t self) {
  const std::string& fitid = transactions[self].correct_fitid;
  for (size_t i = self; i > 0; --i) {
    if (!removed[i - 1] && transactions[i - 1].fitid == fitid) return i - 1;
  }
  for (size_t i = self + 1; i < transactions.size(); ++i) {
    if (!removed[i] && transactions[i].fitid == fitid) return i;
  }
  return std::string::npos;
}

}  // namespace

std::vector<StatementLine> ApplyCorrections(const Tree& tree, std::vector<MappedTransaction> transactions,
                                            std::vector<std::string>& warnings) {
  std::vector<bool> removed(transactions.size(), false);
  for (size_t i = 0; i < transactions.size(); ++i) {
    const MappedTransaction& t = transactions[i];
    if (t.correct_fitid.empty() || removed[i]) continue;
    const bool is_delete = t.correct_action == "DELETE";
    const size_t target = FindTarget(transactions, removed, i);
    if (target != std::string::npos) {
      removed[target] = true;
      if (is_delete) removed[i] = true;
      continue;
    }
    const std::string where = tree.Where(*t.node);
    if (is_delete) {
      removed[i] = true;
      warnings.push_back("the transaction at " + where + " deletes FITID " + Quoted(t.correct_fitid) +
                         ", which is not in this statement; if an earlier file brought it, remove that line by hand");
    } else {
      warnings.push_back("the transaction at " + where + " replaces FITID " + Quoted(t.correct_fitid) +
                         ", which is not in this statement; if an earlier file brought it, make sure it is not "
                         "counted twice");
    }
  }
  std::vector<StatementLine> lines;
  lines.reserve(transactions.size());
  for (size_t i = 0; i < transactions.size(); ++i) {
    if (!removed[i]) lines.push_back(std::move(transactions[i].line));
  }
  return lines;
}

}  // namespace recon::ofx

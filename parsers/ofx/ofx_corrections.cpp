// CORRECTFITID / CORRECTACTION: a bank corrects a transaction it sent before by sending
// a new STMTTRN that names the old one's FITID.
#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"

namespace recon::ofx {
namespace {

// The transaction a correction at `self` refers to: the nearest earlier one with that
// FITID, else the first later one; npos when the statement has none.
size_t FindTarget(const std::vector<TransactionKeys>& keys, const std::vector<bool>& removed, size_t self) {
  const std::string_view fitid = keys[self].correct_fitid;
  for (size_t i = self; i > 0; --i) {
    if (!removed[i - 1] && keys[i - 1].fitid == fitid) return i - 1;
  }
  for (size_t i = self + 1; i < keys.size(); ++i) {
    if (!removed[i] && keys[i].fitid == fitid) return i;
  }
  return std::string::npos;
}

}  // namespace

void ApplyCorrections(const Tree& tree, const std::vector<TransactionKeys>& keys, std::vector<StatementLine>& lines,
                      std::vector<std::string>& warnings) {
  std::vector<bool> removed(keys.size(), false);
  bool any = false;
  for (size_t i = 0; i < keys.size(); ++i) {
    const TransactionKeys& k = keys[i];
    if (k.correction == Correction::kNone || removed[i]) continue;
    any = true;
    const bool is_delete = k.correction == Correction::kDelete;
    const size_t target = FindTarget(keys, removed, i);
    if (target != std::string::npos) {
      removed[target] = true;
      if (is_delete) removed[i] = true;
      continue;
    }
    const std::string where = tree.Where(*k.node);
    if (is_delete) {
      removed[i] = true;
      warnings.push_back("the transaction at " + where + " deletes FITID " + Quoted(k.correct_fitid) +
                         ", which is not in this statement; if an earlier file brought it, remove that line by hand");
    } else {
      warnings.push_back("the transaction at " + where + " replaces FITID " + Quoted(k.correct_fitid) +
                         ", which is not in this statement; if an earlier file brought it, make sure it is not "
                         "counted twice");
    }
  }
  if (!any) return;
  size_t kept = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (removed[i]) continue;
    if (kept != i) lines[kept] = std::move(lines[i]);
    ++kept;
  }
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(kept), lines.end());
}

}  // namespace recon::ofx
